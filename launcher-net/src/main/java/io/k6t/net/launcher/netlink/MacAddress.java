package io.k6t.net.launcher.netlink;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;

/** A 48-bit Ethernet address, printed as {@code 02:00:00:74:17:75}. Immutable. */
public final class MacAddress {
    private static final HexFormat HEX = HexFormat.ofDelimiter(":");

    private final byte[] bytes;

    private MacAddress(byte[] bytes) {
        this.bytes = bytes;
    }

    /** Parses {@code aa:bb:cc:dd:ee:ff} (either case); throws naming the input otherwise. */
    public static MacAddress parse(String text) {
        return tryParse(text).orElseThrow(() -> new IllegalArgumentException(
                "MAC address '" + text + "' (expected: six colon-separated hex octets like 02:00:00:00:00:01)"));
    }

    /** Like {@link #parse} but empty for malformed input. */
    public static Optional<MacAddress> tryParse(String text) {
        if (text.length() != 17) {
            return Optional.empty();
        }
        for (int i = 2; i < 17; i += 3) {
            if (text.charAt(i) != ':') {
                return Optional.empty();
            }
        }
        try {
            return Optional.of(new MacAddress(HEX.parseHex(text)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** From the six bytes of the address. */
    public static MacAddress fromBytes(byte[] bytes) {
        if (bytes.length != 6) {
            throw new IllegalArgumentException("MAC address of " + bytes.length + " bytes (expected: 6)");
        }
        return new MacAddress(bytes.clone());
    }

    /** A copy of the six bytes. */
    public byte[] toBytes() {
        return bytes.clone();
    }

    /** True when the locally-administered bit is set and the multicast bit is clear. */
    public boolean isLocalUnicast() {
        return (bytes[0] & 0x03) == 0x02;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof MacAddress mac && Arrays.equals(bytes, mac.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return HEX.formatHex(bytes);
    }
}
