package io.k6t.net.launcher.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.k6t.net.dhcp.server.PrivateOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvFileSource;

class PodConfigTest {
    private static final String MINIMAL = """
            {"stateDir": "/run/k6t", "interfaces": [{"name": "default", "podInterface": "eth0", "binding": "bridge"}]}
            """;

    @Test
    void minimalConfigGetsTheDefaults() {
        PodConfig config = PodConfig.parse(MINIMAL);
        assertThat(config.stateDir()).isEqualTo(Path.of("/run/k6t"));
        assertThat(config.resolvConf()).isEqualTo(Path.of("/etc/resolv.conf"));
        assertThat(config.hostname()).isEmpty();
        InterfaceConfig eth0 = config.interfaces().get(0);
        assertThat(eth0.queues()).isEqualTo(1);
        assertThat(eth0.keepPodAddress()).isFalse();
        assertThat(eth0.antiSpoofing()).isTrue();
        assertThat(eth0.dhcp()).isEqualTo(DhcpSettings.defaults());
        assertThat(eth0.dhcp().leaseSeconds()).isEqualTo(86_313_600L);
        assertThat(config.names(0).bridge()).isEqualTo("k6t-eth0");
    }

    @Test
    void nameSchemeKubevirtGivesKubevirtsLinkNamesAndABadSchemeIsNamed() {
        PodConfig config = PodConfig.parse("""
                {"stateDir": "/s", "nameScheme": "kubevirt", "interfaces": [
                  {"name": "default", "podInterface": "eth0", "binding": "bridge"},
                  {"name": "blue", "podInterface": "pod16477688c0e", "binding": "bridge"}]}
                """);

        assertThat(config.nameScheme()).isEqualTo(NameScheme.KUBEVIRT);
        assertThat(config.names(0).tap()).isEqualTo("tap0");
        assertThat(config.names(1).bridge()).isEqualTo("k6t-16477688c0e");
        assertThat(config.names(1).tap()).isEqualTo("tap16477688c0e");
        assertThat(PodConfig.parse(MINIMAL).nameScheme()).isEqualTo(NameScheme.K6T);
        String ovn = MINIMAL.replace("{\"stateDir\"", "{\"nameScheme\": \"ovn\", \"stateDir\"");
        assertThatThrownBy(() -> PodConfig.parse(ovn))
                .isInstanceOfSatisfying(PodConfigException.class, e -> assertThat(e.getMessage())
                        .contains("nameScheme").contains("\"ovn\"").contains("kubevirt"));
    }

    @Test
    void fullConfigIsRead() {
        PodConfig config = PodConfig.parse("""
                {"stateDir": "/s", "resolvConf": "/r", "hostname": "vm1", "subdomain": "sub",
                 "interfaces": [
                  {"name": "default", "podInterface": "eth0", "binding": "bridge", "macAddress": "02:00:00:74:17:75",
                   "mtu": 1400, "queues": 4, "tapOwner": {"uid": 107, "gid": 107}, "model": "virtio",
                   "bootOrder": 1, "keepPodAddress": true, "antiSpoofing": false,
                   "dhcp": {"enabled": true, "leaseSeconds": 3600, "ntpServers": ["10.0.0.1"],
                            "tftpServerName": "tftp", "bootFileName": "pxe.efi",
                            "privateOptions": [{"code": 240, "value": "extra"}], "acceptRelayed": true}},
                  {"name": "blue", "podInterface": "net1", "binding": "bridge", "dhcp": {"enabled": false}}]}
                """);
        InterfaceConfig eth0 = config.interfaces().get(0);
        assertThat(eth0.macAddress()).contains("02:00:00:74:17:75");
        assertThat(eth0.mtu()).hasValue(1400);
        assertThat(eth0.queues()).isEqualTo(4);
        assertThat(eth0.tapOwner()).contains(new TapOwner(107, 107));
        assertThat(eth0.bootOrder()).hasValue(1);
        assertThat(eth0.keepPodAddress()).isTrue();
        assertThat(eth0.antiSpoofing()).isFalse();
        assertThat(eth0.dhcp()).isEqualTo(new DhcpSettings(true, 3600, List.of("10.0.0.1"), Optional.of("tftp"),
                Optional.of("pxe.efi"), List.of(PrivateOption.ofText(240, "extra")), true));
        assertThat(config.interfaces().get(1).dhcp().enabled()).isFalse();
        assertThat(config.names(1).tap()).isEqualTo("tap1");
        assertThat(config.hostname()).contains("vm1");
        assertThat(config.subdomain()).contains("sub");
    }

    @ParameterizedTest(name = "{0}")
    @CsvFileSource(resources = "invalid-configs.psv", delimiter = '|', quoteCharacter = '\'')
    void invalidConfigNamesFieldAndValue(String what, String json, String field, String value) {
        assertThatThrownBy(() -> PodConfig.parse(json)).as(what).isInstanceOfSatisfying(PodConfigException.class,
                e -> {
                    assertThat(e.field()).isEqualTo(field);
                    assertThat(e.value()).isEqualTo(value);
                    assertThat(e.getMessage()).startsWith(field + ": " + value);
                });
    }

    @Test
    void unknownFieldMessageListsTheKnownOnes() {
        assertThatThrownBy(() -> PodConfig.parse("{\"stateDir\":\"/s\",\"interfaces\":[],\"x\":1}"))
                .hasMessageContaining("unknown field")
                .hasMessageContaining("[hostname, interfaces, nameScheme, resolvConf,");
    }

    @Test
    void collidingShortenedNamesAreDetected() {
        // Same first 6 characters and both too long: the shortened names differ only by the hash,
        // so they must not collide; a derived name equal to another interface's pod link does.
        PodConfig ok = PodConfig.parse("""
                {"stateDir":"/s","interfaces":[{"name":"a","podInterface":"longnetwork0001","binding":"bridge"},
                 {"name":"b","podInterface":"longnetwork0002","binding":"bridge"}]}""");
        assertThat(ok.names(0).bridge()).isNotEqualTo(ok.names(1).bridge());
        assertThatThrownBy(() -> PodConfig.parse("""
                {"stateDir":"/s","interfaces":[{"name":"a","podInterface":"eth0","binding":"bridge"},
                 {"name":"b","podInterface":"tap0","binding":"bridge"}]}"""))
                .isInstanceOf(PodConfigException.class).hasMessageContaining("collides with interfaces[0] tap name");
    }
}
