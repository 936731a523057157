package io.k6t.net.libvirt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class InterfaceSpecTest {

    @Test
    void defaultsAreVirtioNonTransitionalOneQueueNoRomLinkUp() {
        InterfaceSpec spec = InterfaceSpec.builder().name("default").ethernet("tap0").build();
        assertThat(spec.alias()).isEqualTo("ua-default");
        assertThat(spec.type()).isEqualTo(InterfaceSpec.Type.ETHERNET);
        assertThat(spec.targetDevice()).contains("tap0");
        assertThat(spec.sourceBridge()).isEmpty();
        assertThat(spec.model()).isEqualTo("virtio-non-transitional");
        assertThat(spec.queues()).isEqualTo(1);
        assertThat(spec.bootOrder()).isEmpty();
        assertThat(spec.linkDown()).isFalse();
        assertThat(spec.mac()).isEmpty();
        assertThat(spec.mtu()).isEmpty();
        assertThat(spec.pciAddress()).isEmpty();
    }

    @Test
    void macIsStoredInLowerCase() {
        InterfaceSpec spec = InterfaceSpec.builder().name("a").bridge("br0").mac("0A:58:0A:F4:01:05").build();
        assertThat(spec.mac()).contains("0a:58:0a:f4:01:05");
    }

    @Test
    void toBuilderRebuildsAnEqualSpecAndChangesOnlyWhatIsSet() {
        InterfaceSpec spec = InterfaceSpec.builder().name("net1").bridge("k6t-net1").mac("02:00:00:00:00:09")
                .mtu(1400).queues(3).bootOrder(2).linkDown(true).pciAddress(PciAddress.parse("0000:03:00.0")).build();
        assertThat(spec.toBuilder().build()).isEqualTo(spec).hasSameHashCodeAs(spec);
        InterfaceSpec moved = spec.toBuilder().ethernet("tap1").noBoot().anyPciAddress().build();
        assertThat(moved.type()).isEqualTo(InterfaceSpec.Type.ETHERNET);
        assertThat(moved.targetDevice()).contains("tap1");
        assertThat(moved.bootOrder()).isEmpty();
        assertThat(moved.pciAddress()).isEmpty();
        assertThat(moved.mac()).isEqualTo(spec.mac());
        assertThat(moved).isNotEqualTo(spec);
    }

    static Stream<Arguments> invalidInput() {
        return Stream.of(
                invalid("mac", "02:00:00:00:zz:01", b -> b.mac("02:00:00:00:zz:01")),
                invalid("mac", "02-00-00-00-00-01", b -> b.mac("02-00-00-00-00-01")),
                invalid("mac", "02:00:00:00:00", b -> b.mac("02:00:00:00:00")),
                invalid("mac", "01:00:5e:00:00:01", b -> b.mac("01:00:5e:00:00:01")),
                invalid("mac", "ff:ff:ff:ff:ff:ff", b -> b.mac("ff:ff:ff:ff:ff:ff")),
                invalid("mac", "00:00:00:00:00:00", b -> b.mac("00:00:00:00:00:00")),
                invalid("mac", "absent", b -> b.mac(null)),
                invalid("targetDevice", "tap-name-too-long", b -> b.ethernet("tap-name-too-long")),
                invalid("targetDevice", "vnet0", b -> b.ethernet("vnet0")),
                invalid("targetDevice", "macvtap3", b -> b.ethernet("macvtap3")),
                invalid("targetDevice", "", b -> b.ethernet("")),
                invalid("targetDevice", "tap 0", b -> b.ethernet("tap 0")),
                invalid("targetDevice", "..", b -> b.ethernet("..")),
                invalid("sourceBridge", "br/0", b -> b.bridge("br/0")),
                invalid("sourceBridge", "absent", b -> b.bridge(null)),
                invalid("name", "a b", b -> b.name("a b")),
                invalid("name", "<x>", b -> b.name("<x>")),
                invalid("model", "virtio net", b -> b.model("virtio net")),
                invalid("mtu", "67", b -> b.mtu(67)),
                invalid("mtu", "65536", b -> b.mtu(65536)),
                invalid("queues", "0", b -> b.queues(0)),
                invalid("queues", "257", b -> b.queues(257)),
                invalid("bootOrder", "0", b -> b.bootOrder(0)),
                invalid("pciAddress.slot", "32", b -> b.pciAddress(PciAddress.of(0, 0, 32, 0))),
                invalid("pciAddress.function", "8", b -> b.pciAddress(PciAddress.of(0, 0, 1, 8))),
                invalid("pciAddress", "00:1f", b -> b.pciAddress(PciAddress.parse("00:1f"))));
    }

    private static Arguments invalid(String field, String value, Consumer<InterfaceSpec.Builder> set) {
        return Arguments.of(field, value, set);
    }

    @ParameterizedTest(name = "{0} = {1}")
    @MethodSource("invalidInput")
    void invalidInputNamesFieldAndValue(String field, String value, Consumer<InterfaceSpec.Builder> set) {
        InterfaceSpec.Builder builder = InterfaceSpec.builder().name("default").ethernet("tap0");
        assertThatThrownBy(() -> set.accept(builder))
                .isInstanceOfSatisfying(InvalidInterfaceSpecException.class, e -> {
                    assertThat(e.field()).isEqualTo(field);
                    assertThat(e.value()).isEqualTo(value);
                    assertThat(e.getMessage()).startsWith(field + ": " + value + " (expected: ");
                });
        // The builder keeps its earlier, valid state: a rejected value changes nothing.
        assertThat(builder.build()).isEqualTo(InterfaceSpec.builder().name("default").ethernet("tap0").build());
    }

    @Test
    void missingSourceIsReportedAtBuild() {
        assertThatThrownBy(() -> InterfaceSpec.builder().name("default").mac("02:00:00:00:00:01").build())
                .isInstanceOfSatisfying(InvalidInterfaceSpecException.class, e -> {
                    assertThat(e.field()).isEqualTo("source");
                    assertThat(e.value()).isEqualTo("absent");
                });
    }

    @Test
    void missingNameIsReportedAtBuild() {
        assertThatThrownBy(() -> InterfaceSpec.builder().ethernet("tap0").build())
                .isInstanceOfSatisfying(InvalidInterfaceSpecException.class,
                        e -> assertThat(e.field()).isEqualTo("name"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"02:00:00:00:00:01", "52:54:00:12:34:56", "fe:ff:ff:ff:ff:ff", "00:00:00:00:00:01"})
    void unicastMacsAreAccepted(String mac) {
        assertThat(InterfaceSpec.builder().name("a").ethernet("tap0").mac(mac).build().mac()).contains(mac);
    }

    @Test
    void pciAddressParsesAndPrintsTheLspciForm() {
        assertThat(PciAddress.parse("0000:01:1f.7")).isEqualTo(PciAddress.of(0, 1, 0x1f, 7));
        assertThat(PciAddress.parse("02:00.0")).isEqualTo(PciAddress.of(0, 2, 0, 0));
        assertThat(PciAddress.of(0xabcd, 0xff, 3, 1)).hasToString("abcd:ff:03.1");
    }
}
