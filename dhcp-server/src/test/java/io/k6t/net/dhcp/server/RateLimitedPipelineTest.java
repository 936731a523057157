package io.k6t.net.dhcp.server;

import static io.k6t.net.dhcp.server.Requests.ip;
import static io.k6t.net.dhcp.server.Requests.lease;
import static io.k6t.net.dhcp.server.Requests.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.k6t.net.dhcp.DhcpCodec;
import io.k6t.net.dhcp.MacAddress;
import io.k6t.net.dhcp.MessageType;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RateLimitedPipelineTest {
    private static final InetSocketAddress SERVER = new InetSocketAddress(ip("255.255.255.255"), 67);
    private static final InetSocketAddress CLIENT = new InetSocketAddress(ip("0.0.0.0"), 68);

    @Test
    void floodFromOtherMacsIsCutBeforeDecodingWhileTheLeaseMacIsAlwaysAnswered() throws Exception {
        List<Transaction> transactions = new ArrayList<>();
        DhcpPipeline pipeline = DhcpPipeline.create(lease(), transactions::add, new RateLimits(2, 1, 3, 1, 16));
        EmbeddedChannel channel = new EmbeddedChannel(pipeline.handler());
        byte[] stranger = DhcpCodec.encode(request(MessageType.DISCOVER)
                .clientMac(MacAddress.parse(Requests.OTHER_MAC)).build());
        byte[] guest = DhcpCodec.encode(request(MessageType.DISCOVER).build());

        long start = System.nanoTime();
        for (int i = 0; i < 10; i++) {
            channel.writeInbound(new DatagramPacket(Unpooled.wrappedBuffer(stranger), SERVER, CLIENT));
            channel.writeInbound(new DatagramPacket(Unpooled.wrappedBuffer(new byte[] {1, 2, 3}), SERVER, CLIENT));
            channel.writeInbound(new DatagramPacket(Unpooled.wrappedBuffer(guest), SERVER, CLIENT));
        }

        long refills = (System.nanoTime() - start) / 1_000_000_000L + 1;
        int offers = 0;
        for (DatagramPacket out; (out = channel.readOutbound()) != null; offers++) {
            out.release();
        }
        InterfaceStats stats = pipeline.stats();
        assertThat(offers).isEqualTo(10);
        assertThat(stats.received()).isEqualTo(30);
        assertThat(stats.offered()).isEqualTo(10);
        long decoded = stats.dropped(DropReason.WRONG_CLIENT) + stats.dropped(DropReason.MALFORMED);
        assertThat(decoded).as("the global burst of 3, plus 1 a second (%s s)", refills).isBetween(3L, 3 + refills);
        assertThat(stats.dropped(DropReason.RATE_LIMITED)).isEqualTo(20 - decoded);
        assertThat(stats.offered() + stats.droppedTotal()).isEqualTo(stats.received());
        assertThat(transactions).as("rate-limited datagrams are not transactions").hasSize(10 + (int) decoded);
        assertFalse(channel.finish());
    }
}
