package io.k6t.net.it.guest;

import static org.assertj.core.api.Assertions.assertThat;

import io.k6t.net.it.support.Poll;
import io.k6t.net.it.support.TestNetwork;
import io.k6t.net.it.support.Tshark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Boots the real guest (QEMU TCG) on taps in a test "pod" namespace, served by dnsmasq. */
class GuestBootIT {
    private static final Duration BOOT = Duration.ofSeconds(120);
    private static final String MAC0 = "02:00:00:74:17:75";
    private static final String MAC1 = "02:00:00:00:50:01";

    @TempDir
    Path tmp;

    @Test
    void guestAppliesEveryLeaseOptionAndPingsItsGateway() {
        try (TestNetwork net = TestNetwork.create("pod")) {
            bridgeWithTap(net, "pod", "br0", "10.244.1.1/24", "tap0");
            podNetworkServer().start(net, "pod", tmp);
            try (QemuGuest guest = QemuGuest.builder(GuestImage.build()).nic("tap0", MAC0)
                    .console(tmp.resolve("guest.log")).start(net, "pod")) {
                GuestReport report = guest.awaitDone(BOOT);

                assertThat(report.errors()).isEmpty();
                assertPodLease(report.lease("eth0"), "udhcpc");
                assertThat(report.exchange("eth0")).satisfies(dhcp -> {
                    assertThat(dhcp.discovers()).isPositive();
                    assertThat(dhcp.requests()).isPositive();
                    assertThat(dhcp.naks()).isZero();
                });
                assertThat(report.link("eth0")).isEqualTo(new GuestReport.Link("eth0", MAC0, 1450,
                        List.of("10.244.1.5/24")));
                assertThat(report.routes()).containsExactlyInAnyOrder(
                        new GuestReport.Route("default", Optional.of("10.244.1.1"), "eth0"),
                        new GuestReport.Route("10.244.1.0/24", Optional.empty(), "eth0"),
                        new GuestReport.Route("10.250.0.0/16", Optional.of("10.244.1.254"), "eth0"));
                assertThat(report.hostname()).hasValue("nodejs");
                assertThat(report.ping()).hasValueSatisfying(ping -> {
                    assertThat(ping.target()).isEqualTo("10.244.1.1");
                    assertThat(ping.ok()).isTrue();
                    assertThat(ping.rttMillis()).isPresent();
                });
                GuestReport.Timing timing = report.requireTiming();
                assertThat(timing.init()).isPositive();
                assertThat(report.lease("eth0").boundMillis()).isBetween(timing.dhcpStart(), timing.bound());
                assertThat(report.done()).isTrue();
                // The pod saw the guest: its ARP entry for the leased address carries the guest MAC.
                assertThat(net.exec("pod", "ip", "neigh", "show", "10.244.1.5", "dev", "br0")).contains(MAC0);
            }
        }
    }

    @Test
    void twoNicsGetTheirOwnLeasesAndOnlyTheFirstSetsTheDefaultRoute() {
        try (TestNetwork net = TestNetwork.create("pod", "ext")) {
            bridgeWithTap(net, "pod", "br0", "10.244.1.1/24", "tap0");
            podNetworkServer().start(net, "pod", tmp);
            // net1: a second L2 network; the pod's side has no IPv4, the server sits on the far side.
            // Its tap is multiqueue, as k6t-net makes it for an interface with queues > 1.
            bridgeWithTap(net, "pod", "br1", null, "tap1", "multi_queue");
            TestNetwork.run(List.of("ip", "link", "add", "net1", "netns", net.name("pod"), "type", "veth",
                    "peer", "name", "ext0", "netns", net.name("ext")));
            net.exec("pod", "ip", "link", "set", "net1", "master", "br1", "up");
            net.exec("ext", "ip", "addr", "add", "192.168.50.1/24", "dev", "ext0");
            net.exec("ext", "ip", "link", "set", "ext0", "up");
            Dnsmasq.on("ext0", "192.168.50.0", "255.255.255.0")
                    .host(MAC1, "192.168.50.20", "secondary")
                    .option("option:router,192.168.50.1")
                    .option("option:dns-server,192.168.50.53")
                    .start(net, "ext", tmp);
            try (QemuGuest guest = QemuGuest.builder(GuestImage.build()).nic("tap0", MAC0).nic("tap1", MAC1, 2)
                    .console(tmp.resolve("guest.log")).start(net, "pod")) {
                GuestReport report = guest.awaitDone(BOOT);

                assertThat(report.errors()).isEmpty();
                assertPodLease(report.lease("eth0"), "udhcpc");
                GuestLease secondary = report.lease("eth1");
                assertThat(secondary.cidr()).isEqualTo("192.168.50.20/24");
                assertThat(secondary.routers()).containsExactly("192.168.50.1");
                assertThat(secondary.serverId()).isEqualTo("192.168.50.1");
                assertThat(report.link("eth1").addresses()).containsExactly("192.168.50.20/24");
                assertThat(report.defaultRoutes()).containsExactly(
                        new GuestReport.Route("default", Optional.of("10.244.1.1"), "eth0"));
                // DNS and hostname come from the first NIC only.
                assertThat(report.hostname()).hasValue("nodejs");
                assertThat(report.ping().orElseThrow().ok()).isTrue();
            }
        }
    }

    @Test
    void guestRememberingAnOldAddressIsNakedAndThenLeasesTheNewOne() {
        try (TestNetwork net = TestNetwork.create("pod")) {
            bridgeWithTap(net, "pod", "br0", "10.244.1.1/24", "tap0");
            podNetworkServer().start(net, "pod", tmp);
            try (QemuGuest guest = QemuGuest.builder(GuestImage.build()).nic("tap0", MAC0)
                    .previousAddress("eth0", "10.244.1.77/24")
                    .console(tmp.resolve("guest.log")).start(net, "pod")) {
                GuestReport report = guest.awaitDone(BOOT);

                assertThat(report.errors()).isEmpty();
                assertThat(report.naks()).containsExactly(new GuestReport.Nak("eth0", "dhclient",
                        Optional.of("10.244.1.77"), Optional.of("10.244.1.1")));
                assertPodLease(report.lease("eth0"), "dhclient");
                // INIT-REBOOT REQUEST, NAK, DISCOVER, then the REQUEST that is ACKed.
                assertThat(report.exchange("eth0").naks()).isEqualTo(1);
                assertThat(report.exchange("eth0").requests()).isGreaterThanOrEqualTo(2);
                String console = guest.consoleText();
                assertThat(console.indexOf("K6T-REBOOT")).isLessThan(console.indexOf("K6T-NAK"));
                assertThat(console.indexOf("K6T-NAK")).isLessThan(console.indexOf("K6T-LEASE"));
                assertThat(report.link("eth0").addresses()).containsExactly("10.244.1.5/24");
                assertThat(report.ping().orElseThrow().ok()).isTrue();
            }
        }
    }

    @Test
    void guestRenewsByUnicastToItsServerAndKeepsItsLease() throws Exception {
        try (TestNetwork net = TestNetwork.create("pod")) {
            bridgeWithTap(net, "pod", "br0", "10.244.1.1/24", "tap0");
            podNetworkServer().start(net, "pod", tmp);
            try (Tshark server = Tshark.start(net, "pod", "br0", "udp dst port 67", tmp, "ip.dst", "dhcp.ip.client",
                    "dhcp.option.dhcp");
                    QemuGuest guest = QemuGuest.builder(GuestImage.build()).nic("tap0", MAC0).renewOnce()
                            .console(tmp.resolve("guest.log")).start(net, "pod")) {
                GuestReport report = guest.awaitDone(BOOT);

                assertThat(report.errors()).isEmpty();
                assertThat(report.renewals()).singleElement().satisfies(renewal -> {
                    assertThat(renewal.iface()).isEqualTo("eth0");
                    assertThat(renewal.ok()).isTrue();
                    assertThat(renewal.unicast()).isTrue();
                });
                assertThat(report.leases()).extracting(GuestLease::event).containsExactly("bound", "renew");
                assertPodLease(report.lease("eth0"), "udhcpc", "renew");
                assertThat(report.exchange("eth0").naks()).isZero();
                assertThat(report.link("eth0").addresses()).containsExactly("10.244.1.5/24");
                assertThat(report.defaultRoutes()).hasSize(1);
                assertThat(report.ping().orElseThrow().ok()).isTrue();
                String serverLog = Files.readString(tmp.resolve("dnsmasq-br0.log"));
                // The ACK of the selecting REQUEST and at least one of the renewal (a loaded guest may
                // resend its renewal before it sees the first ACK).
                assertThat(serverLog.split("DHCPACK\\(br0\\) 10\\.244\\.1\\.5 " + MAC0, -1))
                        .hasSizeGreaterThanOrEqualTo(3);
                // What reached the server's side: the first REQUEST extending the lease (ciaddr set) was
                // sent to the server's address, so no broadcast rebinding stood in for a lost unicast renewal.
                Predicate<Map<String, String>> extending = fr -> fr.get("dhcp.option.dhcp").equals("3")
                        && fr.get("dhcp.ip.client").equals("10.244.1.5");
                Poll.untilTrue(Duration.ofSeconds(10), "the renewing REQUEST in the capture on br0",
                        () -> server.count(extending) >= 1);
                assertThat(server.frames().stream().filter(extending).map(fr -> fr.get("ip.dst")).findFirst())
                        .as("destination of the first REQUEST extending the lease").hasValue("10.244.1.1");
            }
        }
    }

    @Test
    void guestWhoseMacTheServerDoesNotKnowReportsNoLease() throws Exception {
        try (TestNetwork net = TestNetwork.create("pod")) {
            bridgeWithTap(net, "pod", "br0", "10.244.1.1/24", "tap0");
            podNetworkServer().start(net, "pod", tmp);
            String stranger = "02:00:00:00:00:99";
            try (QemuGuest guest = QemuGuest.builder(GuestImage.build()).nic("tap0", stranger)
                    .dhcpTimeout(Duration.ofSeconds(3))
                    .console(tmp.resolve("guest.log")).start(net, "pod")) {
                GuestReport report = guest.awaitDone(BOOT);

                assertThat(report.noLease()).containsExactly("eth0");
                // -t 3: three DISCOVERs one second apart, then udhcpc gives up.
                assertThat(report.exchange("eth0").discovers()).isEqualTo(3);
                assertThat(report.exchange("eth0").requests()).isZero();
                assertThat(report.leases()).isEmpty();
                assertThat(report.link("eth0").addresses()).isEmpty();
                assertThat(report.defaultRoutes()).isEmpty();
                assertThat(report.ping()).isEmpty();
                assertThat(report.done()).isTrue();
                assertThat(Files.readString(tmp.resolve("dnsmasq-br0.log")))
                        .contains("DHCPDISCOVER(br0) " + stranger + " no address available");
            }
        }
    }

    /** dnsmasq on br0 with the lease every pod-network case expects. */
    private static Dnsmasq podNetworkServer() {
        return Dnsmasq.on("br0", "10.244.1.0", "255.255.255.0")
                .host(MAC0, "10.244.1.5", "nodejs")
                .option("option:router,10.244.1.1")
                .option("option:dns-server,10.96.0.10,10.96.0.11")
                .option("option:domain-search,vm.svc.cluster.local,cluster.local")
                .option("option:domain-name,pod.example")
                .option("option:mtu,1450")
                .option("option:classless-static-route,10.250.0.0/16,10.244.1.254,0.0.0.0/0,10.244.1.1");
    }

    private static void assertPodLease(GuestLease lease, String client) {
        assertPodLease(lease, client, "bound");
    }

    private static void assertPodLease(GuestLease lease, String client, String event) {
        assertThat(lease).isEqualTo(new GuestLease("eth0", "10.244.1.5", 24, List.of("10.244.1.1"),
                List.of(new GuestLease.Route("10.250.0.0/16", "10.244.1.254"),
                        new GuestLease.Route("0.0.0.0/0", "10.244.1.1")),
                List.of("10.96.0.10", "10.96.0.11"), List.of("vm.svc.cluster.local", "cluster.local"),
                Optional.of("pod.example"), OptionalInt.of(1450), Optional.of("nodejs"), "10.244.1.1", 3600, client,
                event, lease.boundMillis()));
    }

    /** A bridge (with {@code cidr} unless null) and a tap enslaved to it, both up. */
    private static void bridgeWithTap(TestNetwork net, String role, String bridge, String cidr, String tap,
            String... tapFlags) {
        net.exec(role, "ip", "link", "add", bridge, "type", "bridge");
        if (cidr != null) {
            net.exec(role, "ip", "addr", "add", cidr, "dev", bridge);
        }
        net.exec(role, "ip", "link", "set", bridge, "up");
        List<String> add = new ArrayList<>(List.of("ip", "tuntap", "add", "dev", tap, "mode", "tap"));
        add.addAll(List.of(tapFlags));
        net.exec(role, add.toArray(String[]::new));
        net.exec(role, "ip", "link", "set", tap, "master", bridge, "up");
    }
}
