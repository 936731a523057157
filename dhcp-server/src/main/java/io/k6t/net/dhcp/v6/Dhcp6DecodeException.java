package io.k6t.net.dhcp.v6;

import io.k6t.net.dhcp.DecodeException;

/**
 * A byte sequence is not a well-formed DHCPv6 message: the {@link DecodeException} of this family, its
 * offset counted from the first byte of the UDP payload also inside relayed messages and nested
 * options. This is the only exception {@link Dhcp6Codec#decode} throws for bad input.
 */
public final class Dhcp6DecodeException extends DecodeException {
    private static final long serialVersionUID = 1L;

    /** What kind of malformation, for counters and tests. */
    public enum Reason {
        /** Fewer bytes than the fixed header: 4 for a client/server message, 34 for a relay message. */
        TRUNCATED_HEADER,
        /** An option header or value runs past the end of the message or of the option holding it. */
        OPTION_PAST_END,
        /** An option's value does not have the format its code requires (e.g. elapsed time of 3 bytes). */
        BAD_OPTION_VALUE,
        /**
         * Option 24: a label past the end, a compression pointer (RFC 8415 section 10 forbids them), a name
         * over 255 bytes or without its root label.
         */
        BAD_DOMAIN_NAME,
        /** Relay messages nested deeper than the hop limit allows (RFC 8415 section 7.6: 8 relays). */
        TOO_DEEP
    }

    private final Reason reason;

    /**
     * @param offset byte offset in the message where the problem is
     * @param reason the kind of problem
     * @param detail what was wrong, in words (without the offset)
     */
    public Dhcp6DecodeException(int offset, Reason reason, String detail) {
        super("DHCPv6", offset, detail);
        this.reason = reason;
    }

    @Override
    public Reason reason() {
        return reason;
    }
}
