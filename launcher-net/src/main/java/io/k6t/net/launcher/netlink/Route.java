package io.k6t.net.launcher.netlink;

import com.google.common.net.InetAddresses;
import java.net.InetAddress;
import java.util.Objects;
import java.util.Optional;

/**
 * A unicast route through one link.
 *
 * @param destination destination prefix ({@code 0.0.0.0/0} or {@code ::/0} for the default route)
 * @param gateway next hop, empty for an on-link route
 * @param linkIndex output link ({@code dev})
 * @param table routing table, {@link #MAIN_TABLE} unless given
 * @param scope scope ({@code link} for on-link routes, {@code global} with a gateway, unless given)
 * @param protocol originator ({@code boot}, iproute2's default, unless given)
 */
public record Route(IpPrefix destination, Optional<InetAddress> gateway, int linkIndex, int table, RouteScope scope,
        RouteProtocol protocol) {
    /** {@code RT_TABLE_MAIN}. */
    public static final int MAIN_TABLE = 254;

    public Route {
        Objects.requireNonNull(destination, "destination");
        Objects.requireNonNull(gateway, "gateway");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(protocol, "protocol");
        if (gateway.isPresent()
                && AddressFamily.of(gateway.get()) != AddressFamily.of(destination.address())) {
            throw new IllegalArgumentException("gateway " + InetAddresses.toAddrString(gateway.get())
                    + " is not in the family of destination " + destination);
        }
        if (linkIndex <= 0) {
            throw new IllegalArgumentException("route to " + destination + ": link index " + linkIndex
                    + " (expected: > 0)");
        }
        if (table <= 0) {
            throw new IllegalArgumentException("route to " + destination + ": table " + table + " (expected: > 0)");
        }
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
        return new Route(destination, gateway, linkIndex, newTable, scope, protocol);
    }

    public Route withScope(RouteScope newScope) {
        return new Route(destination, gateway, linkIndex, table, newScope, protocol);
    }

    public Route withProtocol(RouteProtocol newProtocol) {
        return new Route(destination, gateway, linkIndex, table, scope, newProtocol);
    }

    /** {@code 10.1.0.0/16 via 10.0.0.254 dev #4 table 254 proto boot scope global}. */
    @Override
    public String toString() {
        return destination + gateway.map(g -> " via " + InetAddresses.toAddrString(g)).orElse("") + " dev #"
                + linkIndex + " table " + table + " proto " + protocol + " scope " + scope;
    }
}
