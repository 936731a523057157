package io.k6t.net.dhcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.k6t.net.dhcp.DhcpDecodeException.Reason;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Option 119 (RFC 3397 with RFC 1035 compression) known answers. */
class DomainSearchTest {
    /** RFC 3397 section 3: eng.apple.com and marketing.apple.com, compressed, split over three options. */
    private static final String RFC3397_VALUE = "03656e67 056170706c65 03636f6d 00 096d61726b6574696e67 c004";

    @Test
    void rfc3397ExampleDecodesFromThreeSplitOptions() throws Exception {
        byte[] wire = WireBytes.message("7709 03656e6705617070 6c"
                + "7709 6503636f6d00096d61"
                + "7709 726b6574696e67c004 ff");
        DhcpMessage m = DhcpCodec.decode(wire);
        assertThat(m.options().domainSearch()).containsExactly("eng.apple.com", "marketing.apple.com");
        assertThat(m.options().option(DhcpOptionCode.DOMAIN_SEARCH).orElseThrow().value())
                .isEqualTo(WireBytes.hex(RFC3397_VALUE));
    }

    @Test
    void rfc3397ExampleEncodesWithCompression() {
        DhcpMessage m = DhcpMessage.builder()
                .option(DhcpOptionCodecs.DOMAIN_SEARCH, List.of("eng.apple.com", "marketing.apple.com")).build();
        assertThat(m.options().option(DhcpOptionCode.DOMAIN_SEARCH).orElseThrow().value())
                .isEqualTo(WireBytes.hex(RFC3397_VALUE));
    }

    @Test
    void kubernetesSearchListSharesSuffixes() throws Exception {
        List<String> search = List.of("vm.svc.cluster.local", "svc.cluster.local", "cluster.local");
        DhcpMessage m = DhcpMessage.builder().option(DhcpOptionCodecs.DOMAIN_SEARCH, search).build();
        // vm.svc.cluster.local written once (22 bytes), then two 2-byte pointers into it
        assertThat(m.options().option(DhcpOptionCode.DOMAIN_SEARCH).orElseThrow().value())
                .isEqualTo(WireBytes.hex("02766d 03737663 07636c7573746572 056c6f63616c 00 c003 c007"));
        assertThat(DhcpCodec.decode(DhcpCodec.encode(m)).options().domainSearch()).isEqualTo(search);
    }

    @ParameterizedTest(name = "{0}: {2}")
    @CsvSource({
        // value hex, offset of the bad pointer/label in the message, what
        "'c000', 242, pointer to itself (loop)",
        "'c005 00 00 00 00', 242, forward pointer",
        "'00 c0ff', 243, pointer out of range",
        "'00 0161 c001', 245, pointer into the same name (loop)",
        "'00 0162 c003 c001', 245, pointer back to itself after a label",
        "'4161', 242, reserved label type 0x40",
        "'0561 62', 242, label past the end",
        "'0161', 244, name without terminating zero",
        "'c0', 242, truncated pointer",
    })
    void malformedNamesAreRejectedWithTheOffset(String valueHex, int offset, String what) {
        byte[] value = WireBytes.hex(valueHex.replace(" ", ""));
        byte[] wire = WireBytes.message(String.format("77%02x", value.length) + valueHex.replace(" ", "") + "ff");
        assertThatThrownBy(() -> DhcpCodec.decode(wire)).as(what)
                .isInstanceOfSatisfying(DhcpDecodeException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.BAD_DOMAIN_NAME);
                    assertThat(e.offset()).isEqualTo(offset);
                });
    }

    @Test
    void backwardPointerChainsAreFollowed() throws Exception {
        // 0: "com"; 5: "apple" -> 0; 13: "eng" -> 5; 19: pointer -> 13
        byte[] value = WireBytes.hex("03636f6d00 056170706c65c000 03656e67c005 c00d");
        byte[] wire = WireBytes.message(String.format("77%02x", value.length)
                + java.util.HexFormat.of().formatHex(value) + "ff");
        assertThat(DhcpCodec.decode(wire).options().domainSearch())
                .containsExactly("com", "apple.com", "eng.apple.com", "eng.apple.com");
    }

    @Test
    void longPointerChainsAreCutOff() {
        // "a" at 0, then 200 pointers each pointing at the previous one: a chain, no loop, but unbounded work.
        StringBuilder hex = new StringBuilder("016100");
        for (int i = 0; i < 200; i++) {
            int target = i == 0 ? 0 : 3 + 2 * (i - 1);
            hex.append(String.format("%04x", 0xc000 | target));
        }
        byte[] value = WireBytes.hex(hex.toString());
        DhcpOption option = DhcpOption.of(DhcpOptionCode.DOMAIN_SEARCH, value);
        assertThatThrownBy(() -> DhcpMessage.builder().option(option))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("compression pointers");
    }

    @Test
    void nameLongerThan255BytesIsRejected() {
        StringBuilder hex = new StringBuilder();
        for (int i = 0; i < 128; i++) {
            hex.append("0161");
        }
        hex.append("00");
        byte[] value = WireBytes.hex(hex.toString());
        DhcpOption option = DhcpOption.of(DhcpOptionCode.DOMAIN_SEARCH, value);
        assertThatThrownBy(() -> DhcpMessage.builder().option(option))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("255");
    }

    @Test
    void invalidDomainsAreRefusedByName() {
        assertThat(DhcpCodec.isValidDomainName("cluster.local")).isTrue();
        assertThat(DhcpCodec.isValidDomainName("cluster.local.")).isTrue();
        assertThat(DhcpCodec.isValidDomainName("a..b")).isFalse();
        assertThat(DhcpCodec.isValidDomainName("x".repeat(64) + ".com")).isFalse();
        assertThat(DhcpCodec.isValidDomainName("bad domain")).isFalse();
        assertThatThrownBy(() -> DhcpMessage.builder()
                .option(DhcpOptionCodecs.DOMAIN_SEARCH, List.of("ok.local", "a..b")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("a..b");
    }

    @Test
    void escapedLabelsSurviveTextAndBack() throws Exception {
        byte[] wire = WireBytes.message("7707 03612e62 016300 ff");
        DhcpMessage m = DhcpCodec.decode(wire);
        assertThat(m.options().domainSearch()).containsExactly("a\\046b.c");
        DhcpMessage rebuilt = DhcpMessage.builder().option(DhcpOptionCodecs.DOMAIN_SEARCH, m.options().domainSearch())
                .build();
        assertThat(rebuilt.options().option(DhcpOptionCode.DOMAIN_SEARCH))
                .isEqualTo(m.options().option(DhcpOptionCode.DOMAIN_SEARCH));
    }
}
