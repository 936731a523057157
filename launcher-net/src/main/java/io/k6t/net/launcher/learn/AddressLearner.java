package io.k6t.net.launcher.learn;

import io.k6t.net.dhcp.DhcpMessage;
import io.k6t.net.dhcp.MacAddress;
import io.k6t.net.dhcp.MessageType;
import io.k6t.net.dhcp.v6.Dhcp6Message;
import io.k6t.net.dhcp.v6.Dhcp6MessageType;
import io.k6t.net.dhcp.v6.IaAddress;
import io.k6t.net.dhcp.v6.IaNa;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The addresses of one guest NIC, learned from the DHCP and neighbour discovery messages that cross
 * its bridge; no sockets, only decoded messages and a clock, so every rule is tested with captured
 * or encoded messages.
 *
 * <p>Rules (DHCPv4): an ACK toward the guest for its MAC with a non-zero {@code yiaddr} is the
 * guest's address until now + option 51 (none, or {@code 0xffffffff}: no expiry), replacing the
 * previous DHCPv4 address (one client, one lease per NIC); a NAK toward the guest forgets it (the
 * client starts over); a RELEASE from the guest forgets {@code ciaddr}, a DECLINE its option 50.
 * Messages for other MACs, requests toward the guest and replies from it are ignored.
 *
 * <p>Rules (DHCPv6, which has no client MAC in the message: the Ethernet addresses say whose it is):
 * a Reply sent to the guest's MAC gives the guest every IA Address of its IA_NA options until now +
 * the valid lifetime ({@code 0xffffffff}: no expiry), and forgets one whose valid lifetime is 0; a
 * Release or Decline from the guest's MAC forgets the addresses it names, and the Reply that answers
 * it (same transaction id) teaches nothing. Advertise is an offer, not a binding: ignored.
 *
 * <p>Rules (neighbour discovery): a neighbour solicitation or advertisement from the guest's MAC with
 * a global source address (and an advertisement's global target) shows the guest uses that address;
 * it is kept for {@link #NDP_LIFETIME} after it was last heard, refreshed by each sighting. An address
 * that DHCPv6 leased is the lease's: a sighting neither duplicates nor extends it.
 *
 * <p>An address whose lease ended is dropped when the addresses are next read.
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

    /**
     * How long an address seen only in neighbour discovery is kept after it was last heard. A guest
     * that exchanges traffic on the link is heard far more often: its neighbours re-confirm a used
     * entry after their reachable time (RFC 4861: 30 s base, randomised to 15..45 s) plus the 5 s
     * probe delay, by a unicast solicitation the guest answers from that address, and the guest does
     * the same for the neighbours it sends to. Ten minutes thus spans a dozen confirmations and a few
     * lost ones, while an address the guest dropped (or a guest gone quiet) leaves the status within
     * ten minutes; there is no lifetime on the wire to take instead.
     */
    public static final Duration NDP_LIFETIME = Duration.ofMinutes(10);
    private static final long INFINITE_LEASE = 0xffff_ffffL;
    /** Release/Decline transactions remembered so their Reply is not learned (a client runs few at once). */
    private static final int RELEASES_REMEMBERED = 8;

    private final MacAddress guest;
    private final Clock clock;
    private final List<LearnedAddress> addresses = new ArrayList<>();
    private final Deque<Integer> releases = new ArrayDeque<>();

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

    /**
     * Applies the DHCPv6 {@code message}, seen in a frame from {@code from} to {@code to} (Ethernet
     * addresses); true when the addresses changed.
     */
    public synchronized boolean observe(Dhcp6Message message, MacAddress from, MacAddress to) {
        Instant now = clock.instant();
        boolean changed = purge(now);
        Dhcp6MessageType type = message.type();
        if (to.equals(guest) && Dhcp6MessageType.REPLY.equals(type)) {
            if (releases.remove(message.transactionId())) {
                return changed;
            }
            for (IaNa ia : message.options().iaNas()) {
                for (IaAddress a : ia.addresses()) {
                    changed |= a.validLifetime() == 0 ? forget(a.address(), AddressSource.DHCPV6)
                            : leased6(a, now);
                }
            }
        } else if (from.equals(guest) && (Dhcp6MessageType.RELEASE.equals(type)
                || Dhcp6MessageType.DECLINE.equals(type))) {
            if (releases.size() == RELEASES_REMEMBERED) {
                releases.removeFirst();
            }
            releases.addLast(message.transactionId());
            for (IaNa ia : message.options().iaNas()) {
                for (IaAddress a : ia.addresses()) {
                    changed |= forget(a.address(), AddressSource.DHCPV6);
                }
            }
        }
        return changed;
    }

    /**
     * A neighbour solicitation or advertisement from {@code from} naming {@code address} (its IPv6
     * source, or an advertisement's target); true when the addresses changed: a new address, or a
     * known one seen again (its last sighting and expiry move, as a renewed DHCP lease's do).
     */
    public synchronized boolean neighbour(MacAddress from, Inet6Address address) {
        Instant now = clock.instant();
        boolean changed = purge(now);
        if (!from.equals(guest) || !isGlobal(address)) {
            return changed;
        }
        Optional<Instant> expiry = Optional.of(now.plus(NDP_LIFETIME));
        for (int i = 0; i < addresses.size(); i++) {
            LearnedAddress known = addresses.get(i);
            if (known.address().equals(address)) {
                if (known.source() != AddressSource.NDP) {
                    return changed;
                }
                addresses.set(i, new LearnedAddress(address, AddressSource.NDP, expiry, now));
                return true;
            }
        }
        addresses.add(new LearnedAddress(address, AddressSource.NDP, expiry, now));
        return true;
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

    private boolean leased6(IaAddress leased, Instant now) {
        long seconds = leased.validLifetime();
        Optional<Instant> expiry = seconds >= INFINITE_LEASE ? Optional.empty() : Optional.of(now.plusSeconds(seconds));
        // The lease replaces what neighbour discovery saw of the same address, and its own earlier Reply.
        addresses.removeIf(a -> a.address().equals(leased.address()));
        addresses.add(new LearnedAddress(leased.address(), AddressSource.DHCPV6, expiry, now));
        return true;
    }

    private boolean forget(InetAddress address) {
        return forget(address, AddressSource.DHCPV4);
    }

    private boolean forget(InetAddress address, AddressSource source) {
        return addresses.removeIf(a -> a.source() == source && a.address().equals(address));
    }

    /** A unicast address beyond the link: global or unique-local, not link-local, loopback or unspecified. */
    private static boolean isGlobal(Inet6Address address) {
        return !address.isLinkLocalAddress() && !address.isMulticastAddress() && !address.isAnyLocalAddress()
                && !address.isLoopbackAddress() && !address.isSiteLocalAddress();
    }

    private boolean purge(Instant now) {
        return addresses.removeIf(a -> a.expiredAt(now));
    }
}
