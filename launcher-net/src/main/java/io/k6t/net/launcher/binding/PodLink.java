package io.k6t.net.launcher.binding;

import java.util.List;

/**
 * A pod link as discovery saw it, before k6t-net touched it: what rollback and teardown restore.
 *
 * @param index     the ifindex (stable across the rename, so a rerun finds the link)
 * @param name      the name
 * @param mac       the MAC, lower-case
 * @param mtu       the MTU
 * @param up        whether it was administratively up
 * @param addresses its addresses, IPv4 and IPv6
 * @param routes    the main-table routes through it
 */
public record PodLink(int index, String name, String mac, int mtu, boolean up, List<LinkAddress> addresses,
        List<LinkRoute> routes) {
    public PodLink {
        addresses = List.copyOf(addresses);
        routes = List.copyOf(routes);
    }

    /** The IPv4 addresses. */
    public List<LinkAddress> ipv4() {
        return addresses.stream().filter(LinkAddress::isIpv4).toList();
    }

    /** The IPv6 addresses the guest cannot get over DHCP (all but link-local ones). */
    public List<LinkAddress> ipv6() {
        return addresses.stream().filter(a -> !a.isIpv4() && !a.isIpv6LinkLocal()).toList();
    }

    /** The routes the kernel does not recreate by itself when the addresses come back. */
    public List<LinkRoute> restorableRoutes() {
        return routes.stream().filter(r -> r.protocol() != LinkRoute.PROTO_KERNEL).toList();
    }
}
