package io.k6t.net.dhcp.server.internal;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/** IPv4 address arithmetic and strict dotted-quad parsing (no DNS lookups, no shorthand forms). */
public final class Ipv4 {
    /** {@code 0.0.0.0}. */
    public static final Inet4Address ANY = fromInt(0);
    /** {@code 255.255.255.255}. */
    public static final Inet4Address BROADCAST = fromInt(-1);

    private Ipv4() {
    }

    /** Parses exactly four decimal octets; anything else is empty. */
    public static Optional<Inet4Address> tryParse(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            return Optional.empty();
        }
        int value = 0;
        for (String part : parts) {
            if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(c -> c >= '0' && c <= '9')) {
                return Optional.empty();
            }
            int octet = Integer.parseInt(part);
            if (octet > 255 || (part.length() > 1 && part.charAt(0) == '0')) {
                return Optional.empty();
            }
            value = (value << 8) | octet;
        }
        return Optional.of(fromInt(value));
    }

    /** The address as a big-endian int. */
    public static int toInt(Inet4Address address) {
        byte[] b = address.getAddress();
        return ((b[0] & 0xff) << 24) | ((b[1] & 0xff) << 16) | ((b[2] & 0xff) << 8) | (b[3] & 0xff);
    }

    /** The address of a big-endian int. */
    public static Inet4Address fromInt(int value) {
        byte[] b = {(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value};
        try {
            return (Inet4Address) InetAddress.getByAddress(b);
        } catch (UnknownHostException e) {
            throw new AssertionError("4 bytes are always an IPv4 address", e);
        }
    }

    /** The netmask of a prefix length as an int ({@code /24} is {@code 0xffffff00}). */
    public static int mask(int prefixLength) {
        return prefixLength == 0 ? 0 : -1 << (32 - prefixLength);
    }

    /** The network part of {@code address/prefixLength} as an int. */
    public static int network(Inet4Address address, int prefixLength) {
        return toInt(address) & mask(prefixLength);
    }
}
