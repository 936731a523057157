package io.k6t.net.dhcp.server;

import static io.k6t.net.dhcp.server.Requests.ip;
import static io.k6t.net.dhcp.server.Requests.lease;
import static io.k6t.net.dhcp.server.Requests.request;
import static org.assertj.core.api.Assertions.assertThat;

import io.k6t.net.dhcp.DhcpMessage;
import io.k6t.net.dhcp.MessageType;
import io.k6t.net.dhcp.server.internal.TransactionLog;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Where a request was sent, as a transaction keeps it and the server's log line shows it. */
class TransactionTest {
    private static final Inet4Address LEASE_ADDRESS = ip("10.244.1.5");
    private static final InetSocketAddress SERVER = new InetSocketAddress(ip("169.254.75.10"), 67);
    private static final InetSocketAddress BROADCAST = new InetSocketAddress(ip("255.255.255.255"), 67);
    private static final InetSocketAddress UNKNOWN = new InetSocketAddress(ip("0.0.0.0"), 67);
    private static final InetSocketAddress GUEST = new InetSocketAddress(LEASE_ADDRESS, 68);

    private final LeaseConfig lease = lease();

    private Transaction transaction(DhcpMessage request, InetSocketAddress recipient) {
        Decision decision = Responder.respond(request, Transaction.destinationOf(recipient), lease, false);
        return new Transaction(lease.interfaceName(), GUEST, recipient, Optional.of(request), decision);
    }

    @Test
    void renewalUnicastToTheServerIsRenewingAndItsLineNamesTheServerAddress() {
        Transaction renewal = transaction(request(MessageType.REQUEST).ciaddr(LEASE_ADDRESS).build(), SERVER);

        assertThat(renewal.requestState()).hasValue(RequestState.RENEWING);
        assertThat(TransactionLog.line(renewal)).isEqualTo(lease.interfaceName() + " xid=0x1234abcd"
                + " mac=02:00:00:74:17:75 REQUEST RENEWING to 169.254.75.10:67 -> ACK 10.244.1.5 to 10.244.1.5:68");
    }

    @Test
    void renewalBroadcastIsRebindingAndItsLineSaysBroadcast() {
        Transaction rebinding = transaction(request(MessageType.REQUEST).ciaddr(LEASE_ADDRESS).build(), BROADCAST);

        assertThat(rebinding.requestState()).hasValue(RequestState.REBINDING);
        assertThat(TransactionLog.line(rebinding)).contains(" REQUEST REBINDING to 255.255.255.255:67 -> ACK ");
    }

    @Test
    void aSocketThatCannotTellTheDestinationCountsItAsBroadcast() {
        assertThat(Transaction.destinationOf(UNKNOWN)).isEqualTo(ip("255.255.255.255"));
        Transaction unknown = transaction(request(MessageType.REQUEST).ciaddr(LEASE_ADDRESS).build(), UNKNOWN);

        assertThat(unknown.requestState()).hasValue(RequestState.REBINDING);
        assertThat(TransactionLog.line(unknown)).contains(" REQUEST REBINDING to 0.0.0.0:67 -> ");
    }

    @Test
    void discoverHasNoRequestStateAndItsLineShowsItsBroadcast() {
        Transaction discover = transaction(request(MessageType.DISCOVER).build(), BROADCAST);

        assertThat(discover.requestState()).isEmpty();
        assertThat(TransactionLog.line(discover)).contains(" mac=02:00:00:74:17:75 DISCOVER to 255.255.255.255:67"
                + " -> OFFER 10.244.1.5 to 255.255.255.255:68");
    }
}
