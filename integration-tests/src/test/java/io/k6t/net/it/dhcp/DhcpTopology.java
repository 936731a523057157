package io.k6t.net.it.dhcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.k6t.net.it.support.TestNetwork;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The design's pod wiring, reduced to what DHCP needs: a "pod" namespace with the bridge
 * {@code k6t-eth0} (169.254.75.10/32, up) and one or more guest namespaces, each joined to the
 * bridge by a veth pair whose guest end is {@code eth0} with the guest's MAC.
 */
final class DhcpTopology implements AutoCloseable {
    static final String BRIDGE = "k6t-eth0";
    static final String SERVER_ADDRESS = "169.254.75.10";
    static final String GUEST_MAC = "02:00:00:74:17:75";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final TestNetwork net;
    private int ports;

    private DhcpTopology(TestNetwork net) {
        this.net = net;
    }

    /** The pod with its bridge and a guest with {@link #GUEST_MAC}; more guests through {@link #addGuest}. */
    static DhcpTopology create(String... extraGuests) {
        List<String> roles = new ArrayList<>(List.of("pod", "guest"));
        roles.addAll(List.of(extraGuests));
        TestNetwork net = TestNetwork.create(roles.toArray(String[]::new));
        DhcpTopology topology = new DhcpTopology(net);
        try {
            net.exec("pod", "ip", "link", "add", BRIDGE, "type", "bridge");
            net.exec("pod", "ip", "addr", "add", SERVER_ADDRESS + "/32", "dev", BRIDGE);
            net.exec("pod", "ip", "link", "set", BRIDGE, "up");
            topology.addGuest("guest", GUEST_MAC);
        } catch (RuntimeException | Error e) {
            net.close();
            throw e;
        }
        return topology;
    }

    /** Joins {@code role}'s namespace to the bridge: its {@code eth0} gets {@code mac} and is up. */
    void addGuest(String role, String mac) {
        String port = "vp" + ports++;
        net.exec("pod", "ip", "link", "add", port, "type", "veth", "peer", "name", "eth0", "netns", net.name(role));
        net.exec("pod", "ip", "link", "set", port, "master", BRIDGE, "up");
        net.exec(role, "ip", "link", "set", "eth0", "address", mac, "up");
    }

    TestNetwork net() {
        return net;
    }

    /** The IPv4 addresses on the guest's eth0 as {@code a.b.c.d/len}. */
    List<String> guestAddresses(String role) {
        List<String> result = new ArrayList<>();
        for (JsonNode link : json(role, "ip", "-j", "-4", "addr", "show", "dev", "eth0")) {
            for (JsonNode info : link.path("addr_info")) {
                result.add(info.path("local").asText() + "/" + info.path("prefixlen").asInt());
            }
        }
        return result;
    }

    /** The guest eth0's MTU. */
    int guestMtu(String role) {
        return json(role, "ip", "-j", "link", "show", "dev", "eth0").get(0).path("mtu").asInt();
    }

    /** The guest's IPv4 routes in the main table as {@code dst via gw} ({@code dev} routes as {@code dst}). */
    List<String> guestRoutes(String role) {
        List<String> result = new ArrayList<>();
        for (JsonNode route : json(role, "ip", "-j", "-4", "route", "show", "table", "main")) {
            String dst = route.path("dst").asText();
            if (route.path("protocol").asText().equals("kernel")) {
                continue;
            }
            if (!dst.contains("/") && !dst.equals("default")) {
                dst = dst + "/32";
            }
            Optional<String> gw = Optional.ofNullable(route.get("gateway")).map(JsonNode::asText);
            result.add(dst + gw.map(g -> " via " + g).orElse(""));
        }
        return result;
    }

    private JsonNode json(String role, String... command) {
        try {
            return JSON.readTree(net.exec(role, command));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        net.close();
    }
}
