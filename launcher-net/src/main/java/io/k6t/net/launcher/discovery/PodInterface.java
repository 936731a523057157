package io.k6t.net.launcher.discovery;

import io.k6t.net.launcher.netlink.IpPrefix;
import io.k6t.net.dhcp.MacAddress;
import io.k6t.net.launcher.netlink.Route;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A pod link as discovered before anything changes: what the bridge binding hands to the guest and
 * what a rollback restores.
 *
 * @param name interface name
 * @param index interface index (stable across a rename)
 * @param mac hardware address, empty for links without one
 * @param mtu MTU in bytes
 * @param up administratively up
 * @param ipv4 IPv4 addresses with prefix lengths, kernel order
 * @param ipv6 IPv6 addresses with prefix lengths (link-local included), kernel order
 * @param routes unicast routes through this link in the main table, IPv4 then IPv6
 */
public record PodInterface(String name, int index, Optional<MacAddress> mac, int mtu, boolean up,
        List<IpPrefix> ipv4, List<IpPrefix> ipv6, List<Route> routes) {

    public PodInterface {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(mac, "mac");
        ipv4 = List.copyOf(ipv4);
        ipv6 = List.copyOf(ipv6);
        routes = List.copyOf(routes);
    }

    /** The routes with a gateway (the default route among them), in kernel order. */
    public List<Route> gatewayRoutes() {
        return routes.stream().filter(r -> r.gateway().isPresent()).toList();
    }
}
