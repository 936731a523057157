package io.k6t.net.dhcp.internal;

import com.google.common.net.InetAddresses;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * IPv4 address helpers that never touch DNS: the int arithmetic of prefixes and strict dotted-quad
 * parsing (Guava's {@link InetAddresses}, limited to the four-octet form).
 */
public final class Ipv4 {
    /** {@code 0.0.0.0}. */
    public static final Inet4Address ANY = fromInt(0);
    /** {@code 255.255.255.255}. */
    public static final Inet4Address BROADCAST = fromInt(-1);

    private Ipv4() {
    }

    /** The address whose big-endian value is {@code value}. */
    public static Inet4Address fromInt(int value) {
        byte[] b = {(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value};
        return fromBytes(b, 0);
    }

    /** The address in {@code bytes[offset..offset+3]}. */
    public static Inet4Address fromBytes(byte[] bytes, int offset) {
        byte[] b = {bytes[offset], bytes[offset + 1], bytes[offset + 2], bytes[offset + 3]};
        try {
            return (Inet4Address) InetAddress.getByAddress(b);
        } catch (UnknownHostException e) {
            throw new AssertionError("4 bytes are always a valid IPv4 address", e);
        }
    }

    /** The big-endian value of {@code address}. */
    public static int toInt(Inet4Address address) {
        byte[] b = address.getAddress();
        return (b[0] & 0xff) << 24 | (b[1] & 0xff) << 16 | (b[2] & 0xff) << 8 | b[3] & 0xff;
    }

    /** The netmask of a prefix length as an int ({@code /24} is {@code 0xffffff00}). */
    public static int mask(int prefixLength) {
        return prefixLength == 0 ? 0 : -1 << (32 - prefixLength);
    }

    /** The network part of {@code address/prefixLength} as an int. */
    public static int network(Inet4Address address, int prefixLength) {
        return toInt(address) & mask(prefixLength);
    }

    /**
     * Parses exactly four decimal octets without leading zeros; anything else (IPv6 forms that name
     * an IPv4 address included) is empty.
     */
    public static Optional<Inet4Address> tryParse(String text) {
        if (text.indexOf(':') >= 0 || !InetAddresses.isInetAddress(text)) {
            return Optional.empty();
        }
        return InetAddresses.forString(text) instanceof Inet4Address a ? Optional.of(a) : Optional.empty();
    }

    /**
     * Parses a dotted-quad IPv4 literal like {@link #tryParse}.
     *
     * @throws IllegalArgumentException naming {@code what} and the text if it is not one
     */
    public static Inet4Address parse(String what, String text) {
        return tryParse(text).orElseThrow(
                () -> new IllegalArgumentException(what + ": '" + text + "' (expected: an IPv4 address)"));
    }
}
