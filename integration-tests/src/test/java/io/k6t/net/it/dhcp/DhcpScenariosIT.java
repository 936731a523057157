package io.k6t.net.it.dhcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.k6t.net.dhcp.DhcpMessage;
import io.k6t.net.dhcp.MessageType;
import io.k6t.net.dhcp.server.Decision;
import io.k6t.net.dhcp.server.DropReason;
import io.k6t.net.dhcp.server.InterfaceStats;
import io.k6t.net.dhcp.server.Transaction;
import io.k6t.net.it.support.Prerequisites;
import io.k6t.net.it.support.TestNetwork;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The decision table with real clients and real sockets: stale address, strangers, relays (renewal:
 * {@link RealClientsIT}).
 */
class DhcpScenariosIT {
    @TempDir
    Path tmp;

    @Test
    void clientWithAStaleAddressIsNakedThenGetsTheLease() throws Exception {
        Files.writeString(tmp.resolve("dhclient.leases"), "lease {\n  interface \"eth0\";\n"
                + "  fixed-address 10.244.7.99;\n  option subnet-mask 255.255.255.0;\n"
                + "  option dhcp-lease-time 86400;\n  option dhcp-server-identifier 169.254.75.10;\n"
                + "  renew 4 2037/01/01 00:00:00;\n  rebind 4 2037/01/01 00:00:00;\n"
                + "  expire 4 2037/01/01 00:00:00;\n}\n");
        try (DhcpTopology topology = DhcpTopology.create(); ServerInPod server = ServerInPod.start(topology,
                ItLeases.lease())) {
            RealClient client = RealClient.dhclient(topology, "guest", tmp).start();

            client.awaitLease(Duration.ofSeconds(30));

            RealClientsIT.assertApplied(topology, "guest", "dhclient");
            List<String> flow = server.transactions().stream().map(DhcpScenariosIT::summary).toList();
            assertThat(flow).startsWith("REQUEST 10.244.7.99 -> NAK").contains("DISCOVER -> OFFER",
                    "REQUEST 10.244.1.5 -> ACK");
            assertThat(server.stats().naked()).isEqualTo(1);
        }
    }

    @Test
    void anotherMacOnTheBridgeGetsNothing() {
        try (DhcpTopology topology = DhcpTopology.create("stranger"); ServerInPod server = ServerInPod.start(topology,
                ItLeases.lease())) {
            topology.addGuest("stranger", "02:00:00:00:00:99");
            Prerequisites.requireTool("udhcpc", "udhcpc");

            TestNetwork.Result result = topology.net().execAllowingFailure("stranger", "udhcpc", "-i", "eth0", "-f",
                    "-q", "-n", "-t", "3", "-T", "1", "-s", "/bin/true");

            assertThat(result.exitCode()).as("udhcpc exit code\n" + result.output()).isNotZero();
            assertThat(topology.guestAddresses("stranger")).isEmpty();
            InterfaceStats stats = server.stats();
            assertThat(stats.dropped(DropReason.WRONG_CLIENT)).isGreaterThanOrEqualTo(3);
            assertThat(stats.offered() + stats.acked() + stats.naked()).isZero();
        }
    }

    @Test
    void relayedRequestsGetNothingUnlessAccepted() {
        for (boolean accept : new boolean[] {false, true}) {
            try (DhcpTopology topology = DhcpTopology.create(); ServerInPod server = ServerInPod.start(topology,
                    ItLeases.lease(3600, accept))) {
                String output = perfdhcpAsRelay(topology, 4, 2);
                InterfaceStats stats = server.stats();
                if (accept) {
                    assertThat(stats.offered()).as(output).isGreaterThanOrEqualTo(1);
                    assertThat(stats.acked()).as(output).isGreaterThanOrEqualTo(1);
                    assertThat(output).containsPattern("received packets: [1-9]");
                    assertThat(server.transactions()).allSatisfy(t -> assertThat(t.decision())
                            .isInstanceOfSatisfying(Decision.Reply.class, r -> assertThat(r.destination().getPort())
                                    .isEqualTo(67)));
                } else {
                    assertThat(stats.dropped(DropReason.RELAYED)).as(output).isGreaterThanOrEqualTo(1);
                    assertThat(stats.offered() + stats.acked()).isZero();
                    assertThat(output).contains("received packets: 0");
                }
            }
        }
    }

    /** perfdhcp in the guest as a relay (giaddr 10.244.1.200, port 67) for the lease's MAC. */
    static String perfdhcpAsRelay(DhcpTopology topology, int rate, int seconds) {
        Prerequisites.requireTool("perfdhcp", "kea-admin");
        topology.net().exec("guest", "ip", "addr", "add", "10.244.1.200/24", "dev", "eth0");
        topology.net().exec("guest", "ip", "route", "add", DhcpTopology.SERVER_ADDRESS + "/32", "dev", "eth0");
        topology.net().exec("pod", "ip", "route", "add", "10.244.1.200/32", "dev", DhcpTopology.BRIDGE);
        TestNetwork.Result result = topology.net().execAllowingFailure("guest", "perfdhcp", "-4", "-l", "eth0",
                "-R", "1", "-b", "mac=" + DhcpTopology.GUEST_MAC, "-r", String.valueOf(rate), "-p",
                String.valueOf(seconds), "-W", "500000", DhcpTopology.SERVER_ADDRESS);
        return result.output();
    }

    @Test
    void serverSocketsLiveInThePodWhileTheJvmStaysInTheHostNamespace() throws Exception {
        String hostNamespace = Files.readSymbolicLink(Path.of("/proc/thread-self/ns/net")).toString();
        try (DhcpTopology topology = DhcpTopology.create(); ServerInPod server = ServerInPod.start(topology,
                ItLeases.lease())) {
            String listening = topology.net().exec("pod", "ss", "-H", "-u", "-l", "-n", "sport", "=", ":67");
            assertThat(listening).contains("%" + DhcpTopology.BRIDGE + ":67");
            assertThat(TestNetwork.run(List.of("ss", "-H", "-u", "-l", "-n", "sport", "=", ":67")))
                    .doesNotContain(DhcpTopology.BRIDGE);

            RealClient.udhcpc(topology, "guest", tmp).start().awaitLease(Duration.ofSeconds(20));

            assertThat(Files.readSymbolicLink(Path.of("/proc/thread-self/ns/net")).toString())
                    .isEqualTo(hostNamespace);
            assertThat(server.stats().acked()).isEqualTo(1);
        }
    }

    private static String summary(Transaction t) {
        DhcpMessage request = t.request().orElseThrow();
        String type = request.options().messageType().map(MessageType::name).orElse("BOOTP");
        String requested = request.options().requestedIpAddress().map(a -> " " + a.getHostAddress()).orElse("");
        return type + (type.equals("REQUEST") ? requested : "") + " -> " + t.decision().label();
    }
}
