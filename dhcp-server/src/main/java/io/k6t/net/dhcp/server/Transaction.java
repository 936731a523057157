package io.k6t.net.dhcp.server;

import io.k6t.net.dhcp.DhcpMessage;
import io.k6t.net.dhcp.MessageType;
import io.k6t.net.dhcp.internal.Ipv4;
import java.net.Inet4Address;
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

    /**
     * The IP destination the server decided on: the recipient's address, or {@code 255.255.255.255}
     * when the socket could not tell (it reports its wildcard address), the way every request but a
     * renewal arrives.
     */
    public static Inet4Address destinationOf(InetSocketAddress recipient) {
        if (recipient.getAddress() instanceof Inet4Address address && !address.isAnyLocalAddress()) {
            return address;
        }
        return Ipv4.BROADCAST;
    }

    /** The client state of a DHCPREQUEST (RFC 2131 section 4.3.2); empty for any other request. */
    public Optional<RequestState> requestState() {
        return request.filter(r -> r.options().messageType().filter(MessageType.REQUEST::equals).isPresent())
                .map(r -> RequestState.of(r, destinationOf(recipient)));
    }
}
