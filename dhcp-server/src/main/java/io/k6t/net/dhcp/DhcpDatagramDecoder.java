package io.k6t.net.dhcp;

import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.socket.DatagramPacket;
import io.netty.handler.codec.MessageToMessageDecoder;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes each {@link DatagramPacket} into an {@link InboundDatagram}: a {@link DhcpDatagram}, or a
 * {@link MalformedDatagram} for bytes that are not a DHCP message (never an exception). Stateless and
 * {@link Sharable}; the packet is released after decoding and nothing refers to its buffer afterwards.
 */
@Sharable
public final class DhcpDatagramDecoder extends MessageToMessageDecoder<DatagramPacket> {
    private static final Logger LOG = LoggerFactory.getLogger(DhcpDatagramDecoder.class);

    /** A decoder; one instance may serve every channel. */
    public DhcpDatagramDecoder() {
        super(DatagramPacket.class);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, DatagramPacket packet, List<Object> out) {
        int length = packet.content().readableBytes();
        try {
            out.add(new DhcpDatagram(packet.sender(), packet.recipient(), DhcpCodec.decode(packet.content())));
        } catch (DhcpDecodeException e) {
            LOG.debug("malformed DHCP datagram of {} bytes from {}: {}", length, packet.sender(), e.getMessage());
            out.add(new MalformedDatagram(packet.sender(), packet.recipient(), length, e));
        }
    }
}
