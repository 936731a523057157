package io.k6t.net.dhcp.server.internal;

import io.k6t.net.dhcp.DhcpMessage;
import io.k6t.net.dhcp.MessageType;
import io.k6t.net.dhcp.internal.Ipv4;
import io.k6t.net.dhcp.server.Decision;
import io.k6t.net.dhcp.server.Transaction;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One log line per transaction: interface, xid, MAC, request type (with a REQUEST's RFC 2131
 * state), where the request was sent (a broadcast, or the server's address: a bound client that
 * broadcasts is rebinding because its unicast renewals went unanswered), decision, reason. Lines are
 * rate-limited per decision (drop reason or reply type) so that a flood logs a handful of lines
 * and then "(N similar lines suppressed)". A DECLINE's warning comes from the {@link ConflictTracker},
 * once per conflict.
 */
public final class TransactionLog {
    private static final Logger LOG = LoggerFactory.getLogger("io.k6t.net.dhcp.server.transactions");
    private final LogRateLimiter limiter = LogRateLimiter.forTransactions();

    /** Logs {@code transaction} unless its kind is over its rate. Event-loop thread only. */
    public void log(Transaction transaction) {
        Decision decision = transaction.decision();
        if (!LOG.isInfoEnabled()) {
            return;
        }
        Object key = decision instanceof Decision.Drop drop ? drop.reason() : decision.label();
        OptionalLong suppressed = limiter.tryAcquire(key);
        if (suppressed.isEmpty()) {
            return;
        }
        String line = line(transaction) + (suppressed.getAsLong() > 0
                ? " (" + suppressed.getAsLong() + " similar lines suppressed)" : "");
        LOG.info("{}", line);
    }

    /** A reply the kernel would not send (e.g. no route to a unicast ciaddr); rate-limited like drops. */
    public void sendFailed(String interfaceName, Decision.Reply reply, Throwable cause) {
        OptionalLong suppressed = limiter.tryAcquire("SEND_FAILED");
        if (suppressed.isPresent() && LOG.isWarnEnabled()) {
            LOG.warn("{}: cannot send {} to {}: {}{}", interfaceName, reply.label(), address(reply.destination()),
                    cause, suppressed.getAsLong() > 0 ? " (" + suppressed.getAsLong() + " similar lines suppressed)"
                    : "");
        }
    }

    /** Logs the suppressed counts not yet reported (when an interface is removed or the server closes). */
    public void flush(String interfaceName) {
        for (Map.Entry<Object, Long> pending : limiter.drainSuppressed().entrySet()) {
            LOG.info("{}: {} similar {} lines suppressed", interfaceName, pending.getValue(), pending.getKey());
        }
    }

    /** The line for one transaction, without rate limiting. */
    public static String line(Transaction t) {
        StringBuilder s = new StringBuilder(160).append(t.interfaceName());
        t.request().ifPresentOrElse(request -> s.append(" xid=0x").append(String.format("%08x", request.xid()))
                .append(" mac=").append(request.clientHardwareAddressText())
                .append(' ').append(request.options().messageType().map(MessageType::name).orElse("BOOTP")),
                () -> s.append(" from ").append(address(t.sender())));
        t.requestState().ifPresent(state -> s.append(' ').append(state.rfcName()));
        s.append(" to ").append(address(t.recipient())).append(" -> ").append(t.decision().label());
        if (t.decision() instanceof Decision.Reply reply) {
            DhcpMessage m = reply.message();
            if (!reply.isNak() && Ipv4.toInt(m.yiaddr()) != 0) {
                s.append(' ').append(m.yiaddr().getHostAddress());
            }
            s.append(" to ").append(address(reply.destination()));
        } else if (t.decision() instanceof Decision.Drop drop) {
            s.append(' ').append(drop.reason()).append(": ").append(drop.detail());
        }
        return s.toString();
    }

    private static String address(InetSocketAddress address) {
        return address.getAddress().getHostAddress() + ":" + address.getPort();
    }
}
