package io.k6t.net.dhcp.server;

/**
 * Observes every transaction (for tests, {@code dhcp replay}, metrics). Called on the event-loop
 * thread: return quickly and never block.
 */
@FunctionalInterface
public interface TransactionListener {
    /** Ignores everything. */
    TransactionListener NONE = transaction -> { };

    void onTransaction(Transaction transaction);
}
