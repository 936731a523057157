package io.k6t.net.dhcp;

/**
 * A byte sequence is not a well-formed DHCPv4 message: the {@link DecodeException} of this family, its
 * offset counted from the first byte of the BOOTP message. This is the only exception
 * {@link DhcpCodec#decode} throws for bad input.
 */
public final class DhcpDecodeException extends DecodeException {
    private static final long serialVersionUID = 1L;

    /** What kind of malformation, for counters and tests. */
    public enum Reason {
        /** Fewer than the 236 fixed BOOTP header bytes. */
        TRUNCATED_HEADER,
        /** {@code hlen} above 16, the size of {@code chaddr}. */
        BAD_HARDWARE_LENGTH,
        /** No magic cookie, or not 99.130.83.99. */
        BAD_MAGIC_COOKIE,
        /** An option's length byte or value runs past the end of its field. */
        OPTION_PAST_END,
        /** An option's value does not have the format its code requires (e.g. option 53 of 2 bytes). */
        BAD_OPTION_VALUE,
        /** Option 52 malformed, or found inside an overloaded {@code file}/{@code sname} field. */
        BAD_OVERLOAD,
        /** Option 119: bad label, compression pointer forward, out of range or looping. */
        BAD_DOMAIN_NAME,
        /** Option 121/249: prefix width above 32 or a truncated route. */
        BAD_CLASSLESS_ROUTE
    }

    private final Reason reason;

    /**
     * @param offset byte offset in the message where the problem is
     * @param reason the kind of problem
     * @param detail what was wrong, in words (without the offset)
     */
    public DhcpDecodeException(int offset, Reason reason, String detail) {
        super("DHCP", offset, detail);
        this.reason = reason;
    }

    @Override
    public Reason reason() {
        return reason;
    }
}
