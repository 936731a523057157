package io.k6t.net.launcher.netlink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.net.InetAddresses;
import java.nio.file.Path;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The netlink package's value types: parsing, validation, printing. */
class ValuesTest {

    @Test
    void macAddressRoundTripsAndComparesByValue() {
        MacAddress mac = MacAddress.parse("02:AA:bb:00:74:17");

        assertThat(mac).hasToString("02:aa:bb:00:74:17");
        assertThat(mac).isEqualTo(MacAddress.fromBytes(new byte[] {2, (byte) 0xaa, (byte) 0xbb, 0, 0x74, 0x17}));
        assertThat(mac.isLocalUnicast()).isTrue();
        assertThat(MacAddress.parse("01:00:5e:00:00:01").isLocalUnicast()).isFalse();
    }

    @Test
    void macAddressesRoundTripForRandomBytes() {
        long seed = System.nanoTime();
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < 1000; i++) {
            byte[] bytes = new byte[6];
            random.nextBytes(bytes);
            MacAddress mac = MacAddress.fromBytes(bytes);
            assertThat(MacAddress.parse(mac.toString())).as("seed %d", seed).isEqualTo(mac);
            assertThat(mac.toBytes()).as("seed %d", seed).isEqualTo(bytes);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "02:00:00:00:00", "02:00:00:00:00:0g", "02-00-00-00-00-01", "02:00:00:00:00:01:",
            "0200:00:00:00:01"})
    void malformedMacsAreRefusedNamingTheInput(String text) {
        assertThat(MacAddress.tryParse(text)).isEmpty();
        assertThatThrownBy(() -> MacAddress.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + text + "'");
    }

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

    @Test
    void errnoKeepsUnknownNumbersAndNamesKnownOnes() {
        assertThat(Errno.valueOf(17)).isSameAs(Errno.EEXIST).hasToString("EEXIST (17, File exists)");
        assertThat(Errno.valueOf("EOPNOTSUPP").number()).isEqualTo(95);
        assertThat(Errno.valueOf(4095)).isEqualTo(Errno.valueOf(4095)).extracting(Errno::name).isEqualTo("E4095");
        assertThatThrownBy(() -> Errno.valueOf("ENOPE")).hasMessageContaining("EEXIST");
        assertThatThrownBy(() -> Errno.valueOf(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "this-is-16-bytes", "a/b", "a:b", "a b", ".", ".."})
    void invalidLinkNamesAreRefused(String name) {
        assertThatThrownBy(() -> LinkNames.requireValid(name)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + name + "'");
    }

    @Test
    void linkNamesCountBytesNotCharacters() {
        assertThat(LinkNames.requireValid("k6t-abcdefghijk")).hasSize(15);
        assertThatThrownBy(() -> LinkNames.requireValid("k6t-éééééé")).hasMessageContaining("16 bytes");
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
