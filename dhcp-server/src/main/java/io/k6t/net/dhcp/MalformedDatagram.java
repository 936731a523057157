package io.k6t.net.dhcp;

import java.net.InetSocketAddress;

/**
 * A datagram that is not a well-formed DHCP message, kept for counting and logging: no payload bytes
 * are retained.
 *
 * @param sender where it came from
 * @param recipient the local address it arrived at; may be null when the transport does not say
 * @param length the UDP payload length
 * @param cause the offset and reason ({@link DhcpDecodeException#reason()} to count by)
 */
public record MalformedDatagram(InetSocketAddress sender, InetSocketAddress recipient, int length,
        DhcpDecodeException cause) implements InboundDatagram {
    /** @throws NullPointerException if {@code sender} or {@code cause} is null */
    public MalformedDatagram {
        if (sender == null || cause == null) {
            throw new NullPointerException("sender and cause are required");
        }
    }
}
