package io.k6t.net.dhcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.k6t.net.dhcp.DhcpDecodeException.Reason;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * Every DHCP packet of the shared real-world captures ({@code shared/pcap}, see its MANIFEST.tsv):
 * decodes (or, for the known-malformed ones, fails with the expected offset and reason), re-decodes
 * equal after encoding, and re-encodes to the very same bytes unless it used option overload.
 */
class SharedPcapTest {
    private static final EncodeOptions LARGEST = EncodeOptions.builder().maxMessageSize(65_535).build();

    /** Known-malformed packets, from the MANIFEST notes: file#frame -> expected reason and offset. */
    private static final Map<String, Object[]> MALFORMED = Map.of(
            "edge-bad-cookie-zeek.pcap#2", new Object[] {Reason.BAD_MAGIC_COOKIE, 236},
            "edge-bad-cookie-zeek.pcap#3", new Object[] {Reason.BAD_MAGIC_COOKIE, 236},
            "edge-bad-cookie-zeek.pcap#4", new Object[] {Reason.BAD_MAGIC_COOKIE, 236},
            // "2 malformed BOOTP packets without magic cookie"
            "linux-dhclient-relay-leasequery-tcpdump.pcap#29", new Object[] {Reason.BAD_MAGIC_COOKIE, 236},
            "linux-dhclient-relay-leasequery-tcpdump.pcap#30", new Object[] {Reason.BAD_MAGIC_COOKIE, 236},
            // "opt 53 = 106 (unknown), options truncated, no END": option 60 at 261 claims 49 bytes, 37 left
            "edge-msgtype106-fuzz-ndpi.pcap#1", new Object[] {Reason.OPTION_PAST_END, 261},
            // "opt 61 len 8 then bogus opt 4 len 192 runs past end of packet"
            "macos-malformed-clientid-pyroute2.pcap#1", new Object[] {Reason.OPTION_PAST_END, 271});

    static Stream<Path> files() {
        return SharedPcaps.files().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("files")
    void everyPacketDecodesOrFailsAsKnownAndRoundTrips(Path file) throws Exception {
        List<Pcap.Udp> packets = Pcap.readDhcp(file);
        assertThat(packets).as("DHCP packets in %s (MANIFEST count)", file.getFileName())
                .hasSize(manifestPacketCount(file));
        for (Pcap.Udp udp : packets) {
            String where = udp.where(file);
            Object[] expectedFailure = MALFORMED.get(where);
            DhcpMessage message;
            try {
                message = DhcpCodec.decode(udp.payload());
            } catch (DhcpDecodeException e) {
                if (expectedFailure == null) {
                    fail(where + " should decode", e);
                }
                assertThat(e.reason()).as(where).isEqualTo(expectedFailure[0]);
                assertThat(e.offset()).as(where).isEqualTo(expectedFailure[1]);
                continue;
            }
            assertThat(expectedFailure).as(where + " decoded but is known malformed: " + message).isNull();
            byte[] encoded = DhcpCodec.encode(message, LARGEST);
            assertThat(DhcpCodec.decode(encoded)).as(where).isEqualTo(message);
            if (message.options().overload().isEmpty()) {
                assertThat(encoded).as(where + " re-encodes byte for byte").isEqualTo(udp.payload());
            }
        }
    }

    private static int manifestPacketCount(Path file) throws IOException {
        Pattern count = Pattern.compile("\t(\\d+) pkts;");
        for (String line : Files.readAllLines(file.resolveSibling("MANIFEST.tsv"), StandardCharsets.UTF_8)) {
            if (line.startsWith(file.getFileName() + "\t")) {
                Matcher m = count.matcher(line);
                if (m.find()) {
                    return Integer.parseInt(m.group(1));
                }
            }
        }
        throw new IllegalStateException("no packet count for " + file.getFileName() + " in MANIFEST.tsv");
    }

    private static Map<Integer, DhcpMessage> decodeAll(String name) throws DhcpDecodeException {
        Map<Integer, DhcpMessage> out = new HashMap<>();
        for (Pcap.Udp udp : Pcap.readDhcp(SharedPcaps.directory().resolve(name))) {
            out.put(udp.frame(), DhcpCodec.decode(udp.payload()));
        }
        return out;
    }

    @Test
    void serverOverloadIntoSnameIsHonoured() throws Exception {
        DhcpMessage offer = decodeAll("udhcpc-1.36-overload-suricata.pcap").get(4);
        assertThat(offer.options().messageType()).contains(MessageType.OFFER);
        assertThat(offer.options().overload()).contains(Overload.SNAME);
        assertThat(offer.sname()).isEmpty();
        assertThat(offer.options().dnsServers()).containsExactly(DhcpCodecTest.ip("10.100.0.2"));
        assertThat(offer.options().routers()).containsExactly(DhcpCodecTest.ip("10.100.0.2"));
        assertThat(offer.options().domainName()).contains("evil.corp");
        assertThat(offer.options().leaseSeconds()).hasValue(300);
        assertThat(offer.clientMac()).contains(MacAddress.parse("92:dd:a4:8d:5f:de"));
    }

    @Test
    void optionSplitOverOptionsFileAndSnameIsConcatenatedInThatOrder() throws Exception {
        DhcpMessage discover = decodeAll("edge-client-overload-both-suricata.pcap").get(1);
        assertThat(discover.options().overload()).contains(Overload.BOTH);
        assertThat(discover.options().maxMessageSize()).hasValue(590);
        assertThat(new String(discover.options().option(DhcpOptionCode.MESSAGE).orElseThrow()
                .value(), StandardCharsets.US_ASCII))
                .isEqualTo("Padding" + "file name field overload" + "sname field overload");
        assertThat(discover.options().hasOption(DhcpOptionCode.CLIENT_IDENTIFIER)).isTrue();
    }

    @Test
    void relayAgentSubOptionsAreExposed() throws Exception {
        DhcpMessage ack = decodeAll("edge-opt82-ack-zeek.pcap").get(1);
        assertThat(ack.options().relayAgentInformation()).extracting(RelayAgentSubOption::code)
                .containsExactly(RelayAgentSubOption.CIRCUIT_ID, RelayAgentSubOption.REMOTE_ID,
                        RelayAgentSubOption.SUBSCRIBER_ID);
        assertThat(ack.options().relayAgentInformation().get(2).value())
                .isEqualTo("-subID-".getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void clientQuirksSurviveDecoding() throws Exception {
        assertThat(decodeAll("linux-nm-internal-maxsz65535-pyroute2.pcap").get(1).options().maxMessageSize())
                .hasValue(65_535);
        DhcpMessage dupPrl = decodeAll("linux-dhclient-ubuntu-dupprl-ndpi.pcap").get(1);
        assertThat(dupPrl.options().parameterRequestList()).hasSize(17)
                .filteredOn(c -> c.equals(DhcpOptionCode.CLASSLESS_STATIC_ROUTE)).hasSize(2);
        DhcpMessage unknownType = decodeAll("edge-all-msgtypes-zeek.pcap").values().stream()
                .filter(m -> m.options().messageType().orElseThrow().equals(MessageType.INFORM)).findFirst()
                .orElseThrow();
        assertThat(unknownType.isRequest()).isTrue();
        DhcpMessage macos = decodeAll("macos-13plus-opt108-tcpdump.pcap").get(2);
        assertThat(macos.isRelayed()).isTrue();
        assertThat(macos.options().hasOption(DhcpOptionCode.IPV6_ONLY_PREFERRED)).isTrue();
    }
}
