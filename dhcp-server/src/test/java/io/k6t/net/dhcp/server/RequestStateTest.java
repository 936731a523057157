package io.k6t.net.dhcp.server;

import static io.k6t.net.dhcp.server.Requests.ip;
import static io.k6t.net.dhcp.server.Requests.lease;
import static io.k6t.net.dhcp.server.Requests.request;
import static org.assertj.core.api.Assertions.assertThat;

import io.k6t.net.dhcp.DhcpMessage;
import io.k6t.net.dhcp.DhcpOptionCode;
import io.k6t.net.dhcp.DhcpOptionCodecs;
import io.k6t.net.dhcp.MessageType;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * RFC 2131 section 4.3.2: every client state a REQUEST can come from, one case each, and every row
 * of the classification table in docs/dhcp-server.md run against the code.
 */
class RequestStateTest {
    private static final Path DOC = Path.of(System.getProperty("basedir", ".")).resolve("../docs/dhcp-server.md")
            .normalize();
    private static final String TABLE_HEADER = "| option 50 | option 54 | ciaddr | sent to | state | claims | answer |";
    private static final Inet4Address LEASE_ADDRESS = ip("10.244.1.5");
    private static final Inet4Address SERVER = ip("169.254.75.10");
    private static final Inet4Address BROADCAST = ip("255.255.255.255");

    private final LeaseConfig lease = lease();

    @Test
    void selectingNamesTheServerAndTheOfferedAddress() {
        DhcpMessage request = request(MessageType.REQUEST).option(DhcpOptionCodecs.SERVER_IDENTIFIER, SERVER)
                .option(DhcpOptionCodecs.REQUESTED_IP_ADDRESS, LEASE_ADDRESS)
                .build();

        assertThat(RequestState.of(request, BROADCAST)).isEqualTo(RequestState.SELECTING);
        assertThat(RequestState.SELECTING.claimedAddress(request)).contains(LEASE_ADDRESS);
    }

    @Test
    void initRebootNamesAnAddressButNoServer() {
        DhcpMessage request = request(MessageType.REQUEST).option(DhcpOptionCodecs.REQUESTED_IP_ADDRESS, LEASE_ADDRESS)
                .build();

        assertThat(RequestState.of(request, BROADCAST)).isEqualTo(RequestState.INIT_REBOOT);
    }

    @Test
    void ciaddrWithoutOption50UnicastToTheServerIsRenewing() {
        DhcpMessage request = request(MessageType.REQUEST).ciaddr(LEASE_ADDRESS).build();

        assertThat(RequestState.of(request, SERVER)).isEqualTo(RequestState.RENEWING);
        assertThat(RequestState.RENEWING.claimedAddress(request)).contains(LEASE_ADDRESS);
    }

    @Test
    void ciaddrWithoutOption50BroadcastIsRebinding() {
        DhcpMessage request = request(MessageType.REQUEST).ciaddr(LEASE_ADDRESS).build();

        assertThat(RequestState.of(request, BROADCAST)).isEqualTo(RequestState.REBINDING);
    }

    @Test
    void renewingClientAddingOption54WithoutOption50IsAckedByUnicastToCiaddr() {
        DhcpMessage request = request(MessageType.REQUEST).ciaddr(LEASE_ADDRESS)
                .option(DhcpOptionCodecs.SERVER_IDENTIFIER, SERVER).build();

        Decision decision = Responder.respond(request, SERVER, lease, false);

        assertThat(RequestState.of(request, SERVER)).isEqualTo(RequestState.RENEWING);
        assertThat(decision).isInstanceOfSatisfying(Decision.Reply.class, ack -> {
            assertThat(ack.label()).isEqualTo("ACK");
            assertThat(ack.message().yiaddr()).isEqualTo(LEASE_ADDRESS);
            assertThat(ack.destination()).isEqualTo(new InetSocketAddress(LEASE_ADDRESS, 68));
        });
    }

    @Test
    void option50DecidesOverCiaddr() {
        DhcpMessage request = request(MessageType.REQUEST).ciaddr(ip("10.244.9.9"))
                .option(DhcpOptionCodecs.REQUESTED_IP_ADDRESS, LEASE_ADDRESS)
                .build();

        assertThat(RequestState.of(request, SERVER)).isEqualTo(RequestState.INIT_REBOOT);
        assertThat(RequestState.INIT_REBOOT.claimedAddress(request)).contains(LEASE_ADDRESS);
    }

    @Test
    void nakSaysTheStateAndTheClaimInOption56() {
        DhcpMessage request = request(MessageType.REQUEST).ciaddr(ip("10.244.9.9")).build();

        Decision.Reply nak = (Decision.Reply) Responder.respond(request, SERVER, lease, false);

        assertThat(nak.isNak()).isTrue();
        assertThat(nak.message().options().option(DhcpOptionCode.MESSAGE).map(o -> new String(o.value(),
                StandardCharsets.US_ASCII))).contains("renewing: ciaddr 10.244.9.9, lease is 10.244.1.5");
    }

    @Test
    void rfcNamesUseAHyphen() {
        assertThat(Arrays.stream(RequestState.values()).map(RequestState::rfcName))
                .containsExactly("SELECTING", "INIT-REBOOT", "RENEWING", "REBINDING");
    }

    @Test
    void theDocumentedTableHasARowForEveryState() throws IOException {
        assertThat(documentedRows().stream().map(Row::state).distinct())
                .containsExactlyInAnyOrder("SELECTING", "INIT-REBOOT", "RENEWING", "REBINDING");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("documentedRows")
    void documentedRowMatchesTheCode(Row row) {
        DhcpMessage.Builder builder = request(MessageType.REQUEST);
        address(row.option50()).ifPresent(v -> builder.option(DhcpOptionCodecs.REQUESTED_IP_ADDRESS, v));
        address(row.option54()).ifPresent(v -> builder.option(DhcpOptionCodecs.SERVER_IDENTIFIER, v));
        address(row.ciaddr()).ifPresent(builder::ciaddr);
        DhcpMessage request = builder.build();
        Inet4Address destination = address(row.sentTo()).orElseThrow();

        RequestState state = RequestState.of(request, destination);
        Decision decision = Responder.respond(request, destination, lease, false);

        assertThat(state.rfcName()).as("state").isEqualTo(row.state());
        assertThat(state.claimedAddress(request)).as("claims").isEqualTo(row.claims().equals("ciaddr")
                ? Optional.of(request.ciaddr()) : request.options().requestedIpAddress());
        String answer = decision instanceof Decision.Drop drop ? "DROP " + drop.reason() : decision.label();
        assertThat(answer).as("answer").isEqualTo(row.answer());
    }

    /** One row of the table; the cells as written. */
    record Row(String option50, String option54, String ciaddr, String sentTo, String state, String claims,
            String answer) {
        @Override
        public String toString() {
            return "option 50 " + option50 + ", option 54 " + option54 + ", ciaddr " + ciaddr + ", sent to " + sentTo
                    + " -> " + state + " " + answer;
        }
    }

    static List<Row> documentedRows() throws IOException {
        List<String> lines = Files.readAllLines(DOC, StandardCharsets.UTF_8);
        int header = lines.indexOf(TABLE_HEADER);
        assertThat(header).as(DOC + " has the table " + TABLE_HEADER).isNotNegative();
        List<Row> rows = new ArrayList<>();
        for (int i = header + 2; i < lines.size() && lines.get(i).startsWith("|"); i++) {
            String[] cells = Stream.of(lines.get(i).split("\\|")).map(String::trim).filter(c -> !c.isEmpty())
                    .toArray(String[]::new);
            assertThat(cells).as(lines.get(i)).hasSize(7);
            rows.add(new Row(cells[0], cells[1], cells[2], cells[3], cells[4], cells[5], cells[6]));
        }
        assertThat(rows).as("rows of " + TABLE_HEADER).isNotEmpty();
        return rows;
    }

    /** The table's words for addresses. */
    private static Optional<Inet4Address> address(String cell) {
        return switch (cell) {
            case "absent", "0" -> Optional.empty();
            case "lease address" -> Optional.of(LEASE_ADDRESS);
            case "other address" -> Optional.of(ip("10.244.9.9"));
            case "server address" -> Optional.of(SERVER);
            case "other server" -> Optional.of(ip("10.244.1.1"));
            case "broadcast" -> Optional.of(BROADCAST);
            default -> throw new IllegalArgumentException("unknown cell " + cell);
        };
    }
}
