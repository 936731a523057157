package io.k6t.net.dhcp;

import java.net.InetSocketAddress;

/**
 * A well-formed DHCP message as received.
 *
 * @param sender where it came from
 * @param recipient the local address it arrived at; may be null when the transport does not say
 * @param message the decoded message
 */
public record DhcpDatagram(InetSocketAddress sender, InetSocketAddress recipient, DhcpMessage message)
        implements InboundDatagram {
    /** @throws NullPointerException if {@code sender} or {@code message} is null */
    public DhcpDatagram {
        if (sender == null || message == null) {
            throw new NullPointerException("sender and message are required");
        }
    }
}
