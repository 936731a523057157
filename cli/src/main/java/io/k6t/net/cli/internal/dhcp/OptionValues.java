package io.k6t.net.cli.internal.dhcp;

/**
 * Raw option values as the CLI contract shows them beside (or instead of) the typed value that
 * {@link io.k6t.net.dhcp.DhcpOptionCodecs#format} gives.
 */
final class OptionValues {
    private OptionValues() {
    }

    /** The value in lower-case hex, no separators. */
    static String hex(byte[] value) {
        StringBuilder hex = new StringBuilder(value.length * 2);
        for (byte b : value) {
            hex.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
        }
        return hex.toString();
    }
}
