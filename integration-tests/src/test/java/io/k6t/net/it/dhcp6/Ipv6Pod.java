package io.k6t.net.it.dhcp6;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.common.net.InetAddresses;
import io.k6t.net.dhcp.MacAddress;
import io.k6t.net.dhcp.v6.server.Dhcp6Server;
import io.k6t.net.dhcp.v6.server.Lease6;
import io.k6t.net.it.support.TestNetwork;
import io.k6t.net.launcher.netns.NetNamespace;
import io.k6t.net.launcher.ra.RouterAdvertisement;
import io.k6t.net.launcher.ra.RouterAdvertiser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Inet6Address;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A node, a bridge-bound pod and a guest, wired for IPv6 the way docs/dhcpv6.md chose by measurement:
 * the node's veth holds the route to the guest's /128 and is reached through the bridge; the pod
 * forwards (its default route points at the node's link-local address on the bridge, its guest route
 * is the /128 on the bridge); the DHCPv6 server and the router advertiser run on the bridge inside the
 * pod namespace. The guest's {@code eth0} is a veth standing in for the tap. Node address to ping:
 * {@link #NODE_ADDRESS}.
 */
final class Ipv6Pod implements AutoCloseable {
    static final String BRIDGE = "k6t-eth0";
    static final MacAddress BRIDGE_MAC = MacAddress.parse("02:00:00:6b:36:74");
    static final MacAddress GUEST_MAC = MacAddress.parse("02:00:00:74:17:75");
    static final String GUEST_ADDRESS = "fd00:10:244::5";
    static final String NODE_ADDRESS = "fd00:ff::1";
    static final String DNS = "fd00:10:96::a";
    static final List<String> SEARCH = List.of("vm.svc.cluster.local", "cluster.local");
    private static final ObjectMapper JSON = new ObjectMapper();

    final TestNetwork net;
    final String bridgeLinkLocal;
    private NetNamespace pod;
    private Dhcp6Server server;
    private RouterAdvertiser advertiser;

    private Ipv6Pod(TestNetwork net, String bridgeLinkLocal) {
        this.net = net;
        this.bridgeLinkLocal = bridgeLinkLocal;
    }

    static Ipv6Pod create(long leaseSeconds) {
        TestNetwork net = TestNetwork.create("node", "pod", "guest");
        try {
            for (String role : List.of("node", "pod", "guest")) {
                net.exec(role, "sysctl", "-qw", "net.ipv6.conf.all.accept_dad=0", "net.ipv6.conf.default.accept_dad=0");
            }
            net.exec("node", "ip", "link", "add", "vethpod", "type", "veth", "peer", "name", "eth0-nic", "netns",
                    net.name("pod"));
            net.exec("node", "ip", "link", "set", "vethpod", "up");
            net.exec("node", "ip", "addr", "add", NODE_ADDRESS + "/128", "dev", "lo");
            net.exec("node", "sysctl", "-qw", "net.ipv6.conf.all.forwarding=1");
            net.exec("node", "ip", "-6", "route", "add", GUEST_ADDRESS + "/128", "dev", "vethpod");
            net.exec("pod", "ip", "link", "add", BRIDGE, "address", BRIDGE_MAC.toString(), "type", "bridge");
            net.exec("pod", "ip", "link", "set", "eth0-nic", "master", BRIDGE, "up");
            net.exec("pod", "ip", "link", "set", BRIDGE, "up");
            net.exec("pod", "ip", "link", "add", "tap0", "type", "veth", "peer", "name", "eth0", "netns",
                    net.name("guest"));
            net.exec("pod", "ip", "link", "set", "tap0", "master", BRIDGE, "up");
            net.exec("guest", "ip", "link", "set", "eth0", "address", GUEST_MAC.toString(), "up");
            String nodeLinkLocal = net.linkLocal("node", "vethpod");
            String bridgeLinkLocal = net.linkLocal("pod", BRIDGE);
            net.exec("pod", "sysctl", "-qw", "net.ipv6.conf.all.forwarding=1");
            net.exec("pod", "ip", "-6", "route", "add", "default", "via", nodeLinkLocal, "dev", BRIDGE);
            net.exec("pod", "ip", "-6", "route", "add", GUEST_ADDRESS + "/128", "dev", BRIDGE);
            Ipv6Pod pod = new Ipv6Pod(net, bridgeLinkLocal);
            pod.serve(leaseSeconds);
            return pod;
        } catch (IOException e) {
            net.close();
            throw new UncheckedIOException(e);
        } catch (RuntimeException | Error e) {
            net.close();
            throw e;
        }
    }

    private void serve(long leaseSeconds) throws IOException {
        pod = NetNamespace.open(net.path("pod"));
        Inet6Address address = (Inet6Address) InetAddresses.forString(GUEST_ADDRESS);
        Inet6Address dns = (Inet6Address) InetAddresses.forString(DNS);
        server = Dhcp6Server.builder().channelContext(pod.executor())
                .lease(new Lease6(BRIDGE, BRIDGE_MAC, GUEST_MAC, address, 64, leaseSeconds, List.of(dns), SEARCH, true))
                .build();
        server.start();
        advertiser = RouterAdvertiser.start(BRIDGE, new RouterAdvertisement(true, true, 1800, Optional.of(BRIDGE_MAC),
                Optional.of(1500), Optional.of(address), 64, List.of(dns), SEARCH, 3600), pod.executor(),
                Duration.ofSeconds(30));
    }

    Dhcp6Server server() {
        return server;
    }

    RouterAdvertiser advertiser() {
        return advertiser;
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
        try {
            if (advertiser != null) {
                advertiser.close();
            }
        } finally {
            try {
                if (server != null) {
                    server.close();
                }
            } finally {
                try {
                    if (pod != null) {
                        pod.close();
                    }
                } finally {
                    net.close();
                }
            }
        }
    }
}
