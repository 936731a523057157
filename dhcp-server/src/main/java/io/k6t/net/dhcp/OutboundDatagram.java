package io.k6t.net.dhcp;

import java.net.InetSocketAddress;

/**
 * A DHCP message to send, for {@link DhcpDatagramEncoder}.
 *
 * @param message the message
 * @param recipient where to send it (e.g. {@code 255.255.255.255:68}, {@code ciaddr:68}, {@code giaddr:67})
 * @param sender the local source address to use; null lets the socket choose
 * @param options the layout limits, usually {@code EncodeOptions.forMaxMessageSize(request's option 57)}
 */
public record OutboundDatagram(DhcpMessage message, InetSocketAddress recipient, InetSocketAddress sender,
        EncodeOptions options) {
    /** @throws NullPointerException if {@code message}, {@code recipient} or {@code options} is null */
    public OutboundDatagram {
        if (message == null || recipient == null || options == null) {
            throw new NullPointerException("message, recipient and options are required");
        }
    }

    /** A datagram without an explicit source address. */
    public static OutboundDatagram to(InetSocketAddress recipient, DhcpMessage message, EncodeOptions options) {
        return new OutboundDatagram(message, recipient, null, options);
    }
}
