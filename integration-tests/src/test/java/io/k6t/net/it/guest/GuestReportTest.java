package io.k6t.net.it.guest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class GuestReportTest {
    private static final long BOUND_MS = 16560;
    /**
     * A real console: {@code scripts/boot-guest.sh --netns NS --nic tap0=02:00:00:74:17:75 --
     * k6t.prev_ip=eth0:10.244.1.77/24} with tap0 on a bridge served by dnsmasq (authoritative, host
     * 02:00:00:74:17:75 = 10.244.1.5 "nodejs", router 10.244.1.1, DNS 10.96.0.10, search
     * vm.svc.cluster.local and cluster.local, MTU 1450, classless routes 169.254.75.10/32 on-link and
     * the default via 10.244.1.1). SeaBIOS escape codes, CRLF endings and "Booting from ROM.." on the
     * line of the first K6T record included.
     */
    private static String prevIpConsole() throws IOException {
        try (InputStream in = GuestReportTest.class.getResourceAsStream("/guest/console-prev-ip.log")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void parsesEveryRecordOfARealBoot() throws IOException {
        GuestReport report = GuestReport.parse(prevIpConsole());

        assertThat(report.reboots()).containsExactly(new GuestReport.Reboot("eth0", "10.244.1.77", "dhclient"));
        assertThat(report.exchange("eth0")).isEqualTo(new GuestReport.Exchange("eth0", "dhclient", 1, 2, 1, 3520));
        assertThat(report.naks()).containsExactly(new GuestReport.Nak("eth0", "dhclient", Optional.of("10.244.1.77"),
                Optional.of("10.244.1.1")));
        assertThat(report.lease("eth0")).isEqualTo(new GuestLease("eth0", "10.244.1.5", 24, List.of("10.244.1.1"),
                List.of(new GuestLease.Route("169.254.75.10/32", "0.0.0.0"),
                        new GuestLease.Route("0.0.0.0/0", "10.244.1.1")),
                List.of("10.96.0.10"), List.of("vm.svc.cluster.local", "cluster.local"), Optional.empty(),
                OptionalInt.of(1450), Optional.of("nodejs"), "10.244.1.1", 3600, "dhclient", "bound", BOUND_MS));
        assertThat(report.link("eth0")).isEqualTo(new GuestReport.Link("eth0", "02:00:00:74:17:75", 1450,
                List.of("10.244.1.5/24")));
        assertThat(report.routes()).containsExactly(
                new GuestReport.Route("default", Optional.of("10.244.1.1"), "eth0"),
                new GuestReport.Route("10.244.1.0/24", Optional.empty(), "eth0"),
                new GuestReport.Route("169.254.75.10/32", Optional.empty(), "eth0"));
        assertThat(report.defaultRoutes()).hasSize(1);
        assertThat(report.hostname()).hasValue("nodejs");
        assertThat(report.ping()).hasValue(new GuestReport.Ping("10.244.1.1", true, Optional.of(55.304), 1));
        assertThat(report.requireTiming()).isEqualTo(new GuestReport.Timing(11320, 12660, 12760, 16630, 17160));
        assertThat(report.requireTiming().dhcpMillis()).isEqualTo(3870);
        assertThat(report.renewals()).isEmpty();
        assertThat(report.noLease()).isEmpty();
        assertThat(report.errors()).isEmpty();
        assertThat(report.unknown()).isEmpty();
        assertThat(report.done()).isTrue();
    }

    /**
     * A real dual-stack console: {@code scripts/boot-guest.sh --netns NS --nic tap0=02:00:00:74:17:75 --
     * k6t.dhcp6=eth0 k6t.ping6=fd00:10:244::1} with tap0 on a bridge (10.244.1.1/24, fd00:10:244::1/64)
     * served by dnsmasq: DHCPv4 as for {@link #prevIpConsole()}, DHCPv6 {@code fd00:10:244::5} with DNS
     * fd00:10:96::a and the same search list, router advertisements ({@code --enable-ra}).
     */
    @Test
    void parsesTheIpv6RecordsOfARealDualStackBoot() throws IOException {
        String console;
        try (InputStream in = GuestReportTest.class.getResourceAsStream("/guest/console-dual-stack.log")) {
            console = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        GuestReport report = GuestReport.parse(console);
        GuestReport.Ipv6 ipv6 = report.ipv6();
        String router = "fe80::bc03:49ff:fec2:dae2";

        assertThat(report.lease("eth0").cidr()).isEqualTo("10.244.1.5/24");
        assertThat(ipv6.lease("eth0")).isEqualTo(new GuestLease6("eth0", "fd00:10:244::5", 128,
                List.of("fd00:10:96::a"), List.of("vm.svc.cluster.local", "cluster.local"),
                "00:01:00:01:32:a6:cd:64:02:8b:a3:28:11:77", 3600, 3600, "dhclient", "bound", 7210));
        assertThat(ipv6.exchange("eth0")).isEqualTo(new GuestReport.Exchange6("eth0", "dhclient", 1, 1, 1, 1, 1050,
                2380));
        assertThat(ipv6.router()).hasValue(new GuestReport.DefaultRouter("eth0", true, Optional.of(router), 20));
        assertThat(ipv6.link("eth0")).isEqualTo(new GuestReport.Link6("eth0", List.of("fd00:10:244::5/128"),
                List.of("fe80::ff:fe74:1775/64")));
        assertThat(ipv6.routes()).containsExactly(
                new GuestReport.Route("fd00:10:244::5/128", Optional.empty(), "eth0"),
                new GuestReport.Route("fd00:10:244::/64", Optional.empty(), "eth0"),
                new GuestReport.Route("default", Optional.of(router), "eth0"));
        assertThat(ipv6.defaultRoutes()).hasSize(1);
        assertThat(ipv6.ping()).hasValue(new GuestReport.Ping("fd00:10:244::1", true, Optional.of(10.212), 1));
        assertThat(report.ping()).map(GuestReport.Ping::ok).hasValue(true);
        assertThat(report.resolver()).hasValue(new GuestReport.Resolver(List.of("10.96.0.10", "fd00:10:96::a"),
                List.of("vm.svc.cluster.local", "cluster.local")));
        assertThat(ipv6.renewals()).isEmpty();
        assertThat(ipv6.noLease()).isEmpty();
        assertThat(report.errors()).isEmpty();
        assertThat(report.unknown()).isEmpty();
    }

    @Test
    void anIpv4OnlyBootHasNoIpv6Records() throws IOException {
        GuestReport.Ipv6 ipv6 = GuestReport.parse(prevIpConsole()).ipv6();

        assertThat(ipv6.leases()).isEmpty();
        assertThat(ipv6.exchanges()).isEmpty();
        assertThat(ipv6.routes()).isEmpty();
        assertThat(ipv6.router()).isEmpty();
        assertThat(ipv6.ping()).isEmpty();
        assertThatThrownBy(() -> ipv6.lease("eth0")).hasMessageContaining("no DHCPv6 lease on eth0");
    }

    @Test
    void aConsoleCutShortIsNotDoneAndHasNoTiming() throws IOException {
        String console = prevIpConsole();
        GuestReport report = GuestReport.parse(console.substring(0, console.indexOf("K6T-LINK")));

        assertThat(report.done()).isFalse();
        assertThat(report.timing()).isEmpty();
        assertThatThrownBy(report::requireTiming).hasMessageContaining("K6T-TIME");
        assertThatThrownBy(() -> report.link("eth0")).hasMessageContaining("no link eth0");
    }

    @Test
    void aNicWithoutLeaseIsReportedAndAskingForItsLeaseSaysSo() {
        GuestReport report = GuestReport.parse("""
                udhcpc: started, v1.35.0
                udhcpc: broadcasting discover
                K6T-DHCP iface=eth0 client=udhcpc discovers=1 requests=0 naks=0 ms=3010
                K6T-NOLEASE iface=eth0
                K6T-ERROR stage=route value=0.0.0.0/0@10.0.0.1
                K6T-FUTURE x=1
                K6T-DONE
                """);

        assertThat(report.noLease()).containsExactly("eth0");
        assertThat(report.exchange("eth0")).isEqualTo(new GuestReport.Exchange("eth0", "udhcpc", 1, 0, 0, 3010));
        assertThat(report.errors()).containsExactly("K6T-ERROR stage=route value=0.0.0.0/0@10.0.0.1");
        assertThat(report.unknown()).containsExactly("K6T-FUTURE x=1");
        assertThatThrownBy(() -> report.lease("eth0")).hasMessageContaining("no lease on eth0")
                .hasMessageContaining("no lease on [eth0]");
    }

    @Test
    void emptyFieldsAreAbsentValues() {
        GuestLease lease = GuestReport.parse("K6T-LEASE iface=eth1 ip=192.168.50.20 prefix=24 router= routes= dns= "
                + "search= domain= mtu= hostname= serverid=192.168.50.1 lease=3600 client=udhcpc event=bound "
                + "bound_ms=10")
                .lease("eth1");

        assertThat(lease.routers()).isEmpty();
        assertThat(lease.routes()).isEmpty();
        assertThat(lease.mtu()).isEmpty();
        assertThat(lease.hostname()).isEmpty();
        assertThat(lease.domainName()).isEmpty();
        assertThat(lease.cidr()).isEqualTo("192.168.50.20/24");
    }

    @Test
    void malformedRecordsFailNamingTheInput() {
        assertThatThrownBy(() -> GuestReport.parse("K6T-PING target=10.0.0.1 ok"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("malformed field 'ok'");
        assertThatThrownBy(() -> GuestReport.parse("K6T-TIME init=5 modules=4 dhcp_start=6 bound=7 done=8"))
                .hasMessageContaining("out of order");
        assertThatThrownBy(() -> GuestReport.parse("K6T-LINK iface=eth0 mac=02:00:00:00:00:01 mtu=big addr="))
                .hasMessageContaining("'mtu' is not a number: big");
        assertThatThrownBy(() -> GuestLease.Route.parse("10.0.0.0/8"))
                .hasMessageContaining("'10.0.0.0/8' (expected: dst/len@gw)");
    }
}
