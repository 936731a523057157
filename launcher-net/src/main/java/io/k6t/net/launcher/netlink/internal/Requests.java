package io.k6t.net.launcher.netlink.internal;

import static io.k6t.net.launcher.netlink.internal.Rtnl.NLM_F_ACK;
import static io.k6t.net.launcher.netlink.internal.Rtnl.NLM_F_CREATE;
import static io.k6t.net.launcher.netlink.internal.Rtnl.NLM_F_DUMP;
import static io.k6t.net.launcher.netlink.internal.Rtnl.NLM_F_EXCL;
import static io.k6t.net.launcher.netlink.internal.Rtnl.NLM_F_REPLACE;
import static io.k6t.net.launcher.netlink.internal.Rtnl.NLM_F_REQUEST;

/**
 * The rtnetlink requests k6t-net sends, byte for byte what iproute2 6.1 sends for the command named
 * in each method's comment (RtnetlinkGoldenTest holds the captures). Pure functions of their
 * arguments: no sockets, no JNA.
 */
public final class Requests {
    /** Flags of a request that creates and must not replace ({@code ip ... add}). */
    public static final int CREATE_EXCLUSIVE = NLM_F_REQUEST | NLM_F_ACK | NLM_F_EXCL | NLM_F_CREATE;
    /** Flags of a request that creates or replaces ({@code ip ... replace}). */
    public static final int CREATE_OR_REPLACE = NLM_F_REQUEST | NLM_F_ACK | NLM_F_REPLACE | NLM_F_CREATE;
    /** Flags of a request that changes or deletes. */
    public static final int CHANGE = NLM_F_REQUEST | NLM_F_ACK;

    private static final int EXT_MASK = Rtnl.RTEXT_FILTER_VF | Rtnl.RTEXT_FILTER_SKIP_STATS;
    private static final byte[] EMPTY_IFINFOMSG = new byte[Rtnl.IFINFOMSG_LEN];

    private Requests() {
    }

    /**
     * {@code ip link add NAME [address MAC] type KIND}; {@code mac} may be null.
     */
    public static byte[] newLink(int sequence, String name, byte[] mac, String kind) {
        MessageBuilder m = new MessageBuilder(Rtnl.RTM_NEWLINK, CREATE_EXCLUSIVE, sequence)
                .ifinfomsg(Rtnl.AF_UNSPEC, 0, 0, 0);
        if (mac != null) {
            m.attribute(Rtnl.IFLA_ADDRESS, mac);
        }
        m.attribute(Rtnl.IFLA_IFNAME, name);
        int info = m.beginNest(Rtnl.IFLA_LINKINFO);
        m.attribute(Rtnl.IFLA_INFO_KIND, kind.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return m.endNest(info).build();
    }

    /**
     * {@code ip link add NAME numtxqueues 0 type KIND}: refused with {@code EOPNOTSUPP} ("Unknown device
     * type") when the kernel has no driver for KIND, else with {@code EINVAL} ("Invalid number of
     * transmit queues"), which the kernel checks after finding the driver and before creating anything.
     */
    public static byte[] probeLinkKind(int sequence, String name, String kind) {
        MessageBuilder m = new MessageBuilder(Rtnl.RTM_NEWLINK, CREATE_EXCLUSIVE, sequence)
                .ifinfomsg(Rtnl.AF_UNSPEC, 0, 0, 0)
                .attributeU32(Rtnl.IFLA_NUM_TX_QUEUES, 0)
                .attribute(Rtnl.IFLA_IFNAME, name);
        int info = m.beginNest(Rtnl.IFLA_LINKINFO);
        m.attribute(Rtnl.IFLA_INFO_KIND, kind.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return m.endNest(info).build();
    }

    /** {@code ip link add NAME type veth peer name PEER}. */
    public static byte[] newVeth(int sequence, String name, String peer) {
        MessageBuilder m = new MessageBuilder(Rtnl.RTM_NEWLINK, CREATE_EXCLUSIVE, sequence)
                .ifinfomsg(Rtnl.AF_UNSPEC, 0, 0, 0)
                .attribute(Rtnl.IFLA_IFNAME, name);
        int info = m.beginNest(Rtnl.IFLA_LINKINFO);
        m.attribute(Rtnl.IFLA_INFO_KIND, "veth".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        int data = m.beginNest(Rtnl.IFLA_INFO_DATA);
        int peerInfo = m.beginNest(Rtnl.VETH_INFO_PEER);
        m.raw(EMPTY_IFINFOMSG).attribute(Rtnl.IFLA_IFNAME, peer);
        return m.endNest(peerInfo).endNest(data).endNest(info).build();
    }

    /** The request {@code ip link show dev NAME} sends: one link by name. */
    public static byte[] getLink(int sequence, String name) {
        return new MessageBuilder(Rtnl.RTM_GETLINK, NLM_F_REQUEST, sequence)
                .ifinfomsg(Rtnl.AF_UNSPEC, 0, 0, 0)
                .attributeU32(Rtnl.IFLA_EXT_MASK, EXT_MASK)
                .attribute(Rtnl.IFLA_IFNAME, name)
                .build();
    }

    /** One link by index. */
    public static byte[] getLink(int sequence, int index) {
        return new MessageBuilder(Rtnl.RTM_GETLINK, NLM_F_REQUEST, sequence)
                .ifinfomsg(Rtnl.AF_UNSPEC, index, 0, 0)
                .attributeU32(Rtnl.IFLA_EXT_MASK, EXT_MASK)
                .build();
    }

    /** {@code ip link show}: dump of every link. */
    public static byte[] dumpLinks(int sequence) {
        return new MessageBuilder(Rtnl.RTM_GETLINK, NLM_F_REQUEST | NLM_F_DUMP, sequence)
                .ifinfomsg(Rtnl.AF_UNSPEC, 0, 0, 0)
                .attributeU32(Rtnl.IFLA_EXT_MASK, EXT_MASK)
                .build();
    }

    /** {@code ip link set dev NAME up|down}. */
    public static byte[] setLinkUp(int sequence, int index, boolean up) {
        return new MessageBuilder(Rtnl.RTM_NEWLINK, CHANGE, sequence)
                .ifinfomsg(Rtnl.AF_UNSPEC, index, up ? Rtnl.IFF_UP : 0, Rtnl.IFF_UP)
                .build();
    }

    /** {@code ip link set dev NAME name NEWNAME}. */
    public static byte[] setLinkName(int sequence, int index, String newName) {
        return linkChange(sequence, index).attribute(Rtnl.IFLA_IFNAME, newName).build();
    }

    /**
     * {@code ip link set dev NAME alias ALIAS}: the bytes without a terminating NUL, as iproute2 sends
     * them (the kernel counts a NUL into the 255-byte limit); empty removes the alias.
     */
    public static byte[] setLinkAlias(int sequence, int index, byte[] alias) {
        return linkChange(sequence, index).attribute(Rtnl.IFLA_IFALIAS, alias).build();
    }

    /** {@code ip link set dev NAME address MAC}. */
    public static byte[] setLinkAddress(int sequence, int index, byte[] mac) {
        return linkChange(sequence, index).attribute(Rtnl.IFLA_ADDRESS, mac).build();
    }

    /** {@code ip link set dev NAME mtu MTU}. */
    public static byte[] setLinkMtu(int sequence, int index, int mtu) {
        return linkChange(sequence, index).attributeU32(Rtnl.IFLA_MTU, mtu).build();
    }

    /** {@code ip link set dev NAME master BRIDGE} ({@code masterIndex} 0: {@code nomaster}). */
    public static byte[] setLinkMaster(int sequence, int index, int masterIndex) {
        return linkChange(sequence, index).attributeU32(Rtnl.IFLA_MASTER, masterIndex).build();
    }

    /** {@code bridge link set dev NAME learning on|off}. */
    public static byte[] setBridgePortLearning(int sequence, int index, boolean learning) {
        MessageBuilder m = new MessageBuilder(Rtnl.RTM_SETLINK, CHANGE, sequence)
                .ifinfomsg(Rtnl.AF_BRIDGE, index, 0, 0);
        int protinfo = m.beginNest(Rtnl.NLA_F_NESTED | Rtnl.IFLA_PROTINFO);
        m.attributeU8(Rtnl.IFLA_BRPORT_LEARNING, learning ? 1 : 0);
        return m.endNest(protinfo).build();
    }

    /** {@code ip link del NAME}. */
    public static byte[] deleteLink(int sequence, int index) {
        return new MessageBuilder(Rtnl.RTM_DELLINK, CHANGE, sequence).ifinfomsg(Rtnl.AF_UNSPEC, index, 0, 0).build();
    }

    /**
     * {@code ip addr add|replace ADDRESS/PREFIX dev NAME}, {@code flags} {@link #CREATE_EXCLUSIVE} or
     * {@link #CREATE_OR_REPLACE}.
     */
    public static byte[] newAddress(int sequence, int flags, int index, byte[] address, int prefixLength) {
        return address(Rtnl.RTM_NEWADDR, flags, sequence, index, address, prefixLength);
    }

    /**
     * {@code ip addr add|replace LOCAL/PREFIX [peer P] [broadcast B] [label L] [scope S] [FLAGS]
     * [valid_lft V preferred_lft P] [metric M] [proto N] dev NAME}: the attributes of
     * {@link #newAddress(int, int, int, byte[], int)} first, then each optional one that is set.
     */
    public static byte[] newAddress(int sequence, int flags, int index, AddressFields a) {
        MessageBuilder m = new MessageBuilder(Rtnl.RTM_NEWADDR, flags, sequence)
                .ifaddrmsg(family(a.local()), a.prefixLength(), a.flags() <= 0xff ? a.flags() : 0, a.scope(), index)
                .attribute(Rtnl.IFA_LOCAL, a.local())
                .attribute(Rtnl.IFA_ADDRESS, a.peer() != null ? a.peer() : a.local());
        if (a.broadcast() != null) {
            m.attribute(Rtnl.IFA_BROADCAST, a.broadcast());
        }
        if (a.label() != null) {
            m.attribute(Rtnl.IFA_LABEL, a.label());
        }
        if (a.validLifetime() != FOREVER || a.preferredLifetime() != FOREVER) {
            byte[] info = java.nio.ByteBuffer.allocate(Rtnl.IFA_CACHEINFO_LEN).order(java.nio.ByteOrder.nativeOrder())
                    .putInt((int) a.preferredLifetime()).putInt((int) a.validLifetime()).putInt(0).putInt(0).array();
            m.attribute(Rtnl.IFA_CACHEINFO, info);
        }
        if (a.flags() > 0xff) {
            m.attributeU32(Rtnl.IFA_FLAGS, a.flags());
        }
        if (a.metric() >= 0) {
            m.attributeU32(Rtnl.IFA_RT_PRIORITY, (int) a.metric());
        }
        if (a.protocol() != 0) {
            m.attributeU8(Rtnl.IFA_PROTO, a.protocol());
        }
        return m.build();
    }

    private static final long FOREVER = 0xFFFF_FFFFL;

    /**
     * The fields of an address request.
     *
     * @param local network-order address
     * @param peer network-order peer of a point-to-point address, or null
     * @param broadcast network-order IPv4 broadcast, or null
     * @param label IPv4 label, or null
     * @param flags the flags to set ({@code IFA_F_*}), in {@code ifa_flags} when they fit, else {@code IFA_FLAGS}
     * @param validLifetime seconds, {@code 0xFFFFFFFF} for forever
     * @param preferredLifetime seconds, {@code 0xFFFFFFFF} for forever
     * @param metric the prefix route's metric, or -1
     * @param protocol {@code IFA_PROTO}, 0 to leave it out
     */
    public record AddressFields(byte[] local, int prefixLength, byte[] peer, byte[] broadcast, String label, int scope,
            int flags, long validLifetime, long preferredLifetime, long metric, int protocol) {
    }

    /** {@code ip addr del ADDRESS/PREFIX dev NAME}. */
    public static byte[] deleteAddress(int sequence, int index, byte[] address, int prefixLength) {
        return address(Rtnl.RTM_DELADDR, CHANGE, sequence, index, address, prefixLength);
    }

    /** {@code ip -4|-6 addr show dev NAME}: dump filtered by family and index (strict checking). */
    public static byte[] dumpAddresses(int sequence, int family, int index) {
        return new MessageBuilder(Rtnl.RTM_GETADDR, NLM_F_REQUEST | NLM_F_DUMP, sequence)
                .ifaddrmsg(family, 0, 0, 0, index)
                .build();
    }

    /**
     * {@code ip route add|replace DST/LEN [via GATEWAY] dev NAME [table T] [proto P] [scope S]};
     * {@code destination} null or {@code destinationLength} 0 is the default route, {@code gateway}
     * may be null.
     */
    public static byte[] newRoute(int sequence, int flags, RouteFields route) {
        return route(Rtnl.RTM_NEWROUTE, flags, sequence, route, route.protocol(), route.scope(), route.type());
    }

    /**
     * {@code ip route del DST/LEN [tos T] [via GATEWAY] dev NAME [table T] [metric M]}: protocol, scope and
     * type are left as wildcards, as iproute2 does.
     */
    public static byte[] deleteRoute(int sequence, RouteFields route) {
        return route(Rtnl.RTM_DELROUTE, CHANGE, sequence, route, 0, Rtnl.RT_SCOPE_NOWHERE, Rtnl.RTN_UNSPEC);
    }

    /** {@code ip route show table T dev NAME}, all families: the kernel filters (strict checking). */
    public static byte[] dumpRoutes(int sequence, int table, int outputIndex) {
        return new MessageBuilder(Rtnl.RTM_GETROUTE, NLM_F_REQUEST | NLM_F_DUMP, sequence)
                .rtmsg(Rtnl.AF_UNSPEC, 0, 0, 0, 0, 0)
                .attributeU32(Rtnl.RTA_TABLE, table)
                .attributeU32(Rtnl.RTA_OIF, outputIndex)
                .build();
    }

    /** {@code ip neigh add ADDRESS lladdr MAC dev NAME} (a permanent entry). */
    public static byte[] newNeighbour(int sequence, int index, byte[] address, byte[] mac) {
        return new MessageBuilder(Rtnl.RTM_NEWNEIGH, CREATE_EXCLUSIVE, sequence)
                .ndmsg(family(address), index, Rtnl.NUD_PERMANENT)
                .attribute(Rtnl.NDA_DST, address)
                .attribute(Rtnl.NDA_LLADDR, mac)
                .build();
    }

    /**
     * {@code ip -4|-6 neigh show}: dump of one family, every link (strict checking wants index, state
     * and type zero in the header).
     */
    public static byte[] dumpNeighbours(int sequence, int family) {
        return new MessageBuilder(Rtnl.RTM_GETNEIGH, NLM_F_REQUEST | NLM_F_DUMP, sequence)
                .ndmsg(family, 0, 0)
                .build();
    }

    /** {@code ip neigh del ADDRESS dev NAME}. */
    public static byte[] deleteNeighbour(int sequence, int index, byte[] address) {
        return new MessageBuilder(Rtnl.RTM_DELNEIGH, CHANGE, sequence)
                .ndmsg(family(address), index, Rtnl.NUD_PERMANENT)
                .attribute(Rtnl.NDA_DST, address)
                .build();
    }

    /** The address family of a raw 4- or 16-byte address. */
    public static int family(byte[] address) {
        if (address.length == 4) {
            return Rtnl.AF_INET;
        }
        if (address.length == 16) {
            return Rtnl.AF_INET6;
        }
        throw new IllegalArgumentException("address of " + address.length + " bytes (expected: 4 or 16)");
    }

    private static MessageBuilder linkChange(int sequence, int index) {
        return new MessageBuilder(Rtnl.RTM_NEWLINK, CHANGE, sequence).ifinfomsg(Rtnl.AF_UNSPEC, index, 0, 0);
    }

    private static byte[] address(int type, int flags, int sequence, int index, byte[] address, int prefixLength) {
        return new MessageBuilder(type, flags, sequence)
                .ifaddrmsg(family(address), prefixLength, 0, 0, index)
                .attribute(Rtnl.IFA_LOCAL, address)
                .attribute(Rtnl.IFA_ADDRESS, address)
                .build();
    }

    private static byte[] route(int type, int flags, int sequence, RouteFields route, int protocol, int scope,
            int routeType) {
        boolean bigTable = route.table() > 255;
        MessageBuilder m = new MessageBuilder(type, flags, sequence)
                .rtmsg(route.family(), route.destinationLength(), bigTable ? 0 : route.table(), protocol, scope,
                        routeType, route.tos(), type == Rtnl.RTM_DELROUTE ? 0 : route.flags());
        if (route.destinationLength() > 0) {
            m.attribute(Rtnl.RTA_DST, route.destination());
        }
        if (route.gateway() != null) {
            m.attribute(Rtnl.RTA_GATEWAY, route.gateway());
        }
        if (bigTable) {
            m.attributeU32(Rtnl.RTA_TABLE, route.table());
        }
        if (route.outputIndex() > 0) {
            m.attributeU32(Rtnl.RTA_OIF, route.outputIndex());
        }
        if (route.priority() >= 0) {
            m.attributeU32(Rtnl.RTA_PRIORITY, (int) route.priority());
        }
        if (type == Rtnl.RTM_DELROUTE) {
            return m.build();
        }
        if (route.preferredSource() != null) {
            m.attribute(Rtnl.RTA_PREFSRC, route.preferredSource());
        }
        if (!route.metrics().isEmpty()) {
            int metrics = m.beginNest(Rtnl.RTA_METRICS);
            route.metrics().forEach((number, value) -> m.attributeU32(number, (int) (long) value));
            m.endNest(metrics);
        }
        if (!route.nextHops().isEmpty()) {
            int multipath = m.beginNest(Rtnl.RTA_MULTIPATH);
            for (NextHopFields hop : route.nextHops()) {
                int start = m.beginNextHop(hop.flags(), hop.weight() - 1, hop.outputIndex());
                if (hop.gateway() != null) {
                    m.attribute(Rtnl.RTA_GATEWAY, hop.gateway());
                }
                m.endNest(start);
            }
            m.endNest(multipath);
        }
        if (route.preference() >= 0) {
            m.attributeU8(Rtnl.RTA_PREF, route.preference());
        }
        return m.build();
    }

    /**
     * The fields of a route request.
     *
     * @param family {@link Rtnl#AF_INET} or {@link Rtnl#AF_INET6}
     * @param destination network-order address, ignored when {@code destinationLength} is 0
     * @param gateway network-order address, or null for an on-link route
     */
    public record RouteFields(int family, byte[] destination, int destinationLength, byte[] gateway,
            int outputIndex, int table, int protocol, int scope, int type, long priority, byte[] preferredSource,
            java.util.List<NextHopFields> nextHops, int flags, int tos, java.util.SortedMap<Integer, Long> metrics,
            int preference) {

        /** A unicast route without metric, preferred source, next hops, flags or metrics. */
        public RouteFields(int family, byte[] destination, int destinationLength, byte[] gateway, int outputIndex,
                int table, int protocol, int scope) {
            this(family, destination, destinationLength, gateway, outputIndex, table, protocol, scope,
                    Rtnl.RTN_UNICAST, -1, null, java.util.List.of(), 0, 0, new java.util.TreeMap<>(), -1);
        }
    }

    /**
     * One hop of a multipath route request.
     *
     * @param gateway network-order address, or null for an on-link hop
     * @param weight 1..256
     */
    public record NextHopFields(byte[] gateway, int outputIndex, int weight, int flags) {
    }
}
