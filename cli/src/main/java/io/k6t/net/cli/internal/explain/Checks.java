package io.k6t.net.cli.internal.explain;

import com.google.common.net.InetAddresses;
import io.k6t.net.dhcp.server.LeaseConfig;
import io.k6t.net.launcher.binding.InterfacePlan;
import io.k6t.net.launcher.binding.IsolationCheck;
import io.k6t.net.launcher.config.TapOwner;
import io.k6t.net.launcher.netlink.IpPrefix;
import io.k6t.net.launcher.netlink.Link;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The checks of one set-up interface against the live pod, each a {@link Finding}: bridge, tap
 * (present, enslaved, owner), pod link (enslaved, no address), MTUs, the lease's MAC, the DHCP socket,
 * the nftables isolation and anti-spoofing rules, links holding the guest's address, the guest route.
 */
final class Checks {
    private final InterfacePlan plan;
    private final LiveState live;
    private final List<Finding> findings = new ArrayList<>();

    private Checks(InterfacePlan plan, LiveState live) {
        this.plan = plan;
        this.live = live;
    }

    static List<Finding> of(InterfacePlan plan, LiveState live, OptionalInt tapOwner, Optional<LeaseConfig> lease,
            Optional<String> libvirtMac) {
        Checks checks = new Checks(plan, live);
        if (!checks.bridge()) {
            return checks.findings;
        }
        checks.tap(tapOwner);
        checks.podLink();
        checks.mtu();
        checks.leaseMac(lease, libvirtMac);
        if (plan.served()) {
            checks.dhcpSocket();
        }
        checks.isolation();
        plan.guestAddress().ifPresent(checks::guestAddress);
        plan.guestAddress6().ifPresent(checks::guestAddress6);
        return checks.findings;
    }

    private String iface() {
        return plan.podInterface();
    }

    private boolean bridge() {
        String bridge = plan.names().bridge();
        Optional<Link> link = live.link(bridge);
        if (link.isEmpty() || !"bridge".equals(link.get().attributes().kind())) {
            findings.add(Finding.problem(iface(), "no bridge " + bridge + " in the pod: the guest's tap is "
                    + "connected to nothing and no DHCP server can bind", "run k6t-net setup (or run) again; "
                    + "it recreates the missing pieces"));
            return false;
        }
        if (!link.get().attributes().up()) {
            findings.add(Finding.problem(iface(), "bridge " + bridge + " is down", "ip link set " + bridge + " up"));
        } else {
            findings.add(Finding.ok(iface(), "bridge " + bridge + " is up"));
        }
        return true;
    }

    private void tap(OptionalInt owner) {
        String tap = plan.names().tap();
        Optional<Link> link = live.link(tap);
        if (link.isEmpty()) {
            findings.add(Finding.problem(iface(), "tap " + tap + " is missing: libvirt cannot start the guest's NIC",
                    "run k6t-net setup again"));
            return;
        }
        Optional<String> master = masterOf(link.get());
        if (!master.equals(Optional.of(plan.names().bridge()))) {
            findings.add(Finding.problem(iface(), "tap " + tap + " is not a port of " + plan.names().bridge()
                    + master.map(m -> " (its master is " + m + ")").orElse(" (it has no master)")
                    + ": the guest's frames reach nobody", "ip link set " + tap + " master " + plan.names().bridge()));
        } else {
            findings.add(Finding.ok(iface(), "tap " + tap + " is a port of " + plan.names().bridge()));
        }
        Optional<TapOwner> wanted = plan.config().tapOwner();
        if (wanted.isPresent() && (owner.isEmpty() || owner.getAsInt() != wanted.get().uid())) {
            findings.add(Finding.problem(iface(), "tap " + tap + " is owned by "
                    + (owner.isPresent() ? "uid " + owner.getAsInt() : "nobody (root only)") + ", not uid "
                    + wanted.get().uid() + ": an unprivileged QEMU cannot open it (EPERM)",
                    "run k6t-net teardown then setup, or ip tuntap del/add " + tap + " with user "
                            + wanted.get().uid()));
        }
    }

    private void podLink() {
        String nic = plan.names().nic();
        Optional<Link> link = live.link(nic);
        if (link.isEmpty()) {
            findings.add(Finding.problem(iface(), "pod link " + nic + " is missing: the bridge has no way out of "
                    + "the pod", "check the CNI: the pod interface " + iface() + " was renamed to " + nic
                    + " by setup"));
            return;
        }
        if (!masterOf(link.get()).equals(Optional.of(plan.names().bridge()))) {
            findings.add(Finding.problem(iface(), "pod link " + nic + " is not a port of " + plan.names().bridge(),
                    "ip link set " + nic + " master " + plan.names().bridge()));
        }
        List<IpPrefix> held = new ArrayList<>(live.ipv4.getOrDefault(nic, List.of()));
        held.addAll(live.ipv6.getOrDefault(nic, List.of()));
        if (!held.isEmpty()) {
            findings.add(Finding.problem(iface(), "pod link " + nic + " still holds " + held
                    + ": the pod answers the guest's ARP or neighbour solicitations for it and drops the guest's"
                    + " packets",
                    "ip addr flush dev " + nic + " (setup does this)"));
        } else {
            findings.add(Finding.ok(iface(), "pod link " + nic + " holds no IPv4 or global IPv6 address"));
        }
    }

    private void mtu() {
        List<String> wrong = new ArrayList<>();
        for (String name : List.of(plan.names().tap(), plan.names().bridge(), plan.names().nic())) {
            live.link(name).filter(l -> l.attributes().mtu() != plan.mtu())
                    .ifPresent(l -> wrong.add(name + " " + l.attributes().mtu()));
        }
        if (wrong.isEmpty()) {
            findings.add(Finding.ok(iface(), "MTU " + plan.mtu() + " on tap, bridge and pod link"));
        } else {
            findings.add(Finding.problem(iface(), "MTU mismatch: the guest uses " + plan.mtu() + " but "
                    + String.join(", ", wrong) + ": large packets are dropped silently",
                    "ip link set DEV mtu " + plan.mtu() + " for each"));
        }
    }

    private void leaseMac(Optional<LeaseConfig> lease, Optional<String> libvirtMac) {
        if (lease.isEmpty()) {
            if (plan.served()) {
                findings.add(Finding.problem(iface(), "no lease file in the state directory", "run k6t-net setup"));
            }
            return;
        }
        String leaseMac = lease.get().clientMacText();
        String guestMac = libvirtMac.orElse(plan.guestMac().toString());
        String source = libvirtMac.isPresent() ? "the libvirt XML" : "the guest's MAC (config or pod link)";
        if (!leaseMac.equalsIgnoreCase(guestMac)) {
            findings.add(Finding.problem(iface(), "the lease file serves MAC " + leaseMac + " but " + source
                    + " has " + guestMac + ": the server drops every request of the guest (WRONG_CLIENT)",
                    "give the domain the MAC k6t-net libvirt-xml prints, or set macAddress in the pod config"));
        } else {
            findings.add(Finding.ok(iface(), "the lease file serves " + leaseMac + ", as " + source + " says"));
        }
    }

    private void dhcpSocket() {
        if (live.dhcpSocketBound) {
            findings.add(Finding.ok(iface(), "a UDP socket is bound to port 67 in the pod"));
        } else {
            findings.add(Finding.problem(iface(), "no DHCP server is listening (no UDP socket on port 67 in the "
                    + "pod): the guest's DISCOVERs go unanswered", "start it: k6t-net serve (or run) in the pod"));
        }
    }

    private void isolation() {
        List<String> differences = live.isolation.differences(plan);
        List<String> chains = IsolationCheck.chainNames(plan);
        for (String difference : differences) {
            findings.add(Finding.problem(iface(), difference + ": " + (plan.served()
                    ? "DHCP from the node side may reach the guest (it can take a foreign lease), the guest's DHCP "
                    + "may leave the pod" + (plan.config().antiSpoofing() ? ", or the guest may spoof" : "")
                    : "the guest's own DHCP may not cross the bridge"),
                    "run k6t-net setup (or run) again: it reinstalls the rules of table bridge "
                            + InterfacePlan.NFT_TABLE + " for this interface"));
        }
        if (differences.isEmpty() && !chains.isEmpty()) {
            findings.add(Finding.ok(iface(), "nftables rules in place (table bridge " + InterfacePlan.NFT_TABLE
                    + ": " + String.join(", ", chains) + ")"));
        }
    }

    private void guestAddress(IpPrefix prefix) {
        String guest = InetAddresses.toAddrString(prefix.address());
        List<String> holders = new ArrayList<>();
        live.ipv4.forEach((name, addresses) -> addresses.stream()
                .filter(a -> a.address().equals(prefix.address())).findAny()
                .ifPresent(a -> holders.add(name)));
        if (!holders.isEmpty()) {
            findings.add(Finding.problem(iface(), String.join(", ", holders) + " in the pod holds the guest's address "
                    + guest + (plan.keepsPodAddress() ? " (keepPodAddress)" : "")
                    + ": the pod treats it as its own, so unicast renewals never reach the server and the lease "
                    + "runs out", plan.keepsPodAddress() ? "set keepPodAddress: false unless the runtime needs it"
                            : "ip addr del " + prefix + " dev " + holders.get(0)));
        }
        String bridge = plan.names().bridge();
        boolean routed = live.link(bridge).map(b -> live.routes.getOrDefault(bridge, List.of()).stream()
                .anyMatch(r -> r.destination().prefixLength() == 32
                        && r.destination().address().equals(prefix.address())))
                .orElse(false);
        if (routed) {
            findings.add(Finding.ok(iface(), "route " + guest + "/32 dev " + bridge));
        } else {
            findings.add(Finding.problem(iface(), "no route " + guest + "/32 dev " + bridge
                    + ": the pod drops the guest's unicast renewals and cannot answer them",
                    "ip route add " + guest + "/32 dev " + bridge + " scope link"));
        }
    }

    /** The pod as the guest's IPv6 router: the address only on the guest, the /128 route, forwarding, DHCPv6. */
    private void guestAddress6(IpPrefix prefix) {
        String guest = InetAddresses.toAddrString(prefix.address());
        List<String> holders = new ArrayList<>();
        live.ipv6.forEach((name, addresses) -> addresses.stream()
                .filter(a -> a.address().equals(prefix.address())).findAny()
                .ifPresent(a -> holders.add(name)));
        if (!holders.isEmpty() && !plan.keepsPodAddress()) {
            findings.add(Finding.problem(iface(), String.join(", ", holders) + " in the pod holds the guest's IPv6"
                    + " address " + guest + ": the pod answers for it and never forwards the guest's traffic",
                    "ip -6 addr del " + prefix + " dev " + holders.get(0)));
        }
        String bridge = plan.names().bridge();
        boolean routed = live.routes.getOrDefault(bridge, List.of()).stream()
                .anyMatch(r -> r.destination().prefixLength() == 128 && r.destination().address().equals(
                        prefix.address()));
        if (routed) {
            findings.add(Finding.ok(iface(), "route " + guest + "/128 dev " + bridge));
        } else {
            findings.add(Finding.problem(iface(), "no route " + guest + "/128 dev " + bridge
                    + ": the pod cannot forward the node's IPv6 traffic to the guest",
                    "ip -6 route add " + guest + "/128 dev " + bridge + " proto static"));
        }
        if (live.ipv6Forwarding.equals(Optional.of("1"))) {
            findings.add(Finding.ok(iface(), "IPv6 forwarding is on in the pod (the bridge is the guest's router)"));
        } else {
            findings.add(Finding.problem(iface(), "IPv6 forwarding is off in the pod: the guest's default router"
                    + " (the bridge) drops everything it should forward to the node",
                    "sysctl -w " + InterfacePlan.IPV6_FORWARDING + "=1"));
        }
        if (plan.served6()) {
            if (live.dhcp6SocketBound) {
                findings.add(Finding.ok(iface(), "a UDP socket is bound to port 547 in the pod"));
            } else {
                findings.add(Finding.problem(iface(), "no DHCPv6 server is listening (no UDP socket on port 547 in"
                        + " the pod): the guest gets no IPv6 address", "start it: k6t-net serve (or run) in the pod"));
            }
        }
    }

    private Optional<String> masterOf(Link link) {
        return link.attributes().masterIndex().isPresent()
                ? live.nameOf(link.attributes().masterIndex().getAsInt()) : Optional.empty();
    }
}
