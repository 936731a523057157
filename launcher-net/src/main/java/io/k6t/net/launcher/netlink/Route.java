package io.k6t.net.launcher.netlink;

import com.google.common.net.InetAddresses;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.IntFunction;

/**
 * A route with every attribute {@code ip -d route} shows that a restore needs: through one link
 * ({@code linkIndex}) or, for a multipath route, through its {@code nextHops} ({@code linkIndex} 0).
 *
 * @param destination destination prefix ({@code 0.0.0.0/0} or {@code ::/0} for the default route)
 * @param gateway next hop, empty for an on-link route (and for a multipath route)
 * @param linkIndex output link ({@code dev}); 0 for a multipath route and for routes without one
 * @param table routing table, {@link #MAIN_TABLE} unless given
 * @param scope scope ({@code link} for on-link routes, {@code global} with a gateway, unless given)
 * @param protocol originator ({@code boot}, iproute2's default, unless given)
 * @param type {@code unicast} unless given ({@code local}, {@code broadcast}, {@code blackhole}, ...)
 * @param priority the metric ({@code RTA_PRIORITY}), when set
 * @param preferredSource the preferred source address ({@code src}, {@code RTA_PREFSRC}), when set
 * @param nextHops the hops of a multipath route, in kernel order; empty otherwise
 * @param flags {@code rtm_flags} ({@link #FLAG_ONLINK}; the others are the kernel's)
 * @param tos the type-of-service (IPv4 {@code tos}/{@code dsfield}) the route matches
 * @param metrics {@code RTA_METRICS} by {@code ip route}'s name ({@code mtu}, {@code advmss}, {@code lock}, ...)
 * @param preference IPv6 router preference ({@code RTA_PREF}: 0 medium, 1 high, 3 low), when reported
 */
public record Route(IpPrefix destination, Optional<InetAddress> gateway, int linkIndex, int table, RouteScope scope,
        RouteProtocol protocol, RouteType type, OptionalInt priority, Optional<InetAddress> preferredSource,
        List<NextHop> nextHops, int flags, int tos, SortedMap<String, Long> metrics, OptionalInt preference) {
    /** {@code RT_TABLE_MAIN}. */
    public static final int MAIN_TABLE = 254;
    /** {@code RT_TABLE_LOCAL}: the kernel's routes to the addresses of this host. */
    public static final int LOCAL_TABLE = 255;
    /** {@code RTNH_F_DEAD}: the kernel's mark on a hop whose link is down. */
    public static final int FLAG_DEAD = 0x1;
    /** {@code RTNH_F_ONLINK}: the gateway is on the link even though no route says so. */
    public static final int FLAG_ONLINK = 0x4;
    /** {@code RTNH_F_LINKDOWN}: the kernel's mark on a hop whose link has no carrier. */
    public static final int FLAG_LINKDOWN = 0x10;
    /** The flags a request sets; the others report the kernel's view. */
    public static final int SETTABLE_FLAGS = FLAG_ONLINK;

    /** {@code RTAX_*} by number, named as {@code ip route} prints them. */
    private static final Map<Integer, String> METRICS = Map.ofEntries(Map.entry(1, "lock"), Map.entry(2, "mtu"),
            Map.entry(3, "window"), Map.entry(4, "rtt"), Map.entry(5, "rttvar"), Map.entry(6, "ssthresh"),
            Map.entry(7, "cwnd"), Map.entry(8, "advmss"), Map.entry(9, "reordering"), Map.entry(10, "hoplimit"),
            Map.entry(11, "initcwnd"), Map.entry(12, "features"), Map.entry(13, "rto_min"),
            Map.entry(14, "initrwnd"), Map.entry(15, "quickack"), Map.entry(17, "fastopen_no_cookie"));
    private static final Map<Integer, String> FLAGS = Map.of(0x1, "dead", 0x2, "pervasive", 0x4, "onlink",
            0x8, "offload", 0x10, "linkdown", 0x20, "unresolved", 0x40, "trap");

    public Route {
        Objects.requireNonNull(destination, "destination");
        Objects.requireNonNull(gateway, "gateway");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(priority, "priority");
        Objects.requireNonNull(preferredSource, "preferredSource");
        Objects.requireNonNull(preference, "preference");
        nextHops = List.copyOf(nextHops);
        metrics = new TreeMap<>(metrics);
        AddressFamily family = AddressFamily.of(destination.address());
        if (gateway.isPresent() && AddressFamily.of(gateway.get()) != family) {
            throw new IllegalArgumentException("gateway " + InetAddresses.toAddrString(gateway.get())
                    + " is not in the family of destination " + destination);
        }
        if (preferredSource.isPresent() && AddressFamily.of(preferredSource.get()) != family) {
            throw new IllegalArgumentException("preferred source " + InetAddresses.toAddrString(preferredSource.get())
                    + " is not in the family of destination " + destination);
        }
        if (linkIndex < 0 || linkIndex == 0 && nextHops.isEmpty() && type.equals(RouteType.UNICAST)) {
            throw new IllegalArgumentException("route to " + destination + ": link index " + linkIndex
                    + " (expected: > 0)");
        }
        if (!nextHops.isEmpty() && (linkIndex != 0 || gateway.isPresent())) {
            throw new IllegalArgumentException("route to " + destination + ": a multipath route names its links and"
                    + " gateways in its next hops only");
        }
        if (table <= 0) {
            throw new IllegalArgumentException("route to " + destination + ": table " + table + " (expected: > 0)");
        }
        if (tos < 0 || tos > 255) {
            throw new IllegalArgumentException("route to " + destination + ": tos " + tos + " (expected: 0..255)");
        }
        for (String metric : metrics.keySet()) {
            metricNumber(metric);
        }
    }

    /** A unicast route without metric, preferred source, next hops, flags or metrics. */
    public Route(IpPrefix destination, Optional<InetAddress> gateway, int linkIndex, int table, RouteScope scope,
            RouteProtocol protocol) {
        this(destination, gateway, linkIndex, table, scope, protocol, RouteType.UNICAST, OptionalInt.empty(),
                Optional.empty(), List.of(), 0, 0, new TreeMap<>(), OptionalInt.empty());
    }

    /** {@code ip route add DESTINATION dev LINK} (scope link, main table, protocol boot). */
    public static Route onLink(IpPrefix destination, int linkIndex) {
        return new Route(destination, Optional.empty(), linkIndex, MAIN_TABLE, RouteScope.LINK, RouteProtocol.BOOT);
    }

    /** {@code ip route add DESTINATION via GATEWAY dev LINK} (scope global, main table, protocol boot). */
    public static Route via(IpPrefix destination, InetAddress gateway, int linkIndex) {
        return new Route(destination, Optional.of(gateway), linkIndex, MAIN_TABLE, RouteScope.UNIVERSE,
                RouteProtocol.BOOT);
    }

    public Route withTable(int newTable) {
        return new Route(destination, gateway, linkIndex, newTable, scope, protocol, type, priority, preferredSource,
                nextHops, flags, tos, metrics, preference);
    }

    public Route withScope(RouteScope newScope) {
        return new Route(destination, gateway, linkIndex, table, newScope, protocol, type, priority, preferredSource,
                nextHops, flags, tos, metrics, preference);
    }

    public Route withProtocol(RouteProtocol newProtocol) {
        return new Route(destination, gateway, linkIndex, table, scope, newProtocol, type, priority, preferredSource,
                nextHops, flags, tos, metrics, preference);
    }

    public Route withPriority(OptionalInt newPriority) {
        return new Route(destination, gateway, linkIndex, table, scope, protocol, type, newPriority, preferredSource,
                nextHops, flags, tos, metrics, preference);
    }

    public Route withPreferredSource(Optional<InetAddress> source) {
        return new Route(destination, gateway, linkIndex, table, scope, protocol, type, priority, source, nextHops,
                flags, tos, metrics, preference);
    }

    /** A multipath route through {@code hops} (link index and gateway then live in the hops). */
    public Route withNextHops(List<NextHop> hops) {
        return new Route(destination, Optional.empty(), 0, table, scope, protocol, type, priority, preferredSource,
                hops, flags, tos, metrics, preference);
    }

    public Route withFlags(int newFlags) {
        return new Route(destination, gateway, linkIndex, table, scope, protocol, type, priority, preferredSource,
                nextHops, newFlags, tos, metrics, preference);
    }

    public Route withMetrics(Map<String, Long> newMetrics) {
        return new Route(destination, gateway, linkIndex, table, scope, protocol, type, priority, preferredSource,
                nextHops, flags, tos, new TreeMap<>(newMetrics), preference);
    }

    /** True for IPv4. */
    public boolean isIpv4() {
        return destination.isIpv4();
    }

    /** Whether this route sends through {@code index}: its output link or one of its next hops'. */
    public boolean uses(int index) {
        return linkIndex == index || nextHops.stream().anyMatch(h -> h.linkIndex() == index);
    }

    /**
     * This route as a request would create it: without the kernel's state flags (dead, linkdown,
     * offload) on it and its hops, and without an IPv6 preference of medium (the kernel's default, which
     * it reports on every IPv6 route).
     */
    public Route settable() {
        return new Route(destination, gateway, linkIndex, table, scope, protocol, type, priority, preferredSource,
                nextHops.stream().map(NextHop::settable).toList(), flags & SETTABLE_FLAGS, tos, metrics,
                preference.isPresent() && preference.getAsInt() == 0 ? OptionalInt.empty() : preference);
    }

    /** The {@code RTAX_*} number of a metric name; throws naming it when unknown. */
    public static int metricNumber(String name) {
        return METRICS.entrySet().stream().filter(e -> e.getValue().equals(name)).map(Map.Entry::getKey).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("route metric '" + name + "' (expected one of "
                        + new TreeMap<>(METRICS).values() + ")"));
    }

    /** The name of {@code RTAX_*} number {@code number}, empty when this model does not keep it. */
    public static Optional<String> metricName(int number) {
        return Optional.ofNullable(METRICS.get(number));
    }

    static String flagWords(int flags) {
        StringBuilder sb = new StringBuilder();
        for (int bit = 0; bit < 8; bit++) {
            if ((flags & (1 << bit)) != 0) {
                sb.append(' ').append(FLAGS.getOrDefault(1 << bit, "flag0x" + Integer.toHexString(1 << bit)));
            }
        }
        return sb.toString();
    }

    /**
     * The {@code ip route} arguments of this route, links named by {@code names}:
     * {@code 10.1.0.0/16 via 10.0.0.254 dev eth0 table 254 proto boot scope global metric 100}.
     */
    public String describe(IntFunction<String> names) {
        StringBuilder sb = new StringBuilder();
        if (!type.equals(RouteType.UNICAST)) {
            sb.append(type).append(' ');
        }
        sb.append(destination);
        if (tos != 0) {
            sb.append(" tos 0x").append(Integer.toHexString(tos));
        }
        gateway.ifPresent(g -> sb.append(" via ").append(InetAddresses.toAddrString(g)));
        if (linkIndex != 0) {
            sb.append(" dev ").append(names.apply(linkIndex));
        }
        sb.append(" table ").append(table).append(" proto ").append(protocol).append(" scope ").append(scope);
        priority.ifPresent(p -> sb.append(" metric ").append(Integer.toUnsignedString(p)));
        preferredSource.ifPresent(s -> sb.append(" src ").append(InetAddresses.toAddrString(s)));
        preference.ifPresent(p -> sb.append(" pref ").append(p == 0 ? "medium" : p == 1 ? "high" : p == 3 ? "low"
                : Integer.toString(p)));
        metrics.forEach((name, value) -> sb.append(' ').append(name).append(' ').append(value));
        sb.append(flagWords(flags & 0xff));
        nextHops.forEach(h -> sb.append(' ').append(h.describe(names)));
        return sb.toString();
    }

    /** {@code 10.1.0.0/16 via 10.0.0.254 dev #4 table 254 proto boot scope global}. */
    @Override
    public String toString() {
        return describe(i -> "#" + i);
    }
}
