package io.k6t.net.cli.internal.dhcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.k6t.net.cli.SharedCaptures;
import io.k6t.net.cli.internal.pcap.CaptureFile;
import io.k6t.net.cli.internal.pcap.CaptureWriter;
import io.k6t.net.cli.internal.pcap.UdpDatagram;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What dhcp decode and dhcp trace print for DHCPv6: the JSON fields, typed option values, text, errors. */
class MessageView6Test {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    Path tmp;

    @Test
    void dhclientExchangeHasTheContractFieldsTypedOptionsAndWiresharkFrameNumbers() throws Exception {
        List<JsonNode> lines = json(SharedCaptures.golden6("dhclient6.pcap", tmp));

        // Frame 4 is the router advertisement: not DHCPv6, not printed.
        assertThat(lines).extracting(l -> l.get("frame").asLong()).containsExactly(1L, 2L, 3L, 5L, 6L, 7L, 8L, 9L);
        assertThat(lines).extracting(l -> l.get("messageType").asText()).containsExactly("SOLICIT", "ADVERTISE",
                "REQUEST", "REPLY", "RELEASE", "REPLY", "INFORMATION_REQUEST", "REPLY");
        JsonNode solicit = lines.get(0);
        List<String> names = new ArrayList<>();
        solicit.fieldNames().forEachRemaining(names::add);
        assertThat(names).containsExactly("frame", "protocol", "messageType", "xid", "options");
        assertThat(solicit.get("protocol").asText()).isEqualTo("DHCPv6");
        assertThat(solicit.get("xid").asText()).isEqualTo("0x91599d");
        assertThat(option(solicit, 1).get("value").get("mac").asText()).isEqualTo("02:00:00:74:17:75");
        assertThat(option(solicit, 6).get("value").toString()).isEqualTo("[23,24]");
        assertThat(option(solicit, 8).get("value").isInt()).isTrue();
        assertThat(option(solicit, 3).get("value").get("iaid").isNumber()).isTrue();

        JsonNode reply = lines.get(3);
        assertThat(reply.get("xid").asText()).isEqualTo("0x337ceb");
        JsonNode address = option(reply, 3).get("value").get("addresses").get(0);
        assertThat(address.get("address").asText()).startsWith("fd00:99::");
        assertThat(address.get("validLifetime").asLong()).isEqualTo(3600);
        assertThat(option(reply, 2).get("value").get("type").asText()).isEqualTo("LLT");
        assertThat(option(reply, 23).get("value").toString()).isEqualTo("[\"fd00:99::1\"]");
        assertThat(option(reply, 24).get("value").toString())
                .isEqualTo("[\"vm.svc.cluster.local\",\"svc.cluster.local\",\"cluster.local\"]");
        assertThat(option(lines.get(5), 13).get("value").get("status").asText()).isEqualTo("Success");
        for (JsonNode line : lines) {
            for (JsonNode option : line.get("options")) {
                assertThat(option.get("hex").asText()).matches("([0-9a-f]{2})*");
            }
        }
    }

    @Test
    void relayedMessageIsTheValueOfOptionNine() throws Exception {
        List<JsonNode> lines = json(SharedCaptures.capture6("dhcpcd-raspbian-relayed-mud-tcpdump.pcap"));

        assertThat(lines).hasSize(5);
        JsonNode relay = lines.get(0);
        List<String> names = new ArrayList<>();
        relay.fieldNames().forEachRemaining(names::add);
        assertThat(names).containsExactly("frame", "protocol", "messageType", "hopCount", "linkAddress",
                "peerAddress", "options");
        assertThat(relay.get("messageType").asText()).isEqualTo("RELAY_FORW");
        assertThat(relay.get("hopCount").asInt()).isZero();
        JsonNode relayed = option(relay, 9).get("value");
        assertThat(relayed.get("messageType").asText()).isEqualTo("SOLICIT");
        assertThat(relayed.get("xid").asText()).isEqualTo("0x78244b");
        assertThat(option(relayed, 1).get("value").get("mac").asText()).isEqualTo("b8:27:eb:b8:53:c8");
        assertThat(option(relayed, 112).has("value")).as("MUD URL has hex alone").isFalse();
    }

    @Test
    void mixedCaptureDecodesEachFrameAsItsFamily() throws Exception {
        List<JsonNode> lines = json(SharedCaptures.capture6("arista-ztp-mixed-v4v6-tcpdump.pcap"));

        assertThat(lines).extracting(l -> l.get("frame").asLong()).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L,
                9L, 10L, 11L, 12L, 13L, 14L);
        assertThat(lines).extracting(l -> l.has("op") ? "DHCPv4" : l.get("protocol").asText()).containsExactly(
                "DHCPv6", "DHCPv6", "DHCPv6", "DHCPv6", "DHCPv6", "DHCPv4", "DHCPv4", "DHCPv4", "DHCPv4", "DHCPv6",
                "DHCPv6", "DHCPv6", "DHCPv6", "DHCPv6");
        assertThat(lines).extracting(l -> l.get("messageType").asText()).containsExactly("SOLICIT", "SOLICIT",
                "ADVERTISE", "REQUEST", "REPLY", "DISCOVER", "OFFER", "REQUEST", "ACK", "SOLICIT", "ADVERTISE",
                "REQUEST", "REPLY", "INFORMATION_REQUEST");
        assertThat(lines.get(5).get("xid").asText()).isEqualTo("0x796a827d");
        assertThat(lines.get(0).get("xid").asText()).isEqualTo("0x6aebe6");
    }

    @Test
    void malformedFrameIsPrintedWithItsOffsetAndTheRestGoesOn() throws Exception {
        List<UdpDatagram> real = read(SharedCaptures.capture6("ia-na-tcpdump.pcap"));
        UdpDatagram solicit = real.get(0);
        // The Solicit cut inside its last option (IA_NA, 16 bytes of value): the option runs past the end.
        byte[] cut = Arrays.copyOf(solicit.payload(), solicit.payload().length - 5);
        Path capture = tmp.resolve("cut.pcap");
        try (CaptureWriter writer = CaptureWriter.create(capture)) {
            writer.write(new UdpDatagram(1, solicit.time(), solicit.sourceMac(), solicit.destinationMac(),
                    solicit.source(), solicit.sourcePort(), solicit.destination(), solicit.destinationPort(), cut));
            real.subList(1, real.size()).forEach(writer::write);
        }

        List<JsonNode> lines = json(capture);

        assertThat(lines).hasSize(4);
        JsonNode error = lines.get(0);
        List<String> names = new ArrayList<>();
        error.fieldNames().forEachRemaining(names::add);
        assertThat(names).containsExactly("frame", "error", "offset");
        assertThat(error.get("error").asText()).startsWith("malformed DHCPv6 message at offset ")
                .contains("past the end");
        int iaNaAt = solicit.payload().length - 4 - 12;
        assertThat(error.get("offset").asInt()).isEqualTo(iaNaAt);
        assertThat(lines.subList(1, 4)).extracting(l -> l.get("messageType").asText()).containsExactly("ADVERTISE",
                "REQUEST", "REPLY");
        assertThat(print(capture, false)).startsWith("frame 1  [fe80::201:2ff:fe03:405]:546 > [ff02::1:2]:547  not a "
                + "valid DHCPv6 message: malformed DHCPv6 message at offset " + iaNaAt + ": ");
    }

    @Test
    void textShowsEndpointsInBracketsTypeXidClientAndOneLinePerOption() throws Exception {
        String text = print(SharedCaptures.golden6("dhclient6.pcap", tmp), false);

        assertThat(text).contains("frame 1  [fe80::ff:fe74:1775]:546 > [ff02::1:2]:547  SOLICIT xid 0x91599d client "
                + "LLT 02:00:00:74:17:75\n");
        assertThat(text).contains("      6 ORO: 23, 24\n", "     23 DNS_SERVERS: fd00:99::1\n",
                "     24 DOMAIN_LIST: vm.svc.cluster.local, svc.cluster.local, cluster.local\n");
        assertThat(text).containsPattern("\n      3 IA_NA: iaid \\d+ t1 \\d+ t2 \\d+ addresses \\(address fd00:99::\\d "
                + "preferredLifetime 3600 validLifetime 3600\\)");
    }

    @Test
    void textShowsTheRelayedMessageIndentedUnderOptionNine() throws Exception {
        String text = print(SharedCaptures.capture6("cablelabs-relayed-vendor-opts-tcpdump.pcap"), false);

        assertThat(text).contains("  RELAY_FORW hops 1 link ", "      9 RELAY_MSG: REQUEST xid 0x");
        assertThat(text).containsPattern("\n          1 CLIENTID: ");
    }

    private static List<JsonNode> json(Path capture) throws Exception {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : print(capture, true).split("\n")) {
            lines.add(MAPPER.readTree(line));
        }
        return lines;
    }

    private static List<UdpDatagram> read(Path capture) {
        List<UdpDatagram> all = new ArrayList<>();
        try (CaptureFile file = CaptureFile.open(capture)) {
            for (Optional<UdpDatagram> d = file.next(); d.isPresent(); d = file.next()) {
                all.add(d.get());
            }
        }
        return all;
    }

    private static String print(Path capture, boolean json) {
        StringWriter text = new StringWriter();
        MessagePrinter printer = new MessagePrinter(new PrintWriter(text), json);
        try (CaptureFile file = CaptureFile.open(capture)) {
            for (Optional<UdpDatagram> d = file.next(); d.isPresent(); d = file.next()) {
                printer.print(d.get());
            }
        }
        return text.toString();
    }

    private static JsonNode option(JsonNode message, int code) {
        for (JsonNode option : message.get("options")) {
            if (option.get("code").asInt() == code) {
                return option;
            }
        }
        throw new AssertionError("no option " + code + " in " + message);
    }
}
