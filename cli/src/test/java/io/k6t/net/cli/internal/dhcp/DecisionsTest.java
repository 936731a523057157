package io.k6t.net.cli.internal.dhcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.k6t.net.dhcp.DhcpMessage;
import io.k6t.net.dhcp.DhcpOptionCodecs;
import io.k6t.net.dhcp.MacAddress;
import io.k6t.net.dhcp.MessageType;
import io.k6t.net.dhcp.server.Decision;
import io.k6t.net.dhcp.server.LeaseConfig;
import io.k6t.net.dhcp.server.Responder;
import io.k6t.net.dhcp.server.Transaction;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The line dhcp serve writes per transaction, built piece by piece into a reused builder. */
class DecisionsTest {
    private static final LeaseConfig LEASE = LeaseConfig.parse("{\"interface\": \"k6t-eth0\","
            + " \"serverAddress\": \"169.254.75.10\", \"clientMac\": \"02:00:00:74:17:75\","
            + " \"address\": \"10.244.1.5/24\", \"gateway\": \"10.244.1.1\"}");

    @Test
    void offerLineNamesTypeXidMacEndpointsAndTheReply() throws Exception {
        Transaction t = transaction(discover(0x00c0ffee));

        assertThat(Decisions.line(t)).isEqualTo("k6t-eth0  DISCOVER xid 0x00c0ffee chaddr 02:00:00:74:17:75"
                + " from 0.0.0.0:68 to 255.255.255.255:67  -> OFFER 10.244.1.5 to 255.255.255.255:68");
    }

    @Test
    void dropLineNamesTheReasonAndAllHexDigitsOfTheXid() throws Exception {
        DhcpMessage other = discover(0xfedcba98).toBuilder().clientMac(MacAddress.parse("02:00:00:00:0b:ad")).build();

        assertThat(Decisions.line(transaction(other))).startsWith("k6t-eth0  DISCOVER xid 0xfedcba98 chaddr"
                + " 02:00:00:00:0b:ad from 0.0.0.0:68 to 255.255.255.255:67  -> DROP WRONG_CLIENT: ");
    }

    @Test
    void appendingToAReusedBuilderGivesTheSameLineEachTime() throws Exception {
        Transaction t = transaction(discover(1));
        StringBuilder reused = new StringBuilder();
        Decisions.appendLine(t, reused);
        String first = reused.toString();
        reused.setLength(0);

        assertThat(Decisions.appendLine(t, reused).toString()).isEqualTo(first).isEqualTo(Decisions.line(t));
    }

    @Test
    void describeAndEndpointMatchTheLinesPieces() throws Exception {
        Transaction t = transaction(discover(1));

        assertThat(Decisions.describe(t.decision())).isEqualTo("OFFER 10.244.1.5 to 255.255.255.255:68");
        assertThat(Decisions.endpoint(new InetSocketAddress(ip("10.0.0.254"), 67))).isEqualTo("10.0.0.254:67");
    }

    private static Transaction transaction(DhcpMessage request) throws Exception {
        Inet4Address broadcast = ip("255.255.255.255");
        Decision decision = Responder.respond(request, broadcast, LEASE, false);
        return new Transaction("k6t-eth0", new InetSocketAddress(ip("0.0.0.0"), 68),
                new InetSocketAddress(broadcast, 67), Optional.of(request), decision);
    }

    private static DhcpMessage discover(int xid) {
        return DhcpMessage.builder().op(DhcpMessage.BOOTREQUEST).xid(xid)
                .clientMac(MacAddress.parse("02:00:00:74:17:75"))
                .option(DhcpOptionCodecs.DHCP_MESSAGE_TYPE, MessageType.DISCOVER)
                .build();
    }

    private static Inet4Address ip(String text) throws Exception {
        return (Inet4Address) InetAddress.getByName(text);
    }
}
