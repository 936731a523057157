package io.k6t.net.dhcp.server;

import io.k6t.net.dhcp.DhcpMessage;
import java.net.InetSocketAddress;
import java.util.Optional;

/**
 * One request and what the server did with it, reported to a {@link TransactionListener} after
 * the reply (if any) was handed to the channel.
 *
 * @param interfaceName the interface the request arrived on
 * @param sender the datagram's source address
 * @param recipient the datagram's destination address and port: {@code 255.255.255.255:67} for a
 *     broadcast, the server's address for a unicast renewal ({@code 0.0.0.0:67} when the socket could
 *     not tell)
 * @param request the decoded request; empty when it was {@link DropReason#MALFORMED}
 * @param decision the reply sent or the drop with its reason
 */
public record Transaction(String interfaceName, InetSocketAddress sender, InetSocketAddress recipient,
        Optional<DhcpMessage> request, Decision decision) {
}
