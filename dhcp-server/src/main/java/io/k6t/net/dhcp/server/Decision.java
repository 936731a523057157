package io.k6t.net.dhcp.server;

import io.k6t.net.dhcp.DhcpMessage;
import io.k6t.net.dhcp.MessageType;
import java.net.InetSocketAddress;

/** What the {@link Responder} decided for one request: a reply to send, or a drop with its reason. */
public sealed interface Decision permits Decision.Reply, Decision.Drop {
    /** {@code OFFER}, {@code ACK}, {@code NAK} or {@code DROP}, as {@code dhcp replay --json} prints it. */
    String label();

    /**
     * A reply and where to send it.
     *
     * @param message the OFFER, ACK or NAK
     * @param destination giaddr:67, a unicast ciaddr:68 or 255.255.255.255:68 (design "Reply destination")
     * @param maxMessageSize the largest datagram the client accepts (option 57, at least 576), to encode within
     */
    record Reply(DhcpMessage message, InetSocketAddress destination, int maxMessageSize) implements Decision {
        @Override
        public String label() {
            return message.options().messageType().map(MessageType::name).orElse("REPLY");
        }

        /** True for a NAK. */
        public boolean isNak() {
            return message.options().messageType().filter(MessageType.NAK::equals).isPresent();
        }
    }

    /**
     * No reply.
     *
     * @param reason why, counted per reason
     * @param detail the specifics in plain words (e.g. {@code chaddr 02:00:00:00:00:99 is not 02:00:00:74:17:75})
     */
    record Drop(DropReason reason, String detail) implements Decision {
        @Override
        public String label() {
            return "DROP";
        }
    }
}
