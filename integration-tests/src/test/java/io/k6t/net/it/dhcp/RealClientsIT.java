package io.k6t.net.it.dhcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.k6t.net.it.dhcp.RealClient.ObservedLease;
import io.k6t.net.it.support.Poll;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each real client, in a guest namespace bridged to the pod where the server runs, gets exactly
 * the lease: checked from what the client applied ({@code ip addr/route/link} in the guest) and
 * what it reported to its hook.
 */
class RealClientsIT {
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
}
