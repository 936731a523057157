package io.k6t.net.dhcp;

/**
 * A byte sequence is not a well-formed message of one of the DHCP families: where (a byte offset from
 * the first byte of the UDP payload), why (a reason to count drops by, one enum per family) and what
 * was wrong, in words. {@link DhcpDecodeException} (DHCPv4) and
 * {@link io.k6t.net.dhcp.v6.Dhcp6DecodeException} (DHCPv6) are its two kinds; code that only reports
 * or counts malformed input can catch this one.
 *
 * <p>It has no stack trace: it describes the input, not the code, and a flood of bad packets stays
 * cheap.
 */
public abstract class DecodeException extends Exception {
    private static final long serialVersionUID = 1L;

    private final int offset;
    private final String detail;

    /**
     * @param family the protocol in the message, e.g. {@code DHCPv6}
     * @param offset byte offset in the message where the problem is
     * @param detail what was wrong, in words (without the offset)
     */
    protected DecodeException(String family, int offset, String detail) {
        super("malformed " + family + " message at offset " + offset + ": " + detail, null, false, false);
        this.offset = offset;
        this.detail = detail;
    }

    /** The byte offset, from the first byte of the UDP payload, where the problem was found. */
    public int offset() {
        return offset;
    }

    /** The kind of problem, for counters and tests. */
    public abstract Enum<?> reason();

    /** What was wrong, in words, without the offset. */
    public String detail() {
        return detail;
    }
}
