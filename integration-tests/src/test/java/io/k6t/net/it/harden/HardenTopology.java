package io.k6t.net.it.harden;

import io.k6t.net.dhcp.server.LeaseConfig;
import io.k6t.net.it.support.TestNetwork;
import java.util.ArrayList;
import java.util.List;

/**
 * A "pod" namespace with the bridge {@code k6t-eth0} (169.254.75.10/32, up) and guest namespaces on
 * it, each joined by a veth pair whose guest end is {@code eth0}. Guests have IPv6 off so that their
 * links carry only what the test sends (their packet counters are part of the accounting).
 */
final class HardenTopology implements AutoCloseable {
    static final String BRIDGE = "k6t-eth0";
    static final String SERVER_ADDRESS = "169.254.75.10";
    static final String LEASE_MAC = "02:00:00:74:17:75";
    static final String LEASE_ADDRESS = "10.244.1.5";

    private final TestNetwork net;
    private int ports;

    private HardenTopology(TestNetwork net) {
        this.net = net;
    }

    /** The pod and one guest per role, each guest's {@code eth0} with the lease's MAC. */
    static HardenTopology create(String... guests) {
        List<String> roles = new ArrayList<>(List.of("pod"));
        roles.addAll(List.of(guests));
        TestNetwork net = TestNetwork.create(roles.toArray(String[]::new));
        HardenTopology topology = new HardenTopology(net);
        try {
            net.exec("pod", "ip", "link", "add", BRIDGE, "type", "bridge");
            net.exec("pod", "ip", "addr", "add", SERVER_ADDRESS + "/32", "dev", BRIDGE);
            net.exec("pod", "ip", "link", "set", BRIDGE, "up");
            for (String guest : guests) {
                topology.addGuest(guest, LEASE_MAC);
            }
        } catch (RuntimeException | Error e) {
            net.close();
            throw e;
        }
        return topology;
    }

    private void addGuest(String role, String mac) {
        String port = "hp" + ports++;
        net.exec(role, "sysctl", "-qw", "net.ipv6.conf.all.disable_ipv6=1", "net.ipv6.conf.default.disable_ipv6=1");
        net.exec("pod", "ip", "link", "add", port, "type", "veth", "peer", "name", "eth0", "netns", net.name(role));
        net.exec("pod", "ip", "link", "set", port, "master", BRIDGE, "up");
        net.exec(role, "ip", "link", "set", "eth0", "address", mac, "up");
        // A route for 255.255.255.255 so that plain UDP sockets can broadcast out of eth0.
        net.exec(role, "ip", "route", "add", "default", "dev", "eth0");
    }

    TestNetwork net() {
        return net;
    }

    /** The lease served on the bridge, for {@link #LEASE_MAC}. */
    static LeaseConfig lease() {
        return LeaseConfig.parse("{\"interface\": \"" + BRIDGE + "\", \"serverAddress\": \"" + SERVER_ADDRESS
                + "\", \"clientMac\": \"" + LEASE_MAC + "\", \"address\": \"" + LEASE_ADDRESS + "/24\","
                + " \"gateway\": \"10.244.1.1\", \"dnsServers\": [\"10.96.0.10\"],"
                + " \"searchDomains\": [\"vm.svc.cluster.local\", \"cluster.local\"], \"mtu\": 1450,"
                + " \"hostname\": \"flooded\", \"leaseSeconds\": 3600}");
    }

    @Override
    public void close() {
        net.close();
    }
}
