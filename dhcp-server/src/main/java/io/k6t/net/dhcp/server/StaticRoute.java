package io.k6t.net.dhcp.server;

import io.k6t.net.dhcp.internal.Ipv4;
import java.net.Inet4Address;

/**
 * A route handed to the guest in option 121 (RFC 3442): {@code destination/prefixLength via gateway};
 * gateway {@code 0.0.0.0} means on-link.
 *
 * @param destination the network address; host bits must be zero
 * @param prefixLength 0..32
 * @param gateway the next hop, {@code 0.0.0.0} for on-link
 */
public record StaticRoute(Inet4Address destination, int prefixLength, Inet4Address gateway) {
    /** Validates the prefix length and that the destination has no host bits set. */
    public StaticRoute {
        if (prefixLength < 0 || prefixLength > 32) {
            throw new IllegalArgumentException("prefixLength: " + prefixLength + " (expected: 0..32)");
        }
        if (Ipv4.network(destination, prefixLength) != Ipv4.toInt(destination)) {
            throw new IllegalArgumentException("destination: " + destination.getHostAddress() + "/" + prefixLength
                    + " (expected: no host bits set)");
        }
    }

    /** True for {@code 0.0.0.0/0}. */
    public boolean isDefault() {
        return prefixLength == 0;
    }

    /** True when the gateway is {@code 0.0.0.0}, i.e. the destination is on the link. */
    public boolean isOnLink() {
        return Ipv4.toInt(gateway) == 0;
    }

    @Override
    public String toString() {
        return destination.getHostAddress() + "/" + prefixLength + " via " + gateway.getHostAddress();
    }
}
