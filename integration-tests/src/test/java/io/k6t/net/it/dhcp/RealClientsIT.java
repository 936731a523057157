package io.k6t.net.it.dhcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.k6t.net.dhcp.server.Decision;
import io.k6t.net.dhcp.server.RequestState;
import io.k6t.net.dhcp.server.Transaction;
import io.k6t.net.it.dhcp.RealClient.ObservedLease;
import io.k6t.net.it.support.Poll;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each real client, in a guest namespace bridged to the pod where the server runs, gets exactly
 * the lease: checked from what the client applied ({@code ip addr/route/link} in the guest) and
 * what it reported to its hook; and renews it by unicast to the server.
 */
class RealClientsIT {
    private static final Set<RequestState> EXTENDING = EnumSet.of(RequestState.RENEWING, RequestState.REBINDING);

    @TempDir
    Path tmp;

    private RealClient client(String name, DhcpTopology topology) {
        return switch (name) {
            case "udhcpc" -> RealClient.udhcpc(topology, "guest", tmp);
            case "dhclient" -> RealClient.dhclient(topology, "guest", tmp);
            case "dhcpcd" -> RealClient.dhcpcd(topology, "guest", tmp);
            case "systemd-networkd" -> RealClient.networkd(topology, "guest", tmp);
            default -> throw new IllegalArgumentException(name);
        };
    }

    /** What the client applied to the guest's eth0: address, MTU and routes (on-link server route first). */
    static void assertApplied(DhcpTopology topology, String role, String client) {
        Poll.untilTrue(Duration.ofSeconds(10), client + " to apply the address, MTU and default route", () ->
                topology.guestAddresses(role).contains("10.244.1.5/24") && topology.guestMtu(role) == 1450
                && topology.guestRoutes(role).contains("default via 10.244.1.1"));
        assertThat(topology.guestAddresses(role)).containsExactly("10.244.1.5/24");
        assertThat(topology.guestMtu(role)).isEqualTo(1450);
        assertThat(topology.guestRoutes(role)).contains("169.254.75.10/32", "10.96.0.0/12 via 10.244.1.254",
                "default via 10.244.1.1");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"udhcpc", "dhclient", "dhcpcd", "systemd-networkd"})
    void guestGetsExactlyTheLease(String name) {
        try (DhcpTopology topology = DhcpTopology.create(); ServerInPod server = ServerInPod.start(topology,
                ItLeases.lease())) {
            RealClient client = client(name, topology).start();

            ObservedLease lease = client.awaitLease(Duration.ofSeconds(30));

            assertThat(lease.address()).isEqualTo("10.244.1.5/24");
            assertThat(lease.routers()).containsExactly("10.244.1.1");
            assertThat(lease.dnsServers()).containsExactly("10.96.0.10", "10.96.0.11");
            assertThat(lease.searchDomains()).containsExactly("vm.svc.cluster.local", "svc.cluster.local",
                    "cluster.local");
            assertThat(lease.mtu()).isEqualTo("1450");
            assertThat(lease.hostname()).isEqualTo("nodejs");
            assertThat(lease.classlessRoutes()).containsExactly("169.254.75.10/32 via 0.0.0.0",
                    "10.96.0.0/12 via 10.244.1.254", "0.0.0.0/0 via 10.244.1.1");
            assertApplied(topology, "guest", name);
            assertThat(server.stats().offered()).isGreaterThanOrEqualTo(1);
            assertThat(server.stats().acked()).isGreaterThanOrEqualTo(1);
        }
    }

    /**
     * Each client extends its 12 s lease with a RENEWING REQUEST sent to the server's address (udhcpc
     * and dhcpcd when signalled, dhclient and networkd at T1 = 6 s), before T2 = 10.5 s when it would
     * rebind by broadcast: the server recorded the datagram's destination, so an ACKed broadcast
     * rebinding cannot hide a broken unicast path.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"udhcpc", "dhclient", "dhcpcd", "systemd-networkd"})
    void guestRenewsByUnicastToTheServerAddress(String name) {
        long leaseSeconds = 12;
        try (DhcpTopology topology = DhcpTopology.create(); ServerInPod server = ServerInPod.start(topology,
                ItLeases.lease(leaseSeconds, false))) {
            // As the binding does: the pod routes the guest's address over the bridge.
            topology.net().exec("pod", "ip", "route", "add", ItLeases.ADDRESS + "/32", "dev", DhcpTopology.BRIDGE,
                    "scope", "link");
            RealClient client = client(name, topology).start();
            client.awaitLease(Duration.ofSeconds(30));
            long bound = System.nanoTime();

            client.renew();

            Transaction renewal = Poll.until(Duration.ofSeconds(20), name + " to renew; the server saw "
                    + server.transactions().size() + " requests before", () -> server.transactions().stream()
                            .filter(t -> t.requestState().filter(EXTENDING::contains).isPresent()).findFirst());
            double renewedAfter = (System.nanoTime() - bound) / 1e9;
            assertThat(renewedAfter).as("seconds from bound to the first REQUEST extending the lease")
                    .isLessThan(leaseSeconds * 7.0 / 8);
            assertThat(renewal.recipient()).as("the renewal's destination")
                    .isEqualTo(new InetSocketAddress(DhcpTopology.SERVER_ADDRESS, 67));
            assertThat(renewal.requestState()).hasValue(RequestState.RENEWING);
            assertThat(renewal.sender().getAddress().getHostAddress()).isEqualTo(ItLeases.ADDRESS);
            assertThat(renewal.decision()).isInstanceOfSatisfying(Decision.Reply.class, ack -> {
                assertThat(ack.label()).isEqualTo("ACK");
                assertThat(ack.destination()).isEqualTo(new InetSocketAddress(ItLeases.ADDRESS, 68));
            });
            assertApplied(topology, "guest", name);
        }
    }
}
