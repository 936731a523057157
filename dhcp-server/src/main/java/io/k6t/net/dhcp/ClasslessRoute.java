package io.k6t.net.dhcp;

import io.k6t.net.dhcp.internal.Ipv4;
import java.net.Inet4Address;

/**
 * One route of option 121 (RFC 3442) or 249: {@code destination/prefixLength via gateway}. A gateway
 * of {@code 0.0.0.0} means the destination is on-link (reached by ARP on the interface itself), the
 * way k6t-net makes the guest reach the DHCP server's {@code /32} address.
 *
 * @param destination the network address; no bit beyond {@code prefixLength} may be set
 * @param prefixLength 0 (the default route) to 32
 * @param gateway the next hop, or {@code 0.0.0.0} for on-link
 */
public record ClasslessRoute(Inet4Address destination, int prefixLength, Inet4Address gateway) {
    /**
     * @throws IllegalArgumentException if the prefix length is outside 0..32 or the destination has
     *         bits set beyond it (RFC 3442 carries only the significant octets)
     */
    public ClasslessRoute {
        if (destination == null || gateway == null) {
            throw new NullPointerException("destination and gateway are required");
        }
        if (prefixLength < 0 || prefixLength > 32) {
            throw new IllegalArgumentException("prefixLength: " + prefixLength + " (expected: 0..32)");
        }
        int mask = prefixLength == 0 ? 0 : -1 << (32 - prefixLength);
        int dest = Ipv4.toInt(destination);
        if ((dest & ~mask) != 0) {
            throw new IllegalArgumentException("destination " + destination.getHostAddress() + "/" + prefixLength
                    + " has host bits set (expected: " + Ipv4.fromInt(dest & mask).getHostAddress() + ")");
        }
    }

    /**
     * A route from text, e.g. {@code of("10.0.0.0/8", "10.244.1.1")}, {@code of("169.254.1.1/32", "0.0.0.0")}.
     *
     * @throws IllegalArgumentException quoting the text if either part is malformed
     */
    public static ClasslessRoute of(String destinationCidr, String gateway) {
        int slash = destinationCidr.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("destination: '" + destinationCidr + "' (expected: a.b.c.d/len)");
        }
        int len;
        try {
            len = Integer.parseInt(destinationCidr.substring(slash + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("destination: '" + destinationCidr + "' (expected: a.b.c.d/len)", e);
        }
        return new ClasslessRoute(Ipv4.parse("destination", destinationCidr.substring(0, slash)), len,
                Ipv4.parse("gateway", gateway));
    }

    /** The default route {@code 0.0.0.0/0 via gateway}. */
    public static ClasslessRoute defaultRoute(Inet4Address gateway) {
        return new ClasslessRoute(Ipv4.ANY, 0, gateway);
    }

    /** An on-link route {@code destination/prefixLength via 0.0.0.0}. */
    public static ClasslessRoute onLink(Inet4Address destination, int prefixLength) {
        return new ClasslessRoute(destination, prefixLength, Ipv4.ANY);
    }

    /** Whether the gateway is {@code 0.0.0.0}: the destination is directly reachable on the link. */
    public boolean isOnLink() {
        return Ipv4.toInt(gateway) == 0;
    }

    /** Whether this is the default route (prefix length 0). */
    public boolean isDefault() {
        return prefixLength == 0;
    }

    /** {@code 10.0.0.0/8 via 10.244.1.1}. */
    @Override
    public String toString() {
        return destination.getHostAddress() + "/" + prefixLength + " via " + gateway.getHostAddress();
    }
}
