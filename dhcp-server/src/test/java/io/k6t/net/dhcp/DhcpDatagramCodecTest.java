package io.k6t.net.dhcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.DatagramPacket;
import io.netty.handler.codec.EncoderException;
import java.net.InetSocketAddress;
import java.util.List;
import io.netty.util.ResourceLeakDetector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class DhcpDatagramCodecTest {
    private static final InetSocketAddress CLIENT = new InetSocketAddress("0.0.0.0", 68);
    private static final InetSocketAddress SERVER = new InetSocketAddress("255.255.255.255", 67);
    private static final DhcpDatagramDecoder DECODER = new DhcpDatagramDecoder();
    private static final DhcpDatagramEncoder ENCODER = new DhcpDatagramEncoder();
    /** Leaks of other code seen while {@link #leakDetectionWorksHere} looked for its own. */
    private static final List<String> OTHER_LEAKS = new java.util.concurrent.CopyOnWriteArrayList<>();

    @AfterAll
    static void nothingLeaked() {
        assertThat(ResourceLeakDetector.getLevel()).isEqualTo(ResourceLeakDetector.Level.PARANOID);
        List<String> leaks = new java.util.ArrayList<>(OTHER_LEAKS);
        for (int round = 0; round < 5; round++) {
            leaks.addAll(RecordingLeakDetector.collectLeaks());
        }
        assertThat(leaks).isEmpty();
    }

    @Test
    void leakDetectionWorksHere() {
        ByteBuf leaked = Unpooled.directBuffer(16).writeInt(1);
        leaked = null;
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(20);
        boolean seen = false;
        while (!seen && System.nanoTime() < deadline) {
            for (String leak : RecordingLeakDetector.collectLeaks()) {
                if (leak.contains("leakDetectionWorksHere")) {
                    seen = true;
                } else {
                    OTHER_LEAKS.add(leak);
                }
            }
        }
        assertThat(seen).as("a dropped buffer is reported").isTrue();
    }

    @Test
    void decodesADatagramIntoAnEnvelopeAndReleasesThePacket() throws Exception {
        EmbeddedChannel channel = new EmbeddedChannel(DECODER);
        ByteBuf content = Unpooled.directBuffer().writeBytes(DhcpCodec.encode(DhcpCodecTest.offer()));
        DatagramPacket packet = new DatagramPacket(content, SERVER, CLIENT);

        channel.writeInbound(packet);

        DhcpDatagram datagram = channel.readInbound();
        assertThat(datagram.sender()).isEqualTo(CLIENT);
        assertThat(datagram.recipient()).isEqualTo(SERVER);
        assertThat(datagram.message().messageType()).contains(MessageType.OFFER);
        assertThat(content.refCnt()).isZero();
        assertFalse(channel.finish());
    }

    @Test
    void malformedDatagramBecomesAnEnvelopeWithTheReasonNotAnException() {
        EmbeddedChannel channel = new EmbeddedChannel(DECODER);
        ByteBuf content = Unpooled.buffer().writeBytes(new byte[] {1, 1, 6, 0});

        channel.writeInbound(new DatagramPacket(content, SERVER, CLIENT));

        MalformedDatagram malformed = channel.readInbound();
        assertThat(malformed.length()).isEqualTo(4);
        assertThat(malformed.cause().reason()).isEqualTo(DhcpDecodeException.Reason.TRUNCATED_HEADER);
        assertThat(malformed.sender()).isEqualTo(CLIENT);
        assertThat(content.refCnt()).isZero();
        channel.checkException();
        assertFalse(channel.finish());
    }

    @Test
    void encodesAnOutboundDatagramToTheRecipient() throws Exception {
        EmbeddedChannel channel = new EmbeddedChannel(ENCODER);
        DhcpMessage offer = DhcpCodecTest.offer();
        InetSocketAddress to = new InetSocketAddress("255.255.255.255", 68);

        channel.writeOutbound(OutboundDatagram.to(to, offer, EncodeOptions.DEFAULT));

        DatagramPacket packet = channel.readOutbound();
        try {
            assertThat(packet.recipient()).isEqualTo(to);
            assertThat(DhcpCodec.decode(packet.content()).toBuilder().trailingBytes(null).build()).isEqualTo(offer);
        } finally {
            packet.release();
        }
        assertFalse(channel.finish());
    }

    @Test
    void messageTooBigFailsTheWriteAndLeaksNothing() {
        EmbeddedChannel channel = new EmbeddedChannel(ENCODER);
        DhcpMessage huge = DhcpMessage.builder().messageType(MessageType.OFFER)
                .privateOption(240, new byte[1000]).build();
        OutboundDatagram datagram = OutboundDatagram.to(SERVER, huge,
                EncodeOptions.builder().overloadAllowed(false).build());

        assertThatThrownBy(() -> channel.writeOutbound(datagram))
                .isInstanceOf(EncoderException.class)
                .hasCauseInstanceOf(DhcpEncodeException.class);
        assertThat((Object) channel.readOutbound()).isNull();
        assertFalse(channel.finish());
    }

    @Test
    void oneDecoderServesManyChannels() throws Exception {
        byte[] wire = DhcpCodec.encode(DhcpCodecTest.offer());
        for (EmbeddedChannel channel : List.of(new EmbeddedChannel(DECODER), new EmbeddedChannel(DECODER))) {
            channel.writeInbound(new DatagramPacket(Unpooled.wrappedBuffer(wire), SERVER, CLIENT));
            assertThat((Object) channel.readInbound()).isInstanceOf(DhcpDatagram.class);
            assertFalse(channel.finish());
        }
    }
}
