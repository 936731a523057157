package io.k6t.net.dhcp.server.internal;

import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.LongSupplier;

/**
 * A token bucket per key (a drop reason, a reply type): a burst of {@code burst} lines, then
 * {@code perSecond} lines a second. A refused line is counted; the next allowed line of that key
 * learns how many were suppressed, so the log says "suppressed N similar lines" instead of
 * repeating them. Not thread-safe: one instance per event loop.
 */
public final class LogRateLimiter {
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final int burst;
    private final long nanosPerToken;
    private final LongSupplier nanoTime;
    private final Map<Object, Bucket> buckets = new HashMap<>();

    /**
     * The servers' limits for their per-transaction lines (DHCPv4 and DHCPv6): 20 lines of a kind at once,
     * then 5 a second, so that a flood logs a handful of lines instead of one per datagram.
     */
    public static LogRateLimiter forTransactions() {
        return forTransactions(System::nanoTime);
    }

    /** {@link #forTransactions()} on the clock {@code nanoTime} (tests). */
    public static LogRateLimiter forTransactions(LongSupplier nanoTime) {
        return new LogRateLimiter(20, 5, nanoTime);
    }

    /**
     * @param burst lines allowed at once per key
     * @param perSecond sustained lines per second per key
     * @param nanoTime the clock ({@code System::nanoTime} outside tests)
     */
    public LogRateLimiter(int burst, int perSecond, LongSupplier nanoTime) {
        if (burst < 1 || perSecond < 1) {
            throw new IllegalArgumentException("burst " + burst + ", perSecond " + perSecond + " (expected: >= 1)");
        }
        this.burst = burst;
        this.nanosPerToken = NANOS_PER_SECOND / perSecond;
        this.nanoTime = nanoTime;
    }

    /**
     * Takes a token for {@code key}. Empty when the line must be suppressed; otherwise the number
     * of lines of this key suppressed since the last allowed one (usually 0).
     */
    public OptionalLong tryAcquire(Object key) {
        long now = nanoTime.getAsLong();
        Bucket bucket = buckets.computeIfAbsent(key, k -> new Bucket(burst, now));
        long refill = (now - bucket.refilledAt) / nanosPerToken;
        if (refill > 0) {
            bucket.tokens = (int) Math.min(burst, bucket.tokens + refill);
            bucket.refilledAt += refill * nanosPerToken;
        }
        if (bucket.tokens == 0) {
            bucket.suppressed++;
            return OptionalLong.empty();
        }
        bucket.tokens--;
        long suppressed = bucket.suppressed;
        bucket.suppressed = 0;
        return OptionalLong.of(suppressed);
    }

    /** The suppressed counts not yet reported, by key, and resets them (for a summary at close). */
    public Map<Object, Long> drainSuppressed() {
        Map<Object, Long> pending = new HashMap<>();
        buckets.forEach((key, bucket) -> {
            if (bucket.suppressed > 0) {
                pending.put(key, bucket.suppressed);
                bucket.suppressed = 0;
            }
        });
        return pending;
    }

    private static final class Bucket {
        private int tokens;
        private long refilledAt;
        private long suppressed;

        Bucket(int tokens, long now) {
            this.tokens = tokens;
            this.refilledAt = now;
        }
    }
}
