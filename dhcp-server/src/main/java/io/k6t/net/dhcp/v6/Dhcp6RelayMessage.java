package io.k6t.net.dhcp.v6;

import java.net.Inet6Address;
import java.util.Optional;

/**
 * A RELAY-FORW or RELAY-REPL message (RFC 8415 section 9): hop count, link address, peer address and
 * options, among which option 9 holds the relayed message.
 *
 * @param type RELAY_FORW or RELAY_REPL
 * @param hopCount 0..255
 * @param linkAddress the address identifying the client's link (may be unspecified)
 * @param peerAddress the address of the client or relay the message came from
 * @param options the options in wire order
 */
public record Dhcp6RelayMessage(Dhcp6MessageType type, int hopCount, Inet6Address linkAddress,
        Inet6Address peerAddress, Dhcp6Options options) implements Dhcp6Packet {
    /**
     * @throws IllegalArgumentException for a type that is not a relay type or a hop count outside 0..255
     */
    public Dhcp6RelayMessage {
        if (!type.isRelay()) {
            throw new IllegalArgumentException("type: " + type + " (expected: RELAY_FORW or RELAY_REPL)");
        }
        if (hopCount < 0 || hopCount > 255) {
            throw new IllegalArgumentException("hopCount: " + hopCount + " (expected: 0..255)");
        }
    }

    /** The message in option 9, decoded (it was checked when this message was made). */
    public Optional<Dhcp6Packet> relayedMessage() {
        return options.relayMessage().map(bytes -> {
            try {
                return Dhcp6Codec.decode(bytes);
            } catch (Dhcp6DecodeException e) {
                throw new IllegalStateException("option 9 was checked when it was made: " + e.getMessage(), e);
            }
        });
    }

    @Override
    public String toString() {
        return type + " hops=" + hopCount + " link=" + linkAddress.getHostAddress() + " peer="
                + peerAddress.getHostAddress() + " " + options;
    }
}
