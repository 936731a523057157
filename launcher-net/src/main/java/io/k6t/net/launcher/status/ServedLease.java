package io.k6t.net.launcher.status;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The lease k6t-net serves on an interface and what its server did.
 *
 * @param address      the guest's address with its prefix length ({@code 10.244.1.5/24})
 * @param leaseSeconds the lease time the server gives
 * @param expiry       when the lease given by the last ACK ends; empty before the first ACK
 * @param lastExchange the last request the server answered or dropped; empty before the first
 * @param counters     the server's counters for the interface
 */
public record ServedLease(String address, long leaseSeconds, Optional<Instant> expiry, Optional<Exchange> lastExchange,
        Counters counters) {
    public ServedLease {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(expiry, "expiry");
        Objects.requireNonNull(lastExchange, "lastExchange");
        Objects.requireNonNull(counters, "counters");
    }

    /**
     * One request and the server's decision.
     *
     * @param at       when the server decided
     * @param request  the request's message type ({@code REQUEST}), or {@code MALFORMED}
     * @param decision {@code OFFER}, {@code ACK}, {@code NAK} or {@code DROP}
     */
    public record Exchange(Instant at, String request, String decision) {
        public Exchange {
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(request, "request");
            Objects.requireNonNull(decision, "decision");
        }
    }

    /** The server's counters for the interface (as {@code InterfaceStats}, drops summed). */
    public record Counters(long received, long offered, long acked, long naked, long informed, long dropped) {
    }
}
