package io.k6t.net.dhcp.internal;

import com.google.common.net.InetAddresses;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** IPv4 address helpers that never touch DNS. */
public final class Ipv4 {
    /** {@code 0.0.0.0}. */
    public static final Inet4Address ANY = fromInt(0);

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

    /**
     * Parses a dotted-quad IPv4 literal.
     *
     * @throws IllegalArgumentException naming {@code what} and the text if it is not one
     */
    public static Inet4Address parse(String what, String text) {
        InetAddress a;
        try {
            a = InetAddresses.forString(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + ": '" + text + "' (expected: an IPv4 address)", e);
        }
        if (!(a instanceof Inet4Address)) {
            throw new IllegalArgumentException(what + ": '" + text + "' (expected: an IPv4 address)");
        }
        return (Inet4Address) a;
    }
}
