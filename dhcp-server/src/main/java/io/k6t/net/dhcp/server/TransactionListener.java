package io.k6t.net.dhcp.server;

import java.util.concurrent.ScheduledExecutorService;

/**
 * Observes every transaction (for tests, {@code dhcp replay}, metrics). Called on the event-loop
 * thread: return quickly and never block.
 */
@FunctionalInterface
public interface TransactionListener {
    /** Ignores everything. */
    TransactionListener NONE = transaction -> { };

    void onTransaction(Transaction transaction);

    /**
     * The server handled every datagram one read of a socket returned and handed their replies to the
     * kernel. A listener that writes a line per transaction buffers them in {@link #onTransaction} and
     * writes them from here (at once, or later with {@code serverThread}, the server's event loop):
     * one write per burst or less instead of one per request, and after the replies, so the write
     * never delays an answer.
     */
    default void onBurstEnd(ScheduledExecutorService serverThread) {
    }
}
