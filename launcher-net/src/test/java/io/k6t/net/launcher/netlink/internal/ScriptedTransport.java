package io.k6t.net.launcher.netlink.internal;

import io.k6t.net.launcher.netlink.NetlinkException;
import io.k6t.net.launcher.netlink.LinkNotFoundException;
import io.k6t.net.os.Errno;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/** A kernel stand-in: answers each request with the datagrams a script returns. */
public final class ScriptedTransport implements Transport {
    /** Replies to one request. */
    @FunctionalInterface
    public interface Script {
        List<byte[]> reply(int type, int sequence, int requestNumber);
    }

    private final Script script;
    /** Links {@link #linkIndex} knows: "eth0" is index 7. */
    public final java.util.Map<String, Integer> indexes = new java.util.HashMap<>(java.util.Map.of("eth0", 7));
    private final Deque<byte[]> pending = new ArrayDeque<>();
    public final List<byte[]> sent = new ArrayList<>();
    /** The operation each receive was for, in order. */
    public final List<String> receivedFor = new ArrayList<>();
    public boolean closed;
    public int closeCalls;
    /** When set, close fails with it (after counting the call). */
    public NetlinkException closeFailure;

    public ScriptedTransport(Script script) {
        this.script = script;
    }

    @Override
    public void send(String operation, byte[] message) {
        sent.add(message);
        ByteBuffer header = ByteBuffer.wrap(message).order(ByteOrder.nativeOrder());
        pending.addAll(script.reply(Short.toUnsignedInt(header.getShort(4)), header.getInt(8), sent.size()));
    }

    @Override
    public ByteBuffer receive(String operation) throws NetlinkException {
        receivedFor.add(operation);
        byte[] next = pending.poll();
        if (next == null) {
            throw new NetlinkException(operation + ": the script has no more replies", Errno.EAGAIN, null);
        }
        return ByteBuffer.wrap(next);
    }

    @Override
    public int linkIndex(String operation, String name) throws NetlinkException {
        Integer index = indexes.get(name);
        if (index == null) {
            throw new LinkNotFoundException(operation, name, null, null);
        }
        return index;
    }

    @Override
    public void close() throws NetlinkException {
        closed = true;
        closeCalls++;
        if (closeFailure != null) {
            throw closeFailure;
        }
    }

    /** The type of the {@code n}-th request sent (0-based). */
    public int sentType(int n) {
        return Short.toUnsignedInt(ByteBuffer.wrap(sent.get(n)).order(ByteOrder.nativeOrder()).getShort(4));
    }

    /** The sequence number of the {@code n}-th request sent (0-based). */
    public int sentSequence(int n) {
        return ByteBuffer.wrap(sent.get(n)).order(ByteOrder.nativeOrder()).getInt(8);
    }

    /** An NLMSG_ERROR with the request header echoed (capped) and an optional extended-ACK message. */
    public static byte[] ack(int sequence, int errno, String extAck) {
        ByteBuffer body = ByteBuffer.allocate(4 + Rtnl.NLMSG_HDRLEN).order(ByteOrder.nativeOrder());
        body.putInt(-errno).putInt(Rtnl.NLMSG_HDRLEN).putInt(8, sequence);
        MessageBuilder m = new MessageBuilder(Rtnl.NLMSG_ERROR,
                Rtnl.NLM_F_CAPPED | (extAck == null ? 0 : Rtnl.NLM_F_ACK_TLVS), sequence).raw(body.array());
        if (extAck != null) {
            m.attribute(Rtnl.NLMSGERR_ATTR_MSG, extAck);
        }
        return m.build();
    }

    /** NLMSG_DONE with status {@code errno}. */
    public static byte[] done(int sequence, int errno) {
        return new MessageBuilder(Rtnl.NLMSG_DONE, Rtnl.NLM_F_MULTI, sequence)
                .raw(ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(-errno).array()).build();
    }

    /** One RTM_NEWLINK of kind {@code kind} (no kind when empty). */
    public static byte[] link(int sequence, int flags, int index, String name, String kind) {
        MessageBuilder m = new MessageBuilder(Rtnl.RTM_NEWLINK, flags, sequence)
                .ifinfomsg(Rtnl.AF_UNSPEC, index, Rtnl.IFF_UP, 0)
                .attribute(Rtnl.IFLA_IFNAME, name)
                .attributeU32(Rtnl.IFLA_MTU, 1500)
                .attribute(Rtnl.IFLA_ADDRESS, new byte[] {2, 0, 0, 0, 0, (byte) index});
        if (!kind.isEmpty()) {
            int info = m.beginNest(Rtnl.IFLA_LINKINFO);
            m.attribute(Rtnl.IFLA_INFO_KIND, kind);
            m.endNest(info);
        }
        return m.build();
    }

    /** Several messages in one datagram. */
    public static byte[] datagram(byte[]... messages) {
        ByteBuffer all = ByteBuffer.allocate(java.util.Arrays.stream(messages).mapToInt(b -> b.length).sum());
        for (byte[] message : messages) {
            all.put(message);
        }
        return all.array();
    }
}
