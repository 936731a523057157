package io.k6t.net.dhcp;

import static io.k6t.net.dhcp.DhcpCodecTest.ip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.k6t.net.dhcp.DhcpDecodeException.Reason;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Option 121 (RFC 3442) known answers. */
class ClasslessRouteTest {
    private static byte[] encode(List<ClasslessRoute> routes) {
        return DhcpMessage.builder().option(DhcpOptionCodecs.CLASSLESS_STATIC_ROUTE, routes).build()
                .options().option(DhcpOptionCode.CLASSLESS_STATIC_ROUTE).orElseThrow().value();
    }

    /** RFC 3442 section 2: subnet, mask, destination descriptor. */
    @ParameterizedTest(name = "{0}/{1} -> {2}")
    @CsvSource({
        "0.0.0.0, 0, 00",
        "10.0.0.0, 8, 080a",
        "10.0.0.0, 24, 180a0000",
        "10.17.0.0, 16, 100a11",
        "10.27.129.0, 24, 180a1b81",
        "10.229.0.128, 25, 190ae50080",
        "10.198.122.47, 32, 200ac67a2f",
    })
    void rfc3442DestinationDescriptors(String subnet, int width, String descriptor) throws Exception {
        ClasslessRoute route = new ClasslessRoute(ip(subnet), width, ip("10.0.0.1"));
        byte[] expected = HexFormat.of().parseHex(descriptor + "0a000001");
        assertThat(encode(List.of(route))).isEqualTo(expected);
        DhcpMessage decoded = DhcpCodec.decode(WireBytes.message("79" + String.format("%02x", expected.length)
                + HexFormat.of().formatHex(expected) + "ff"));
        assertThat(decoded.options().classlessRoutes()).containsExactly(route);
    }

    @Test
    void calicoOnLinkGatewayThenDefaultViaIt() throws Exception {
        List<ClasslessRoute> routes = List.of(ClasslessRoute.onLink(ip("169.254.1.1"), 32),
                ClasslessRoute.defaultRoute(ip("169.254.1.1")));
        byte[] wire = WireBytes.hex("20 a9fe0101 00000000  00 a9fe0101");
        assertThat(encode(routes)).isEqualTo(wire);
        DhcpMessage decoded = DhcpCodec.decode(DhcpCodec.encode(DhcpMessage.builder()
                .option(DhcpOptionCodecs.CLASSLESS_STATIC_ROUTE, routes).build()));
        assertThat(decoded.options().classlessRoutes()).containsExactlyElementsOf(routes);
        assertThat(decoded.options().classlessRoutes().get(0).isOnLink()).isTrue();
        assertThat(decoded.options().classlessRoutes().get(1).isDefault()).isTrue();
        assertThat(decoded.options().classlessRoutes().get(1).isOnLink()).isFalse();
    }

    @Test
    void everyWidthFrom0To32RoundTrips() throws Exception {
        SplittableRandom random = new SplittableRandom(3442);
        for (int width = 0; width <= 32; width++) {
            int mask = width == 0 ? 0 : -1 << (32 - width);
            ClasslessRoute route = new ClasslessRoute(io.k6t.net.dhcp.internal.Ipv4.fromInt(random.nextInt() & mask),
                    width, ip("192.0.2.1"));
            byte[] value = encode(List.of(route));
            assertThat(value).as("/%d", width).hasSize(1 + (width + 7) / 8 + 4);
            DhcpMessage m = DhcpCodec.decode(DhcpCodec.encode(DhcpMessage.builder()
                    .option(DhcpOptionCodecs.MS_CLASSLESS_STATIC_ROUTE, List.of(route))
                    .build()));
            assertThat(m.options().msClasslessRoutes()).as("/%d", width).containsExactly(route);
        }
    }

    @Test
    void widthAbove32IsRejectedAtTheRoute() {
        // option 121 at 240, value at 242: a valid /0 route (5 bytes) then width 33 at 247
        byte[] wire = WireBytes.message("79 0b 00 0a000001 21 0a000001 00 ff");
        assertThatThrownBy(() -> DhcpCodec.decode(wire)).isInstanceOfSatisfying(DhcpDecodeException.class, e -> {
            assertThat(e.reason()).isEqualTo(Reason.BAD_CLASSLESS_ROUTE);
            assertThat(e.offset()).isEqualTo(247);
            assertThat(e.detail()).contains("33");
        });
    }

    @Test
    void truncatedRouteIsRejected() {
        byte[] wire = WireBytes.message("79 04 18 0a0000 ff");
        assertThatThrownBy(() -> DhcpCodec.decode(wire)).isInstanceOfSatisfying(DhcpDecodeException.class, e -> {
            assertThat(e.reason()).isEqualTo(Reason.BAD_CLASSLESS_ROUTE);
            assertThat(e.offset()).isEqualTo(242);
        });
    }

    @Test
    void hostBitsAreRefusedWhenBuildingAndClearedWhenDecoding() throws Exception {
        assertThatThrownBy(() -> ClasslessRoute.of("10.0.0.1/8", "0.0.0.0"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("10.0.0.0");
        // /8 with significant octet only: host bits cannot even be carried; /12 with 10.31 -> 10.16
        DhcpMessage m = DhcpCodec.decode(WireBytes.message("79 07 0c 0a1f 0a000001 ff"));
        assertThat(m.options().classlessRoutes()).containsExactly(ClasslessRoute.of("10.16.0.0/12", "10.0.0.1"));
        assertThat(DhcpCodec.encode(m, EncodeOptions.builder().minimumSize(0).build()))
                .as("raw option kept").contains(WireBytes.hex("0c0a1f0a000001"));
    }
}
