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
import java.util.Optional;
import java.util.OptionalInt;
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

    static Optional<IpPrefix> address(AddressMessage message) {
        Attributes a = message.attributes();
        Optional<byte[]> raw = a.bytes(Rtnl.IFA_LOCAL).or(() -> a.bytes(Rtnl.IFA_ADDRESS));
        return raw.map(bytes -> prefix(inet(bytes), message.prefixLength()));
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

    /** A unicast IPv4/IPv6 route through one link, empty for other families, types and multipath routes. */
    static Optional<Route> route(RouteMessage message) {
        return valid("route", () -> routeOf(message));
    }

    private static Optional<Route> routeOf(RouteMessage message) {
        if (message.family() != Rtnl.AF_INET && message.family() != Rtnl.AF_INET6
                || message.type() != Rtnl.RTN_UNICAST) {
            return Optional.empty();
        }
        Attributes a = message.attributes();
        OptionalInt output = a.u32(Rtnl.RTA_OIF);
        if (output.isEmpty()) {
            return Optional.empty();
        }
        byte[] destination = a.bytes(Rtnl.RTA_DST)
                .orElseGet(() -> new byte[message.family() == Rtnl.AF_INET ? 4 : 16]);
        return Optional.of(new Route(prefix(inet(destination), message.destinationLength()),
                a.bytes(Rtnl.RTA_GATEWAY).map(Decoding::inet), output.getAsInt(), message.table(),
                new RouteScope(message.scope()), new RouteProtocol(message.protocol())));
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
