package io.k6t.net.dhcp.v6;

/**
 * A DHCPv6 UDP payload: a client/server {@link Dhcp6Message} or a {@link Dhcp6RelayMessage} (RFC 8415
 * sections 8 and 9). Immutable.
 */
public sealed interface Dhcp6Packet permits Dhcp6Message, Dhcp6RelayMessage {
    /** The message type (first byte). */
    Dhcp6MessageType type();

    /** The options, in wire order. */
    Dhcp6Options options();
}
