package io.k6t.net.dhcp.v6.server;

import io.k6t.net.dhcp.v6.Dhcp6Message;
import java.net.InetSocketAddress;

/** What {@link Responder6} decided for one request. */
public sealed interface Decision6 permits Decision6.Reply, Decision6.Drop {
    /** {@code ADVERTISE}, {@code REPLY} or {@code DROP}. */
    String label();

    /**
     * A reply and where to send it: the request's source address and port (RFC 8415 section 18.3).
     *
     * @param message the Advertise or Reply
     * @param destination the client's link-local address and port
     */
    record Reply(Dhcp6Message message, InetSocketAddress destination) implements Decision6 {
        @Override
        public String label() {
            return message.type().name();
        }
    }

    /**
     * No reply.
     *
     * @param reason why, counted per reason
     * @param detail the specifics in plain words
     */
    record Drop(Drop6Reason reason, String detail) implements Decision6 {
        @Override
        public String label() {
            return "DROP";
        }
    }
}
