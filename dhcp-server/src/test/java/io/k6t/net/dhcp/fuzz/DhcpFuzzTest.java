package io.k6t.net.dhcp.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.k6t.net.dhcp.DhcpCodec;
import io.k6t.net.dhcp.DhcpDecodeException;
import io.k6t.net.dhcp.DhcpEncodeException;
import io.k6t.net.dhcp.DhcpMessage;
import io.k6t.net.dhcp.EncodeOptions;
import io.k6t.net.dhcp.server.Decision;
import io.k6t.net.dhcp.server.DhcpPipeline;
import io.k6t.net.dhcp.server.InterfaceStats;
import io.k6t.net.dhcp.server.LeaseConfig;
import io.k6t.net.dhcp.MacAddress;
import io.k6t.net.dhcp.server.PrivateOption;
import io.k6t.net.dhcp.server.Responder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.Optional;

/**
 * Coverage-guided fuzzing of the codec, the responder and the per-interface pipeline.
 *
 * <p>Without {@code JAZZER_FUZZ} every {@code @FuzzTest} runs once per file of its saved corpus in
 * {@code src/test/resources/io/k6t/net/dhcp/fuzz/DhcpFuzzTestInputs/<method>/} (seeded from every DHCP
 * payload of the shared captures by {@link FuzzSeeds}, plus the inputs the long runs found new coverage
 * with): a fast regression test in every build. With {@code JAZZER_FUZZ=1} and
 * {@code -Dtest=DhcpFuzzTest#method} Jazzer mutates from there (see docs/reliability.md).
 *
 * <p>Contracts: the decoder throws only {@link DhcpDecodeException}; whatever decodes, the responder
 * decides without throwing and its reply encodes (or fails with {@link DhcpEncodeException}, counted as
 * too large) into a BOOTREPLY that decodes again within the client's size; the pipeline answers every
 * datagram with exactly one counted outcome and releases every buffer (paranoid leak detection).
 */
class DhcpFuzzTest {
    private static final InetSocketAddress SERVER = new InetSocketAddress("255.255.255.255", Responder.SERVER_PORT);
    private static final InetSocketAddress CLIENT = new InetSocketAddress("0.0.0.0", Responder.CLIENT_PORT);
    private static final LeaseConfig PLAIN = FuzzLeases.plain();
    private static final LeaseConfig BULKY = FuzzLeases.bulky();

    @FuzzTest(maxDuration = "5m")
    void decode(byte[] input) {
        Optional<DhcpMessage> fromArray = decodeOrEmpty(input);
        ByteBuf direct = Unpooled.directBuffer(input.length).writeBytes(input);
        try {
            assertThat(decodeOrEmpty(direct)).as("direct buffer decodes like the array").isEqualTo(fromArray);
            assertThat(direct.readerIndex()).isZero();
        } finally {
            direct.release();
        }
        if (fromArray.isEmpty()) {
            return;
        }
        DhcpMessage message = fromArray.get();
        byte[] again;
        try {
            again = DhcpCodec.encode(message, EncodeOptions.builder().maxMessageSize(65_535).build());
        } catch (DhcpEncodeException e) {
            return;
        }
        DhcpMessage reread = decodeOrFail(again, "re-encoded message");
        assertThat(reread.options()).as("options survive decode-encode-decode").isEqualTo(message.options());
        assertThat(reread.xid()).isEqualTo(message.xid());
        assertThat(reread.chaddr()).isEqualTo(message.chaddr());
    }

    @FuzzTest(maxDuration = "5m")
    void respond(byte[] input) {
        Optional<DhcpMessage> decoded = decodeOrEmpty(input);
        if (decoded.isEmpty()) {
            return;
        }
        DhcpMessage request = decoded.get();
        LeaseConfig lease = FuzzLeases.forClient((request.xid() & 1) == 0 ? PLAIN : BULKY, request);
        Decision decision = Responder.respond(request, lease);
        if (!(decision instanceof Decision.Reply reply)) {
            return;
        }
        byte[] encoded;
        try {
            encoded = DhcpCodec.encode(reply.message(), EncodeOptions.forMaxMessageSize(reply.maxMessageSize()));
        } catch (DhcpEncodeException e) {
            return;
        }
        assertThat(encoded.length).as("reply within the client's maximum message size")
                .isLessThanOrEqualTo(reply.maxMessageSize() - EncodeOptions.IP_UDP_HEADER_SIZE);
        DhcpMessage answer = decodeOrFail(encoded, "reply " + reply.label());
        assertThat(answer.isRequest()).isFalse();
        assertThat(answer.xid()).isEqualTo(request.xid());
        assertThat(answer.chaddr()).isEqualTo(request.chaddr());
    }

    @FuzzTest(maxDuration = "5m")
    void serve(byte[] input) {
        DhcpPipeline pipeline = DhcpPipeline.create(input.length % 2 == 0 ? PLAIN : BULKY);
        EmbeddedChannel channel = new EmbeddedChannel(pipeline.handler());
        ByteBuf payload = Unpooled.directBuffer(input.length).writeBytes(input);
        channel.writeInbound(new DatagramPacket(payload, SERVER, CLIENT));
        int replies = 0;
        for (DatagramPacket out; (out = channel.readOutbound()) != null; replies++) {
            out.release();
        }
        channel.checkException();
        assertThat(channel.finish()).isFalse();
        InterfaceStats stats = pipeline.stats();
        assertThat(stats.received()).isEqualTo(1);
        assertThat(stats.offered() + stats.acked() + stats.naked() + stats.informed() + stats.droppedTotal())
                .as("one outcome per datagram: %s", stats).isEqualTo(1);
        assertThat(replies).isEqualTo(stats.droppedTotal() == 1 ? 0 : 1);
        assertThat(payload.refCnt()).as("request released").isZero();
    }

    private static Optional<DhcpMessage> decodeOrEmpty(byte[] input) {
        try {
            return Optional.of(DhcpCodec.decode(input));
        } catch (DhcpDecodeException e) {
            assertThat(e.offset()).as("offset of %s", e.getMessage()).isBetween(0, input.length);
            return Optional.empty();
        }
    }

    private static Optional<DhcpMessage> decodeOrEmpty(ByteBuf input) {
        try {
            return Optional.of(DhcpCodec.decode(input));
        } catch (DhcpDecodeException e) {
            return Optional.empty();
        }
    }

    private static DhcpMessage decodeOrFail(byte[] encoded, String what) {
        try {
            return DhcpCodec.decode(encoded);
        } catch (DhcpDecodeException e) {
            throw new AssertionError(what + " does not decode: " + e.getMessage() + "\n" + Arrays.toString(encoded), e);
        }
    }

    /** Leases the fuzzed requests are answered from. */
    static final class FuzzLeases {
        private FuzzLeases() {
        }

        /** The design's example lease. */
        static LeaseConfig plain() {
            return LeaseConfig.parse("""
                    { "interface": "k6t-eth0", "serverAddress": "169.254.75.10", "clientMac": "02:00:00:74:17:75",
                      "address": "10.244.1.5/24", "gateway": "10.244.1.1",
                      "routes": [{"destination": "0.0.0.0/0", "gateway": "10.244.1.1"}],
                      "dnsServers": ["10.96.0.10"], "searchDomains": ["vm.svc.cluster.local", "cluster.local"],
                      "domainName": null, "mtu": 1450, "hostname": "nodejs", "leaseSeconds": 86313600,
                      "ntpServers": [], "tftpServerName": null, "bootFileName": null,
                      "privateOptions": [{"code": 240, "value": "extra"}], "acceptRelayed": false }
                    """);
        }

        /** A lease whose replies need option overload: relays accepted, infinite lease, big private options. */
        static LeaseConfig bulky() {
            LeaseConfig.Builder builder = plain().toBuilder().acceptRelayed(true)
                    .leaseSeconds(LeaseConfig.MAX_LEASE_SECONDS);
            for (int code = 224; code < 226; code++) {
                builder.addPrivateOption(PrivateOption.ofText(code, "x".repeat(100)));
            }
            for (int i = 0; i < 6; i++) {
                builder.addSearchDomain("d" + i + ".vm.svc.cluster.local");
            }
            return builder.build();
        }

        /** {@code base} for the request's client MAC when it has an Ethernet one, so the decision goes deep. */
        static LeaseConfig forClient(LeaseConfig base, DhcpMessage request) {
            if (request.hlen() != 6 || request.htype() != DhcpMessage.HTYPE_ETHERNET) {
                return base;
            }
            byte[] mac = Arrays.copyOf(request.chaddr(), 6);
            if ((mac[0] & 1) != 0) {
                return base;
            }
            return base.toBuilder().clientMac(MacAddress.toString(mac)).build();
        }
    }
}
