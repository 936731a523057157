package io.k6t.net.cli.internal.dhcp;

import io.k6t.net.dhcp.DhcpMessage;
import io.k6t.net.dhcp.DhcpOptionCode;
import io.k6t.net.dhcp.MacAddress;
import io.k6t.net.dhcp.server.Decision;
import io.k6t.net.dhcp.server.Transaction;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** The server's decisions in words, as {@code dhcp serve} logs them and {@code dhcp replay} prints them. */
public final class Decisions {
    private Decisions() {
    }

    /** {@code OFFER 10.244.1.5 to 255.255.255.255:68}, {@code NAK to ...} or {@code DROP WRONG_CLIENT: ...}. */
    public static String describe(Decision decision) {
        if (decision instanceof Decision.Reply reply) {
            DhcpMessage message = reply.message();
            String address = message.yiaddr().isAnyLocalAddress() ? "" : " " + message.yiaddr().getHostAddress();
            return reply.label() + address + " to " + endpoint(reply.destination());
        }
        Decision.Drop drop = (Decision.Drop) decision;
        return "DROP " + drop.reason() + ": " + drop.detail();
    }

    /** Why: the drop's reason and detail, a NAK's message (option 56), else empty. */
    public static Optional<String> reason(Decision decision) {
        if (decision instanceof Decision.Drop drop) {
            return Optional.of(drop.reason() + ": " + drop.detail());
        }
        return ((Decision.Reply) decision).message().options().option(DhcpOptionCode.MESSAGE)
                .map(option -> new String(option.value(), StandardCharsets.UTF_8));
    }

    /** One line per transaction: interface, request, sender, the request's destination and decision. */
    public static String line(Transaction transaction) {
        // No lambdas: dhcp serve writes this for every request, and its JVM compiles with C1 only.
        String request = "malformed datagram";
        if (transaction.request().isPresent()) {
            DhcpMessage m = transaction.request().get();
            Optional<MacAddress> mac = m.clientMac();
            request = MessageView.messageType(m).orElse("BOOTP") + " xid " + MessageView.xid(m) + " chaddr "
                    + (mac.isPresent() ? mac.get().toString() : "?");
        }
        return transaction.interfaceName() + "  " + request + " from " + endpoint(transaction.sender()) + " to "
                + endpoint(transaction.recipient()) + "  -> "
                + describe(transaction.decision());
    }

    /** {@code address:port} without a host name lookup. */
    public static String endpoint(InetSocketAddress address) {
        return address.getAddress().getHostAddress() + ":" + address.getPort();
    }
}
