package io.k6t.net.kubevirt.handoff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.net.InetAddresses;
import io.k6t.net.dhcp.server.LeaseConfig;
import io.k6t.net.dhcp.server.PrivateOption;
import io.k6t.net.dhcp.server.StaticRoute;
import io.k6t.net.kubevirt.handoff.HandoffException.Reason;
import java.net.Inet4Address;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class HandoffCodecTest {
    private static final Handoff PRIMARY = new Handoff("default", "eth0", "k6t-eth0", "tap0", "eth0-nic",
            "02:00:00:74:17:75", 1450, true, Optional.of(Handoff.Lease.of(ip("169.254.75.10"), ip("10.244.1.5"), 24,
                    Optional.of(ip("10.244.1.1")), List.of(new StaticRoute(ip("0.0.0.0"), 0, ip("10.244.1.1"))))),
            OptionalLong.of(35));

    @Test
    void primaryInterfaceFitsOneAliasWithTheDocumentedText() {
        List<String> aliases = HandoffCodec.encode(PRIMARY);

        assertThat(aliases).containsExactly("k6t-net/1 eth0 1/1 n=default;i=eth0;b=k6t-eth0;t=tap0;c=eth0-nic;"
                + "m=02:00:00:74:17:75;u=1450;v=1;s=169.254.75.10;a=10.244.1.5/24;g=10.244.1.1;"
                + "r=0.0.0.0/0>10.244.1.1;l=86313600;d=35");
        assertThat(HandoffCodec.decodeAll(Map.of("k6t-eth0", aliases.get(0)))).containsExactly(PRIMARY);
    }

    @Test
    void everyFieldRoundTripsIncludingEscapedText() {
        Handoff full = new Handoff("net;with=odd %chars/ü", "pod16477688c0e", "k6t-16477688c0e", "tap16477688c0e",
                "16477688c0e-nic", "0a:58:0a:f4:01:05", 9000, true,
                Optional.of(new Handoff.Lease(ip("169.254.75.10"), ip("192.168.7.20"), 28, Optional.empty(),
                List.of(new StaticRoute(ip("10.0.0.0"), 8, ip("192.168.7.17"))), 3600,
                List.of(ip("192.168.7.1"), ip("192.168.7.2")),
                Optional.of("tftp;server"), Optional.of("pxelinux.0 x"),
                List.of(PrivateOption.ofText(240, "extra"), PrivateOption.ofBytes(250, new byte[] {0, 1, -1})))),
                OptionalLong.empty());

        List<String> aliases = HandoffCodec.encode(full);

        assertThat(aliases).allSatisfy(a -> assertThat(a.getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .hasSizeLessThanOrEqualTo(HandoffCodec.MAX_ALIAS_BYTES));
        assertThat(HandoffCodec.decodeAll(carried(full, aliases))).containsExactly(full);
    }

    @Test
    void noLeaseMeansNoLeaseFields() {
        Handoff noIpv4 = new Handoff("default", "eth0", "k6t-eth0", "tap0", "eth0-nic", "02:00:00:74:17:75", 1500,
                false, Optional.empty(), OptionalLong.empty());

        assertThat(HandoffCodec.payload(noIpv4)).isEqualTo(
                "n=default;i=eth0;b=k6t-eth0;t=tap0;c=eth0-nic;m=02:00:00:74:17:75;u=1500");
        assertThat(HandoffCodec.decodeAll(carried(noIpv4, HandoffCodec.encode(noIpv4)))).containsExactly(noIpv4);
    }

    @Test
    void aLongHandoffIsSplitOverTheCarriersInOrderAndReassembled() {
        Handoff many = withRoutes(20);

        List<String> aliases = HandoffCodec.encode(many);

        assertThat(aliases).hasSize(3);
        assertThat(aliases.get(0)).startsWith("k6t-net/1 eth0 1/3 n=default;");
        assertThat(aliases.get(1)).startsWith("k6t-net/1 eth0 2/3 ");
        assertThat(aliases.get(2)).startsWith("k6t-net/1 eth0 3/3 ");
        assertThat(aliases.subList(0, 2)).allSatisfy(a -> assertThat(a).hasSize(HandoffCodec.MAX_ALIAS_BYTES));
        assertThat(HandoffCodec.decodeAll(carried(many, aliases))).containsExactly(many);
    }

    @Test
    void aHandoffNeedingMoreThanThreeAliasesIsRefusedNamingTheSize() {
        assertThatThrownBy(() -> HandoffCodec.encode(withRoutes(40)))
                .isInstanceOfSatisfying(HandoffException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.TOO_LARGE))
                .hasMessageContaining("eth0").hasMessageContaining("at most 3");
    }

    @Test
    void aMissingPartIsIncompleteAndNamesTheParts() {
        List<String> aliases = HandoffCodec.encode(withRoutes(20));
        Map<String, String> links = Map.of("k6t-eth0", aliases.get(0), "eth0-nic", aliases.get(2));

        assertThatThrownBy(() -> HandoffCodec.decodeAll(links))
                .isInstanceOfSatisfying(HandoffException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.INCOMPLETE))
                .hasMessageContaining("[1, 3] of 3");
    }

    @Test
    void otherAliasesAreIgnoredAndSeveralInterfacesAreReadApart() {
        Handoff secondary = new Handoff("blue", "pod16477688c0e", "k6t-16477688c0e", "tap16477688c0e",
                "16477688c0e-nic", "02:00:00:00:00:02", 1500, false, Optional.empty(), OptionalLong.empty());
        Map<String, String> links = new LinkedHashMap<>();
        links.put("lo", "loopback, says the admin");
        links.putAll(carried(secondary, HandoffCodec.encode(secondary)));
        links.putAll(carried(PRIMARY, HandoffCodec.encode(PRIMARY)));

        assertThat(HandoffCodec.decodeAll(links)).containsExactly(PRIMARY, secondary);
    }

    @Test
    void anotherVersionIsRefusedWithAHint() {
        assertThatThrownBy(() -> HandoffCodec.decodeAll(Map.of("k6t-eth0", "k6t-net/2 eth0 1/1 z=1")))
                .isInstanceOfSatisfying(HandoffException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.UNKNOWN_VERSION))
                .hasMessageContaining("k6t-net/2").hasMessageContaining("k6t-net/1");
    }

    @Test
    void malformedPartsAndFieldsNameTheLinkOrTheField() {
        assertThatThrownBy(() -> HandoffCodec.decodeAll(Map.of("k6t-eth0", "k6t-net/1 eth0 1of1 n=x")))
                .isInstanceOfSatisfying(HandoffException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.MALFORMED))
                .hasMessageContaining("k6t-eth0").hasMessageContaining("1of1");
        assertThatThrownBy(() -> HandoffCodec.decodeAll(Map.of("k6t-eth0", "k6t-net/1 eth0 1/1 n=x;i=eth0")))
                .isInstanceOfSatisfying(HandoffException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.MALFORMED))
                .hasMessageContaining("no field \"b\"");
        String badMtu = HandoffCodec.encode(PRIMARY).get(0).replace("u=1450", "u=12");
        assertThatThrownBy(() -> HandoffCodec.decodeAll(Map.of("k6t-eth0", badMtu)))
                .isInstanceOf(HandoffException.class).hasMessageContaining("mtu: 12");
        String badPin = HandoffCodec.encode(PRIMARY).get(0).replace("v=1", "v=yes");
        assertThatThrownBy(() -> HandoffCodec.decodeAll(Map.of("k6t-eth0", badPin)))
                .isInstanceOf(HandoffException.class).hasMessageContaining("v: \"yes\" (expected: 1, or no v)");
    }

    @Test
    void unknownKeysOfTheSameVersionAreIgnored() {
        String alias = HandoffCodec.encode(PRIMARY).get(0) + ";zz=later";

        assertThat(HandoffCodec.decodeAll(Map.of("k6t-eth0", alias))).containsExactly(PRIMARY);
    }

    @Test
    void leaseConfigAddsWhatTheSidecarReadsInThePod() {
        LeaseConfig lease = PRIMARY.leaseConfig(List.of(ip("10.96.0.10")), List.of("default.svc.cluster.local"),
                Optional.of("vm1")).orElseThrow();

        assertThat(lease.interfaceName()).isEqualTo("k6t-eth0");
        assertThat(lease.clientMacText()).isEqualTo("02:00:00:74:17:75");
        assertThat(lease.address()).isEqualTo(ip("10.244.1.5"));
        assertThat(lease.prefixLength()).isEqualTo(24);
        assertThat(lease.gateway()).contains(ip("10.244.1.1"));
        assertThat(lease.dnsServers()).containsExactly(ip("10.96.0.10"));
        assertThat(lease.searchDomains()).containsExactly("default.svc.cluster.local");
        assertThat(lease.hostname()).contains("vm1");
        assertThat(lease.mtu()).hasValue(1450);
        assertThat(Handoff.Lease.from(lease)).isEqualTo(PRIMARY.lease().orElseThrow());
    }

    private static Handoff withRoutes(int count) {
        List<StaticRoute> routes = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            routes.add(new StaticRoute(ip("10." + i + ".0.0"), 16, ip("10.244.1.1")));
        }
        return new Handoff("default", "eth0", "k6t-eth0", "tap0", "eth0-nic", "02:00:00:74:17:75", 1450, false,
                Optional.of(Handoff.Lease.of(ip("169.254.75.10"), ip("10.244.1.5"), 24, Optional.of(ip("10.244.1.1")),
                        routes)), OptionalLong.empty());
    }

    private static Map<String, String> carried(Handoff handoff, List<String> aliases) {
        Map<String, String> links = new LinkedHashMap<>();
        for (int i = 0; i < aliases.size(); i++) {
            links.put(handoff.carriers().get(i), aliases.get(i));
        }
        return links;
    }

    private static Inet4Address ip(String text) {
        return (Inet4Address) InetAddresses.forString(text);
    }
}
