package io.k6t.net.launcher.binding;

import com.google.common.net.InetAddresses;
import io.k6t.net.dhcp.MacAddress;
import io.k6t.net.launcher.binding.internal.NftScripts;
import io.k6t.net.launcher.config.InterfaceConfig;
import io.k6t.net.launcher.config.LinkNames;
import io.k6t.net.launcher.discovery.PodInterface;
import io.k6t.net.launcher.netlink.Address;
import io.k6t.net.launcher.netlink.IpPrefix;
import io.k6t.net.launcher.netlink.Route;
import io.k6t.net.launcher.netlink.RouteScope;
import io.k6t.net.libvirt.InterfaceSpec;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Everything needed to apply, roll back and tear down the binding of one interface, decided at
 * discovery time and persisted in the state file, so a later run acts on what was seen before any change.
 *
 * @param index            position in the configuration (tap number, server address)
 * @param config           the interface's configuration
 * @param names            the derived link names
 * @param original         the pod link as discovery saw it: what rollback and teardown restore
 * @param bridgeMac        the bridge's explicit MAC, also the renamed pod link's MAC
 * @param guestMac         the guest's MAC: configured, else the pod link's original MAC
 * @param mtu              the guest's and the tap's MTU
 * @param serverAddress    {@code 169.254.75.1<index>}; absent when the pod link has no IPv4
 * @param dnsServers       from resolv.conf (IPv4 only: DHCP option 6 carries nothing else)
 * @param searchDomains    from resolv.conf, with the subdomain's domain first when configured
 * @param hostname         the guest's host name
 * @param originalArpIgnore {@code net.ipv4.conf.all.arp_ignore} before setup (restored with the placeholder)
 * @param dnsServers6      the IPv6 name servers of resolv.conf (DHCPv6 option 23, RDNSS)
 * @param originalIpv6Forwarding {@code net.ipv6.conf.all.forwarding} before setup, when the pod link has
 *                         global IPv6 (restored by the IPv6 routing step)
 */
public record InterfacePlan(int index, InterfaceConfig config, LinkNames names, PodInterface original,
        MacAddress bridgeMac, MacAddress guestMac, int mtu, Optional<Inet4Address> serverAddress,
        List<Inet4Address> dnsServers, List<String> searchDomains, Optional<String> hostname,
        OptionalInt originalArpIgnore, List<Inet6Address> dnsServers6, OptionalInt originalIpv6Forwarding) {

    /** The first address of the server addresses, {@code 169.254.75.1<index>}. */
    public static final String SERVER_ADDRESS_PREFIX = "169.254.75.1";
    /** {@code net.ipv6.conf.all.forwarding}: the pod routes the guest's IPv6 (docs/dhcpv6.md, choice B). */
    public static final String IPV6_FORWARDING = "net.ipv6.conf.all.forwarding";
    /** nftables table (bridge family) holding the DHCP isolation chains of every interface. */
    public static final String NFT_TABLE = "k6t";

    public InterfacePlan {
        dnsServers = List.copyOf(dnsServers);
        searchDomains = List.copyOf(searchDomains);
        dnsServers6 = List.copyOf(dnsServers6);
    }

    /** The server address of the interface at {@code index}: {@code 169.254.75.1<index>}. */
    public static Inet4Address serverAddressOf(int index) {
        return (Inet4Address) InetAddresses.forString(SERVER_ADDRESS_PREFIX + index);
    }

    /** The pod interface's name. */
    public String podInterface() {
        return names.podInterface();
    }

    /** The address the guest gets: the pod link's first primary IPv4 address. */
    public Optional<IpPrefix> guestAddress() {
        return original.ipv4().stream().filter(a -> !a.isSecondary()).map(Address::prefix).findFirst();
    }

    /** The IPv4 default gateway of the pod link (main table). */
    public Optional<Inet4Address> gateway() {
        return ipv4GatewayRoutes().stream().filter(r -> r.destination().isDefault())
                .map(r -> (Inet4Address) r.gateway().orElseThrow()).findFirst();
    }

    /** The routes the guest gets: the pod link's IPv4 main-table routes through a gateway, default route last. */
    public List<Route> guestRoutes() {
        List<Route> routes = new ArrayList<>();
        ipv4GatewayRoutes().stream().filter(r -> !r.destination().isDefault()).forEach(routes::add);
        ipv4GatewayRoutes().stream().filter(r -> r.destination().isDefault()).forEach(routes::add);
        return routes;
    }

    private List<Route> ipv4GatewayRoutes() {
        return original.gatewayRoutes().stream().filter(r -> r.isIpv4() && r.linkIndex() == original.index()
                && r.type().equals(io.k6t.net.launcher.netlink.RouteType.UNICAST)).toList();
    }

    /** Whether the pod link has IPv4 (else: bridge and tap only, the guest's DHCP passes through). */
    public boolean hasIpv4() {
        return guestAddress().isPresent();
    }

    /** Whether k6t-net runs a DHCP server for this interface. */
    public boolean served() {
        return hasIpv4() && config.dhcp().enabled();
    }

    /**
     * The pod link's global IPv6 addresses, kernel order: scope global and set by someone (a CNI), not made by
     * the kernel from a router advertisement (SLAAC and temporary addresses are not permanent).
     */
    public List<IpPrefix> globalIpv6() {
        return original.ipv6().stream().filter(InterfacePlan::isPodIpv6).map(Address::prefix).toList();
    }

    /** Whether {@code a} is a global IPv6 address a CNI gave the pod (what moves to the guest). */
    public static boolean isPodIpv6(Address a) {
        return !a.isIpv4() && !a.isIpv6LinkLocal() && a.scope().equals(RouteScope.UNIVERSE)
                && a.flags().has(io.k6t.net.launcher.netlink.AddressFlags.PERMANENT)
                && a.protocol() != Address.PROTO_KERNEL_RA;
    }

    /** The IPv6 address the guest gets: the pod link's first global IPv6 address (/64 or /128 as the CNI gave it). */
    public Optional<IpPrefix> guestAddress6() {
        return globalIpv6().stream().findFirst();
    }

    /** Whether the pod link has a global IPv6 address (it moves to the guest; the pod routes for it). */
    public boolean hasIpv6() {
        return guestAddress6().isPresent();
    }

    /**
     * Whether the binding's anti-spoofing chain holds the guest to {@link #guestMac()} (and its addresses):
     * anti-spoofing is on and the guest has an address of either family to be held to.
     */
    public boolean pinsGuest() {
        return config.antiSpoofing() && (hasIpv4() || hasIpv6());
    }

    /** Whether k6t-net runs a DHCPv6 server and sends router advertisements on this interface's bridge. */
    public boolean served6() {
        return hasIpv6() && config.dhcp().enabled();
    }

    /** Whether the bridge-family isolation rules are installed: DHCPv4 or DHCPv6 is served. */
    public boolean isolated() {
        return served() || served6();
    }

    /**
     * The pod link's IPv6 routes the pod keeps, moved onto the bridge (index {@code bridgeIndex}) so the pod
     * routes the guest's IPv6 (docs/dhcpv6.md, choice B): every restorable IPv6 unicast route through the
     * pod link alone (the default route via the node's link-local router, as CNIs install it), in every
     * table; a gateway that is not link-local gets {@code onlink} (its prefix left the pod with the address),
     * a preferred source is dropped (the pod no longer holds it). On-link routes come first.
     */
    public List<Route> ipv6Routes(int bridgeIndex) {
        List<Route> routes = new ArrayList<>();
        for (Route r : original.restorableRoutes()) {
            if (r.isIpv4() || r.linkIndex() != original.index() || !r.nextHops().isEmpty()
                    || !r.type().equals(io.k6t.net.launcher.netlink.RouteType.UNICAST)
                    || r.destination().address().isLinkLocalAddress()) {
                continue;
            }
            Route moved = new Route(r.destination(), r.gateway(), bridgeIndex, r.table(), r.scope(), r.protocol(),
                    r.type(), r.priority(), Optional.empty(), List.of(), r.flags() & Route.SETTABLE_FLAGS, r.tos(),
                    r.metrics(), r.preference());
            if (r.gateway().isPresent() && !r.gateway().get().isLinkLocalAddress()) {
                moved = moved.withFlags(moved.flags() | Route.FLAG_ONLINK);
            }
            routes.add(moved.settable());
        }
        routes.sort(java.util.Comparator.comparing(r -> r.gateway().isPresent()));
        return List.copyOf(routes);
    }

    /** Whether the pod addresses stay on a down placeholder link. */
    public boolean keepsPodAddress() {
        return config.keepPodAddress();
    }

    /** The pod link's addresses the placeholder holds with keepPodAddress: all but the kernel's link-local one. */
    public List<Address> placeholderAddresses() {
        return original.restorableAddresses();
    }

    /** The name of link {@code linkIndex} for people: the pod link's original name, else {@code #index}. */
    public String linkName(int linkIndex) {
        return linkIndex == original.index() ? podInterface() : "#" + linkIndex;
    }

    private static String text(InetAddress address) {
        return InetAddresses.toAddrString(address);
    }

    /** The steps for this interface, numbered from 1. */
    public List<Step> steps() {
        List<Step> steps = new ArrayList<>();
        String pod = podInterface();
        String br = names.bridge();
        steps.add(step(steps, StepKind.PERSIST_STARTED, "record " + pod + " as found, phase started",
                List.of("write state-" + pod + ".json (phase started)")));
        List<String> bridge = new ArrayList<>();
        bridge.add("ip link add " + br + " address " + bridgeMac + " type bridge");
        bridge.add("ip -4 addr flush dev " + br);
        serverAddress.ifPresent(a -> bridge.add("ip addr add " + text(a) + "/32 dev " + br));
        bridge.add("ip link set " + br + " up");
        steps.add(step(steps, StepKind.BRIDGE, "create bridge " + br
                + serverAddress.map(a -> " with server address " + text(a)).orElse(" (no IPv4: no server address)"),
                bridge));
        String nic = names.nic();
        steps.add(step(steps, StepKind.POD_LINK, "move " + pod + " (ifindex " + original.index() + ") onto " + br
                + " as " + nic, List.of("ip link set " + pod + " down", "ip link set " + pod + " name " + nic,
                "ip link set " + nic + " address " + bridgeMac, "ip link set " + nic + " master " + br,
                "ip addr flush dev " + nic, "ip link set " + nic + " up",
                "bridge link set dev " + nic + " learning off")));
        String tap = names.tap();
        String mode = "ip tuntap add dev " + tap + " mode tap vnet_hdr" + (config.queues() > 1 ? " multi_queue" : "")
                + config.tapOwner().map(o -> " user " + o.uid() + " group " + o.gid()).orElse("");
        steps.add(step(steps, StepKind.TAP, "create tap " + tap + " (" + config.queues() + " queue"
                + (config.queues() > 1 ? "s" : "") + ", MTU " + mtu + ")", List.of(mode,
                "ip link set " + tap + " mtu " + mtu, "ip link set " + tap + " master " + br,
                "ip link set " + tap + " up")));
        if (keepsPodAddress()) {
            List<String> ph = new ArrayList<>();
            ph.add("ip link add " + pod + " type dummy  # else: ip link add " + pod + " type veth peer name "
                    + names.placeholderPeer());
            placeholderAddresses().forEach(a -> ph.add("ip addr add " + a + " dev " + pod));
            ph.add("sysctl -w net.ipv4.conf.all.arp_ignore=1");
            steps.add(step(steps, StepKind.PLACEHOLDER, "keep the pod addresses on a down placeholder " + pod, ph));
        }
        guestAddress().ifPresent(g -> steps.add(step(steps, StepKind.GUEST_ROUTE, "route the guest address "
                + text(g.address()) + " over " + br, List.of("ip route add " + text(g.address()) + "/32 dev " + br
                + " scope link"))));
        guestAddress6().ifPresent(g -> {
            List<String> routing = new ArrayList<>();
            routing.add("sysctl -w " + IPV6_FORWARDING + "=1");
            routing.add("ip -6 route add " + text(g.address()) + "/128 dev " + br + " proto static");
            // The bridge's ifindex is not known before setup: the plan names it.
            ipv6Routes(Integer.MAX_VALUE).forEach(r -> routing.add("ip -6 route add " + r.describe(i -> br)));
            steps.add(step(steps, StepKind.IPV6_ROUTING, "route the guest's IPv6 address " + text(g.address())
                    + " over " + br + " (the pod is the guest's IPv6 router)", routing));
        });
        if (isolated()) {
            List<String> rules = new ArrayList<>();
            for (NftScripts.Chain chain : NftScripts.chains(NftScripts.Target.of(this))) {
                chain.rules().forEach(r -> rules.add("nft add rule bridge " + NFT_TABLE + " " + chain.name() + " "
                        + r.text().replace("\"", "")));
            }
            steps.add(step(steps, StepKind.DHCP_ISOLATION, "keep DHCP, DHCPv6 and router advertisements inside"
                    + " the pod on "
                    + nic + (config.antiSpoofing() ? ", no spoofing from " + tap : ""), rules));
        }
        steps.add(step(steps, StepKind.PERSIST_FINISHED, "phase finished" + (served() ? ", lease file" : ""),
                served() ? List.of("write state-" + pod + ".json (phase finished)", "write lease-" + pod + ".json")
                        : List.of("write state-" + pod + ".json (phase finished)")));
        return List.copyOf(steps);
    }

    private Step step(List<Step> before, StepKind kind, String summary, List<String> commands) {
        return new Step(before.size() + 1, podInterface(), kind, summary, commands);
    }

    /**
     * The libvirt {@code <interface>} for this interface: {@code type='ethernet'} on the tap, the
     * guest MAC, MTU, queues, model and boot order of the configuration, alias {@code ua-<name>}.
     */
    public InterfaceSpec libvirtInterface() {
        InterfaceSpec.Builder spec = InterfaceSpec.builder().name(config.name()).ethernet(names.tap())
                .mac(guestMac.toString())
                .mtu(mtu).queues(config.queues());
        config.model().ifPresent(spec::model);
        config.bootOrder().ifPresent(spec::bootOrder);
        return spec.build();
    }

    /** Warnings a person should read before applying. */
    public List<String> warnings() {
        List<String> warnings = new ArrayList<>();
        if (keepsPodAddress() && served()) {
            warnings.add(podInterface() + ": keepPodAddress keeps " + guestAddress().get()
                    + " on a down placeholder; the pod kernel then drops the guest's ARP and every packet from"
                    + " that address, so unicast renewals, rebinding and INFORM never reach the DHCP server"
                    + " (the guest keeps its address only until the lease ends)");
        }
        List<IpPrefix> ipv6 = globalIpv6();
        if (ipv6.size() > 1) {
            warnings.add(podInterface() + ": IPv6 " + ipv6.subList(1, ipv6.size()) + " is removed; the guest gets "
                    + ipv6.get(0) + " only (DHCPv6 serves one address)");
        }
        if (!hasIpv4() && !hasIpv6()) {
            warnings.add(podInterface() + ": no IPv4 on the pod link: bridge and tap only, no DHCP server; the"
                    + " guest's own DHCP passes through to the pod network");
        } else if (!config.dhcp().enabled()) {
            warnings.add(podInterface() + ": dhcp.enabled is false: the guest must be configured statically");
        }
        return warnings;
    }
}
