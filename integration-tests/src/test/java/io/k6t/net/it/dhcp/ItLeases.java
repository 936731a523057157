package io.k6t.net.it.dhcp;

import io.k6t.net.dhcp.server.LeaseConfig;

/** The lease the real-client tests serve: every option a guest must apply. */
final class ItLeases {
    static final String ADDRESS = "10.244.1.5";
    static final String GATEWAY = "10.244.1.1";

    private ItLeases() {
    }

    static LeaseConfig lease(long leaseSeconds, boolean acceptRelayed) {
        return LeaseConfig.parse("{\"interface\": \"" + DhcpTopology.BRIDGE + "\", \"serverAddress\": \""
                + DhcpTopology.SERVER_ADDRESS + "\", \"clientMac\": \"" + DhcpTopology.GUEST_MAC + "\","
                + " \"address\": \"" + ADDRESS + "/24\", \"gateway\": \"" + GATEWAY + "\","
                + " \"routes\": [{\"destination\": \"0.0.0.0/0\", \"gateway\": \"" + GATEWAY + "\"},"
                + " {\"destination\": \"10.96.0.0/12\", \"gateway\": \"10.244.1.254\"}],"
                + " \"dnsServers\": [\"10.96.0.10\", \"10.96.0.11\"],"
                + " \"searchDomains\": [\"vm.svc.cluster.local\", \"svc.cluster.local\", \"cluster.local\"],"
                + " \"mtu\": 1450, \"hostname\": \"nodejs\", \"leaseSeconds\": " + leaseSeconds + ","
                + " \"privateOptions\": [{\"code\": 240, \"value\": \"extra\"}], \"acceptRelayed\": " + acceptRelayed
                + "}");
    }

    static LeaseConfig lease() {
        return lease(3600, false);
    }
}
