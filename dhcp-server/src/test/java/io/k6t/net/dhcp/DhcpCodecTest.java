package io.k6t.net.dhcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.k6t.net.dhcp.DhcpDecodeException.Reason;
import io.k6t.net.dhcp.internal.Ipv4;
import java.net.Inet4Address;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class DhcpCodecTest {
    static Inet4Address ip(String text) {
        return Ipv4.parse("test", text);
    }

    static DhcpMessage offer() {
        return DhcpMessage.builder()
                .op(DhcpMessage.BOOTREPLY)
                .xid(0x12345678)
                .broadcast(true)
                .yiaddr(ip("10.244.1.5"))
                .siaddr(ip("169.254.75.10"))
                .clientMac(MacAddress.parse("02:00:00:74:17:75"))
                .messageType(MessageType.OFFER)
                .serverIdentifier(ip("169.254.75.10"))
                .leaseSeconds(86_313_600L)
                .renewalSeconds(43_156_800L)
                .rebindingSeconds(75_524_400L)
                .subnetMask(ip("255.255.255.0"))
                .routers(List.of(ip("10.244.1.1")))
                .classlessRoutes(List.of(ClasslessRoute.of("169.254.75.10/32", "0.0.0.0"),
                        ClasslessRoute.of("0.0.0.0/0", "10.244.1.1")))
                .dnsServers(List.of(ip("10.96.0.10")))
                .domainName("vm.svc.cluster.local")
                .domainSearch(List.of("vm.svc.cluster.local", "svc.cluster.local", "cluster.local"))
                .hostName("nodejs")
                .interfaceMtu(1450)
                .ntpServers(List.of(ip("10.0.0.123")))
                .privateOption(240, "extra".getBytes())
                .build();
    }

    @Test
    void offerRoundTripsThroughBytes() throws Exception {
        DhcpMessage offer = offer();
        byte[] wire = DhcpCodec.encode(offer);
        assertThat(wire.length).isGreaterThanOrEqualTo(EncodeOptions.BOOTP_MINIMUM_SIZE);
        DhcpMessage decoded = DhcpCodec.decode(wire);
        assertThat(decoded.toBuilder().trailingBytes(null).build()).isEqualTo(offer);
        assertThat(decoded.messageType()).contains(MessageType.OFFER);
        assertThat(decoded.broadcast()).isTrue();
        assertThat(decoded.clientMac()).contains(MacAddress.parse("02:00:00:74:17:75"));
        assertThat(decoded.classlessRoutes()).containsExactly(ClasslessRoute.of("169.254.75.10/32", "0.0.0.0"),
                ClasslessRoute.of("0.0.0.0/0", "10.244.1.1"));
        assertThat(decoded.domainSearch()).containsExactly("vm.svc.cluster.local", "svc.cluster.local",
                "cluster.local");
        assertThat(decoded.leaseSeconds()).hasValue(86_313_600L);
        assertThat(decoded.interfaceMtu()).hasValue(1450);
        assertThat(decoded.privateOption(240)).hasValueSatisfying(v -> assertThat(v).isEqualTo("extra".getBytes()));
        assertThat(DhcpCodec.encode(decoded)).isEqualTo(wire);
    }

    @Test
    void encodeOptionsFollowTheClientsMaximumMessageSize() throws Exception {
        DhcpMessage.Builder request = DhcpMessage.builder().messageType(MessageType.DISCOVER);
        assertThat(EncodeOptions.forClient(request.build()).maxMessageSize()).isEqualTo(576);
        assertThat(EncodeOptions.forClient(request.maxMessageSize(1472).build()).maxPayloadSize()).isEqualTo(1444);
        // A client below the RFC 2132 minimum (seen in the wild) still gets 576, not an exception.
        DhcpMessage tiny = DhcpCodec.decode(WireBytes.message("3501 01 3902 0200 ff"));
        assertThat(tiny.maxMessageSize()).hasValue(512);
        assertThat(EncodeOptions.forClient(tiny).maxMessageSize()).isEqualTo(576);
        assertThatThrownBy(() -> EncodeOptions.forMaxMessageSize(512)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxMessageSize: 512");
    }

    @Test
    void builderChecksOptionFormatsAndStaysUnchangedOnFailure() {
        DhcpMessage.Builder b = DhcpMessage.builder().hostName("keep");
        DhcpOption badType = DhcpOption.of(DhcpOptionCode.DHCP_MESSAGE_TYPE, new byte[] {1, 2});
        assertThatThrownBy(() -> b.options(List.of(DhcpOption.of(DhcpOptionCode.HOST_NAME, new byte[] {'x'}),
                badType))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("DHCP_MESSAGE_TYPE(53)");
        assertThat(b.build().hostName()).contains("keep");
        assertThatThrownBy(() -> b.interfaceMtu(20)).hasMessage("interfaceMtu: 20 (expected: 68..65535)");
        assertThatThrownBy(() -> DhcpOptionCode.valueOf("NO_SUCH")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("CLASSLESS_STATIC_ROUTE");
        assertThat(DhcpOptionCode.valueOf(200)).isEqualTo(DhcpOptionCode.valueOf(200))
                .hasToString("OPTION_200(200)");
        assertThat(MessageType.valueOf(106)).hasToString("UNKNOWN(106)");
    }

    @Test
    void truncatedHeaderIsRejectedWithItsLength() {
        assertThatThrownBy(() -> DhcpCodec.decode(new byte[100]))
                .isInstanceOfSatisfying(DhcpDecodeException.class, e -> {
                    assertThat(e.offset()).isEqualTo(100);
                    assertThat(e.reason()).isEqualTo(Reason.TRUNCATED_HEADER);
                });
    }

    @Test
    void badCookieIsRejectedAtOffset236() throws Exception {
        byte[] wire = DhcpCodec.encode(offer());
        wire[239] = 0;
        assertThatThrownBy(() -> DhcpCodec.decode(wire))
                .isInstanceOfSatisfying(DhcpDecodeException.class, e -> {
                    assertThat(e.offset()).isEqualTo(236);
                    assertThat(e.reason()).isEqualTo(Reason.BAD_MAGIC_COOKIE);
                });
    }

    @Test
    void optionRunningPastTheEndIsRejectedAtTheOption() throws Exception {
        byte[] wire = Arrays.copyOf(DhcpCodec.encode(offer()), 250);
        assertThatThrownBy(() -> DhcpCodec.decode(wire))
                .isInstanceOfSatisfying(DhcpDecodeException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.OPTION_PAST_END);
                    assertThat(e.offset()).isBetween(240, 249);
                });
    }
}
