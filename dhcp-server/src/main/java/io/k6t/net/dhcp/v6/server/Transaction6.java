package io.k6t.net.dhcp.v6.server;

import io.k6t.net.dhcp.v6.Dhcp6Packet;
import java.net.InetSocketAddress;
import java.util.Optional;

/**
 * One DHCPv6 request and what the server did with it.
 *
 * @param interfaceName the bridge it arrived on
 * @param sender its source address and port
 * @param request the decoded request; empty when it was {@link Drop6Reason#MALFORMED}
 * @param decision the reply sent or the drop with its reason
 */
public record Transaction6(String interfaceName, InetSocketAddress sender, Optional<Dhcp6Packet> request,
        Decision6 decision) {
    /** Observes every transaction, on the event-loop thread: return quickly. */
    @FunctionalInterface
    public interface Listener {
        /** Ignores everything. */
        Listener NONE = t -> { };

        void onTransaction(Transaction6 transaction);
    }
}
