package io.k6t.net.launcher.learn.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.io.BaseEncoding;
import io.k6t.net.dhcp.MacAddress;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/** Frames laid out field by field (RFC 8200, RFC 4861, RFC 8415 over UDP), read by {@link Ipv6Frames}. */
class Ipv6FramesTest {
    private static final String GUEST_MAC = "020000741776";
    private static final String NODE_MAC = "020000000001";

    private static ByteBuffer frame(String hex) {
        return ByteBuffer.wrap(BaseEncoding.base16().lowerCase().decode(hex.replace(" ", "")));
    }

    /** Ethernet + IPv6 header: next header {@code next}, hop limit {@code hops}, 16-byte source and destination. */
    private static String header(String dstMac, String srcMac, int payloadLength, int next, int hops, String src,
            String dst) {
        return dstMac + srcMac + "86dd" + "60000000" + String.format("%04x%02x%02x", payloadLength, next, hops) + src
                + dst;
    }

    @Test
    void neighbourAdvertisementFromTheGuestShowsItsSourceAndTarget() throws Exception {
        String global = "fd000050000000000000000000000020";
        String na = "88000000" + "60000000" + global;
        ByteBuffer f = frame(header(NODE_MAC, GUEST_MAC, 24, 58, 255, global, "fd000050000000000000000000000001") + na);

        Ipv6Frames.Seen seen = Ipv6Frames.parse(f).orElseThrow();

        assertThat(seen).isEqualTo(new Ipv6Frames.Neighbour(MacAddress.parse("02:00:00:74:17:76"),
                java.util.List.of((java.net.Inet6Address) InetAddress.getByName("fd00:50::20"))));
    }

    @Test
    void duplicateAddressDetectionShowsNoAddressAndAForwardedNdpIsNotNdp() {
        String tentative = "fd000050000000000000000000000020";
        String ns = "87000000" + "00000000" + tentative;
        ByteBuffer dad = frame(header("3333ff000020", GUEST_MAC, 24, 58, 255, "0".repeat(32),
                "ff0200000000000000000001ff000020") + ns);
        ByteBuffer routed = frame(header(NODE_MAC, GUEST_MAC, 24, 58, 254, tentative,
                "fd000050000000000000000000000001") + ns);

        assertThat(Ipv6Frames.parse(dad)).hasValueSatisfying(s -> assertThat(((Ipv6Frames.Neighbour) s).addresses())
                .isEmpty());
        assertThat(Ipv6Frames.parse(routed)).isEmpty();
    }

    @Test
    void dhcpv6KeepsTheEthernetAddressesAndThePayload() {
        String payload = "07123456";
        String udp = "0223" + "0222" + "000c" + "0000" + payload;
        ByteBuffer f = frame(header(GUEST_MAC, NODE_MAC, 12, 17, 64, "fe80000000000000000000fffe000001",
                "fe80000000000000000000fffe741776") + udp);

        Ipv6Frames.Dhcp6 dhcp6 = (Ipv6Frames.Dhcp6) Ipv6Frames.parse(f).orElseThrow();

        assertThat(dhcp6.from()).isEqualTo(MacAddress.parse("02:00:00:00:00:01"));
        assertThat(dhcp6.to()).isEqualTo(MacAddress.parse("02:00:00:74:17:76"));
        assertThat(BaseEncoding.base16().lowerCase().encode(dhcp6.payload())).isEqualTo(payload);
    }
}
