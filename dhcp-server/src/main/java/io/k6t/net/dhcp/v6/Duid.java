package io.k6t.net.dhcp.v6;

import com.google.common.io.BaseEncoding;
import io.k6t.net.dhcp.MacAddress;
import java.util.Arrays;
import java.util.Optional;

/**
 * A DHCP unique identifier (RFC 8415 section 11): a 2-byte type and up to 128 bytes, compared as bytes.
 * Types: 1 DUID-LLT (hardware type, time, link-layer address), 2 DUID-EN (enterprise number, identifier),
 * 3 DUID-LL (hardware type, link-layer address), 4 DUID-UUID (RFC 6355). Any type is kept.
 */
public final class Duid {
    /** DUID-LLT. */
    public static final int TYPE_LLT = 1;
    /** DUID-EN. */
    public static final int TYPE_EN = 2;
    /** DUID-LL. */
    public static final int TYPE_LL = 3;
    /** DUID-UUID. */
    public static final int TYPE_UUID = 4;
    /** IANA hardware type Ethernet. */
    public static final int HARDWARE_ETHERNET = 1;

    private final byte[] bytes;

    private Duid(byte[] bytes) {
        this.bytes = bytes;
    }

    /**
     * The DUID with these bytes (type first).
     *
     * @throws IllegalArgumentException for fewer than 3 or more than 130 bytes
     */
    public static Duid fromBytes(byte[] bytes) {
        if (bytes.length < 3 || bytes.length > 130) {
            throw new IllegalArgumentException("DUID: " + bytes.length + " bytes (expected: 3..130)");
        }
        return new Duid(bytes.clone());
    }

    /** The DUID-LL of an Ethernet MAC: stable as long as the MAC is (RFC 8415 section 11.4). */
    public static Duid linkLayer(MacAddress mac) {
        byte[] b = new byte[10];
        b[1] = TYPE_LL;
        b[3] = HARDWARE_ETHERNET;
        System.arraycopy(mac.toBytes(), 0, b, 4, 6);
        return new Duid(b);
    }

    /** The DUID type (first two bytes). */
    public int type() {
        return (bytes[0] & 0xff) << 8 | bytes[1] & 0xff;
    }

    /** The Ethernet MAC of a DUID-LL or DUID-LLT with hardware type 1 and 6 address bytes. */
    public Optional<MacAddress> macAddress() {
        int type = type();
        int at = type == TYPE_LL ? 4 : type == TYPE_LLT ? 8 : -1;
        if (at < 0 || bytes.length != at + 6 || ((bytes[2] & 0xff) << 8 | bytes[3] & 0xff) != HARDWARE_ETHERNET) {
            return Optional.empty();
        }
        return Optional.of(MacAddress.fromBytes(Arrays.copyOfRange(bytes, at, at + 6)));
    }

    /** A copy of the bytes, type first. */
    public byte[] toBytes() {
        return bytes.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Duid other && Arrays.equals(other.bytes, bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    /** Lower-case hex, as Wireshark and dnsmasq print DUIDs. */
    @Override
    public String toString() {
        return BaseEncoding.base16().lowerCase().encode(bytes);
    }
}
