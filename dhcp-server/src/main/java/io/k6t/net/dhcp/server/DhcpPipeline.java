package io.k6t.net.dhcp.server;

import io.k6t.net.dhcp.server.internal.ServerHandler;
import io.netty.channel.ChannelHandler;
import io.netty.channel.socket.DatagramPacket;
import java.time.Clock;

/**
 * The server for one interface as a Netty handler, without the socket: it reads
 * {@link DatagramPacket}s (a client's DHCP message, sender address) and writes the replies as
 * {@link DatagramPacket}s addressed per the design. {@link DhcpServer} puts one on each epoll
 * channel; tests, the pcap replay harness and {@code dhcp replay} put one on an
 * {@code EmbeddedChannel}:
 *
 * <pre>{@code
 * DhcpPipeline pipeline = DhcpPipeline.create(lease, transactions::add);
 * EmbeddedChannel channel = new EmbeddedChannel(pipeline.handler());
 * channel.writeInbound(new DatagramPacket(requestBytes, serverAddress, clientAddress));
 * DatagramPacket reply = channel.readOutbound();
 * }</pre>
 */
public final class DhcpPipeline {
    private final ServerHandler handler;

    private DhcpPipeline(ServerHandler handler) {
        this.handler = handler;
    }

    /** A pipeline serving {@code lease}, reporting every transaction to {@code listener}. */
    public static DhcpPipeline create(LeaseConfig lease, TransactionListener listener) {
        return new DhcpPipeline(new ServerHandler(lease, listener, false));
    }

    /**
     * A pipeline that answers every client as if it had the lease's MAC ({@code dhcp replay
     * --any-client}: replaying another machine's capture). Only for offline replay.
     */
    public static DhcpPipeline createForAnyClient(LeaseConfig lease, TransactionListener listener) {
        return new DhcpPipeline(new ServerHandler(lease, listener, true));
    }

    /**
     * A pipeline serving {@code lease} that drops requests from other MACs over {@code limits} before
     * decoding them ({@link DropReason#RATE_LIMITED}); what {@link DhcpServer} uses.
     */
    public static DhcpPipeline create(LeaseConfig lease, TransactionListener listener, RateLimits limits) {
        return new DhcpPipeline(new ServerHandler(lease, listener, false, limits));
    }

    /**
     * As {@link #create(LeaseConfig, TransactionListener, RateLimits)}, asking {@code neighbours} who
     * holds an address the guest declines and telling {@code conflicts} (what {@link DhcpServer} uses).
     */
    static DhcpPipeline create(LeaseConfig lease, TransactionListener listener, RateLimits limits,
            NeighbourLookup neighbours, ConflictListener conflicts, Clock clock) {
        return new DhcpPipeline(new ServerHandler(lease, listener, false, limits, neighbours, conflicts, clock));
    }

    /** A pipeline serving {@code lease}. */
    public static DhcpPipeline create(LeaseConfig lease) {
        return create(lease, TransactionListener.NONE);
    }

    /** The handler to add to one channel (not sharable: it holds this interface's counters). */
    public ChannelHandler handler() {
        return handler;
    }

    /** The lease served now. */
    public LeaseConfig lease() {
        return handler.lease();
    }

    /** Serves {@code lease} from the next request on; it must be for the same interface. */
    public void updateLease(LeaseConfig lease) {
        handler.updateLease(lease);
    }

    /** The counters so far. */
    public InterfaceStats stats() {
        return handler.stats();
    }
}
