package io.k6t.net.dhcp.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.k6t.net.dhcp.internal.Ipv4;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LeaseConfigTest {
    @TempDir
    Path tmp;

    static String designExample() {
        try (InputStream in = LeaseConfigTest.class.getResourceAsStream("/lease/design-example.json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void readsTheDesignExample() {
        LeaseConfig lease = LeaseConfig.parse(designExample());

        assertThat(lease.interfaceName()).isEqualTo("k6t-eth0");
        assertThat(lease.serverAddress().getHostAddress()).isEqualTo("169.254.75.10");
        assertThat(lease.clientMacText()).isEqualTo("02:00:00:74:17:75");
        assertThat(lease.address().getHostAddress()).isEqualTo("10.244.1.5");
        assertThat(lease.prefixLength()).isEqualTo(24);
        assertThat(lease.subnetMask().getHostAddress()).isEqualTo("255.255.255.0");
        assertThat(lease.gateway()).map(a -> a.getHostAddress()).contains("10.244.1.1");
        assertThat(lease.routes()).extracting(StaticRoute::toString).containsExactly("0.0.0.0/0 via 10.244.1.1");
        assertThat(lease.dnsServers()).extracting(a -> a.getHostAddress()).containsExactly("10.96.0.10");
        assertThat(lease.searchDomains()).containsExactly("vm.svc.cluster.local", "cluster.local");
        assertThat(lease.domainName()).isEmpty();
        assertThat(lease.mtu()).hasValue(1450);
        assertThat(lease.hostname()).contains("nodejs");
        assertThat(lease.leaseSeconds()).isEqualTo(86_313_600L);
        assertThat(lease.privateOptions()).containsExactly(PrivateOption.ofText(240, "extra"));
        assertThat(lease.acceptRelayed()).isFalse();
        assertThat(lease.warnings()).isEmpty();
    }

    @Test
    void writesJsonThatReadsBackEqual() throws IOException {
        LeaseConfig lease = LeaseConfig.parse(designExample()).toBuilder()
                .addPrivateOption(PrivateOption.ofBytes(250, new byte[] {0, 1, (byte) 0xff}))
                .tftpServerName("tftp.example").bootFileName("pxelinux.0").domainName("example.org")
                .addNtpServer(Ipv4.tryParse("10.0.0.123").orElseThrow()).acceptRelayed(true).mtu(null).build();
        Path file = tmp.resolve("lease.json");
        Files.writeString(file, lease.toJson());

        LeaseConfig back = LeaseConfig.load(file);

        assertThat(back).isEqualTo(lease);
        assertThat(back.privateOptions().get(1).value()).containsExactly(0, 1, 0xff);
        assertThat(back.mtu()).isEmpty();
    }

    @Test
    void unknownFieldIsNamed() {
        String json = designExample().replace("\"mtu\"", "\"mtuu\"");
        assertThatThrownBy(() -> LeaseConfig.parse(json)).isInstanceOf(LeaseConfigException.class)
                .hasMessageContaining("mtuu").hasMessageContaining("no such field")
                .satisfies(e -> assertThat(((LeaseConfigException) e).field()).isEqualTo("mtuu"));
    }

    @Test
    void duplicateFieldIsAnError() {
        String json = designExample().replace("\"mtu\": 1450", "\"mtu\": 1450, \"mtu\": 1500");
        assertThatThrownBy(() -> LeaseConfig.parse(json)).isInstanceOf(LeaseConfigException.class)
                .hasMessageContaining("mtu");
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', value = {
        "address|\"10.244.1.5\"|address",
        "address|\"10.244.1.0/24\"|address",
        "address|\"10.244.1.5/33\"|address",
        "serverAddress|\"169.254.75\"|serverAddress",
        "gateway|\"224.0.0.1\"|gateway",
        "clientMac|\"02:00:00:74:17\"|clientMac",
        "clientMac|\"01:00:5e:00:00:01\"|clientMac",
        "mtu|67|mtu",
        "mtu|\"1450\"|mtu",
        "leaseSeconds|0|leaseSeconds",
        "leaseSeconds|4294967296|leaseSeconds",
        "interface|\"a-name-that-is-too-long\"|interface",
        "routes|[{\"destination\": \"10.0.0.1/8\", \"gateway\": \"10.244.1.1\"}]|routes[0].destination",
        "routes|[{\"destination\": \"10.0.0.0/8\", \"gateway\": \"x\"}]|routes[0].gateway",
        "routes|[{\"destination\": \"10.0.0.0/8\", \"via\": \"10.244.1.1\"}]|routes[0].via",
        "dnsServers|[\"10.96.0.10\", \"::1\"]|dnsServers[1]",
        "privateOptions|[{\"code\": 223, \"value\": \"x\"}]|privateOptions[0].code",
        "privateOptions|[{\"code\": 255, \"value\": \"x\"}]|privateOptions[0].code",
        "privateOptions|[{\"code\": 240, \"value\": \"a\"}, {\"code\": 240, \"value\": \"b\"}]|privateOptions[1].code",
        "privateOptions|[{\"code\": 240, \"value\": \"\"}]|privateOptions[0].value",
        "privateOptions|[{\"code\": 240, \"hex\": \"0g\"}]|privateOptions[0].hex",
        "tftpServerName|\"tab\\there\"|tftpServerName",
        "acceptRelayed|\"yes\"|acceptRelayed",
    })
    void invalidValueIsNamed(String field, String value, String expectedField) {
        String json = replaceField(designExample(), field, value);

        assertThatThrownBy(() -> LeaseConfig.parse(json)).isInstanceOf(LeaseConfigException.class)
                .hasMessageContaining(expectedField + ": ")
                .satisfies(e -> assertThat(((LeaseConfigException) e).field()).isEqualTo(expectedField));
    }

    @Test
    void missingRequiredFieldIsNamed() {
        String json = designExample().replace("\"clientMac\": \"02:00:00:74:17:75\",", "");
        assertThatThrownBy(() -> LeaseConfig.parse(json)).isInstanceOf(LeaseConfigException.class)
                .hasMessageContaining("clientMac: missing");
    }

    @Test
    void serverAddressMustDifferFromGuestAddress() {
        String json = replaceField(designExample(), "serverAddress", "\"10.244.1.5\"");
        assertThatThrownBy(() -> LeaseConfig.parse(json)).hasMessageContaining("serverAddress: \"10.244.1.5\"");
    }

    @Test
    void notJsonNamesTheSource() throws IOException {
        Path file = tmp.resolve("broken.json");
        Files.writeString(file, "{\"interface\": ");
        assertThatThrownBy(() -> LeaseConfig.load(file)).isInstanceOf(LeaseConfigException.class)
                .hasMessageStartingWith(file + ": not valid JSON");
        assertThatThrownBy(() -> LeaseConfig.load(tmp.resolve("absent.json"))).isInstanceOf(LeaseConfigException.class)
                .hasMessageContaining("absent.json: cannot read");
    }

    @Test
    void searchDomainsAreLowerCasedAndInvalidOnesDroppedWithAWarning() {
        String json = replaceField(designExample(), "searchDomains",
                "[\"VM.svc.Cluster.Local.\", \"bad..domain\", \"-x.org\", \"cluster.local\", \"vm.svc.cluster.local\","
                + " \"" + "a".repeat(64) + ".org\"]");

        LeaseConfig lease = LeaseConfig.parse(json);

        assertThat(lease.searchDomains()).containsExactly("vm.svc.cluster.local", "cluster.local");
        assertThat(lease.warnings()).hasSize(4).anySatisfy(w -> assertThat(w).contains("bad..domain"))
                .anySatisfy(w -> assertThat(w).contains("-x.org")).anySatisfy(w -> assertThat(w).contains("repeated"));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "nodejs, nodejs",
        "My_VM.example.org, My-VM",
        "'  --weird**name--  ', weird-name",
        "äbc, bc",
    })
    void hostnameIsSanitizedToALabel(String given, String sent) {
        LeaseConfig lease = LeaseConfig.parse(replaceField(designExample(), "hostname", "\"" + given + "\""));

        assertThat(lease.hostname()).contains(sent);
        assertThat(lease.warnings()).hasSize(given.equals(sent) ? 0 : 1);
    }

    @Test
    void longHostnameIsCutTo63Characters() {
        LeaseConfig lease = LeaseConfig.parse(replaceField(designExample(), "hostname",
                "\"" + "h".repeat(62) + "-x" + "y".repeat(10) + "\""));

        assertThat(lease.hostname()).contains("h".repeat(62));
    }

    @Test
    void hostnameWithoutUsableCharactersIsDropped() {
        LeaseConfig lease = LeaseConfig.parse(replaceField(designExample(), "hostname", "\"***\""));

        assertThat(lease.hostname()).isEmpty();
        assertThat(lease.warnings()).singleElement().asString().contains("hostname");
    }

    @Test
    void aLeaseWhoseReplyCannotBeEncodedIsRejectedNamingTheField() {
        LeaseConfig.Builder big = LeaseConfig.parse(designExample()).toBuilder();
        for (int code = 224; code < 228; code++) {
            big.addPrivateOption(PrivateOption.ofText(code, "x".repeat(LeaseConfig.MAX_PRIVATE_OPTION_BYTES)));
        }

        assertThatThrownBy(big::build).isInstanceOf(LeaseConfigException.class)
                .hasMessageStartingWith("privateOptions: ").hasMessageContaining("within 576");
    }

    @Test
    void defaultsWhenOptionalFieldsAreAbsent() {
        LeaseConfig lease = LeaseConfig.parse("{\"interface\": \"k6t-net1\", \"serverAddress\": \"169.254.75.11\","
                + " \"clientMac\": \"02:00:00:00:00:01\", \"address\": \"192.168.1.2/32\"}");

        assertThat(lease.leaseSeconds()).isEqualTo(LeaseConfig.DEFAULT_LEASE_SECONDS);
        assertThat(lease.routes()).isEmpty();
        assertThat(lease.gateway()).isEmpty();
        assertThat(lease.mtu()).isEmpty();
        assertThat(lease.acceptRelayed()).isFalse();
        assertThat(lease.privateOptions()).isEqualTo(List.of());
    }

    static String replaceField(String json, String field, String value) {
        String replaced = json.replaceFirst("\"" + field + "\": (\\[[^\\]]*\\]|\"[^\"]*\"|[^,}]+)",
                java.util.regex.Matcher.quoteReplacement("\"" + field + "\": " + value));
        assertThat(replaced).as("field %s in the example", field).contains("\"" + field + "\": " + value);
        return replaced;
    }
}
