package io.k6t.net.dhcp.server.internal;

import io.k6t.net.dhcp.DhcpCodec;
import io.k6t.net.dhcp.DhcpDecodeException;
import io.k6t.net.dhcp.DhcpEncodeException;
import io.k6t.net.dhcp.DhcpMessage;
import io.k6t.net.dhcp.EncodeOptions;
import io.k6t.net.dhcp.MessageType;
import io.k6t.net.dhcp.internal.Ipv4;
import io.k6t.net.dhcp.server.ConflictListener;
import io.k6t.net.dhcp.server.Decision;
import io.k6t.net.dhcp.server.DropReason;
import io.k6t.net.dhcp.server.InterfaceStats;
import io.k6t.net.dhcp.server.LeaseConfig;
import io.k6t.net.dhcp.server.NeighbourLookup;
import io.k6t.net.dhcp.server.PreparedLease;
import io.k6t.net.dhcp.server.RateLimits;
import io.k6t.net.dhcp.server.RequestState;
import io.k6t.net.dhcp.server.Responder;
import io.k6t.net.dhcp.server.Transaction;
import io.k6t.net.dhcp.server.TransactionListener;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server for one interface: decodes each datagram, asks the {@link Responder}, encodes and
 * sends the reply, counts and logs. One instance per channel (it holds that interface's counters).
 */
public final class ServerHandler extends SimpleChannelInboundHandler<DatagramPacket> {
    private static final Logger LOG = LoggerFactory.getLogger(ServerHandler.class);
    private static final long RATE_LIMIT_WARNING_NANOS = 60_000_000_000L;
    /** Shedding ends after this long without a rate-limited datagram. */
    private static final long SHED_QUIET_NANOS = 10_000_000_000L;

    private final String interfaceName;
    private final Counters counters;
    private final ConflictTracker conflicts;
    private final TransactionLog log = new TransactionLog();
    private final TransactionListener listener;
    private final boolean anyClient;
    private volatile PreparedLease prepared;
    private final FloodGuard guard;
    private long rateLimitWarnedAt = Long.MIN_VALUE;
    private volatile boolean shedding;
    private volatile Channel channel;
    private long lastRateLimitedAt;
    private final BurstReplies replies = new BurstReplies();
    /** Those of the last reply: a guest announces the same maximum size in every request. Event loop only. */
    private EncodeOptions encodeOptions = EncodeOptions.DEFAULT;

    /**
     * @param anyClient answer every chaddr (replaying captures); never on a real interface
     */
    public ServerHandler(LeaseConfig lease, TransactionListener listener, boolean anyClient) {
        this(lease, listener, anyClient, null);
    }

    /**
     * @param anyClient answer every chaddr (replaying captures); never on a real interface
     * @param limits applied before decoding; null: no limits (replay, tests)
     */
    public ServerHandler(LeaseConfig lease, TransactionListener listener, boolean anyClient, RateLimits limits) {
        this(lease, listener, anyClient, limits, NeighbourLookup.NONE, ConflictListener.NONE, Clock.systemUTC());
    }

    /**
     * @param anyClient answer every chaddr (replaying captures); never on a real interface
     * @param limits applied before decoding (issue 9); null: no limits (replay, tests)
     * @param neighbours asked who holds an address the guest declines
     * @param conflicts told of each address conflict and its end
     * @param clock the time of declines
     */
    public ServerHandler(LeaseConfig lease, TransactionListener listener, boolean anyClient, RateLimits limits,
            NeighbourLookup neighbours, ConflictListener conflicts, Clock clock) {
        this.interfaceName = lease.interfaceName();
        this.conflicts = new ConflictTracker(lease.interfaceName(), neighbours, conflicts, clock);
        this.prepared = PreparedLease.of(lease);
        this.counters = new Counters(interfaceName);
        this.listener = listener;
        this.anyClient = anyClient;
        this.guard = limits == null ? null : new FloodGuard(limits, lease.clientMac(), System::nanoTime);
    }

    /** The counters and the open address conflict. Any thread. */
    public InterfaceStats stats() {
        return counters.snapshot(conflicts.current());
    }

    public LeaseConfig lease() {
        return prepared.lease();
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
        counters.received();
        if (guard != null && !guard.admit(packet.content())) {
            rateLimited(ctx);
            return;
        }
        DhcpMessage request;
        try {
            request = DhcpCodec.decode(packet.content());
        } catch (DhcpDecodeException e) {
            finish(new Transaction(interfaceName, packet.sender(), packet.recipient(), Optional.empty(),
                    new Decision.Drop(DropReason.MALFORMED, e.getMessage())));
            return;
        }
        Inet4Address destination = destination(packet);
        PreparedLease current = prepared;
        Decision decision = Responder.respond(request, destination, current, anyClient);
        if (decision instanceof Decision.Drop drop && drop.reason() == DropReason.DECLINE) {
            conflicts.declined(request, current.lease(), ctx.executor());
        }
        if (decision instanceof Decision.Reply reply) {
            ByteBuf encoded;
            try {
                if (encodeOptions.maxMessageSize() != reply.maxMessageSize()) {
                    encodeOptions = EncodeOptions.forMaxMessageSize(reply.maxMessageSize());
                }
                encoded = DhcpCodec.encode(reply.message(), encodeOptions, ctx.alloc());
            } catch (DhcpEncodeException e) {
                finish(new Transaction(interfaceName, packet.sender(), packet.recipient(), Optional.of(request),
                        new Decision.Drop(DropReason.REPLY_TOO_LARGE, e.getMessage())));
                return;
            }
            // Sent before this request is counted and logged (BurstReplies).
            ChannelFuture sent = replies.send(ctx, new DatagramPacket(encoded, reply.destination()));
            sent.addListener(new SendFailureLog(reply));
            count(request, reply);
            if (isRenewal(request, destination) && !reply.isNak()) {
                conflicts.renewed(request.ciaddr());
            }
        }
        finish(new Transaction(interfaceName, packet.sender(), packet.recipient(), Optional.of(request), decision));
    }

    /** The IP destination of the datagram, as {@link Transaction#destinationOf} reads it. */
    private static Inet4Address destination(DatagramPacket packet) {
        InetSocketAddress recipient = packet.recipient();
        return recipient == null ? Ipv4.BROADCAST : Transaction.destinationOf(recipient);
    }

    /**
     * Counts the drop; warns at most once a minute instead of logging each one; and has the kernel
     * shed most of the other MACs' datagrams until they have been under their limit for a while.
     */
    private void rateLimited(ChannelHandlerContext ctx) {
        counters.dropped(DropReason.RATE_LIMITED);
        long now = System.nanoTime();
        lastRateLimitedAt = now;
        LeaseConfig lease = prepared.lease();
        if (!shedding && ClientMacFilter.attach(ctx.channel(), lease.clientMac())) {
            shedding = true;
            LOG.warn("{}: flood from MACs other than {}: the kernel now passes 1 in {} of their datagrams",
                    interfaceName, lease.clientMacText(), ClientMacFilter.SAMPLE);
            scheduleShedCheck(ctx);
        }
        if (rateLimitWarnedAt == Long.MIN_VALUE || now - rateLimitWarnedAt >= RATE_LIMIT_WARNING_NANOS) {
            rateLimitWarnedAt = now;
            LOG.warn("{}: requests from MACs other than {} are over their rate limit and dropped unread"
                    + " (counted as RATE_LIMITED; this warning repeats at most once a minute)",
                    interfaceName, lease.clientMacText());
        }
    }

    private void scheduleShedCheck(ChannelHandlerContext ctx) {
        ctx.executor().schedule(() -> {
            if (!ctx.channel().isOpen()) {
                return;
            }
            if (System.nanoTime() - lastRateLimitedAt < SHED_QUIET_NANOS) {
                scheduleShedCheck(ctx);
            } else if (ClientMacFilter.detach(ctx.channel())) {
                shedding = false;
                LOG.info("{}: flood over: every datagram reaches the server again", interfaceName);
            }
        }, SHED_QUIET_NANOS, TimeUnit.NANOSECONDS);
    }

    /** A REQUEST extending a lease (renewing or rebinding): the guest uses its ciaddr. */
    private static boolean isRenewal(DhcpMessage request, Inet4Address destination) {
        if (request.options().messageType().filter(MessageType.REQUEST::equals).isEmpty()) {
            return false;
        }
        RequestState state = RequestState.of(request, destination);
        return state == RequestState.RENEWING || state == RequestState.REBINDING;
    }

    private void count(DhcpMessage request, Decision.Reply reply) {
        MessageType type = reply.message().options().messageType().orElseThrow();
        if (type.equals(MessageType.OFFER)) {
            counters.offered();
        } else if (type.equals(MessageType.NAK)) {
            counters.naked();
        } else if (request.options().messageType().filter(MessageType.INFORM::equals).isPresent()) {
            counters.informed();
        } else {
            counters.acked();
        }
    }

    private void finish(Transaction transaction) {
        if (transaction.decision() instanceof Decision.Drop drop) {
            counters.dropped(drop.reason());
        }
        log.log(transaction);
        try {
            listener.onTransaction(transaction);
        } catch (RuntimeException e) {
            LOG.warn("{}: transaction listener failed", interfaceName, e);
        }
    }

    /** Swaps the lease (e.g. a new lease file for the same interface); takes effect for the next request. */
    public void updateLease(LeaseConfig newLease) {
        if (!newLease.interfaceName().equals(interfaceName)) {
            throw new IllegalArgumentException("lease for " + newLease.interfaceName() + " given to the server of "
                    + interfaceName);
        }
        this.prepared = PreparedLease.of(newLease);
        if (guard != null) {
            guard.clientMac(newLease.clientMac());
        }
        if (shedding && channel != null) {
            ClientMacFilter.attach(channel, newLease.clientMac());
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        channel = ctx.channel();
        super.channelActive(ctx);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        replies.burstEnd(ctx);
        try {
            listener.onBurstEnd(ctx.executor());
        } catch (RuntimeException e) {
            LOG.warn("{}: transaction listener failed", interfaceName, e);
        }
        ctx.fireChannelReadComplete();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        log.flush(interfaceName);
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.warn("{}: socket error", interfaceName, cause);
    }

    /**
     * Logs a reply the kernel would not send. A class rather than a lambda: the servers run C1 only,
     * where creating a capturing lambda goes through method handles, and this is made for every reply.
     */
    private final class SendFailureLog implements ChannelFutureListener {
        private final Decision.Reply reply;

        SendFailureLog(Decision.Reply reply) {
            this.reply = reply;
        }

        @Override
        public void operationComplete(ChannelFuture future) {
            if (!future.isSuccess()) {
                log.sendFailed(interfaceName, reply, future.cause());
            }
        }
    }
}
