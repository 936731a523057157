package io.k6t.net.it.dhcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.k6t.net.dhcp.server.DhcpServer;
import io.k6t.net.dhcp.server.DhcpServerException;
import io.k6t.net.dhcp.server.LeaseConfig;
import io.k6t.net.it.support.Poll;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The transport against the real kernel: binding errors, hot plug, and release on close. */
class DhcpServerIT {
    @TempDir
    Path tmp;

    private static String listeners(DhcpTopology topology) {
        return topology.net().exec("pod", "ss", "-H", "-u", "-l", "-n", "sport", "=", ":67");
    }

    @Test
    void missingInterfaceFailsStartNamingIt() {
        try (DhcpTopology topology = DhcpTopology.create();
                NetnsExecutor pod = NetnsExecutor.enter(topology.net().path("pod"))) {
            LeaseConfig absent = ItLeases.lease().toBuilder().interfaceName("k6t-net7").build();
            DhcpServer server = DhcpServer.builder().channelContext(pod).lease(ItLeases.lease()).lease(absent).build();

            assertThatThrownBy(server::start).isInstanceOfSatisfying(DhcpServerException.class, e -> {
                assertThat(e.kind()).as(e.toString()).isEqualTo(DhcpServerException.Kind.INTERFACE_MISSING);
                assertThat(e.interfaceName()).isEqualTo("k6t-net7");
                assertThat(e.errno()).contains(19);
                assertThat(e.getMessage()).contains("k6t-net7", "does not exist");
            });
            // start() failed as a whole: the socket it had bound on k6t-eth0 is closed again.
            assertThat(listeners(topology)).isEmpty();
            server.close();
        }
    }

    @Test
    void secondServerOnTheSameInterfaceFailsWithPortInUse() {
        try (DhcpTopology topology = DhcpTopology.create(); ServerInPod first = ServerInPod.start(topology,
                ItLeases.lease())) {
            assertThatThrownBy(() -> ServerInPod.start(topology, ItLeases.lease()).close())
                    .isInstanceOfSatisfying(DhcpServerException.class, e -> {
                        assertThat(e.kind()).isEqualTo(DhcpServerException.Kind.PORT_IN_USE);
                        assertThat(e.errno()).contains(98);
                        assertThat(e.getMessage()).contains("k6t-eth0", "port 67");
                    });
            RealClient.udhcpc(topology, "guest", tmp).start().awaitLease(Duration.ofSeconds(20));
            assertThat(first.stats().acked()).isEqualTo(1);
        }
    }

    @Test
    void interfacesAreAddedAndRemovedAtRunTimeAndCloseReleasesThePort() {
        try (DhcpTopology topology = DhcpTopology.create();
                NetnsExecutor pod = NetnsExecutor.enter(topology.net().path("pod"))) {
            topology.net().exec("pod", "ip", "link", "add", "k6t-net1", "type", "bridge");
            topology.net().exec("pod", "ip", "addr", "add", "169.254.75.11/32", "dev", "k6t-net1");
            topology.net().exec("pod", "ip", "link", "set", "k6t-net1", "up");
            LeaseConfig second = ItLeases.lease().toBuilder().interfaceName("k6t-net1")
                    .serverAddress(ItLeases.lease().serverAddress()).build();
            DhcpServer server = DhcpServer.builder().channelContext(pod).lease(ItLeases.lease()).build();
            server.start();
            try {
                server.addInterface(second);
                assertThat(server.interfaces()).containsExactly("k6t-eth0", "k6t-net1");
                assertThat(listeners(topology)).contains("%k6t-eth0:67", "%k6t-net1:67");
                assertThatThrownBy(() -> server.addInterface(second)).isInstanceOfSatisfying(
                        DhcpServerException.class, e -> assertThat(e.kind())
                                .isEqualTo(DhcpServerException.Kind.ALREADY_SERVED));

                assertThat(server.removeInterface("k6t-net1")).isTrue();
                assertThat(server.removeInterface("k6t-net1")).isFalse();
                assertThat(listeners(topology)).contains("%k6t-eth0:67").doesNotContain("k6t-net1");
                RealClient.udhcpc(topology, "guest", tmp).start().awaitLease(Duration.ofSeconds(20));
                assertThat(server.stats("k6t-eth0").orElseThrow().acked()).isEqualTo(1);
                assertThat(server.stats("k6t-net1")).isEmpty();
            } finally {
                server.close();
            }
            assertThat(listeners(topology)).isEmpty();
            Poll.untilTrue(Duration.ofSeconds(5), "the event-loop thread to end after close", () ->
                    Thread.getAllStackTraces().keySet().stream().noneMatch(t -> t.getName().startsWith("k6t-dhcp")));
            try (DhcpServer again = DhcpServer.builder().channelContext(pod).lease(ItLeases.lease()).build()) {
                again.start();
                assertThat(listeners(topology)).contains("%k6t-eth0:67");
            }
        }
    }
}
