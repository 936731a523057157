package io.k6t.net.dhcp.v6;

/**
 * A client/server DHCPv6 message (RFC 8415 section 8): type, 24-bit transaction id, options.
 *
 * @param type the message type (a relay type is refused: that is a {@link Dhcp6RelayMessage})
 * @param transactionId 0..0xffffff
 * @param options the options in wire order
 */
public record Dhcp6Message(Dhcp6MessageType type, int transactionId, Dhcp6Options options) implements Dhcp6Packet {
    /**
     * @throws IllegalArgumentException for a relay type or a transaction id outside 24 bits
     */
    public Dhcp6Message {
        if (type.isRelay()) {
            throw new IllegalArgumentException("type: " + type + " (expected: a client/server type; relay"
                    + " messages are Dhcp6RelayMessage)");
        }
        if (transactionId < 0 || transactionId > 0xffffff) {
            throw new IllegalArgumentException("transactionId: " + transactionId + " (expected: 0..16777215)");
        }
    }

    /** The same message with other options. */
    public Dhcp6Message withOptions(Dhcp6Options newOptions) {
        return new Dhcp6Message(type, transactionId, newOptions);
    }

    @Override
    public String toString() {
        return type + " xid=0x" + Integer.toHexString(transactionId) + " " + options;
    }
}
