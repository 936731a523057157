package io.k6t.net.launcher.netlink.internal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Writes one netlink request: the {@code nlmsghdr}, the family header and the attributes, in the
 * host's byte order (addresses stay in network order, as the kernel expects). Not thread-safe;
 * one builder per message.
 */
public final class MessageBuilder {
    private ByteBuffer buffer = ByteBuffer.allocate(256).order(ByteOrder.nativeOrder());

    /** Starts a message: {@code nlmsg_len} is filled in by {@link #build()}; {@code nlmsg_pid} is 0. */
    public MessageBuilder(int type, int flags, int sequence) {
        buffer.putInt(0).putShort((short) type).putShort((short) flags).putInt(sequence).putInt(0);
    }

    /** {@code struct ifinfomsg}: family, pad, type 0, index, flags, change. */
    public MessageBuilder ifinfomsg(int family, int index, int flags, int change) {
        ensure(Rtnl.IFINFOMSG_LEN);
        buffer.put((byte) family).put((byte) 0).putShort((short) 0).putInt(index).putInt(flags).putInt(change);
        return this;
    }

    /** {@code struct ifaddrmsg}: family, prefix length, flags, scope, index. */
    public MessageBuilder ifaddrmsg(int family, int prefixLength, int flags, int scope, int index) {
        ensure(Rtnl.IFADDRMSG_LEN);
        buffer.put((byte) family).put((byte) prefixLength).put((byte) flags).put((byte) scope).putInt(index);
        return this;
    }

    /** {@code struct rtmsg}: family, dst_len, src_len, tos, table, protocol, scope, type, flags. */
    public MessageBuilder rtmsg(int family, int dstLength, int table, int protocol, int scope, int type) {
        return rtmsg(family, dstLength, table, protocol, scope, type, 0, 0);
    }

    /** {@code struct rtmsg} with a type of service and {@code rtm_flags}. */
    public MessageBuilder rtmsg(int family, int dstLength, int table, int protocol, int scope, int type, int tos,
            int flags) {
        ensure(Rtnl.RTMSG_LEN);
        buffer.put((byte) family).put((byte) dstLength).put((byte) 0).put((byte) tos)
                .put((byte) table).put((byte) protocol).put((byte) scope).put((byte) type).putInt(flags);
        return this;
    }

    /**
     * Opens a {@code struct rtnexthop} inside {@code RTA_MULTIPATH} (its attributes follow); close it
     * with {@link #endNest(int)}, which writes its length the same way.
     */
    public int beginNextHop(int flags, int hops, int index) {
        ensure(Rtnl.RTNEXTHOP_LEN);
        int start = buffer.position();
        buffer.putShort((short) 0).put((byte) flags).put((byte) hops).putInt(index);
        return start;
    }

    /** {@code struct ndmsg}: family, pads, ifindex, state, flags, type. */
    public MessageBuilder ndmsg(int family, int index, int state) {
        ensure(Rtnl.NDMSG_LEN);
        buffer.put((byte) family).put((byte) 0).putShort((short) 0).putInt(index)
                .putShort((short) state).put((byte) 0).put((byte) 0);
        return this;
    }

    /** An attribute holding {@code value} as is, padded to 4 bytes. */
    public MessageBuilder attribute(int type, byte[] value) {
        int length = 4 + value.length;
        ensure(Rtnl.align(length));
        buffer.putShort((short) length).putShort((short) type).put(value);
        pad();
        return this;
    }

    /** A NUL-terminated string attribute. */
    public MessageBuilder attribute(int type, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        return attribute(type, Arrays.copyOf(bytes, bytes.length + 1));
    }

    /** A 32-bit attribute in host byte order. */
    public MessageBuilder attributeU32(int type, int value) {
        ensure(8);
        buffer.putShort((short) 8).putShort((short) type).putInt(value);
        return this;
    }

    /** An 8-bit attribute (padded to 4 bytes). */
    public MessageBuilder attributeU8(int type, int value) {
        return attribute(type, new byte[] {(byte) value});
    }

    /** Opens a nested attribute; close it with {@link #endNest(int)} passing the returned position. */
    public int beginNest(int type) {
        ensure(4);
        int start = buffer.position();
        buffer.putShort((short) 0).putShort((short) type);
        return start;
    }

    /** Closes the nested attribute opened at {@code start}, writing its length. */
    public MessageBuilder endNest(int start) {
        buffer.putShort(start, (short) (buffer.position() - start));
        return this;
    }

    /** Raw bytes inside the current nest (a family header inside {@code VETH_INFO_PEER}). */
    public MessageBuilder raw(byte[] bytes) {
        ensure(Rtnl.align(bytes.length));
        buffer.put(bytes);
        pad();
        return this;
    }

    /** The finished message with {@code nlmsg_len} set. */
    public byte[] build() {
        buffer.putInt(0, buffer.position());
        return Arrays.copyOf(buffer.array(), buffer.position());
    }

    private void pad() {
        while ((buffer.position() & 3) != 0) {
            buffer.put((byte) 0);
        }
    }

    private void ensure(int more) {
        if (buffer.remaining() < more) {
            ByteBuffer bigger = ByteBuffer.allocate(Math.max(buffer.capacity() * 2, buffer.position() + more))
                    .order(ByteOrder.nativeOrder());
            buffer.flip();
            bigger.put(buffer);
            buffer = bigger;
        }
    }
}
