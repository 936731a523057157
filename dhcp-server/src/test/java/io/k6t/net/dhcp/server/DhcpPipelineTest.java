package io.k6t.net.dhcp.server;

import static io.k6t.net.dhcp.server.Requests.ip;
import static io.k6t.net.dhcp.server.Requests.lease;
import static io.k6t.net.dhcp.server.Requests.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.k6t.net.dhcp.DhcpCodec;
import io.k6t.net.dhcp.DhcpMessage;
import io.k6t.net.dhcp.DhcpOptionCodecs;
import io.k6t.net.dhcp.MacAddress;
import io.k6t.net.dhcp.MessageType;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DhcpPipelineTest {
    private static final InetSocketAddress SERVER = new InetSocketAddress(ip("255.255.255.255"), 67);
    private static final InetSocketAddress CLIENT = new InetSocketAddress(ip("0.0.0.0"), 68);

    private final List<Transaction> transactions = new ArrayList<>();
    private final DhcpPipeline pipeline = DhcpPipeline.create(lease(), transactions::add);
    private final EmbeddedChannel channel = new EmbeddedChannel(pipeline.handler());

    private void send(byte[] payload) {
        channel.writeInbound(new DatagramPacket(Unpooled.wrappedBuffer(payload), SERVER, CLIENT));
    }

    private static byte[] encode(DhcpMessage message) throws Exception {
        return DhcpCodec.encode(message);
    }

    @Test
    void discoverInOfferOut() throws Exception {
        send(encode(request(MessageType.DISCOVER).build()));

        DatagramPacket out = channel.readOutbound();
        try {
            assertThat(out.recipient()).isEqualTo(new InetSocketAddress(ip("255.255.255.255"), 68));
            DhcpMessage offer = DhcpCodec.decode(out.content());
            assertThat(offer.options().messageType()).contains(MessageType.OFFER);
            assertThat(offer.yiaddr()).isEqualTo(ip("10.244.1.5"));
            assertThat(out.content().readableBytes()).isLessThanOrEqualTo(576 - 28);
        } finally {
            out.release();
        }
        assertThat(transactions).singleElement().satisfies(t -> {
            assertThat(t.interfaceName()).isEqualTo("k6t-eth0");
            assertThat(t.decision().label()).isEqualTo("OFFER");
            assertThat(t.request()).isPresent();
        });
        assertThat(pipeline.stats().received()).isEqualTo(1);
        assertThat(pipeline.stats().offered()).isEqualTo(1);
        assertFalse(channel.finish());
    }

    @Test
    void doraThenRenewThenStaleRequestCountsEachOutcome() throws Exception {
        send(encode(request(MessageType.DISCOVER).build()));
        send(encode(request(MessageType.REQUEST).option(DhcpOptionCodecs.SERVER_IDENTIFIER, ip("169.254.75.10"))
                .option(DhcpOptionCodecs.REQUESTED_IP_ADDRESS, ip("10.244.1.5")).build()));
        send(encode(request(MessageType.REQUEST).ciaddr(ip("10.244.1.5")).build()));
        send(encode(request(MessageType.REQUEST).option(DhcpOptionCodecs.REQUESTED_IP_ADDRESS, ip("10.244.1.77"))
                .build()));
        send(encode(request(MessageType.INFORM).ciaddr(ip("10.244.1.5")).build()));
        send(encode(request(MessageType.DISCOVER).clientMac(MacAddress.parse(Requests.OTHER_MAC)).build()));
        send(new byte[] {1, 2, 3});

        List<String> replies = new ArrayList<>();
        for (DatagramPacket out; (out = channel.readOutbound()) != null; ) {
            try {
                replies.add(DhcpCodec.decode(out.content()).options().messageType().orElseThrow().name() + " "
                        + out.recipient().getAddress().getHostAddress());
            } finally {
                out.release();
            }
        }

        assertThat(replies).containsExactly("OFFER 255.255.255.255", "ACK 255.255.255.255", "ACK 10.244.1.5",
                "NAK 255.255.255.255", "ACK 10.244.1.5");
        InterfaceStats stats = pipeline.stats();
        assertThat(stats.received()).isEqualTo(7);
        assertThat(stats.offered()).isEqualTo(1);
        assertThat(stats.acked()).isEqualTo(2);
        assertThat(stats.naked()).isEqualTo(1);
        assertThat(stats.informed()).isEqualTo(1);
        assertThat(stats.dropped(DropReason.WRONG_CLIENT)).isEqualTo(1);
        assertThat(stats.dropped(DropReason.MALFORMED)).isEqualTo(1);
        assertThat(stats.droppedTotal()).isEqualTo(2);
        assertThat(transactions.get(6).request()).isEmpty();
        assertFalse(channel.finish());
    }

    @Test
    void replyThatCannotFitIsDroppedAndCounted() throws Exception {
        // The echoed client identifier (RFC 6842) is the one part of a reply the lease does not bound.
        DhcpPipeline huge = DhcpPipeline.create(lease());
        EmbeddedChannel ch = new EmbeddedChannel(huge.handler());
        DhcpMessage request = request(MessageType.DISCOVER).option(DhcpOptionCodecs.CLIENT_IDENTIFIER, new byte[2000])
                .build();

        ch.writeInbound(new DatagramPacket(Unpooled.wrappedBuffer(DhcpCodec.encode(request,
                io.k6t.net.dhcp.EncodeOptions.forMaxMessageSize(3000))), SERVER, CLIENT));

        assertThat((Object) ch.readOutbound()).isNull();
        assertThat(huge.stats().dropped(DropReason.REPLY_TOO_LARGE)).isEqualTo(1);
        assertFalse(ch.finish());
    }

    @Test
    void updatedLeaseIsServedFromTheNextRequest() throws Exception {
        pipeline.updateLease(lease().toBuilder().address(ip("10.244.1.9"), 24).build());

        send(encode(request(MessageType.DISCOVER).build()));

        DatagramPacket out = channel.readOutbound();
        try {
            assertThat(DhcpCodec.decode(out.content()).yiaddr()).isEqualTo(ip("10.244.1.9"));
        } finally {
            out.release();
        }
        assertFalse(channel.finish());
    }

    /**
     * Latency: a guest waits for the reply to its one request, so the first reply of a read burst is
     * sent before the request is logged (the listener already finds it flushed); the others of the burst
     * (a flood) wait for the burst's end and leave together.
     */
    @Test
    void firstReplyOfAReadBurstIsFlushedBeforeItIsLoggedTheRestAtTheBurstsEnd() throws Exception {
        List<Integer> flushedWhenLogged = new ArrayList<>();
        EmbeddedChannel[] holder = new EmbeddedChannel[1];
        DhcpPipeline burst = DhcpPipeline.create(lease(),
                t -> flushedWhenLogged.add(holder[0].outboundMessages().size()));
        EmbeddedChannel ch = new EmbeddedChannel(burst.handler());
        holder[0] = ch;
        byte[] discover = encode(request(MessageType.DISCOVER).build());

        for (int i = 0; i < 3; i++) {
            ch.pipeline().fireChannelRead(new DatagramPacket(Unpooled.wrappedBuffer(discover), SERVER, CLIENT));
        }
        assertThat(flushedWhenLogged).containsExactly(1, 1, 1);
        assertThat(ch.outboundMessages()).hasSize(1);

        ch.pipeline().fireChannelReadComplete();
        assertThat(ch.outboundMessages()).hasSize(3);

        ch.pipeline().fireChannelRead(new DatagramPacket(Unpooled.wrappedBuffer(discover), SERVER, CLIENT));
        assertThat(flushedWhenLogged).containsExactly(1, 1, 1, 4);
        for (DatagramPacket out; (out = ch.readOutbound()) != null; ) {
            out.release();
        }
        assertFalse(ch.finish());
    }
}
