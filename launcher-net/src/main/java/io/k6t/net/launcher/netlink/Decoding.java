package io.k6t.net.launcher.netlink;

import io.k6t.net.dhcp.MacAddress;
import io.k6t.net.launcher.netlink.internal.AddressMessage;
import io.k6t.net.launcher.netlink.internal.Attributes;
import io.k6t.net.launcher.netlink.internal.LinkMessage;
import io.k6t.net.launcher.netlink.internal.MalformedMessageException;
import io.k6t.net.launcher.netlink.internal.NeighbourMessage;
import io.k6t.net.launcher.netlink.internal.RouteMessage;
import io.k6t.net.launcher.netlink.internal.Rtnl;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Supplier;

/** Decoded rtnetlink messages to the public value types. */
final class Decoding {
    private Decoding() {
    }

    static Link link(LinkMessage message) {
        return valid("link", () -> linkOf(message));
    }

    private static Link linkOf(LinkMessage message) {
        Attributes a = message.attributes();
        OptionalInt master = a.u32(Rtnl.IFLA_MASTER);
        String kind = a.nested(Rtnl.IFLA_LINKINFO).string(Rtnl.IFLA_INFO_KIND).orElse("");
        LinkAttributes attributes = new LinkAttributes(
                a.string(Rtnl.IFLA_IFNAME).orElse(""),
                message.index(),
                a.bytes(Rtnl.IFLA_ADDRESS).filter(b -> b.length == 6).map(MacAddress::fromBytes),
                a.u32(Rtnl.IFLA_MTU).orElse(0),
                (message.flags() & Rtnl.IFF_UP) != 0,
                master.isPresent() && master.getAsInt() > 0 ? master : OptionalInt.empty(),
                OperState.fromKernel(a.u8(Rtnl.IFLA_OPERSTATE).orElse(0)),
                kind);
        switch (kind) {
            case "bridge":
                return new Bridge(attributes);
            case "veth":
                OptionalInt peer = a.u32(Rtnl.IFLA_LINK);
                return new Veth(attributes, peer.isPresent() && peer.getAsInt() > 0 ? peer : OptionalInt.empty());
            case "tun":
                Attributes tun = a.nested(Rtnl.IFLA_LINKINFO).nested(Rtnl.IFLA_INFO_DATA);
                return new Tuntap(attributes, tun.u32(Rtnl.IFLA_TUN_OWNER), tun.u32(Rtnl.IFLA_TUN_GROUP));
            case "dummy":
                return new Dummy(attributes);
            default:
                return new Device(attributes);
        }
    }

    /** An IPv4/IPv6 address with its attributes, empty for other families and messages without an address. */
    static Optional<Address> address(AddressMessage message) {
        return valid("address", () -> addressOf(message));
    }

    private static Optional<Address> addressOf(AddressMessage message) {
        if (message.family() != Rtnl.AF_INET && message.family() != Rtnl.AF_INET6) {
            return Optional.empty();
        }
        Attributes a = message.attributes();
        Optional<byte[]> local = a.bytes(Rtnl.IFA_LOCAL);
        Optional<byte[]> address = a.bytes(Rtnl.IFA_ADDRESS);
        Optional<byte[]> raw = local.or(() -> address);
        if (raw.isEmpty()) {
            return Optional.empty();
        }
        InetAddress mine = inet(raw.get());
        // A point-to-point address reports its peer in IFA_ADDRESS and itself in IFA_LOCAL.
        Optional<InetAddress> peer = local.isPresent() ? address.map(Decoding::inet).filter(p -> !p.equals(mine))
                : Optional.empty();
        long valid = Address.FOREVER;
        long preferred = Address.FOREVER;
        Optional<ByteBuffer> cache = a.buffer(Rtnl.IFA_CACHEINFO);
        if (cache.isPresent()) {
            ByteBuffer info = cache.get();
            if (info.remaining() < Rtnl.IFA_CACHEINFO_LEN) {
                throw new MalformedMessageException("IFA_CACHEINFO of " + info.remaining() + " bytes", 0);
            }
            preferred = Integer.toUnsignedLong(info.getInt(0));
            valid = Integer.toUnsignedLong(info.getInt(4));
        }
        int flags = a.u32(Rtnl.IFA_FLAGS).orElse(message.flags());
        OptionalInt metric = a.u32(Rtnl.IFA_RT_PRIORITY);
        return Optional.of(new Address(prefix(mine, message.prefixLength()), peer,
                a.bytes(Rtnl.IFA_BROADCAST).map(Decoding::inet), a.string(Rtnl.IFA_LABEL).filter(l -> !l.isEmpty()),
                new RouteScope(message.scope()), new AddressFlags(flags), valid, Math.min(valid, preferred),
                metric, a.u8(Rtnl.IFA_PROTO).orElse(0)));
    }

    /**
     * A neighbour entry with an IP address; empty for bridge FDB entries (family AF_BRIDGE) and
     * proxy entries without one. A link-layer address other than 6 bytes (tunnels) is left out.
     */
    static Optional<Neighbour> neighbour(NeighbourMessage message) {
        Attributes a = message.attributes();
        Optional<byte[]> destination = a.bytes(Rtnl.NDA_DST);
        if (message.family() != Rtnl.AF_INET && message.family() != Rtnl.AF_INET6 || destination.isEmpty()) {
            return Optional.empty();
        }
        Optional<MacAddress> mac = a.bytes(Rtnl.NDA_LLADDR).filter(b -> b.length == 6).map(MacAddress::fromBytes);
        return Optional.of(new Neighbour(message.index(), inet(destination.get()), mac, message.state()));
    }

    /**
     * An IPv4/IPv6 route of any type with its attributes; empty for other families and for a unicast
     * route that names neither an output link nor next hops.
     */
    static Optional<Route> route(RouteMessage message) {
        return valid("route", () -> routeOf(message));
    }

    private static Optional<Route> routeOf(RouteMessage message) {
        if (message.family() != Rtnl.AF_INET && message.family() != Rtnl.AF_INET6) {
            return Optional.empty();
        }
        Attributes a = message.attributes();
        List<NextHop> hops = a.buffer(Rtnl.RTA_MULTIPATH).map(Decoding::nextHops).orElse(List.of());
        int output = a.u32(Rtnl.RTA_OIF).orElse(0);
        if (output == 0 && hops.isEmpty() && message.type() == Rtnl.RTN_UNICAST) {
            return Optional.empty();
        }
        byte[] destination = a.bytes(Rtnl.RTA_DST)
                .orElseGet(() -> new byte[message.family() == Rtnl.AF_INET ? 4 : 16]);
        SortedMap<String, Long> metrics = new TreeMap<>();
        Attributes rtax = a.nested(Rtnl.RTA_METRICS);
        for (int number = 1; number <= MAX_RTAX; number++) {
            int n = number;
            Route.metricName(number).ifPresent(name -> rtax.u32(n)
                    .ifPresent(v -> metrics.put(name, Integer.toUnsignedLong(v))));
        }
        OptionalInt preference = a.u8(Rtnl.RTA_PREF);
        return Optional.of(new Route(prefix(inet(destination), message.destinationLength()),
                hops.isEmpty() ? a.bytes(Rtnl.RTA_GATEWAY).map(Decoding::inet) : Optional.empty(),
                hops.isEmpty() ? output : 0, message.table(), new RouteScope(message.scope()),
                new RouteProtocol(message.protocol()), new RouteType(message.type()), a.u32(Rtnl.RTA_PRIORITY),
                a.bytes(Rtnl.RTA_PREFSRC).map(Decoding::inet), hops, message.flags(), message.tos(), metrics,
                preference));
    }

    /** The highest {@code RTAX_*} number read. */
    private static final int MAX_RTAX = 17;

    /** The {@code struct rtnexthop} run of an {@code RTA_MULTIPATH}. */
    private static List<NextHop> nextHops(ByteBuffer value) {
        List<NextHop> hops = new ArrayList<>();
        ByteBuffer in = value.duplicate().order(ByteOrder.nativeOrder());
        int position = 0;
        while (in.limit() - position >= Rtnl.RTNEXTHOP_LEN) {
            int length = Short.toUnsignedInt(in.getShort(position));
            if (length < Rtnl.RTNEXTHOP_LEN || length > in.limit() - position) {
                throw new MalformedMessageException("rtnexthop of length " + length + " with "
                        + (in.limit() - position) + " bytes left", position);
            }
            int flags = Byte.toUnsignedInt(in.get(position + 2));
            int rtnhHops = Byte.toUnsignedInt(in.get(position + 3));
            int index = in.getInt(position + 4);
            Attributes attributes = Attributes.decode(in.duplicate().position(position + Rtnl.RTNEXTHOP_LEN)
                    .limit(position + length));
            hops.add(new NextHop(attributes.bytes(Rtnl.RTA_GATEWAY).map(Decoding::inet), index, rtnhHops + 1, flags));
            position += Rtnl.align(length);
        }
        return hops;
    }

    /**
     * Values the public types reject (a table of 0, a link index of 0, a gateway of another family)
     * are a malformed message, the one exception decoding throws (found by fuzzing).
     */
    private static <T> T valid(String what, Supplier<T> decode) {
        try {
            return decode.get();
        } catch (IllegalArgumentException e) {
            throw new MalformedMessageException(what + ": " + e.getMessage(), 0);
        }
    }

    /** Kernel bytes that are no IPv4/IPv6 address are a malformed message (found by fuzzing). */
    static InetAddress inet(byte[] bytes) {
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new MalformedMessageException("address attribute of " + bytes.length
                    + " bytes (expected: 4 or 16)", 0);
        }
    }

    /** A prefix length beyond the address's width is a malformed message (found by fuzzing). */
    private static IpPrefix prefix(InetAddress address, int length) {
        int max = address instanceof Inet4Address ? 32 : 128;
        if (length > max) {
            throw new MalformedMessageException("prefix length " + length + " of " + address.getHostAddress(), 0);
        }
        return new IpPrefix(address, length);
    }
}
