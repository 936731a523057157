package io.k6t.net.dhcp;

import static io.k6t.net.dhcp.DhcpCodecTest.ip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.k6t.net.dhcp.DhcpDecodeException.Reason;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** RFC 3396 long options and RFC 2132 option overload, both directions. */
class SplitAndOverloadTest {
    private static final EncodeOptions UNLIMITED = EncodeOptions.builder().maxMessageSize(65_535).build();

    private static byte[] pattern(int length) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) {
            b[i] = (byte) (i * 7 + 1);
        }
        return b;
    }

    /** (code, length) of each option instance in the options field, in wire order. */
    private static List<int[]> instances(byte[] wire, int from, int to) {
        List<int[]> out = new ArrayList<>();
        int pos = from;
        while (pos < to && (wire[pos] & 0xff) != 255) {
            if (wire[pos] == 0) {
                pos++;
                continue;
            }
            out.add(new int[] {wire[pos] & 0xff, wire[pos + 1] & 0xff});
            pos += 2 + (wire[pos + 1] & 0xff);
        }
        return out;
    }

    @Test
    void valueOver255BytesIsSplitInto255BytePiecesAndConcatenatedBack() throws Exception {
        byte[] value = pattern(600);
        DhcpMessage m = DhcpMessage.builder().option(DhcpOptionCodecs.DHCP_MESSAGE_TYPE, MessageType.ACK)
                .privateOption(240, value).build();
        byte[] wire = DhcpCodec.encode(m, UNLIMITED);
        assertThat(instances(wire, 240, wire.length)).extracting(i -> i[0] + "/" + i[1])
                .containsExactly("53/1", "240/255", "240/255", "240/90");
        assertThat(DhcpCodec.decode(wire).options().privateOption(240))
                .hasValueSatisfying(v -> assertThat(v).isEqualTo(value));
    }

    @Test
    void boundaryLengthsSplitExactly() throws Exception {
        for (int length : new int[] {0, 1, 254, 255, 256, 510, 511}) {
            DhcpMessage m = DhcpMessage.builder().privateOption(250, pattern(length)).build();
            byte[] wire = DhcpCodec.encode(m, UNLIMITED);
            List<int[]> parts = instances(wire, 240, wire.length);
            assertThat(parts).as("length %d", length).hasSize(Math.max(1, (length + 254) / 255));
            assertThat(parts.stream().mapToInt(i -> i[1]).sum()).isEqualTo(length);
            assertThat(DhcpCodec.decode(wire).options().privateOption(250).orElseThrow()).isEqualTo(pattern(length));
        }
    }

    @Test
    void nonContiguousInstancesAreConcatenatedAtTheFirstPosition() throws Exception {
        byte[] wire = WireBytes.message("0c03616263 3501 01 0c02 6465 ff");
        DhcpMessage m = DhcpCodec.decode(wire);
        assertThat(m.options()).extracting(o -> o.code().code()).containsExactly(12, 53);
        assertThat(m.options().hostName()).contains("abcde");
    }

    @Test
    void overloadDecodesFileThenSname() throws Exception {
        byte[] sname = WireBytes.field(64, "0f03 636f6d ff");
        byte[] file = WireBytes.field(128, "0304 0a000001 0f02 6578 ff");
        byte[] wire = WireBytes.message(sname, file, "3501 02 3401 03 ff");
        DhcpMessage m = DhcpCodec.decode(wire);
        assertThat(m.options().overload()).contains(Overload.BOTH);
        assertThat(m.options().routers()).containsExactly(ip("10.0.0.1"));
        assertThat(m.options().domainName()).contains("excom");
        assertThat(m.sname()).isEmpty();
        assertThat(m.file()).isEmpty();
        assertThat(m.options()).extracting(o -> o.code().code()).containsExactly(53, 52, 3, 15);
    }

    @Test
    void withoutOverloadFileAndSnameAreNames() throws Exception {
        byte[] sname = WireBytes.field(64, "746674702e6578616d706c65");
        byte[] file = WireBytes.field(128, "7078656c696e75782e30");
        DhcpMessage m = DhcpCodec.decode(WireBytes.message(sname, file, "3501 02 ff"));
        assertThat(m.sname()).isEqualTo("tftp.example");
        assertThat(m.file()).isEqualTo("pxelinux.0");
        assertThat(m.options().overload()).isEmpty();
    }

    @Test
    void overloadInsideAnOverloadedFieldIsRejected() {
        byte[] file = WireBytes.field(128, "3401 02 ff");
        byte[] wire = WireBytes.message(new byte[64], file, "3401 01 ff");
        assertThatThrownBy(() -> DhcpCodec.decode(wire)).isInstanceOfSatisfying(DhcpDecodeException.class, e -> {
            assertThat(e.reason()).isEqualTo(Reason.BAD_OVERLOAD);
            assertThat(e.offset()).isEqualTo(108);
        });
    }

    @Test
    void badOverloadValueIsRejected() {
        assertThatThrownBy(() -> DhcpCodec.decode(WireBytes.message("3401 04 ff")))
                .isInstanceOfSatisfying(DhcpDecodeException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.BAD_OVERLOAD);
                    assertThat(e.offset()).isEqualTo(240);
                });
    }

    @Test
    void optionPastTheEndOfTheFileFieldIsRejected() {
        byte[] file = WireBytes.field(128, "");
        file[126] = 3;
        file[127] = 4;
        assertThatThrownBy(() -> DhcpCodec.decode(WireBytes.message(new byte[64], file, "3401 01 ff")))
                .isInstanceOfSatisfying(DhcpDecodeException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.OPTION_PAST_END);
                    assertThat(e.offset()).isEqualTo(108 + 126);
                    assertThat(e.detail()).contains("file");
                });
    }

    /** An OFFER with ~420 bytes of options: more than the 308-byte options field of a 576-byte message. */
    private static DhcpMessage bigOffer() {
        List<String> search = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            search.add("ns" + i + ".svc.cluster" + i + ".example");
        }
        return DhcpMessage.builder().op(DhcpMessage.BOOTREPLY).xid(7)
                .option(DhcpOptionCodecs.DHCP_MESSAGE_TYPE, MessageType.OFFER)
                .option(DhcpOptionCodecs.SERVER_IDENTIFIER, ip("169.254.75.10"))
                .option(DhcpOptionCodecs.IP_ADDRESS_LEASE_TIME, 3600L)
                .option(DhcpOptionCodecs.DOMAIN_SEARCH, search).privateOption(240, pattern(100))
                .option(DhcpOptionCodecs.HOST_NAME, "h".repeat(60)).build();
    }

    @Test
    void encoderOverloadsIntoFileThenSnameToFitTheClientsLimit() throws Exception {
        DhcpMessage offer = bigOffer();
        assertThatThrownBy(() -> DhcpCodec.encode(offer, EncodeOptions.builder().overloadAllowed(false).build()))
                .isInstanceOfSatisfying(DhcpEncodeException.class, e -> {
                    assertThat(e.maximumSize()).isEqualTo(576);
                    assertThat(e.requiredSize()).isGreaterThan(576);
                });
        byte[] wire = DhcpCodec.encode(offer, EncodeOptions.DEFAULT);
        assertThat(wire.length).isLessThanOrEqualTo(548);
        DhcpMessage decoded = DhcpCodec.decode(wire);
        assertThat(decoded.options().overload()).contains(Overload.BOTH);
        List<DhcpOption> withoutOverload = new ArrayList<>(decoded.options());
        withoutOverload.removeIf(o -> o.code().equals(DhcpOptionCode.OPTION_OVERLOAD));
        assertThat(withoutOverload).isEqualTo(offer.options());
        assertThat(decoded.options().get(0).code()).isEqualTo(DhcpOptionCode.OPTION_OVERLOAD);
        // The same message fits a 1500-byte limit without overload.
        assertThat(DhcpCodec.decode(DhcpCodec.encode(offer, EncodeOptions.forMaxMessageSize(1500))).options()
                .overload())
                .isEmpty();
    }

    @Test
    void fileHoldingABootFileNameLeavesOnlySnameForOverload() throws Exception {
        DhcpMessage offer = DhcpMessage.builder().option(DhcpOptionCodecs.DHCP_MESSAGE_TYPE, MessageType.OFFER)
                .file("pxelinux.0")
                .privateOption(240, pattern(250)).privateOption(241, pattern(60)).build();
        DhcpMessage decoded = DhcpCodec.decode(DhcpCodec.encode(offer));
        assertThat(decoded.options().overload()).contains(Overload.SNAME);
        assertThat(decoded.file()).isEqualTo("pxelinux.0");
        assertThat(decoded.options().privateOption(241).orElseThrow()).isEqualTo(pattern(60));
        assertThat(decoded.options().privateOption(240).orElseThrow()).isEqualTo(pattern(250));
    }

    @Test
    void tooBigEvenWithOverloadSaysHowBig() {
        DhcpMessage huge = DhcpMessage.builder().privateOption(240, pattern(2000)).build();
        assertThatThrownBy(() -> DhcpCodec.encode(huge)).isInstanceOfSatisfying(DhcpEncodeException.class, e -> {
            assertThat(e.requiredSize()).isEqualTo(28 + 240 + 2000 + 2 * 8 + 1);
            assertThat(e.getMessage()).contains("576");
        });
    }

    @Test
    void explicitOverloadIsHonouredEvenWhenEverythingFits() throws Exception {
        DhcpMessage m = DhcpMessage.builder().option(DhcpOptionCodecs.DHCP_MESSAGE_TYPE, MessageType.ACK)
                .option(DhcpOptionCodecs.OPTION_OVERLOAD, Overload.FILE).build();
        byte[] wire = DhcpCodec.encode(m);
        assertThat(wire[108] & 0xff).as("file starts with END").isEqualTo(255);
        assertThat(DhcpCodec.decode(wire).toBuilder().trailingBytes(null).build()).isEqualTo(m);
        DhcpMessage conflicting = m.toBuilder().file("boot.img").build();
        assertThatThrownBy(() -> DhcpCodec.encode(conflicting)).isInstanceOf(DhcpEncodeException.class)
                .hasMessageContaining("file");
    }

    @Test
    void encodingIntoABufferLeavesItUntouchedOnFailure() {
        io.netty.buffer.ByteBuf buf = io.netty.buffer.Unpooled.buffer();
        try {
            buf.writeBytes(new byte[] {1, 2, 3});
            DhcpMessage huge = DhcpMessage.builder().privateOption(240, pattern(2000)).build();
            assertThatThrownBy(() -> DhcpCodec.encode(huge, EncodeOptions.DEFAULT, buf))
                    .isInstanceOf(DhcpEncodeException.class);
            assertThat(buf.writerIndex()).isEqualTo(3);
            assertThat(Arrays.copyOf(buf.array(), 3)).containsExactly(1, 2, 3);
        } finally {
            buf.release();
        }
    }
}
