package io.k6t.net.it.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.k6t.net.dhcp.server.DropReason;
import io.k6t.net.dhcp.server.InterfaceStats;
import io.k6t.net.it.guest.Dnsmasq;
import io.k6t.net.it.guest.GuestImage;
import io.k6t.net.it.guest.GuestLease;
import io.k6t.net.it.guest.GuestReport;
import io.k6t.net.it.guest.QemuGuest;
import io.k6t.net.it.support.CapturedLog;
import io.k6t.net.launcher.PodNetwork;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole mission with a real guest: a pod as a CNI leaves it ({@link E2ePod}), k6t-net's bridge
 * binding and DHCP server run in it through {@link PodNetwork}, and a QEMU (TCG) guest boots on
 * the tap the binding made. What the guest applied (its {@code K6T-*} console lines) must be what
 * the pod had: its IP, prefix, gateway, routes, DNS, search domains, MTU and host name.
 */
class PodGuestIT {
    static final Duration BOOT = Duration.ofSeconds(240);
    static final String BRIDGE = "k6t-eth0";
    static final String SERVER = "169.254.75.10";

    @TempDir
    Path tmp;

    /** Tests 1 and 6: one NIC gets exactly the pod's network, and the server was ready for the first DISCOVER. */
    @Test
    void guestOnTheBridgeBindingGetsExactlyThePodNetworkAndPingsTheNode(TestInfo test) throws Exception {
        try (E2ePod pod = E2ePod.create(tmp);
                PodNetwork network = PodNetwork.open(pod.config(), Optional.of(pod.net.name("pod")))) {
            network.setup();
            network.startDhcp();
            GuestReport report = boot(pod, guest().nic("tap0", E2ePod.POD_MAC), test);

            assertThat(report.errors()).isEmpty();
            assertPodLease(report.lease("eth0"), E2ePod.POD_IP, "udhcpc", "bound");
            assertThat(report.link("eth0")).isEqualTo(new GuestReport.Link("eth0", E2ePod.POD_MAC, E2ePod.MTU,
                    List.of(E2ePod.POD_IP + "/24")));
            assertPodRoutes(report, "eth0");
            assertThat(report.hostname()).hasValue(E2ePod.HOSTNAME);
            assertPingedTheNode(report);
            // The node answered the guest itself: its neighbour entry for the pod IP is the guest's MAC.
            assertThat(pod.net.exec("node", "ip", "neigh", "show", E2ePod.POD_IP)).contains(E2ePod.POD_MAC);
            assertServerReadyForTheFirstDiscover(report, stats(network));
        }
    }

    /**
     * Test 2: eth0 served by k6t-net, net1 a second L2 network whose pod link has no IPv4 (bridge
     * and tap only) with dnsmasq on its far side; only eth0 gives the default route.
     */
    @Test
    void secondNicOnANetworkWithoutPodAddressLeasesFromTheFarSideServer(TestInfo test) throws Exception {
        try (E2ePod pod = E2ePod.withSecondary(tmp);
                PodNetwork network = PodNetwork.open(pod.config(), Optional.of(pod.net.name("pod")))) {
            Dnsmasq.on("ext0", "192.168.50.0", "255.255.255.0")
                    .host(E2ePod.SECONDARY_MAC, "192.168.50.20", "secondary")
                    .option("option:router," + E2ePod.EXT_GATEWAY)
                    .option("option:dns-server,192.168.50.53")
                    .start(pod.net, "ext", tmp);
            network.setup();
            network.startDhcp();
            assertThat(network.dhcp().orElseThrow().interfaces()).containsExactly(BRIDGE);
            GuestReport report = boot(pod, guest().nic("tap0", E2ePod.POD_MAC).nic("tap1", E2ePod.SECONDARY_MAC),
                    test);

            assertThat(report.errors()).isEmpty();
            assertPodLease(report.lease("eth0"), E2ePod.POD_IP, "udhcpc", "bound");
            GuestLease secondary = report.lease("eth1");
            assertThat(secondary.cidr()).isEqualTo("192.168.50.20/24");
            assertThat(secondary.serverId()).isEqualTo(E2ePod.EXT_GATEWAY);
            assertThat(secondary.routers()).containsExactly(E2ePod.EXT_GATEWAY);
            assertThat(report.link("eth1").addresses()).containsExactly("192.168.50.20/24");
            assertThat(report.defaultRoutes()).containsExactly(
                    new GuestReport.Route("default", Optional.of(E2ePod.GATEWAY), "eth0"));
            assertThat(report.hostname()).hasValue(E2ePod.HOSTNAME);
            assertPingedTheNode(report);
            // eth1's DHCP went through the pod's bridge to dnsmasq; k6t-net's server saw none of it.
            assertThat(stats(network).droppedTotal()).isZero();
            assertServerReadyForTheFirstDiscover(report, stats(network));
        }
    }

    /** Test 3: a guest MAC that is not the lease's gets nothing; the counters and the log say why. */
    @Test
    void guestWithAnotherMacGetsNoLeaseAndTheServerSaysWhy(TestInfo test) throws Exception {
        String stranger = "02:00:00:00:00:99";
        try (E2ePod pod = E2ePod.create(tmp);
                PodNetwork network = PodNetwork.open(pod.config(), Optional.of(pod.net.name("pod")));
                CapturedLog log = CapturedLog.of(CapturedLog.DHCP_TRANSACTIONS)) {
            network.setup();
            network.startDhcp();
            GuestReport report = boot(pod, guest().nic("tap0", stranger).noPing().dhcpTimeout(Duration.ofSeconds(3)),
                    test);

            assertThat(report.noLease()).containsExactly("eth0");
            assertThat(report.leases()).isEmpty();
            assertThat(report.link("eth0").addresses()).isEmpty();
            assertThat(report.ping()).isEmpty();
            int discovers = report.exchange("eth0").discovers();
            assertThat(discovers).as("udhcpc -t 3: three DISCOVERs, then it gives up").isEqualTo(3);
            InterfaceStats stats = stats(network);
            assertThat(stats.received()).isEqualTo(discovers);
            assertThat(stats.dropped(DropReason.WRONG_CLIENT)).isEqualTo(discovers);
            assertThat(stats.offered() + stats.acked() + stats.naked()).isZero();
            assertThat(log.lines()).filteredOn(l -> l.contains("mac=" + stranger)).hasSize(discovers)
                    .allSatisfy(l -> assertThat(l).startsWith("INFO " + BRIDGE + " xid=0x")
                            .contains(" DISCOVER to 255.255.255.255:67 -> ", "WRONG_CLIENT",
                                    "chaddr " + stranger + " is not " + E2ePod.POD_MAC));
        }
    }

    /**
     * Test 5: the pod comes back with another IP. Boot 1 leases A; teardown, the pod link gets B,
     * setup again; boot 2 remembers A (INIT-REBOOT), is NAKed, then leases B.
     */
    @Test
    void podAddressChangedBetweenBootsGuestIsNakedThenGetsTheNewAddress(TestInfo test) throws Exception {
        String moved = "10.100.1.77";
        try (E2ePod pod = E2ePod.create(tmp)) {
            try (PodNetwork network = PodNetwork.open(pod.config(), Optional.of(pod.net.name("pod")))) {
                network.setup();
                network.startDhcp();
                GuestReport first = boot(pod, guest().nic("tap0", E2ePod.POD_MAC), test, "boot 1");
                assertThat(first.lease("eth0").cidr()).isEqualTo(E2ePod.POD_IP + "/24");
                assertServerReadyForTheFirstDiscover(first, stats(network));
                network.teardown();
            }
            assertThat(pod.net.exec("pod", "ip", "-4", "-o", "addr", "show", "dev", "eth0"))
                    .contains(E2ePod.POD_IP + "/24");
            pod.podAddress(moved);
            try (PodNetwork network = PodNetwork.open(pod.config(), Optional.of(pod.net.name("pod")))) {
                network.setup();
                network.startDhcp();
                GuestReport second = boot(pod, guest().nic("tap0", E2ePod.POD_MAC)
                        .previousAddress("eth0", E2ePod.POD_IP + "/24"), test, "boot 2 (INIT-REBOOT)");

                assertThat(second.errors()).isEmpty();
                assertThat(second.reboots()).singleElement().extracting(GuestReport.Reboot::requested)
                        .isEqualTo(E2ePod.POD_IP);
                assertThat(second.naks()).containsExactly(new GuestReport.Nak("eth0", "dhclient",
                        Optional.of(E2ePod.POD_IP), Optional.of(SERVER)));
                assertPodLease(second.lease("eth0"), moved, "dhclient", "bound");
                assertThat(second.link("eth0").addresses()).containsExactly(moved + "/24");
                assertPingedTheNode(second);
                InterfaceStats stats = stats(network);
                assertThat(stats.naked()).isEqualTo(1);
                assertThat(stats.offered()).isPositive();
                assertThat(stats.acked()).isPositive();
                assertThat(stats.droppedTotal()).isZero();
            }
        }
    }

    static QemuGuest.Builder guest() {
        return QemuGuest.builder(GuestImage.build()).ping(E2ePod.GATEWAY);
    }

    private GuestReport boot(E2ePod pod, QemuGuest.Builder builder, TestInfo test) {
        return boot(pod, builder, test, "");
    }

    private GuestReport boot(E2ePod pod, QemuGuest.Builder builder, TestInfo test, String which) {
        String name = test.getTestMethod().orElseThrow().getName() + (which.isEmpty() ? "" : " " + which);
        long start = System.nanoTime();
        try (CapturedLog server = CapturedLog.of(CapturedLog.DHCP_TRANSACTIONS);
                QemuGuest guest = builder.console(tmp.resolve("guest-" + System.nanoTime() + ".log"))
                        .start(pod.net, "pod")) {
            GuestReport report = guest.awaitDone(BOOT);
            BootTimes.record(name, Duration.ofNanos(System.nanoTime() - start), report, "eth0", exchangeSpan(server));
            return report;
        }
    }

    /** What the server saw of the exchange: its first request of the client to its last ACK. */
    static OptionalLong exchangeSpan(CapturedLog server) {
        return server.span("mac=" + E2ePod.POD_MAC, "-> ACK");
    }

    static InterfaceStats stats(PodNetwork network) {
        return network.dhcp().orElseThrow().stats(BRIDGE).orElseThrow();
    }

    /**
     * The lease the binding derives from {@link E2ePod}: option 121 carries the on-link route to
     * the server first, the pod's static route, the default route last; option 15 is the first
     * search domain.
     */
    static void assertPodLease(GuestLease lease, String address, String client, String event) {
        assertThat(lease).isEqualTo(new GuestLease("eth0", address, 24, List.of(E2ePod.GATEWAY),
                List.of(new GuestLease.Route(SERVER + "/32", "0.0.0.0"),
                        new GuestLease.Route(E2ePod.SERVICE_ROUTE, E2ePod.GATEWAY),
                        new GuestLease.Route("0.0.0.0/0", E2ePod.GATEWAY)),
                List.of(E2ePod.DNS), E2ePod.SEARCH, Optional.of(E2ePod.SEARCH.get(0)), OptionalInt.of(E2ePod.MTU),
                Optional.of(E2ePod.HOSTNAME), SERVER, lease.leaseSeconds(), client, event, lease.boundMillis()));
        assertThat(lease.leaseSeconds()).isEqualTo(86_313_600L);
    }

    /** The guest's routing table: the subnet, the on-link server route, the static route, one default. */
    static void assertPodRoutes(GuestReport report, String iface) {
        assertThat(report.routes()).filteredOn(r -> r.device().equals(iface)).containsExactlyInAnyOrder(
                new GuestReport.Route("default", Optional.of(E2ePod.GATEWAY), iface),
                new GuestReport.Route("10.100.1.0/24", Optional.empty(), iface),
                new GuestReport.Route(SERVER + "/32", Optional.empty(), iface),
                new GuestReport.Route(E2ePod.SERVICE_ROUTE, Optional.of(E2ePod.GATEWAY), iface));
        assertThat(report.defaultRoutes()).hasSize(1);
    }

    static void assertPingedTheNode(GuestReport report) {
        assertThat(report.ping()).hasValueSatisfying(ping -> {
            assertThat(ping.target()).isEqualTo(E2ePod.GATEWAY);
            assertThat(ping.ok()).as("guest pinged the node gateway").isTrue();
        });
    }

    /**
     * Test 6: the server was ready before the guest's first DISCOVER: every DISCOVER the guest's
     * client sent (its own count) reached the server and was offered, every REQUEST was ACKed, and
     * the server saw nothing else. Normally that is one of each; a TCG guest starved by a loaded
     * host sometimes sends a second DISCOVER before it reads the first OFFER (seen: two DISCOVERs
     * of one xid 91 ms apart at the server, both offered), which is no lost packet, so the check is
     * the equality of the two counts rather than a count of one.
     */
    static void assertServerReadyForTheFirstDiscover(GuestReport report, InterfaceStats stats) {
        GuestReport.Exchange dhcp = report.exchange("eth0");
        assertThat(dhcp.naks()).isZero();
        assertThat(dhcp.discovers()).isPositive();
        assertThat(stats.offered()).as("OFFERs for the guest's %d DISCOVERs: none lost, the first included",
                dhcp.discovers()).isEqualTo(dhcp.discovers());
        assertThat(stats.acked()).as("ACKs for the guest's REQUESTs").isEqualTo(dhcp.requests());
        assertThat(stats.received()).isEqualTo(dhcp.discovers() + dhcp.requests());
        assertThat(stats.droppedTotal()).isZero();
    }
}
