package io.k6t.net.dhcp;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.socket.DatagramPacket;
import io.netty.handler.codec.MessageToMessageEncoder;
import java.util.List;

/**
 * Encodes each {@link OutboundDatagram} into a {@link DatagramPacket} with a buffer from the channel's
 * allocator. A message that cannot be encoded ({@link DhcpEncodeException}: too big for the receiver)
 * fails the write's promise (wrapped in an {@code EncoderException}) and its buffer is released.
 * Stateless and {@link Sharable}.
 */
@Sharable
public final class DhcpDatagramEncoder extends MessageToMessageEncoder<OutboundDatagram> {
    /** An encoder; one instance may serve every channel. */
    public DhcpDatagramEncoder() {
        super(OutboundDatagram.class);
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, OutboundDatagram datagram, List<Object> out)
            throws DhcpEncodeException {
        ByteBuf buf = DhcpCodec.encode(datagram.message(), datagram.options(), ctx.alloc());
        boolean success = false;
        try {
            out.add(new DatagramPacket(buf, datagram.recipient(), datagram.sender()));
            success = true;
        } finally {
            if (!success) {
                buf.release();
            }
        }
    }
}
