package io.k6t.net.launcher.learn.internal;

import io.k6t.net.dhcp.MacAddress;
import java.net.Inet6Address;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds what the learner takes from an IPv6 Ethernet frame (optionally behind one 802.1Q tag): a
 * DHCPv6 message (UDP from or to port 546 or 547) with the frame's Ethernet addresses, or a neighbour
 * solicitation or advertisement (ICMPv6 135, 136 with hop limit 255, as RFC 4861 requires of a valid
 * one) with its sender's MAC and the addresses it shows the sender uses: the IPv6 source unless it is
 * unspecified (duplicate address detection), and an advertisement's target. Anything else, including
 * IPv6 with extension headers before UDP or ICMPv6 (neither DHCPv6 nor neighbour discovery uses
 * them), is not for the learner.
 */
public final class Ipv6Frames {
    private static final int ETHERTYPE_IPV6 = 0x86dd;
    private static final int IPV6_HEADER = 40;
    private static final int NEXT_UDP = 17;
    private static final int NEXT_ICMPV6 = 58;
    private static final int UDP_HEADER = 8;
    private static final int CLIENT_PORT = 546;
    private static final int SERVER_PORT = 547;
    private static final int NEIGHBOUR_SOLICITATION = 135;
    private static final int NEIGHBOUR_ADVERTISEMENT = 136;
    /** Type, code, checksum, flags/reserved, then the 16-byte target. */
    private static final int NDP_TARGET = 8;
    private static final int NDP_HOP_LIMIT = 255;

    /** What a frame holds for the learner. */
    public sealed interface Seen permits Dhcp6, Neighbour {
    }

    /**
     * A DHCPv6 message.
     *
     * @param from    the frame's Ethernet source
     * @param to      the frame's Ethernet destination
     * @param payload the UDP payload
     */
    public record Dhcp6(MacAddress from, MacAddress to, byte[] payload) implements Seen {
    }

    /**
     * A neighbour solicitation or advertisement.
     *
     * @param from      the frame's Ethernet source
     * @param addresses the addresses it shows the sender uses (possibly none)
     */
    public record Neighbour(MacAddress from, List<Inet6Address> addresses) implements Seen {
        public Neighbour {
            addresses = List.copyOf(addresses);
        }
    }

    private Ipv6Frames() {
    }

    /** What {@code frame} (position to limit) holds for the learner, if anything; reads without moving it. */
    public static Optional<Seen> parse(ByteBuffer frame) {
        ByteBuffer f = frame.slice().order(ByteOrder.BIG_ENDIAN);
        int ip = Ethernet.payloadOffset(f, ETHERTYPE_IPV6);
        if (ip < 0 || f.remaining() < ip + IPV6_HEADER || (f.get(ip) & 0xff) >> 4 != 6) {
            return Optional.empty();
        }
        int end = Math.min(f.remaining(), ip + IPV6_HEADER + (f.getShort(ip + 4) & 0xffff));
        int next = f.get(ip + 6) & 0xff;
        int l4 = ip + IPV6_HEADER;
        MacAddress to = mac(f, 0);
        MacAddress from = mac(f, 6);
        if (next == NEXT_UDP && end >= l4 + UDP_HEADER) {
            int source = f.getShort(l4) & 0xffff;
            int destination = f.getShort(l4 + 2) & 0xffff;
            if (!isDhcp6Port(source) && !isDhcp6Port(destination)) {
                return Optional.empty();
            }
            end = Math.min(end, l4 + Math.max(UDP_HEADER, f.getShort(l4 + 4) & 0xffff));
            byte[] payload = new byte[end - l4 - UDP_HEADER];
            f.get(l4 + UDP_HEADER, payload);
            return Optional.of(new Dhcp6(from, to, payload));
        }
        if (next == NEXT_ICMPV6 && end >= l4 + NDP_TARGET + 16 && (f.get(ip + 7) & 0xff) == NDP_HOP_LIMIT) {
            int type = f.get(l4) & 0xff;
            if (type != NEIGHBOUR_SOLICITATION && type != NEIGHBOUR_ADVERTISEMENT) {
                return Optional.empty();
            }
            List<Inet6Address> addresses = new ArrayList<>();
            Inet6Address source = address(f, ip + 8);
            if (!source.isAnyLocalAddress()) {
                addresses.add(source);
            }
            if (type == NEIGHBOUR_ADVERTISEMENT) {
                Inet6Address target = address(f, l4 + NDP_TARGET);
                if (!addresses.contains(target)) {
                    addresses.add(target);
                }
            }
            return Optional.of(new Neighbour(from, addresses));
        }
        return Optional.empty();
    }

    private static boolean isDhcp6Port(int port) {
        return port == CLIENT_PORT || port == SERVER_PORT;
    }

    private static MacAddress mac(ByteBuffer f, int offset) {
        byte[] bytes = new byte[6];
        f.get(offset, bytes);
        return MacAddress.fromBytes(bytes);
    }

    private static Inet6Address address(ByteBuffer f, int offset) {
        byte[] bytes = new byte[16];
        f.get(offset, bytes);
        try {
            // 16 bytes are always an IPv6 address; getByAddress would turn a v4-mapped one into IPv4.
            return Inet6Address.getByAddress(null, bytes, -1);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("16 bytes are an IPv6 address", e);
        }
    }
}
