package io.k6t.net.launcher.netlink.internal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * One netlink message: the {@code nlmsghdr} fields and its body (family header plus attributes) as
 * a read-only slice in host byte order.
 */
public record NetlinkMessage(int type, int flags, int sequence, int portId, ByteBuffer body) {

    /** Splits a datagram from the kernel into its messages. */
    public static List<NetlinkMessage> decodeAll(ByteBuffer datagram) {
        ByteBuffer in = datagram.slice().order(ByteOrder.nativeOrder());
        List<NetlinkMessage> messages = new ArrayList<>();
        while (in.remaining() >= Rtnl.NLMSG_HDRLEN) {
            int start = in.position();
            int length = in.getInt(start);
            if (length < Rtnl.NLMSG_HDRLEN || length > in.remaining()) {
                throw new MalformedMessageException("nlmsg_len " + Integer.toUnsignedString(length) + " with "
                        + in.remaining() + " bytes left", start);
            }
            int type = Short.toUnsignedInt(in.getShort(start + 4));
            int flags = Short.toUnsignedInt(in.getShort(start + 6));
            int sequence = in.getInt(start + 8);
            int portId = in.getInt(start + 12);
            ByteBuffer body = in.duplicate().position(start + Rtnl.NLMSG_HDRLEN).limit(start + length).slice()
                    .asReadOnlyBuffer().order(ByteOrder.nativeOrder());
            messages.add(new NetlinkMessage(type, flags, sequence, portId, body));
            in.position(Math.min(in.limit(), start + Rtnl.align(length)));
        }
        if (in.hasRemaining()) {
            throw new MalformedMessageException(in.remaining() + " trailing bytes after the last message",
                    in.position());
        }
        return messages;
    }

    /** True for a part of a multi-part reply whose dump the kernel says was interrupted by a change. */
    public boolean dumpInterrupted() {
        return (flags & Rtnl.NLM_F_DUMP_INTR) != 0;
    }

    /** The body from {@code offset} on, positioned at 0. */
    public ByteBuffer bodyFrom(int offset) {
        if (offset < 0 || offset > body.limit()) {
            throw new MalformedMessageException("message type " + type + " has a " + body.limit()
                    + "-byte body, its header needs " + offset, Rtnl.NLMSG_HDRLEN);
        }
        return body.duplicate().position(offset).slice().order(ByteOrder.nativeOrder());
    }
}
