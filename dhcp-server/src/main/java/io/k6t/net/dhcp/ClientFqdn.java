package io.k6t.net.dhcp;

/**
 * The value of option 81, client FQDN (RFC 4702): flags, the two deprecated RCODE bytes and the name.
 * With the {@link #FLAG_E E} flag the name travels in DNS wire format; a name ending in {@code "."} is
 * fully qualified there, others are partial. Without it, it travels as ASCII (deprecated, still what
 * Windows sends).
 *
 * @param flags the flag byte: {@link #FLAG_S}, {@link #FLAG_O}, {@link #FLAG_E}, {@link #FLAG_N}
 * @param rcode1 deprecated, 0 or 255
 * @param rcode2 deprecated, 0 or 255
 * @param domainName the name, possibly empty
 */
public record ClientFqdn(int flags, int rcode1, int rcode2, String domainName) {
    /** S: the server should perform the A RR update. */
    public static final int FLAG_S = 0x01;
    /** O: the server overrode the client's S choice (server to client only). */
    public static final int FLAG_O = 0x02;
    /** E: the name is in canonical DNS wire format. */
    public static final int FLAG_E = 0x04;
    /** N: the server should perform no DNS updates. */
    public static final int FLAG_N = 0x08;

    /** @throws IllegalArgumentException if a byte field is outside 0..255 */
    public ClientFqdn {
        if (domainName == null) {
            throw new NullPointerException("domainName");
        }
        checkByte("flags", flags);
        checkByte("rcode1", rcode1);
        checkByte("rcode2", rcode2);
    }

    private static void checkByte(String what, int value) {
        if (value < 0 || value > 255) {
            throw new IllegalArgumentException(what + ": " + value + " (expected: 0..255)");
        }
    }

    /** Whether the name is in DNS wire format (flag E). */
    public boolean canonicalEncoding() {
        return (flags & FLAG_E) != 0;
    }
}
