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
                .option(DhcpOptionCodecs.DHCP_MESSAGE_TYPE, MessageType.OFFER)
                .option(DhcpOptionCodecs.SERVER_IDENTIFIER, ip("169.254.75.10"))
                .option(DhcpOptionCodecs.IP_ADDRESS_LEASE_TIME, 86_313_600L)
                .option(DhcpOptionCodecs.RENEWAL_TIME, 43_156_800L)
                .option(DhcpOptionCodecs.REBINDING_TIME, 75_524_400L)
                .option(DhcpOptionCodecs.SUBNET_MASK, ip("255.255.255.0"))
                .option(DhcpOptionCodecs.ROUTER, List.of(ip("10.244.1.1")))
                .option(DhcpOptionCodecs.CLASSLESS_STATIC_ROUTE,
                        List.of(ClasslessRoute.of("169.254.75.10/32", "0.0.0.0"),
                        ClasslessRoute.of("0.0.0.0/0", "10.244.1.1")))
                .option(DhcpOptionCodecs.DOMAIN_NAME_SERVER, List.of(ip("10.96.0.10")))
                .option(DhcpOptionCodecs.DOMAIN_NAME, "vm.svc.cluster.local")
                .option(DhcpOptionCodecs.DOMAIN_SEARCH,
                        List.of("vm.svc.cluster.local", "svc.cluster.local", "cluster.local"))
                .option(DhcpOptionCodecs.HOST_NAME, "nodejs")
                .option(DhcpOptionCodecs.INTERFACE_MTU, 1450)
                .option(DhcpOptionCodecs.NTP_SERVERS, List.of(ip("10.0.0.123")))
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
        assertThat(decoded.options().messageType()).contains(MessageType.OFFER);
        assertThat(decoded.broadcast()).isTrue();
        assertThat(decoded.clientMac()).contains(MacAddress.parse("02:00:00:74:17:75"));
        assertThat(decoded.options().classlessRoutes())
                .containsExactly(ClasslessRoute.of("169.254.75.10/32", "0.0.0.0"),
                ClasslessRoute.of("0.0.0.0/0", "10.244.1.1"));
        assertThat(decoded.options().domainSearch()).containsExactly("vm.svc.cluster.local", "svc.cluster.local",
                "cluster.local");
        assertThat(decoded.options().leaseSeconds()).hasValue(86_313_600L);
        assertThat(decoded.options().interfaceMtu()).hasValue(1450);
        assertThat(decoded.options().privateOption(240))
                .hasValueSatisfying(v -> assertThat(v).isEqualTo("extra".getBytes()));
        assertThat(DhcpCodec.encode(decoded)).isEqualTo(wire);
    }

    @Test
    void encodeOptionsFollowTheClientsMaximumMessageSize() throws Exception {
        DhcpMessage.Builder request = DhcpMessage.builder()
                .option(DhcpOptionCodecs.DHCP_MESSAGE_TYPE, MessageType.DISCOVER);
        assertThat(EncodeOptions.forClient(request.build()).maxMessageSize()).isEqualTo(576);
        assertThat(EncodeOptions.forClient(request.option(DhcpOptionCodecs.MAXIMUM_DHCP_MESSAGE_SIZE, 1472).build())
                .maxPayloadSize()).isEqualTo(1444);
        // A client below the RFC 2132 minimum (seen in the wild) still gets 576, not an exception.
        DhcpMessage tiny = DhcpCodec.decode(WireBytes.message("3501 01 3902 0200 ff"));
        assertThat(tiny.options().maxMessageSize()).hasValue(512);
        assertThat(EncodeOptions.forClient(tiny).maxMessageSize()).isEqualTo(576);
        assertThatThrownBy(() -> EncodeOptions.forMaxMessageSize(512)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxMessageSize: 512");
    }

    @Test
    void builderChecksOptionFormatsAndStaysUnchangedOnFailure() {
        DhcpMessage.Builder b = DhcpMessage.builder().option(DhcpOptionCodecs.HOST_NAME, "keep");
        DhcpOption badType = DhcpOption.of(DhcpOptionCode.DHCP_MESSAGE_TYPE, new byte[] {1, 2});
        assertThatThrownBy(() -> b.options(List.of(DhcpOption.of(DhcpOptionCode.HOST_NAME, new byte[] {'x'}),
                badType))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("DHCP_MESSAGE_TYPE(53)");
        assertThat(b.build().options().hostName()).contains("keep");
        assertThatThrownBy(() -> b.option(DhcpOptionCodecs.INTERFACE_MTU, 20))
                .hasMessage("interfaceMtu: 20 (expected: 68..65535)");
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
