package io.k6t.net.launcher.learn;

import java.net.InetAddress;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One address the guest holds, as seen on the wire.
 *
 * @param address  the guest's address (IPv4 from DHCPv4, IPv6 from DHCPv6 or neighbour discovery)
 * @param source   what it was learned from
 * @param expiry   when the lease ends (DHCPv4: option 51 from the last ACK; DHCPv6: the valid lifetime
 *                 from the last Reply; neighbour discovery: {@link AddressLearner#NDP_LIFETIME} after the
 *                 last sighting); empty: never (an infinite lease)
 * @param lastSeen when the message that (re)confirmed it crossed the bridge
 */
public record LearnedAddress(InetAddress address, AddressSource source, Optional<Instant> expiry, Instant lastSeen) {
    public LearnedAddress {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(expiry, "expiry");
        Objects.requireNonNull(lastSeen, "lastSeen");
    }

    /** Whether the lease has ended at {@code now} (an address without expiry never ends). */
    public boolean expiredAt(Instant now) {
        return expiry.map(e -> !now.isBefore(e)).orElse(false);
    }
}
