package io.k6t.net.dhcp.v6.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.net.InetAddresses;
import io.k6t.net.dhcp.MacAddress;
import io.k6t.net.dhcp.server.LeaseConfigException;
import java.net.Inet6Address;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The DHCPv6 lease file: what dhcp serve --lease6 and dhcp replay --lease6 read. */
class Lease6JsonTest {
    private static final String FULL = """
            {"interface": "k6t-eth0", "serverMac": "02:6b:36:74:00:01", "clientMac": "02:00:00:74:17:75",
             "address": "fd00:10:244::5/64", "leaseSeconds": 3600, "dnsServers": ["fd00:10:96::a"],
             "searchDomains": ["vm.svc.cluster.local", "cluster.local"], "rapidCommit": false}
            """;

    @TempDir
    Path tmp;

    @Test
    void everyFieldIsReadAndWrittenBackToAnEqualLease() {
        Lease6 lease = Lease6.parse(FULL);

        assertThat(lease).isEqualTo(new Lease6("k6t-eth0", MacAddress.parse("02:6b:36:74:00:01"),
                MacAddress.parse("02:00:00:74:17:75"), ip("fd00:10:244::5"), 64, 3600, List.of(ip("fd00:10:96::a")),
                List.of("vm.svc.cluster.local", "cluster.local"), false));
        assertThat(Lease6.parse(lease.toJson())).isEqualTo(lease);
    }

    @Test
    void optionalFieldsHaveTheirDefaults() {
        Lease6 lease = Lease6.parse("""
                {"interface": "k6t-eth0", "serverMac": "02:6b:36:74:00:01", "clientMac": "02:00:00:74:17:75",
                 "address": "fd00:10:244::5/128"}
                """);

        assertThat(lease.leaseSeconds()).isEqualTo(Lease6.DEFAULT_LEASE_SECONDS);
        assertThat(lease.rapidCommit()).isTrue();
        assertThat(lease.dnsServers()).isEmpty();
        assertThat(lease.searchDomains()).isEmpty();
        assertThat(lease.prefixLength()).isEqualTo(128);
    }

    @Test
    void eachBadFieldIsNamedWithItsValue() {
        assertError(FULL.replace("\"fd00:10:244::5/64\"", "\"fd00:10:244::5\""), "address", "fd00:10:244::5");
        assertError(FULL.replace("::5/64", "::5/129"), "address", "fd00:10:244::5/129");
        assertError(FULL.replace("\"fd00:10:244::5/64\"", "\"10.244.1.5/24\""), "address", "10.244.1.5");
        assertError(FULL.replace("\"fd00:10:244::5/64\"", "\"fe80::5/64\""), "address", "fe80::5/64");
        assertError(FULL.replace("\"02:00:00:74:17:75\"", "\"02:00:00:74:17\""), "clientMac", "02:00:00:74:17");
        assertError(FULL.replace("3600", "2"), "leaseSeconds", "2");
        assertError(FULL.replace("\"fd00:10:96::a\"", "\"10.96.0.10\""), "dnsServers[0]", "10.96.0.10");
        assertError(FULL.replace("\"cluster.local\"", "\"bad..name\""), "searchDomains[1]", "bad..name");
        assertError(FULL.replace("false}", "\"yes\"}"), "rapidCommit", "\"yes\"");
        assertError(FULL.replace("\"k6t-eth0\"", "\"k6t-a-very-long-name\""), "interface", "k6t-a-very-long-name");
        assertError(FULL.replace("\"serverMac\"", "\"colour\": \"red\", \"serverMac\""), "colour", "\"red\"");
        assertError(FULL.replace("\"serverMac\": \"02:6b:36:74:00:01\",", ""), "serverMac", null);
    }

    @Test
    void loadingAFilePrefixesItsPath() throws Exception {
        Path file = Files.writeString(tmp.resolve("lease6.json"), FULL.replace("3600", "2"));

        assertThatThrownBy(() -> Lease6.load(file)).isInstanceOf(LeaseConfigException.class)
                .hasMessageStartingWith(file + ": leaseSeconds: ");
        assertThat(Lease6.load(Files.writeString(tmp.resolve("ok.json"), FULL))).isEqualTo(Lease6.parse(FULL));
    }

    private static void assertError(String json, String field, String value) {
        assertThatThrownBy(() -> Lease6.parse(json)).isInstanceOfSatisfying(LeaseConfigException.class, e -> {
            assertThat(e.field()).isEqualTo(field);
            if (value == null) {
                assertThat(e.value()).isEmpty();
            } else {
                assertThat(e.value()).hasValueSatisfying(v -> assertThat(v).contains(value.replace("\"", "")));
            }
        });
    }

    private static Inet6Address ip(String text) {
        return (Inet6Address) InetAddresses.forString(text);
    }
}
