package io.k6t.net.dhcp;

import java.net.InetSocketAddress;

/**
 * What {@link DhcpDatagramDecoder} passes up the pipeline for each received datagram: a decoded
 * {@link DhcpDatagram}, or a {@link MalformedDatagram} the server counts as dropped with its reason.
 * Malformed input therefore never surfaces as an exception in the pipeline.
 */
public sealed interface InboundDatagram permits DhcpDatagram, MalformedDatagram {
    /** Where the datagram came from. */
    InetSocketAddress sender();

    /** The local address it was received on (may be null if the transport does not report it). */
    InetSocketAddress recipient();
}
