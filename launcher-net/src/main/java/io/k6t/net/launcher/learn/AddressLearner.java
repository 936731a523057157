package io.k6t.net.launcher.learn;

import io.k6t.net.dhcp.DhcpMessage;
import io.k6t.net.dhcp.MacAddress;
import io.k6t.net.dhcp.MessageType;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The addresses of one guest NIC, learned from the DHCP messages that cross its bridge; no sockets,
 * only decoded messages and a clock, so every rule is tested with captured messages.
 *
 * <p>Rules (DHCPv4): an ACK toward the guest for its MAC with a non-zero {@code yiaddr} is the
 * guest's address until now + option 51 (none, or {@code 0xffffffff}: no expiry), replacing the
 * previous DHCPv4 address (one client, one lease per NIC); a NAK toward the guest forgets it (the
 * client starts over); a RELEASE from the guest forgets {@code ciaddr}, a DECLINE its option 50.
 * Messages for other MACs, requests toward the guest and replies from it are ignored. An address
 * whose lease ended is dropped when the addresses are next read.
 *
 * <p>Thread-safe: the capture thread observes while status readers read.
 */
public final class AddressLearner {
    /** Which way a message crossed the bridge. */
    public enum Direction {
        /** From the L2 toward the guest. */
        TO_GUEST,
        /** From the guest toward the L2. */
        FROM_GUEST
    }

    private static final long INFINITE_LEASE = 0xffff_ffffL;

    private final MacAddress guest;
    private final Clock clock;
    private final List<LearnedAddress> addresses = new ArrayList<>();

    /** Learns the addresses of the NIC with MAC {@code guest}, timing leases with {@code clock}. */
    public AddressLearner(MacAddress guest, Clock clock) {
        this.guest = Objects.requireNonNull(guest, "guest");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The guest NIC's MAC. */
    public MacAddress guest() {
        return guest;
    }

    /** Applies {@code message}, seen crossing {@code direction}; true when the addresses changed. */
    public synchronized boolean observe(DhcpMessage message, Direction direction) {
        Instant now = clock.instant();
        boolean changed = purge(now);
        if (!message.clientMac().filter(guest::equals).isPresent()) {
            return changed;
        }
        Optional<MessageType> type = message.options().messageType();
        if (type.isEmpty()) {
            return changed;
        }
        MessageType t = type.get();
        if (direction == Direction.TO_GUEST && message.isReply()) {
            if (MessageType.ACK.equals(t)) {
                changed |= acked(message, now);
            } else if (MessageType.NAK.equals(t)) {
                changed |= addresses.removeIf(a -> a.source() == AddressSource.DHCPV4);
            }
        } else if (direction == Direction.FROM_GUEST && message.isRequest()) {
            if (MessageType.RELEASE.equals(t)) {
                changed |= forget(message.ciaddr());
            } else if (MessageType.DECLINE.equals(t)) {
                changed |= message.options().requestedIpAddress().map(this::forget).orElse(false);
            }
        }
        return changed;
    }

    /** The addresses the guest holds now (leases that ended are dropped), oldest first. */
    public synchronized List<LearnedAddress> addresses() {
        purge(clock.instant());
        return List.copyOf(addresses);
    }

    /** When the next lease ends, if any has an end: the moment {@link #addresses()} changes by itself. */
    public synchronized Optional<Instant> nextExpiry() {
        return addresses.stream().flatMap(a -> a.expiry().stream()).min(Instant::compareTo);
    }

    private boolean acked(DhcpMessage ack, Instant now) {
        Inet4Address address = ack.yiaddr();
        if (address.isAnyLocalAddress()) {
            // The reply to an INFORM: the guest configured its address itself; nothing to learn here.
            return false;
        }
        long seconds = ack.options().leaseSeconds().orElse(INFINITE_LEASE);
        Optional<Instant> expiry = seconds >= INFINITE_LEASE ? Optional.empty() : Optional.of(now.plusSeconds(seconds));
        addresses.removeIf(a -> a.source() == AddressSource.DHCPV4);
        addresses.add(new LearnedAddress(address, AddressSource.DHCPV4, expiry, now));
        return true;
    }

    private boolean forget(InetAddress address) {
        return addresses.removeIf(a -> a.source() == AddressSource.DHCPV4 && a.address().equals(address));
    }

    private boolean purge(Instant now) {
        return addresses.removeIf(a -> a.expiredAt(now));
    }
}
