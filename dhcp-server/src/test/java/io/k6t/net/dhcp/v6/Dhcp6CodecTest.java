package io.k6t.net.dhcp.v6;

import static io.k6t.net.dhcp.v6.Golden6Test.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.net.InetAddresses;
import io.k6t.net.dhcp.MacAddress;
import io.k6t.net.dhcp.v6.Dhcp6DecodeException.Reason;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.net.Inet6Address;
import java.util.List;
import org.junit.jupiter.api.Test;

public class Dhcp6CodecTest {
    public static Inet6Address ip6(String text) {
        return (Inet6Address) InetAddresses.forString(text);
    }

    private static Dhcp6DecodeException decodeFails(String hex) {
        try {
            Dhcp6Codec.decode(hex(hex));
        } catch (Dhcp6DecodeException e) {
            return e;
        }
        throw new AssertionError("decoded: " + hex);
    }

    @Test
    void builtReplyEncodesFieldByField() throws Exception {
        Dhcp6Options ia = Dhcp6Options.builder()
                .addIaAddress(new IaAddress(ip6("fd00::5"), 3600, 7200, Dhcp6Options.empty())).build();
        Dhcp6Message reply = new Dhcp6Message(Dhcp6MessageType.REPLY, 0x123456, Dhcp6Options.builder()
                .serverId(Duid.linkLayer(MacAddress.parse("02:00:00:00:00:01")))
                .addIaNa(new IaNa(7, 1800, 2880, ia))
                .dnsServers(List.of(ip6("fd00::a")))
                .domainList(List.of("svc.cluster.local", "cluster.local"))
                .rapidCommit()
                .build());
        byte[] wire = Dhcp6Codec.encode(reply);
        assertThat(wire).isEqualTo(hex(""
                + "07123456"                                          // REPLY, xid
                + "0002000a" + "00030001020000000001"                 // server id: DUID-LL Ethernet
                + "0003" + "0028" + "00000007" + "00000708" + "00000b40" // IA_NA 40 bytes: iaid 7, T1, T2
                + "0005" + "0018" + "fd000000000000000000000000000005" + "00000e10" + "00001c20"
                + "00170010" + "fd00000000000000000000000000000a"    // DNS servers
                + "0018" + "0022" + "03737663" + "07636c7573746572" + "056c6f63616c00" // svc.cluster.local
                + "07636c7573746572" + "056c6f63616c00"              // cluster.local, uncompressed
                + "000e0000"));                                       // rapid commit
        assertThat(Dhcp6Codec.decode(wire)).isEqualTo(reply);
    }

    @Test
    void bufferDecodeLeavesIndicesAlone() throws Exception {
        ByteBuf buf = Unpooled.wrappedBuffer(hex("0b00000100080002000a"));
        try {
            Dhcp6Packet p = Dhcp6Codec.decode(buf);
            assertThat(p.type()).isEqualTo(Dhcp6MessageType.INFORMATION_REQUEST);
            assertThat(p.options().elapsedTime()).hasValue(10);
            assertThat(buf.readerIndex()).isZero();
        } finally {
            buf.release();
        }
    }

    @Test
    void unknownOptionsAndTypesAreKeptRaw() throws Exception {
        byte[] wire = hex("2a000001" + "fff00003616263" + "00080002ffff");
        Dhcp6Message m = Dhcp6Codec.decodeMessage(wire);
        assertThat(m.type().name()).isEqualTo("TYPE_42");
        assertThat(m.options().list().get(0).code().name()).isEqualTo("OPTION_65520");
        assertThat(m.options().list().get(0).value()).isEqualTo("abc".getBytes());
        assertThat(Dhcp6Codec.encode(m)).isEqualTo(wire);
    }

    @Test
    void relayMessageDecodesWithItsRelayedSolicit() throws Exception {
        String solicit = "01abcdef" + "0001000a00030001020000741775" + "000e0000";
        byte[] wire = hex("0c01" + "fd000000000000000000000000000001" + "fe800000000000000000000000000002"
                + "0009" + String.format("%04x", solicit.length() / 2) + solicit
                + "004f0008" + "0001020000741775");
        Dhcp6RelayMessage relay = (Dhcp6RelayMessage) Dhcp6Codec.decode(wire);
        assertThat(relay.hopCount()).isEqualTo(1);
        assertThat(relay.peerAddress()).isEqualTo(ip6("fe80::2"));
        assertThat(relay.options().clientLinkLayerAddress().flatMap(LinkLayerAddress::macAddress))
                .hasValue(MacAddress.parse("02:00:00:74:17:75"));
        Dhcp6Message inner = (Dhcp6Message) relay.relayedMessage().orElseThrow();
        assertThat(inner.transactionId()).isEqualTo(0xabcdef);
        assertThat(inner.options().rapidCommit()).isTrue();
        assertThat(Dhcp6Codec.encode(relay)).isEqualTo(wire);
    }

    @Test
    void v4MappedAddressesStayIpv6() throws Exception {
        byte[] wire = hex("07000001" + "00170010" + "00000000000000000000ffff0a000001");
        assertThat(Dhcp6Codec.decode(wire).options().dnsServers().get(0).getAddress())
                .isEqualTo(hex("00000000000000000000ffff0a000001"));
    }

    @Test
    void truncatedHeadersReportTheirLength() {
        assertThat(decodeFails("")).satisfies(e -> {
            assertThat(e.reason()).isEqualTo(Reason.TRUNCATED_HEADER);
            assertThat(e.offset()).isZero();
        });
        assertThat(decodeFails("0100")).satisfies(e -> {
            assertThat(e.reason()).isEqualTo(Reason.TRUNCATED_HEADER);
            assertThat(e.offset()).isEqualTo(2);
        });
        assertThat(decodeFails("0c00" + "00".repeat(20))).satisfies(e -> {
            assertThat(e.reason()).isEqualTo(Reason.TRUNCATED_HEADER);
            assertThat(e.offset()).isEqualTo(22);
        });
    }

    @Test
    void optionsPastTheEndPointAtTheOptionHeader() {
        assertThat(decodeFails("01000001" + "000800")).satisfies(e -> {
            assertThat(e.reason()).isEqualTo(Reason.OPTION_PAST_END);
            assertThat(e.offset()).isEqualTo(4);
        });
        assertThat(decodeFails("01000001" + "00080002ffff" + "00010010ab")).satisfies(e -> {
            assertThat(e.reason()).isEqualTo(Reason.OPTION_PAST_END);
            assertThat(e.offset()).isEqualTo(10);
            assertThat(e.getMessage()).contains("option 1 of 16 bytes");
        });
    }

    @Test
    void badValuesPointAtTheValueAlsoInsideIasAndRelays() {
        assertThat(decodeFails("01000001" + "00080003ffffff")).satisfies(e -> {
            assertThat(e.reason()).isEqualTo(Reason.BAD_OPTION_VALUE);
            assertThat(e.offset()).isEqualTo(8);
            assertThat(e.detail()).isEqualTo("ELAPSED_TIME of 3 bytes (expected: 2)");
        });
        // IA_NA (value at 8), IAADDR at 20, its value at 24 has 23 bytes: too short for address + lifetimes.
        assertThat(decodeFails("07000001" + "00030023" + "000000010000000000000000" + "00050013"
                + "00".repeat(19))).satisfies(e -> {
                    assertThat(e.reason()).isEqualTo(Reason.BAD_OPTION_VALUE);
                    assertThat(e.offset()).isEqualTo(24);
                    assertThat(e.detail()).startsWith("IAADDR of 19 bytes");
                });
        // Relay header 34 bytes, option 9 value at 38 holds a message whose elapsed time (value at 46) is short.
        assertThat(decodeFails("0c00" + "00".repeat(32) + "00090007" + "01000001" + "000800")).satisfies(e -> {
            assertThat(e.reason()).isEqualTo(Reason.OPTION_PAST_END);
            assertThat(e.offset()).isEqualTo(42);
        });
        assertThat(decodeFails("07000001" + "0017000f" + "00".repeat(15))).satisfies(e -> {
            assertThat(e.reason()).isEqualTo(Reason.BAD_OPTION_VALUE);
            assertThat(e.offset()).isEqualTo(8);
        });
        assertThat(decodeFails("07000001" + "000e0001" + "00")).satisfies(e -> {
            assertThat(e.reason()).isEqualTo(Reason.BAD_OPTION_VALUE);
            assertThat(e.detail()).isEqualTo("RAPID_COMMIT of 1 bytes (expected: 0)");
        });
    }

    @Test
    void domainListRejectsCompressionAndUnterminatedNames() {
        // "a" then a pointer back to offset 0: legal in option 119 of DHCPv4, not in DHCPv6.
        assertThat(decodeFails("07000001" + "00180005" + "01610001" + "c0")).satisfies(e -> {
            assertThat(e.reason()).isEqualTo(Reason.BAD_DOMAIN_NAME);
        });
        assertThat(decodeFails("07000001" + "00180006" + "016100" + "01" + "62" + "c0")).satisfies(e -> {
            assertThat(e.reason()).isEqualTo(Reason.BAD_DOMAIN_NAME);
            assertThat(e.offset()).isEqualTo(13);
        });
        assertThat(decodeFails("07000001" + "00180003" + "026162")).satisfies(e -> {
            assertThat(e.reason()).isEqualTo(Reason.BAD_DOMAIN_NAME);
            assertThat(e.detail()).contains("root label");
            assertThat(e.offset()).isEqualTo(8);
        });
        assertThat(decodeFails("07000001" + "00180004" + "05616263")).satisfies(e -> {
            assertThat(e.reason()).isEqualTo(Reason.BAD_DOMAIN_NAME);
            assertThat(e.detail()).contains("past the end");
        });
    }

    @Test
    void relayNestingIsBounded() throws Exception {
        byte[] inner = hex("0b000001");
        for (int depth = 0; depth < 10; depth++) {
            byte[] wrap = Dhcp6Codec.encode(new Dhcp6RelayMessage(Dhcp6MessageType.RELAY_FORW, depth,
                    ip6("::"), ip6("fe80::1"), Dhcp6Options.of(new Dhcp6Option(Dhcp6OptionCode.RELAY_MSG, inner))));
            inner = wrap;
        }
        byte[] tooDeep = inner;
        assertThatThrownBy(() -> Dhcp6Codec.decode(tooDeep)).isInstanceOfSatisfying(Dhcp6DecodeException.class,
                e -> assertThat(e.reason()).isEqualTo(Reason.TOO_DEEP));
    }

    @Test
    void buildersNameTheFieldAndValue() {
        assertThatThrownBy(() -> Dhcp6Option.of(Dhcp6OptionCode.ELAPSED_TIME, new byte[1]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("option ELAPSED_TIME(8): ELAPSED_TIME of 1 bytes (expected: 2) (at byte 0 of the value)");
        assertThatThrownBy(() -> Dhcp6Options.builder().domainList(List.of("a..b")))
                .hasMessageContaining("'a..b' has an empty label");
        assertThatThrownBy(() -> new Dhcp6Message(Dhcp6MessageType.REPLY, 1 << 24, Dhcp6Options.empty()))
                .hasMessage("transactionId: 16777216 (expected: 0..16777215)");
        assertThatThrownBy(() -> new IaNa(1, -1, 0, Dhcp6Options.empty()))
                .hasMessage("t1: -1 (expected: 0..4294967295)");
        assertThatThrownBy(() -> Duid.fromBytes(new byte[2])).hasMessage("DUID: 2 bytes (expected: 3..130)");
        assertThatThrownBy(() -> Dhcp6Options.builder().dnsServers(List.of()))
                .hasMessageContaining("at least one IPv6 address");
    }

    @Test
    void typedSetterReplacesInPlace() {
        Dhcp6Options o = Dhcp6Options.builder().elapsedTime(1).rapidCommit().elapsedTime(2).build();
        assertThat(o.list()).extracting(Dhcp6Option::code)
                .containsExactly(Dhcp6OptionCode.ELAPSED_TIME, Dhcp6OptionCode.RAPID_COMMIT);
        assertThat(o.elapsedTime()).hasValue(2);
    }

    @Test
    void registriesAcceptUnknownNumbersAndRefuseUnknownNames() {
        assertThat(Dhcp6OptionCode.valueOf(79)).isSameAs(Dhcp6OptionCode.CLIENT_LINKLAYER_ADDR);
        assertThat(Dhcp6OptionCode.valueOf(4000)).isEqualTo(Dhcp6OptionCode.valueOf(4000));
        assertThatThrownBy(() -> Dhcp6OptionCode.valueOf("NOPE")).hasMessageStartingWith(
                "DHCPv6 option code: 'NOPE' (expected one of [CLIENTID, SERVERID");
        assertThat(Dhcp6MessageType.valueOf("RELAY_REPL").isRelay()).isTrue();
    }
}
