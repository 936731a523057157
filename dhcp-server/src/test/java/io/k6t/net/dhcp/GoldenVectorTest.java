package io.k6t.net.dhcp;

import static io.k6t.net.dhcp.DhcpCodecTest.ip;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Golden vectors: DORA exchanges of four real clients with dnsmasq 2.90, captured by
 * {@code src/test/resources/golden/capture.sh} (provenance in the README beside it). Each packet
 * decodes to the values the client and server sent, and re-encodes to exactly the captured bytes,
 * the padding after END included.
 */
class GoldenVectorTest {
    private static final MacAddress CLIENT = MacAddress.parse("02:00:00:74:17:75");
    private static final byte[] MAC_CLIENT_ID = HexFormat.of().parseHex("01020000741775");

    /** What each capture must show: its client's xid, PRL, hostname, client id, max size, vendor class. */
    record Golden(String file, int xid, String prl, String hostName, byte[] clientId, Integer maxMessageSize,
            String vendorClassPrefix) {
        @Override
        public String toString() {
            return file;
        }
    }

    static Stream<Golden> captures() {
        return Stream.of(
                new Golden("udhcpc.pcap", 0xb0c19d66, "1,3,6,12,15,26,28,42,119,121", "golden-udhcpc",
                        MAC_CLIENT_ID, 576, "udhcp 1.35.0"),
                new Golden("dhclient.pcap", 0xe047db4a, "1,28,3,15,6,119,12,26,42,121", "golden-dhclient",
                        null, null, null),
                new Golden("dhcpcd.pcap", 0xa6c86777, "1,121,3,6,12,15,26,28,33,42,51,58,59,119", "golden-dhcpcd",
                        MAC_CLIENT_ID, 1472, "dhcpcd-9.4.1:Linux"),
                new Golden("systemd-networkd.pcap", 0xb44ac5d0, "1,3,6,12,15,33,42,120,121", "golden-networkd",
                        MAC_CLIENT_ID, 1472, null));
    }

    private static List<Pcap.Udp> read(String file) throws URISyntaxException {
        return Pcap.readDhcp(Path.of(GoldenVectorTest.class.getResource("/golden/" + file).toURI()));
    }

    private static String codes(List<DhcpOptionCode> codes) {
        return codes.stream().map(c -> Integer.toString(c.code())).collect(Collectors.joining(","));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("captures")
    void everyPacketReEncodesToTheCapturedBytes(Golden golden) throws Exception {
        List<Pcap.Udp> packets = read(golden.file());
        assertThat(packets).hasSize(4);
        for (Pcap.Udp udp : packets) {
            DhcpMessage message = DhcpCodec.decode(udp.payload());
            byte[] encoded = DhcpCodec.encode(message, EncodeOptions.forMaxMessageSize(1500));
            assertThat(HexFormat.of().formatHex(encoded)).as(udp.where(Path.of(golden.file())))
                    .isEqualTo(HexFormat.of().formatHex(udp.payload()));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("captures")
    void clientMessagesCarryWhatTheClientSent(Golden golden) throws Exception {
        List<Pcap.Udp> packets = read(golden.file());
        DhcpMessage discover = DhcpCodec.decode(packets.get(0).payload());
        DhcpMessage request = DhcpCodec.decode(packets.get(2).payload());
        assertThat(discover.options().messageType()).contains(MessageType.DISCOVER);
        assertThat(request.options().messageType()).contains(MessageType.REQUEST);
        for (DhcpMessage m : List.of(discover, request)) {
            assertThat(m.isRequest()).isTrue();
            assertThat(m.xid()).isEqualTo(golden.xid());
            assertThat(m.clientMac()).contains(CLIENT);
            assertThat(m.broadcast()).isFalse();
            assertThat(codes(m.options().parameterRequestList())).isEqualTo(golden.prl());
            assertThat(m.options().hostName()).contains(golden.hostName());
            if (golden.clientId() == null) {
                assertThat(m.options().clientIdentifier()).isEmpty();
            } else {
                assertThat(m.options().clientIdentifier())
                        .hasValueSatisfying(id -> assertThat(id).isEqualTo(golden.clientId()));
            }
            if (golden.maxMessageSize() == null) {
                assertThat(m.options().maxMessageSize()).isEmpty();
            } else {
                assertThat(m.options().maxMessageSize()).hasValue(golden.maxMessageSize());
            }
            if (golden.vendorClassPrefix() != null) {
                assertThat(m.options().vendorClassIdentifier()).hasValueSatisfying(v -> assertThat(v)
                        .startsWith(golden.vendorClassPrefix()));
            }
        }
        // SELECTING state (RFC 2131 4.3.2): server id and requested address, ciaddr zero.
        assertThat(request.options().serverIdentifier()).contains(ip("10.99.0.1"));
        assertThat(request.options().requestedIpAddress()).contains(ip("10.99.0.5"));
        assertThat(request.ciaddr()).isEqualTo(ip("0.0.0.0"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("captures")
    void dnsmasqRepliesCarryTheLease(Golden golden) throws Exception {
        List<Pcap.Udp> packets = read(golden.file());
        DhcpMessage offer = DhcpCodec.decode(packets.get(1).payload());
        DhcpMessage ack = DhcpCodec.decode(packets.get(3).payload());
        assertThat(offer.options().messageType()).contains(MessageType.OFFER);
        assertThat(ack.options().messageType()).contains(MessageType.ACK);
        List<Integer> requested = Arrays.stream(golden.prl().split(",")).map(Integer::parseInt)
                .collect(Collectors.toList());
        for (DhcpMessage m : List.of(offer, ack)) {
            assertThat(m.isReply()).isTrue();
            assertThat(m.xid()).isEqualTo(golden.xid());
            assertThat(m.clientMac()).contains(CLIENT);
            assertThat(m.yiaddr()).isEqualTo(ip("10.99.0.5"));
            assertThat(m.options().serverIdentifier()).contains(ip("10.99.0.1"));
            assertThat(m.options().leaseSeconds()).hasValue(3600);
            assertThat(m.options().renewalSeconds()).hasValue(1800);
            assertThat(m.options().rebindingSeconds()).hasValue(3150);
            assertThat(m.options().subnetMask()).contains(ip("255.255.255.0"));
            assertThat(m.options().routers()).containsExactly(ip("10.99.0.1"));
            assertThat(m.options().dnsServers()).containsExactly(ip("10.99.0.1"));
            assertThat(m.options().ntpServers()).containsExactly(ip("10.99.0.1"));
            assertThat(m.options().domainName()).contains("cluster.local");
            assertThat(m.options().classlessRoutes()).containsExactly(ClasslessRoute.of("10.99.0.1/32", "0.0.0.0"),
                    ClasslessRoute.of("0.0.0.0/0", "10.99.0.1"));
            assertThat(m.options().domainSearch()).isEqualTo(requested.contains(119)
                    ? List.of("vm.svc.cluster.local", "svc.cluster.local", "cluster.local") : List.of());
            if (requested.contains(26)) {
                assertThat(m.options().interfaceMtu()).hasValue(1450);
            } else {
                assertThat(m.options().interfaceMtu()).isEmpty();
            }
        }
        assertThat(ack.options().hostName()).contains(golden.hostName());
    }
}
