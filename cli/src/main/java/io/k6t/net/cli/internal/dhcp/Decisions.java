package io.k6t.net.cli.internal.dhcp;

import com.google.common.net.InetAddresses;
import io.k6t.net.cli.internal.pcap.UdpDatagram;
import io.k6t.net.dhcp.DhcpMessage;
import io.k6t.net.dhcp.DhcpOptionCode;
import io.k6t.net.dhcp.MacAddress;
import io.k6t.net.dhcp.MessageType;
import io.k6t.net.dhcp.server.Decision;
import io.k6t.net.dhcp.server.Transaction;
import io.k6t.net.dhcp.v6.server.Decision6;
import io.k6t.net.dhcp.v6.server.Transaction6;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The servers' decisions (DHCPv4 and DHCPv6) in words, as {@code dhcp serve} logs them and {@code dhcp replay}
 * prints them.
 */
public final class Decisions {
    private Decisions() {
    }

    /** {@code OFFER 10.244.1.5 to 255.255.255.255:68}, {@code NAK to ...} or {@code DROP WRONG_CLIENT: ...}. */
    public static String describe(Decision decision) {
        return appendDescription(decision, new StringBuilder(64)).toString();
    }

    private static StringBuilder appendDescription(Decision decision, StringBuilder sb) {
        if (decision instanceof Decision.Reply reply) {
            sb.append(reply.label());
            InetAddress yiaddr = reply.message().yiaddr();
            if (!yiaddr.isAnyLocalAddress()) {
                appendAddress(yiaddr, sb.append(' '));
            }
            return appendEndpoint(reply.destination(), sb.append(" to "));
        }
        Decision.Drop drop = (Decision.Drop) decision;
        return sb.append("DROP ").append(drop.reason()).append(": ").append(drop.detail());
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
        return appendLine(transaction, new StringBuilder(160)).toString();
    }

    /**
     * Appends {@link #line} to {@code sb} piece by piece and returns it: {@code dhcp serve} writes a line for
     * every request, so it is built in one reused builder with no intermediate strings (no lambdas either:
     * its JVM compiles with C1 only).
     */
    public static StringBuilder appendLine(Transaction transaction, StringBuilder sb) {
        sb.append(transaction.interfaceName()).append("  ");
        if (transaction.request().isPresent()) {
            DhcpMessage m = transaction.request().get();
            Optional<MessageType> type = m.options().messageType();
            sb.append(type.isPresent() ? type.get().name() : "BOOTP").append(" xid 0x");
            int xid = m.xid();
            for (int shift = 28; shift >= 0; shift -= 4) {
                sb.append(Character.forDigit((xid >>> shift) & 0xf, 16));
            }
            Optional<MacAddress> mac = m.clientMac();
            sb.append(" chaddr ").append(mac.isPresent() ? mac.get().toString() : "?");
        } else {
            sb.append("malformed datagram");
        }
        sb.append(" from ");
        appendEndpoint(transaction.sender(), sb).append(" to ");
        appendEndpoint(transaction.recipient(), sb).append("  -> ");
        return appendDescription(transaction.decision(), sb);
    }

    /** {@code address:port} without a host name lookup, an IPv6 address in brackets. */
    public static String endpoint(InetSocketAddress address) {
        return appendEndpoint(address, new StringBuilder(21)).toString();
    }

    private static StringBuilder appendEndpoint(InetSocketAddress endpoint, StringBuilder sb) {
        return appendAddress(endpoint.getAddress(), sb).append(':').append(endpoint.getPort());
    }

    private static StringBuilder appendAddress(InetAddress address, StringBuilder sb) {
        if (address instanceof Inet4Address) {
            byte[] octets = address.getAddress();
            return sb.append(octets[0] & 0xff).append('.').append(octets[1] & 0xff).append('.')
                    .append(octets[2] & 0xff).append('.').append(octets[3] & 0xff);
        }
        return sb.append(UdpDatagram.address(address));
    }

    /**
     * {@code ADVERTISE fd00:10:244::5 to [fe80::ff:fe74:1775]:546}, {@code REPLY to ...} (no address) or
     * {@code DROP WRONG_CLIENT: ...}.
     */
    public static String describe(Decision6 decision) {
        if (decision instanceof Decision6.Reply reply) {
            Optional<Inet6Address> address = MessageView6.firstAddress(reply.message().options());
            return reply.label() + (address.isPresent() ? " " + InetAddresses.toAddrString(address.get()) : "")
                    + " to " + endpoint(reply.destination());
        }
        Decision6.Drop drop = (Decision6.Drop) decision;
        return "DROP " + drop.reason() + ": " + drop.detail();
    }

    /** Why: the drop's reason and detail, a reply's status code (its name and message), else empty. */
    public static Optional<String> reason(Decision6 decision) {
        if (decision instanceof Decision6.Drop drop) {
            return Optional.of(drop.reason() + ": " + drop.detail());
        }
        return ((Decision6.Reply) decision).message().options().statusCode()
                .map(s -> MessageView6.statusName(s.status()) + ": " + s.message());
    }

    /** One line per DHCPv6 transaction: bridge, request, sender and decision. */
    public static String line(Transaction6 transaction) {
        String request = transaction.request().isPresent() ? MessageView6.summary(transaction.request().get())
                : "malformed datagram";
        return transaction.interfaceName() + "  " + request + " from " + endpoint(transaction.sender()) + "  -> "
                + describe(transaction.decision());
    }
}
