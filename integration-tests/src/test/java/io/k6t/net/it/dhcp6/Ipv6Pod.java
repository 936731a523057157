package io.k6t.net.it.dhcp6;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.k6t.net.dhcp.MacAddress;
import io.k6t.net.dhcp.v6.server.Dhcp6Server;
import io.k6t.net.it.support.TestNetwork;
import io.k6t.net.launcher.PodNetwork;
import io.k6t.net.launcher.config.DhcpSettings;
import io.k6t.net.launcher.config.InterfaceConfig;
import io.k6t.net.launcher.config.PodConfig;
import io.k6t.net.launcher.ra.RouterAdvertiser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A node, a pod bound by k6t-net ({@link PodNetwork}: setup, then the DHCP servers) and a guest, shaped
 * like what IPv6 CNIs leave: the pod's {@code eth0} holds the pod's global address ({@code /128} as Calico
 * gives it, or {@code /64} as ptp does) and {@code default via <node's link-local address> dev eth0}; the
 * node's veth holds the route to the pod's address and reaches {@link #NODE_ADDRESS}. With
 * {@code dualStack} the pod also has {@code 10.100.1.5/24} and {@code default via 10.100.1.1}. The binding
 * moves the address to the guest and makes the pod its router (docs/dhcpv6.md, choice B); the DHCPv6 server
 * and the router advertiser are the ones {@code PodNetwork.startDhcp} starts. The guest's {@code eth0} is a
 * veth in the bridge standing in for the tap.
 */
final class Ipv6Pod implements AutoCloseable {
    static final String BRIDGE = "k6t-eth0";
    static final MacAddress GUEST_MAC = MacAddress.parse("02:00:00:74:17:75");
    static final String GUEST_ADDRESS = "fd00:10:244::5";
    static final String GUEST_IPV4 = "10.100.1.5";
    static final String NODE_IPV4 = "10.100.1.1";
    static final String NODE_ADDRESS = "fd00:ff::1";
    static final String DNS = "fd00:10:96::a";
    static final List<String> SEARCH = List.of("vm.svc.cluster.local", "cluster.local");
    private static final ObjectMapper JSON = new ObjectMapper();

    final TestNetwork net;
    final String bridgeLinkLocal;
    private final PodNetwork pod;

    private Ipv6Pod(TestNetwork net, PodNetwork pod, String bridgeLinkLocal) {
        this.net = net;
        this.pod = pod;
        this.bridgeLinkLocal = bridgeLinkLocal;
    }

    /** An IPv6-only pod whose address is a /128. */
    static Ipv6Pod create(Path dir, long leaseSeconds) {
        return create(dir, leaseSeconds, false);
    }

    static Ipv6Pod create(Path dir, long leaseSeconds, boolean dualStack) {
        return create(dir, leaseSeconds, dualStack, true);
    }

    /**
     * With {@code served} false the interface's DHCP is off: the pod is bound and routes the guest's IPv6 the
     * same way, but k6t-net sends no router advertisement and serves no DHCPv6 (room for another advertiser on
     * the bridge).
     */
    static Ipv6Pod create(Path dir, long leaseSeconds, boolean dualStack, boolean served) {
        TestNetwork net = TestNetwork.create("node", "pod", "guest");
        PodNetwork bound = null;
        try {
            for (String role : List.of("node", "pod", "guest")) {
                net.exec(role, "sysctl", "-qw", "net.ipv6.conf.all.accept_dad=0", "net.ipv6.conf.default.accept_dad=0");
            }
            net.exec("node", "ip", "link", "add", "vethpod", "type", "veth", "peer", "name", "eth0", "netns",
                    net.name("pod"));
            net.exec("node", "ip", "link", "set", "vethpod", "up");
            net.exec("node", "ip", "addr", "add", NODE_ADDRESS + "/128", "dev", "lo");
            net.exec("node", "sysctl", "-qw", "net.ipv6.conf.all.forwarding=1");
            net.exec("node", "ip", "-6", "route", "add", GUEST_ADDRESS + "/128", "dev", "vethpod");
            net.exec("pod", "ip", "link", "set", "eth0", "address", GUEST_MAC.toString(), "up");
            net.exec("pod", "ip", "addr", "add", GUEST_ADDRESS + (dualStack ? "/64" : "/128"), "dev", "eth0", "nodad");
            net.exec("pod", "ip", "-6", "route", "add", "default", "via", net.linkLocal("node", "vethpod"), "dev",
                    "eth0");
            StringBuilder resolv = new StringBuilder("search " + String.join(" ", SEARCH) + "\nnameserver " + DNS
                    + "\n");
            if (dualStack) {
                net.exec("node", "ip", "addr", "add", NODE_IPV4 + "/24", "dev", "vethpod");
                net.exec("pod", "ip", "addr", "add", GUEST_IPV4 + "/24", "dev", "eth0");
                net.exec("pod", "ip", "route", "add", "default", "via", NODE_IPV4, "dev", "eth0");
                resolv.append("nameserver 10.96.0.10\n");
            }
            Files.writeString(dir.resolve("resolv.conf"), resolv);
            InterfaceConfig eth0 = InterfaceConfig.of("default", "eth0").withDhcp(new DhcpSettings(served, leaseSeconds,
                    List.of(), Optional.empty(), Optional.empty(), List.of(), false));
            PodConfig config = new PodConfig(dir.resolve("state"), dir.resolve("resolv.conf"), Optional.empty(),
                    Optional.empty(), List.of(eth0));
            bound = PodNetwork.open(config, Optional.of(net.name("pod")));
            bound.setup();
            bound.startDhcp();
            net.exec("pod", "ip", "link", "add", "tapg", "type", "veth", "peer", "name", "eth0", "netns",
                    net.name("guest"));
            net.exec("pod", "ip", "link", "set", "tapg", "master", BRIDGE, "up");
            net.exec("guest", "ip", "link", "set", "eth0", "address", GUEST_MAC.toString(), "up");
            return new Ipv6Pod(net, bound, net.linkLocal("pod", BRIDGE));
        } catch (IOException e) {
            closeAll(bound, net);
            throw new UncheckedIOException(e);
        } catch (RuntimeException | Error e) {
            closeAll(bound, net);
            throw e;
        }
    }

    private static void closeAll(PodNetwork bound, TestNetwork net) {
        try {
            if (bound != null) {
                bound.close();
            }
        } finally {
            net.close();
        }
    }

    Dhcp6Server server() {
        return pod.dhcp6().orElseThrow();
    }

    RouterAdvertiser advertiser() {
        return pod.routerAdvertisers().get(0);
    }

    PodNetwork podNetwork() {
        return pod;
    }

    /** The pod's global IPv6 addresses (none once the guest has its address). */
    List<String> podGlobalAddresses() {
        List<String> out = new ArrayList<>();
        for (JsonNode link : json(net, "pod", "ip", "-6", "-j", "addr", "show", "scope", "global")) {
            for (JsonNode info : link.path("addr_info")) {
                out.add(link.path("ifname").asText() + " " + info.path("local").asText());
            }
        }
        return out;
    }

    /** The guest's IPv4 addresses on eth0 as {@code addr/len}. */
    List<String> guestIpv4Addresses() {
        List<String> out = new ArrayList<>();
        for (JsonNode link : json(net, "guest", "ip", "-4", "-j", "addr", "show", "dev", "eth0")) {
            for (JsonNode info : link.path("addr_info")) {
                out.add(info.path("local").asText() + "/" + info.path("prefixlen").asInt());
            }
        }
        return out;
    }

    /** The guest's global IPv6 addresses on eth0 as {@code addr/len}. */
    List<String> guestAddresses() {
        List<String> out = new ArrayList<>();
        for (JsonNode link : json(net, "guest", "ip", "-6", "-j", "addr", "show", "dev", "eth0", "scope", "global")) {
            for (JsonNode info : link.path("addr_info")) {
                out.add(info.path("local").asText() + "/" + info.path("prefixlen").asInt());
            }
        }
        return out;
    }

    /**
     * The valid lifetime in seconds of the guest's {@link #GUEST_ADDRESS} on eth0, if it has it ({@code
     * 4294967295} for forever).
     */
    Optional<Long> guestValidLifetime() {
        for (JsonNode link : json(net, "guest", "ip", "-6", "-j", "addr", "show", "dev", "eth0", "scope", "global")) {
            for (JsonNode info : link.path("addr_info")) {
                if (info.path("local").asText().equals(GUEST_ADDRESS)) {
                    return Optional.of(info.path("valid_life_time").asLong());
                }
            }
        }
        return Optional.empty();
    }

    /** The guest's IPv6 default route's gateway, if any. */
    Optional<String> guestDefaultGateway() {
        for (JsonNode route : json(net, "guest", "ip", "-6", "-j", "route", "show", "default")) {
            if (route.has("gateway")) {
                return Optional.of(route.path("gateway").asText());
            }
        }
        return Optional.empty();
    }

    /** Whether the guest reaches the node over IPv6 (one echo). */
    boolean guestPingsNode() {
        return net.execAllowingFailure("guest", "busybox", "ping", "-6", "-c", "1", "-W", "1", NODE_ADDRESS)
                .exitCode() == 0;
    }

    static JsonNode json(TestNetwork net, String role, String... command) {
        try {
            return JSON.readTree(net.exec(role, command));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        closeAll(pod, net);
    }
}
