package io.k6t.net.launcher.discovery;

import io.k6t.net.dhcp.MacAddress;
import io.k6t.net.launcher.netlink.Address;
import io.k6t.net.launcher.netlink.AddressFlags;
import io.k6t.net.launcher.netlink.Route;
import io.k6t.net.launcher.netlink.RouteProtocol;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A pod link as discovered before anything changes: what the bridge binding hands to the guest and
 * what a rollback or teardown restores. Addresses and routes carry every attribute the kernel
 * reports, of both families.
 *
 * @param name interface name
 * @param index interface index (stable across a rename)
 * @param mac hardware address, empty for links without one
 * @param mtu MTU in bytes
 * @param up administratively up
 * @param addresses IPv4 then IPv6 addresses, kernel order (a primary before its secondaries), link-local included
 * @param routes every route of both families, in every table, that sends through this link (its
 *        output link or one of its next hops), the kernel's own included
 * @param seenAt when the link was read: address lifetimes count down from here
 */
public record PodInterface(String name, int index, Optional<MacAddress> mac, int mtu, boolean up,
        List<Address> addresses, List<Route> routes, Instant seenAt) {

    public PodInterface {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(mac, "mac");
        Objects.requireNonNull(seenAt, "seenAt");
        addresses = List.copyOf(addresses);
        routes = List.copyOf(routes);
    }

    /** The IPv4 addresses, kernel order. */
    public List<Address> ipv4() {
        return addresses.stream().filter(Address::isIpv4).toList();
    }

    /** The IPv6 addresses (link-local included), kernel order. */
    public List<Address> ipv6() {
        return addresses.stream().filter(a -> !a.isIpv4()).toList();
    }

    /** The routes of the main table with a gateway (the default route among them), in kernel order. */
    public List<Route> gatewayRoutes() {
        return routes.stream().filter(r -> r.table() == Route.MAIN_TABLE && r.gateway().isPresent()).toList();
    }

    /**
     * The addresses a restore must add itself: all but the link-local address the kernel makes when
     * an IPv6 link comes up (it makes it again from the restored MAC).
     */
    public List<Address> restorableAddresses() {
        return addresses.stream().filter(a -> !kernelLinkLocal(a)).toList();
    }

    /**
     * The routes a restore must add itself: all but the kernel's own (protocol {@code kernel}: the
     * local-table, prefix and multicast routes it makes for each address and link; protocol {@code ra}:
     * learnt from router advertisements, which come again).
     */
    public List<Route> restorableRoutes() {
        return routes.stream().filter(r -> !r.protocol().equals(RouteProtocol.KERNEL)
                && !r.protocol().equals(RouteProtocol.RA)).toList();
    }

    /**
     * Whether {@code a} is the link-local address the kernel made itself: it says so ({@code IFA_PROTO}
     * kernel_ll, kernels since 6.1), or, on older kernels, the address is the EUI-64 or stable-privacy one.
     */
    public boolean kernelLinkLocal(Address a) {
        if (!a.isIpv6LinkLocal()) {
            return false;
        }
        return a.protocol() == Address.PROTO_KERNEL_LL || a.flags().has(AddressFlags.STABLE_PRIVACY)
                || mac.map(m -> m.eui64LinkLocal().equals(a.prefix().address())).orElse(false);
    }
}
