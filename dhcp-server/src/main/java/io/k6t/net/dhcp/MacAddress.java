package io.k6t.net.dhcp;

import java.net.Inet6Address;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Optional;

/** A 48-bit IEEE 802 MAC address, written {@code 02:00:00:74:17:75}. Immutable. */
public final class MacAddress {
    private final byte[] bytes;

    private MacAddress(byte[] bytes) {
        this.bytes = bytes;
    }

    /**
     * The address in {@code bytes} (exactly 6 bytes, copied).
     *
     * @throws IllegalArgumentException if {@code bytes} is not 6 bytes long
     */
    public static MacAddress fromBytes(byte[] bytes) {
        if (bytes.length != 6) {
            throw new IllegalArgumentException("MAC address: " + bytes.length + " bytes (expected: 6)");
        }
        return new MacAddress(bytes.clone());
    }

    /**
     * Parses {@code aa:bb:cc:dd:ee:ff} (or with {@code -} throughout), case-insensitive.
     *
     * @throws IllegalArgumentException quoting the text if it is not a MAC address
     */
    public static MacAddress parse(String text) {
        return tryParse(text).orElseThrow(() -> new IllegalArgumentException(
                "MAC address: '" + text + "' (expected: six hex pairs separated by ':', e.g. 02:00:00:74:17:75)"));
    }

    /** Like {@link #parse} but empty instead of throwing. */
    public static Optional<MacAddress> tryParse(String text) {
        if (text.length() != 17) {
            return Optional.empty();
        }
        char separator = text.charAt(2);
        if (separator != ':' && separator != '-') {
            return Optional.empty();
        }
        byte[] b = new byte[6];
        for (int i = 0; i < 6; i++) {
            int hi = Character.digit(text.charAt(i * 3), 16);
            int lo = Character.digit(text.charAt(i * 3 + 1), 16);
            if (hi < 0 || lo < 0) {
                return Optional.empty();
            }
            if (i < 5 && text.charAt(i * 3 + 2) != separator) {
                return Optional.empty();
            }
            b[i] = (byte) (hi << 4 | lo);
        }
        return Optional.of(new MacAddress(b));
    }

    /**
     * The IPv6 link-local address made from this MAC by modified EUI-64 (RFC 4291 appendix A): what the
     * kernel gives a link by default ({@code addr_gen_mode} 0), {@code fe80::} + the MAC with the
     * universal/local bit flipped and {@code ff:fe} in the middle.
     */
    public Inet6Address eui64LinkLocal() {
        byte[] ll = {(byte) 0xfe, (byte) 0x80, 0, 0, 0, 0, 0, 0, (byte) (bytes[0] ^ 2), bytes[1], bytes[2],
            (byte) 0xff, (byte) 0xfe, bytes[3], bytes[4], bytes[5]};
        try {
            return Inet6Address.getByAddress(null, ll, -1);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("16 bytes are an IPv6 address", e);
        }
    }

    /** The 6 bytes (a copy). */
    public byte[] toBytes() {
        return bytes.clone();
    }

    /** Whether the locally-administered bit is set (randomized/private MACs). */
    public boolean isLocallyAdministered() {
        return (bytes[0] & 0x02) != 0;
    }

    /** Whether the locally-administered bit is set and the group bit clear: what a bridge or guest may use. */
    public boolean isLocalUnicast() {
        return (bytes[0] & 0x03) == 0x02;
    }

    /** Whether the group (multicast) bit is set. */
    public boolean isMulticast() {
        return (bytes[0] & 0x01) != 0;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MacAddress && Arrays.equals(((MacAddress) o).bytes, bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    /** Lower-case {@code aa:bb:cc:dd:ee:ff}. */
    @Override
    public String toString() {
        return toString(bytes);
    }

    /**
     * Any hardware address as lower-case colon-separated hex: a DHCP client's {@code chaddr} holds
     * {@code hlen} bytes, which need not be six.
     */
    public static String toString(byte[] hardwareAddress) {
        StringBuilder sb = new StringBuilder(hardwareAddress.length * 3);
        for (int i = 0; i < hardwareAddress.length; i++) {
            if (i > 0) {
                sb.append(':');
            }
            sb.append(Character.forDigit((hardwareAddress[i] >> 4) & 0xf, 16))
                    .append(Character.forDigit(hardwareAddress[i] & 0xf, 16));
        }
        return sb.toString();
    }
}
