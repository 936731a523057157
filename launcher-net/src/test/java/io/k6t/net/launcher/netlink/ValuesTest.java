package io.k6t.net.launcher.netlink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.net.InetAddresses;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The netlink package's value types: parsing, validation, printing. */
class ValuesTest {

    @Test
    void ipPrefixesKeepHostBitsAndPrintLikeIp() {
        IpPrefix v4 = IpPrefix.parse("10.244.1.5/24");
        IpPrefix v6 = IpPrefix.parse("fd00:0::1/64");

        assertThat(v4).hasToString("10.244.1.5/24");
        assertThat(v4.isIpv4()).isTrue();
        assertThat(v6).hasToString("fd00::1/64");
        assertThat(IpPrefix.parse("10.0.0.1")).isEqualTo(new IpPrefix(InetAddresses.forString("10.0.0.1"), 32));
        assertThat(IpPrefix.parse("0.0.0.0/0").isDefault()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.0.0.1/33", "fd00::1/129", "10.0.0/24", "10.0.0.1/", "10.0.0.1/-1", "host/24",
            "10.0.0.1/2a"})
    void malformedPrefixesAreRefused(String text) {
        assertThat(IpPrefix.tryParse(text)).isEmpty();
        assertThatThrownBy(() -> IpPrefix.parse(text)).hasMessageContaining("'" + text + "'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "this-is-16-bytes", "a/b", "a:b", "a b", ".", ".."})
    void invalidLinkNamesAreRefused(String name) {
        assertThat(LinkName.isValid(name)).isFalse();
        assertThatThrownBy(() -> LinkName.requireValid(name)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + name + "'");
    }

    @Test
    void linkNamesAreAsciiSoACharacterIsAByte() {
        assertThat(LinkName.requireValid("k6t-abcdefghijk")).hasSize(15);
        assertThat(LinkName.isValid("k6t-ééé")).isFalse();
        assertThatThrownBy(() -> LinkName.requireValid("k6t-ééé")).hasMessageContaining("printable ASCII");
        assertThatThrownBy(() -> LinkName.requireValid("k6t-éééééé")).hasMessageContaining("16 bytes");
    }

    @Test
    void sysctlKeysMapUnderProcSysNet() {
        assertThat(Sysctl.path("net.ipv4.conf.all.arp_ignore"))
                .isEqualTo(Path.of("/proc/sys/net/ipv4/conf/all/arp_ignore"));
        assertThat(Sysctl.path("net/ipv4/conf/eth0.100/rp_filter"))
                .isEqualTo(Path.of("/proc/sys/net/ipv4/conf/eth0.100/rp_filter"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"kernel.hostname", "net", "net/../kernel/hostname", "net.ipv4..forwarding",
            "net/ipv4/./x", "/net/ipv4", "net.ipv4 .x", "net/ipv4/conf//x"})
    void sysctlKeysThatWouldLeaveProcSysNetAreRefused(String key) {
        assertThatThrownBy(() -> Sysctl.path(key)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + key + "'");
    }

    @Test
    void routesDefaultLikeIpAndCheckTheirFamily() {
        Route onLink = Route.onLink(IpPrefix.parse("10.244.1.5/32"), 4);
        Route via = Route.via(IpPrefix.parse("0.0.0.0/0"), InetAddresses.forString("10.244.1.1"), 4);

        assertThat(onLink.scope()).isEqualTo(RouteScope.LINK);
        assertThat(onLink.protocol()).isEqualTo(RouteProtocol.BOOT);
        assertThat(onLink.table()).isEqualTo(Route.MAIN_TABLE);
        assertThat(via.scope()).isEqualTo(RouteScope.UNIVERSE);
        assertThat(via.withTable(100).withProtocol(RouteProtocol.STATIC))
                .hasToString("0.0.0.0/0 via 10.244.1.1 dev #4 table 100 proto static scope global");
        assertThatThrownBy(() -> Route.via(IpPrefix.parse("::/0"), InetAddresses.forString("10.0.0.1"), 4))
                .hasMessageContaining("10.0.0.1").hasMessageContaining("::/0");
        assertThatThrownBy(() -> Route.onLink(IpPrefix.parse("10.0.0.0/8"), 0)).hasMessageContaining("link index 0");
        assertThat(new RouteScope(42)).hasToString("42");
        assertThat(Optional.of(new RouteProtocol(16))).contains(RouteProtocol.DHCP);
    }
}
