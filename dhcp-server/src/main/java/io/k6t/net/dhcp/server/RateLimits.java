package io.k6t.net.dhcp.server;

/**
 * How many requests an interface's server looks at from clients other than the lease's, per
 * second: token buckets per client MAC ({@code chaddr}) and for all of them together. Requests over
 * a limit are dropped before they are decoded, counted as {@link DropReason#RATE_LIMITED} and not
 * logged one by one (one warning a minute says the limit is active).
 *
 * <p>The lease's own MAC is never limited. It is the only client an interface answers, and a flood
 * that spoofs it cannot be told apart from the guest's own requests by MAC, so limiting it would let
 * the flood lock the guest out of its lease. What that traffic can cost is bounded anyway: one
 * event-loop thread serves every interface, the socket's receive buffer caps the backlog, and the
 * log is rate limited per decision. Everything else (other MACs, bytes too short to carry a
 * {@code chaddr}) is what a guest can vary freely to make the server decode and log, and what the
 * limits bound.
 *
 * <p>Defaults ({@link #DEFAULT}): 10 requests at once and 5 a second per foreign MAC, 100 at once
 * and 50 a second for all foreign MACs of one interface together, 256 foreign MACs tracked (the
 * least recently seen is forgotten first, so a random-MAC flood cannot grow the table). A DHCP client
 * sends a handful of requests a minute; these leave room for a second guest misconfigured onto the
 * bridge to be visible in the log and counters while a flood costs at most 50 decodes a second.
 *
 * @param perMacBurst requests accepted at once from one foreign MAC (>= 1)
 * @param perMacPerSecond sustained requests a second from one foreign MAC (>= 1)
 * @param globalBurst requests accepted at once from all foreign MACs of an interface (>= 1)
 * @param globalPerSecond sustained requests a second from all foreign MACs of an interface (>= 1)
 * @param trackedMacs foreign MACs with their own bucket at a time (>= 1)
 */
public record RateLimits(int perMacBurst, int perMacPerSecond, int globalBurst, int globalPerSecond,
        int trackedMacs) {
    /** The documented defaults. */
    public static final RateLimits DEFAULT = new RateLimits(10, 5, 100, 50, 256);

    /** Validates every field. */
    public RateLimits {
        positive("perMacBurst", perMacBurst);
        positive("perMacPerSecond", perMacPerSecond);
        positive("globalBurst", globalBurst);
        positive("globalPerSecond", globalPerSecond);
        positive("trackedMacs", trackedMacs);
    }

    private static void positive(String field, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(field + ": " + value + " (expected: >= 1)");
        }
    }
}
