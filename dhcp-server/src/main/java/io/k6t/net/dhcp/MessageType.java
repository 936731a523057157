package io.k6t.net.dhcp;

/**
 * The value of option 53, DHCP message type (RFC 2132 9.6, RFC 4388, RFC 6926, RFC 3203): a value
 * class that also represents types it does not name ({@code UNKNOWN(106)}), so a message carrying one
 * still decodes and re-encodes unchanged. Equality is by number.
 */
public final class MessageType {
    private static final MessageType[] BY_NUMBER = new MessageType[256];

    public static final MessageType DISCOVER = define(1, "DISCOVER");
    public static final MessageType OFFER = define(2, "OFFER");
    public static final MessageType REQUEST = define(3, "REQUEST");
    public static final MessageType DECLINE = define(4, "DECLINE");
    public static final MessageType ACK = define(5, "ACK");
    public static final MessageType NAK = define(6, "NAK");
    public static final MessageType RELEASE = define(7, "RELEASE");
    public static final MessageType INFORM = define(8, "INFORM");
    public static final MessageType FORCERENEW = define(9, "FORCERENEW");
    public static final MessageType LEASEQUERY = define(10, "LEASEQUERY");
    public static final MessageType LEASEUNASSIGNED = define(11, "LEASEUNASSIGNED");
    public static final MessageType LEASEUNKNOWN = define(12, "LEASEUNKNOWN");
    public static final MessageType LEASEACTIVE = define(13, "LEASEACTIVE");
    public static final MessageType BULKLEASEQUERY = define(14, "BULKLEASEQUERY");
    public static final MessageType LEASEQUERYDONE = define(15, "LEASEQUERYDONE");
    public static final MessageType ACTIVELEASEQUERY = define(16, "ACTIVELEASEQUERY");
    public static final MessageType LEASEQUERYSTATUS = define(17, "LEASEQUERYSTATUS");
    public static final MessageType TLS = define(18, "TLS");

    static {
        for (int i = 0; i < BY_NUMBER.length; i++) {
            if (BY_NUMBER[i] == null) {
                BY_NUMBER[i] = new MessageType(i, "UNKNOWN(" + i + ")", false);
            }
        }
    }

    private final int code;
    private final String name;
    private final boolean known;

    private MessageType(int code, String name, boolean known) {
        this.code = code;
        this.name = name;
        this.known = known;
    }

    private static MessageType define(int code, String name) {
        MessageType t = new MessageType(code, name, true);
        BY_NUMBER[code] = t;
        return t;
    }

    /**
     * The type with this number, named or not.
     *
     * @throws IllegalArgumentException if {@code code} is not in 0..255
     */
    public static MessageType valueOf(int code) {
        if (code < 0 || code > 255) {
            throw new IllegalArgumentException("DHCP message type: " + code + " (expected: 0..255)");
        }
        return BY_NUMBER[code];
    }

    /** The option 53 value, 0..255. */
    public int code() {
        return code;
    }

    /** {@code DISCOVER} ... {@code TLS}, or {@code UNKNOWN(n)}. */
    public String name() {
        return name;
    }

    /** Whether this is one of the named types. */
    public boolean isKnown() {
        return known;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MessageType && ((MessageType) o).code == code;
    }

    @Override
    public int hashCode() {
        return code;
    }

    @Override
    public String toString() {
        return name;
    }
}
