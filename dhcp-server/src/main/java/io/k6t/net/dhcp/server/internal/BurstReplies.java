package io.k6t.net.dhcp.server.internal;

import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.socket.DatagramPacket;

/**
 * How the DHCPv4 and DHCPv6 servers hand their replies to the kernel, one instance per channel, on its
 * event loop only. The first reply of a read burst leaves at once: before its request is counted and
 * logged, and before the event loop reads the socket again only to find it empty. A guest sends one
 * request at a time, so that is every reply it waits for. The burst's other replies (a flood) leave
 * together at the burst's end, in one {@code sendmmsg}.
 *
 * <p>After that first reply the thread yields the CPU once. The kernel woke the reply's reader (the
 * guest's QEMU, a client) with a sync wake-up, which may queue it on this CPU expecting this thread to
 * sleep next, and what the server does next would delay it; on an idle CPU the yield returns at once.
 * Measured at 1000 exchanges/s: the early send made DISCOVER-OFFER 0.76x and REQUEST-ACK 0.83x of before,
 * the yield then 0.90x and 0.85x (docs/benchmarks.md, "Latency at 1000/s").
 */
public final class BurstReplies {
    private boolean flushed;

    /** Sends {@code reply}: at once if it is the burst's first, else at {@link #burstEnd}. */
    public ChannelFuture send(ChannelHandlerContext ctx, DatagramPacket reply) {
        if (flushed) {
            return ctx.write(reply);
        }
        flushed = true;
        ChannelFuture sent = ctx.writeAndFlush(reply);
        Thread.yield();
        return sent;
    }

    /** The read burst is over (channelReadComplete): its other replies leave now. */
    public void burstEnd(ChannelHandlerContext ctx) {
        flushed = false;
        ctx.flush();
    }
}
