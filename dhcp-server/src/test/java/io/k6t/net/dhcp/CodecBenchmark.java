package io.k6t.net.dhcp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Codec throughput and allocation (run with {@code -prof gc} for {@code gc.alloc.rate.norm}):
 * decoding a typical DISCOVER (udhcpc's, from the golden captures) and decoding then encoding a full
 * OFFER (every option k6t-net sends, 121 and 119 included) into a pooled buffer, as the server does.
 * Not a test: run with {@code mvn -B -ntp -pl dhcp-server -Pjmh -DskipTests test-compile exec:exec}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class CodecBenchmark {
    private byte[] discover;
    private byte[] offer;
    private DhcpMessage offerMessage;
    private ByteBuf out;

    @Setup
    public void setUp() throws Exception {
        discover = Pcap.readDhcp(Path.of(CodecBenchmark.class.getResource("/golden/udhcpc.pcap").toURI()))
                .get(0).payload();
        offerMessage = fullOffer();
        offer = DhcpCodec.encode(offerMessage);
        out = PooledByteBufAllocator.DEFAULT.directBuffer(1024);
    }

    @TearDown
    public void tearDown() {
        out.release();
    }

    /** The OFFER k6t-net sends a KubeVirt-style guest (see DESIGN.md's lease file). */
    static DhcpMessage fullOffer() {
        return DhcpMessage.builder().op(DhcpMessage.BOOTREPLY).xid(0x12345678).broadcast(true)
                .yiaddr(DhcpCodecTest.ip("10.244.1.5")).siaddr(DhcpCodecTest.ip("169.254.75.10"))
                .clientMac(MacAddress.parse("02:00:00:74:17:75"))
                .option(DhcpOptionCodecs.DHCP_MESSAGE_TYPE, MessageType.OFFER)
                .option(DhcpOptionCodecs.SERVER_IDENTIFIER, DhcpCodecTest.ip("169.254.75.10"))
                .option(DhcpOptionCodecs.IP_ADDRESS_LEASE_TIME, 86_313_600L)
                .option(DhcpOptionCodecs.RENEWAL_TIME, 43_156_800L).option(DhcpOptionCodecs.REBINDING_TIME, 75_524_400L)
                .option(DhcpOptionCodecs.SUBNET_MASK, DhcpCodecTest.ip("255.255.255.0"))
                .option(DhcpOptionCodecs.CLASSLESS_STATIC_ROUTE,
                        List.of(ClasslessRoute.of("169.254.75.10/32", "0.0.0.0"),
                        ClasslessRoute.of("0.0.0.0/0", "10.244.1.1")))
                .option(DhcpOptionCodecs.ROUTER, List.of(DhcpCodecTest.ip("10.244.1.1")))
                .option(DhcpOptionCodecs.DOMAIN_NAME_SERVER, List.of(DhcpCodecTest.ip("10.96.0.10")))
                .option(DhcpOptionCodecs.DOMAIN_NAME, "vm.svc.cluster.local")
                .option(DhcpOptionCodecs.DOMAIN_SEARCH,
                        List.of("vm.svc.cluster.local", "svc.cluster.local", "cluster.local"))
                .option(DhcpOptionCodecs.HOST_NAME, "nodejs")
                .option(DhcpOptionCodecs.INTERFACE_MTU, 1450)
                .option(DhcpOptionCodecs.NTP_SERVERS, List.of(DhcpCodecTest.ip("10.0.0.123")))
                .option(DhcpOptionCodecs.CLIENT_IDENTIFIER, new byte[] {1, 2, 0, 0, 0x74, 0x17, 0x75})
                .privateOption(240, "extra".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                .build();
    }

    /** Baseline for ratios on a shared machine: copying the OFFER's bytes once. */
    @Benchmark
    public byte[] baselineCopyOffer() {
        return java.util.Arrays.copyOf(offer, offer.length);
    }

    @Benchmark
    public DhcpMessage decodeDiscover() throws DhcpDecodeException {
        return DhcpCodec.decode(discover);
    }

    @Benchmark
    public DhcpMessage decodeOffer() throws DhcpDecodeException {
        return DhcpCodec.decode(offer);
    }

    @Benchmark
    public int encodeOffer() throws DhcpEncodeException {
        out.clear();
        DhcpCodec.encode(offerMessage, EncodeOptions.DEFAULT, out);
        return out.writerIndex();
    }

    @Benchmark
    public int decodeEncodeOffer() throws DhcpDecodeException, DhcpEncodeException {
        DhcpMessage m = DhcpCodec.decode(offer);
        out.clear();
        DhcpCodec.encode(m, EncodeOptions.DEFAULT, out);
        return out.writerIndex();
    }
}
