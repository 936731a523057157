package io.k6t.net.dhcp.v6.server;

import io.k6t.net.dhcp.server.internal.BurstReplies;
import io.k6t.net.dhcp.server.internal.LogRateLimiter;
import io.k6t.net.dhcp.v6.Dhcp6Codec;
import io.k6t.net.dhcp.v6.Dhcp6DecodeException;
import io.k6t.net.dhcp.v6.Dhcp6MessageType;
import io.k6t.net.dhcp.v6.Dhcp6Packet;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The DHCPv6 server of one bridge as a Netty handler: decode, {@link Responder6}, encode, count, log.
 * One per channel (it holds that bridge's counters); also runs on an {@code EmbeddedChannel} in tests.
 */
public final class Dhcp6Handler extends SimpleChannelInboundHandler<DatagramPacket> {
    private static final Logger LOG = LoggerFactory.getLogger(Dhcp6Handler.class);

    private final String interfaceName;
    private final Transaction6.Listener listener;
    private volatile Lease6 lease;
    private final LongAdder received = new LongAdder();
    private final LongAdder advertised = new LongAdder();
    private final LongAdder replied = new LongAdder();
    private final Map<Drop6Reason, LongAdder> dropped = new EnumMap<>(Drop6Reason.class);
    private final LogRateLimiter logLimiter;
    private final BurstReplies replies = new BurstReplies();

    public Dhcp6Handler(Lease6 lease, Transaction6.Listener listener) {
        this(lease, listener, System::nanoTime);
    }

    /** @param nanoTime the clock of the log's rate limits ({@code System::nanoTime} outside tests) */
    Dhcp6Handler(Lease6 lease, Transaction6.Listener listener, LongSupplier nanoTime) {
        this.logLimiter = LogRateLimiter.forTransactions(nanoTime);
        this.interfaceName = lease.interfaceName();
        this.lease = lease;
        this.listener = listener;
        for (Drop6Reason reason : Drop6Reason.values()) {
            dropped.put(reason, new LongAdder());
        }
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
        received.increment();
        Dhcp6Packet request;
        try {
            request = Dhcp6Codec.decode(packet.content());
        } catch (Dhcp6DecodeException e) {
            finish(new Transaction6(interfaceName, packet.sender(), Optional.empty(),
                    new Decision6.Drop(Drop6Reason.MALFORMED, e.getMessage())));
            return;
        }
        Decision6 decision = Responder6.respond(request, packet.sender(), lease);
        if (decision instanceof Decision6.Reply reply) {
            ByteBuf encoded = Dhcp6Codec.encode(reply.message(), ctx.alloc());
            // Sent before this request is counted and logged (BurstReplies).
            ChannelFuture sent = replies.send(ctx, new DatagramPacket(encoded, reply.destination()));
            sent.addListener(new SendFailureLog(reply));
            (reply.message().type().equals(Dhcp6MessageType.ADVERTISE) ? advertised : replied).increment();
        }
        finish(new Transaction6(interfaceName, packet.sender(), Optional.of(request), decision));
    }

    /**
     * Counts and logs. The lines are rate-limited per kind (drop reason, reply type) as the DHCPv4 server's
     * are: a line per datagram would cost more than answering it, and a guest's flood would fill the log.
     */
    private void finish(Transaction6 t) {
        Decision6 decision = t.decision();
        Optional<Dhcp6Packet> request = t.request();
        String type = request.isPresent() ? request.get().type().name() : "datagram";
        if (decision instanceof Decision6.Drop drop) {
            dropped.get(drop.reason()).increment();
            if (LOG.isDebugEnabled()) {
                LOG.debug("{}: dropped {} from {}: {}", interfaceName, type, t.sender(), drop.detail());
            }
        } else if (type.equals("DECLINE")) {
            OptionalLong suppressed = logLimiter.tryAcquire(type);
            if (suppressed.isPresent()) {
                LOG.warn("{}: the guest declined {}: the address is in use elsewhere on its link{}", interfaceName,
                        lease.address().getHostAddress(), suppressedText(suppressed.getAsLong()));
            }
        } else if (LOG.isInfoEnabled()) {
            OptionalLong suppressed = logLimiter.tryAcquire(decision.label());
            if (suppressed.isPresent()) {
                LOG.info("{}: {} from {} -> {}{}", interfaceName, type, t.sender(), decision.label(),
                        suppressedText(suppressed.getAsLong()));
            }
        }
        try {
            listener.onTransaction(t);
        } catch (RuntimeException e) {
            LOG.warn("{}: transaction listener failed", interfaceName, e);
        }
    }

    private static String suppressedText(long suppressed) {
        return suppressed > 0 ? " (" + suppressed + " similar lines suppressed)" : "";
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        replies.burstEnd(ctx);
        ctx.fireChannelReadComplete();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.warn("{}: socket error", interfaceName, cause);
    }

    /** Serves {@code newLease} from the next request on; same interface. */
    public void updateLease(Lease6 newLease) {
        if (!newLease.interfaceName().equals(interfaceName)) {
            throw new IllegalArgumentException("lease for " + newLease.interfaceName() + " given to the server of "
                    + interfaceName);
        }
        this.lease = newLease;
    }

    /** The counters so far. */
    public Stats6 stats() {
        Map<Drop6Reason, Long> drops = new EnumMap<>(Drop6Reason.class);
        dropped.forEach((reason, count) -> drops.put(reason, count.sum()));
        return new Stats6(interfaceName, received.sum(), advertised.sum(), replied.sum(), drops);
    }

    /**
     * Logs a reply the kernel would not send. A class rather than a capturing lambda: the servers run C1
     * only, where creating one goes through method handles, and this is made for every reply.
     */
    private final class SendFailureLog implements ChannelFutureListener {
        private final Decision6.Reply reply;

        SendFailureLog(Decision6.Reply reply) {
            this.reply = reply;
        }

        @Override
        public void operationComplete(ChannelFuture future) {
            if (!future.isSuccess()) {
                LOG.warn("{}: sending {} to {} failed", interfaceName, reply.label(), reply.destination(),
                        future.cause());
            }
        }
    }
}
