package io.k6t.net.it.cli;

import static io.k6t.net.it.cli.CliAssertions.assertFailsWithOneLine;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.k6t.net.it.support.Prerequisites;
import io.k6t.net.it.support.TestNetwork;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code k6t-net dhcp decode} as a process, checked against tshark as an independent decoder. */
class DhcpDecodeIT {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final List<String> TYPES = List.of("", "DISCOVER", "OFFER", "REQUEST", "DECLINE", "ACK", "NAK",
            "RELEASE", "INFORM", "FORCERENEW", "LEASEQUERY", "LEASEUNASSIGNED", "LEASEUNKNOWN", "LEASEACTIVE");
    /** DHCP tunnelled in CAPWAP (802.11 frames inside UDP 5247): tshark digs it out, decode does not. */
    private static final String TUNNELLED = "ios-ipad-capwap-ndpi.pcap";

    @TempDir
    Path tmp;

    @Test
    void everySharedCaptureDecodesLikeTsharkFrameByFrame() throws Exception {
        Prerequisites.requireTool("tshark", "tshark");
        Map<String, String> notes = SharedPcaps.notes();
        int decoded = 0;
        for (Path capture : SharedPcaps.all()) {
            String name = capture.getFileName().toString();
            Map<Long, String[]> tshark = tshark(capture);
            K6tNetCli.Run run = K6tNetCli.run("dhcp", "decode", "--json", capture.toString());
            assertThat(run.exitCode()).as("%s", run).isZero();
            assertThat(run.stderr()).as("%s", run).isEmpty();
            List<Long> frames = new ArrayList<>();
            for (String line : run.stdoutLines()) {
                JsonNode json = MAPPER.readTree(line);
                long frame = json.get("frame").asLong();
                frames.add(frame);
                assertThat(tshark).as("%s frame %d is DHCP for tshark too", name, frame).containsKey(frame);
                if (json.has("error")) {
                    // Only the captures the manifest marks as edge cases may hold undecodable messages.
                    assertThat(notes.get(name)).as("%s frame %d: %s", name, frame, json.get("error"))
                            .containsAnyOf("EDGE", "MALFORMED", "malformed", "cookie");
                    assertThat(json.get("offset").asInt()).isBetween(0, 65_535);
                    continue;
                }
                decoded++;
                assertThat(json.get("xid").asText()).as("%s frame %d", name, frame).isEqualTo(tshark.get(frame)[0]);
                String type = json.get("messageType").isNull() ? "" : json.get("messageType").asText();
                assertThat(type).as("%s frame %d", name, frame).isEqualTo(tshark.get(frame)[1]);
            }
            if (!name.equals(TUNNELLED)) {
                assertThat(frames).as("%s: the frames tshark sees as DHCP", name).containsExactlyElementsOf(
                        tshark.keySet());
            }
        }
        assertThat(decoded).as("messages decoded over all captures").isGreaterThan(240);
    }

    /**
     * Every DHCPv6 capture (and the DHCPv4 frames among them): the same frames as tshark's {@code dhcp or
     * dhcpv6}, each decoded as its family with tshark's transaction id and message type; a relay message's
     * type is the outer one, and the relayed message in option 9 has tshark's inner type and id.
     */
    @Test
    void everyDhcp6CaptureDecodesLikeTsharkFrameByFrameAlsoMixedWithDhcpv4() throws Exception {
        Prerequisites.requireTool("tshark", "tshark");
        int v6 = 0;
        int v4 = 0;
        for (Path capture : SharedPcaps.all6()) {
            String name = capture.getFileName().toString();
            Map<Long, List<String>> tshark = tshark6(capture);
            K6tNetCli.Run run = K6tNetCli.run("dhcp", "decode", "--json", capture.toString());
            assertThat(run.exitCode()).as("%s", run).isZero();
            assertThat(run.stderr()).as("%s", run).isEmpty();
            List<Long> frames = new ArrayList<>();
            for (String line : run.stdoutLines()) {
                JsonNode json = MAPPER.readTree(line);
                long frame = json.get("frame").asLong();
                frames.add(frame);
                assertThat(json.has("error")).as("%s frame %d: %s", name, frame, line).isFalse();
                List<String> expected = tshark.get(frame);
                if (json.has("op")) {
                    v4++;
                    assertThat(List.of(json.get("xid").asText(), json.get("messageType").asText()))
                            .as("%s frame %d", name, frame).isEqualTo(expected);
                    continue;
                }
                v6++;
                List<String> ours = new ArrayList<>();
                ours.add(json.get("messageType").asText());
                for (JsonNode message = json; message != null; message = relayed(message)) {
                    if (message != json) {
                        ours.add(message.get("messageType").asText());
                    }
                    if (message.has("xid")) {
                        ours.add(message.get("xid").asText());
                    }
                }
                assertThat(ours).as("%s frame %d", name, frame).isEqualTo(expected);
            }
            assertThat(frames).as("%s: the frames tshark sees as DHCP or DHCPv6", name)
                    .containsExactlyElementsOf(tshark.keySet());
        }
        assertThat(v6).as("DHCPv6 messages decoded").isEqualTo(38);
        assertThat(v4).as("DHCPv4 messages among them").isEqualTo(4);
    }

    @Test
    void textOfAMixedCaptureShowsEachFamilyInCaptureOrder() {
        K6tNetCli.Run run = K6tNetCli.run("dhcp", "decode",
                SharedPcaps.capture6("arista-ztp-mixed-v4v6-tcpdump.pcap").toString());
        assertThat(run.exitCode()).as("%s", run).isZero();
        List<String> headers = run.stdoutLines().stream().filter(l -> l.startsWith("frame ")).toList();
        assertThat(headers).hasSize(14);
        assertThat(headers.get(0)).isEqualTo("frame 1  [fe80::200:1ff:fe01:0]:546 > [ff02::1:2]:547  SOLICIT xid "
                + "0x6aebe6 client LLT 00:00:01:01:00:00");
        assertThat(headers.get(5)).contains("0.0.0.0:68 > 255.255.255.255:67  DISCOVER xid 0x796a827d");
        assertThat(run.stdout()).contains("     23 DNS_SERVERS: ", "     53 DHCP_MESSAGE_TYPE: ACK");
    }

    @Test
    void jsonObjectsHaveTheContractFieldsAndTypedOptionValues() throws Exception {
        K6tNetCli.Run run = K6tNetCli.run("dhcp", "decode", "--json",
                SharedPcaps.capture("windows-10-vmware-suricata.pcap").toString());
        assertThat(run.exitCode()).as("%s", run).isZero();
        JsonNode first = MAPPER.readTree(run.stdoutLines().get(0));
        List<String> names = new ArrayList<>();
        first.fieldNames().forEachRemaining(names::add);
        assertThat(names).containsExactly("frame", "op", "xid", "chaddr", "ciaddr", "yiaddr", "siaddr", "giaddr",
                "broadcast", "messageType", "options");
        assertThat(first.get("frame").asLong()).isEqualTo(1);
        assertThat(first.get("xid").asText()).matches("0x[0-9a-f]{8}");
        assertThat(first.get("chaddr").asText()).matches("([0-9a-f]{2}:){5}[0-9a-f]{2}");
        assertThat(first.get("broadcast").isBoolean()).isTrue();
        Map<Integer, JsonNode> options = new LinkedHashMap<>();
        for (String line : run.stdoutLines()) {
            for (JsonNode option : MAPPER.readTree(line).get("options")) {
                options.putIfAbsent(option.get("code").asInt(), option);
                assertThat(option.get("hex").asText()).matches("([0-9a-f]{2})*");
            }
        }
        assertThat(options.get(55).get("value").isArray()).isTrue();
        assertThat(options.get(55).get("value").get(0).isInt()).isTrue();
        assertThat(options.get(51).get("value").isNumber()).isTrue();
        assertThat(options.get(54).get("value").asText()).matches("\\d+\\.\\d+\\.\\d+\\.\\d+");
        assertThat(options.get(6).get("value").isArray()).isTrue();
        assertThat(options.get(60).get("value").asText()).isEqualTo("MSFT 5.0");
        assertThat(options.get(53).get("value").asText()).isIn("DISCOVER", "REQUEST", "OFFER", "ACK");
        assertThat(options.get(61).has("value")).as("client id has hex alone").isFalse();
    }

    @Test
    void textPrintsOneHeaderPerMessage() {
        K6tNetCli.Run run = K6tNetCli.run("dhcp", "decode", SharedPcaps.capture("android-9-ndpi.pcap").toString());
        assertThat(run.exitCode()).as("%s", run).isZero();
        List<String> headers = run.stdoutLines().stream().filter(l -> l.startsWith("frame ")).toList();
        assertThat(headers).hasSize(4);
        assertThat(headers.get(0)).contains(":68 > 255.255.255.255:67", "DISCOVER xid 0x");
        assertThat(headers.get(3)).contains(" ACK xid ");
        assertThat(run.stdout()).contains("53 DHCP_MESSAGE_TYPE: DISCOVER", "55 PARAMETER_REQUEST_LIST: ");
    }

    @Test
    void missingFileIsAUsageError() {
        assertFailsWithOneLine(K6tNetCli.run("dhcp", "decode", tmp.resolve("missing.pcap").toString()), 2,
                "missing.pcap: no such file");
    }

    @Test
    void nonPcapFileIsAUsageError() throws Exception {
        Path text = Files.writeString(tmp.resolve("notes.pcap"), "hello, this is text and no capture\n");
        assertFailsWithOneLine(K6tNetCli.run("dhcp", "decode", text.toString()), 2, "not a pcap or pcapng capture");
    }

    @Test
    void truncatedPcapPrintsTheCompleteFramesThenOneLine() throws Exception {
        byte[] whole = Files.readAllBytes(SharedPcaps.capture("android-9-ndpi.pcap"));
        Path cut = Files.write(tmp.resolve("cut.pcap"), Arrays.copyOf(whole, whole.length - 50));
        K6tNetCli.Run run = K6tNetCli.run("dhcp", "decode", "--json", cut.toString());
        assertFailsWithOneLine(run, 2, "unreadable after frame 3");
        assertThat(run.stderr().toLowerCase(Locale.ROOT)).contains("truncated");
        assertThat(run.stdoutLines()).hasSize(3);
    }

    @Test
    void debugAddsTheStackTrace() {
        K6tNetCli.Run run = K6tNetCli.run("--debug", "dhcp", "decode", tmp.resolve("missing.pcap").toString());
        assertThat(run.exitCode()).as("%s", run).isEqualTo(2);
        assertThat(run.stderrLines().get(0)).contains("missing.pcap: no such file");
        assertThat(run.stderr()).contains("\tat io.k6t.net.cli.");
    }

    private static JsonNode relayed(JsonNode message) {
        for (JsonNode option : message.get("options")) {
            if (option.get("code").asInt() == 9) {
                return option.get("value");
            }
        }
        return null;
    }

    /**
     * frame -> what tshark sees: for DHCPv4 {xid, type name}; for DHCPv6 the type names from the outer
     * message inwards, then the innermost transaction id.
     */
    private static Map<Long, List<String>> tshark6(Path capture) {
        List<String> v6types = List.of("", "SOLICIT", "ADVERTISE", "REQUEST", "CONFIRM", "RENEW", "REBIND", "REPLY",
                "RELEASE", "DECLINE", "RECONFIGURE", "INFORMATION_REQUEST", "RELAY_FORW", "RELAY_REPL");
        String out = TestNetwork.run(List.of("tshark", "-n", "-r", capture.toString(), "-Y", "dhcp or dhcpv6", "-T",
                "fields", "-e", "frame.number", "-e", "dhcp.id", "-e", "dhcp.option.dhcp", "-e", "dhcpv6.msgtype",
                "-e", "dhcpv6.xid"));
        Map<Long, List<String>> frames = new LinkedHashMap<>();
        for (String line : out.lines().toList()) {
            String[] f = line.split("\t", -1);
            if (f.length < 5 || !f[0].matches("\\d+")) {
                continue; // tshark's "Running as user root" notice
            }
            List<String> seen = new ArrayList<>();
            if (!f[1].isEmpty()) {
                int code = f[2].isEmpty() ? 0 : Integer.parseInt(f[2].split(",")[0]);
                seen.add(f[1]);
                seen.add(code < TYPES.size() ? TYPES.get(code) : "type " + code);
            } else {
                for (String type : f[3].split(",")) {
                    seen.add(v6types.get(Integer.parseInt(type)));
                }
                seen.add(f[4]);
            }
            frames.put(Long.parseLong(f[0]), seen);
        }
        return frames;
    }

    /** frame -> {xid, message type name} of every frame tshark decodes as DHCP. */
    private static Map<Long, String[]> tshark(Path capture) {
        String out = TestNetwork.run(List.of("tshark", "-n", "-r", capture.toString(), "-Y", "dhcp", "-T", "fields",
                "-e", "frame.number", "-e", "dhcp.id", "-e", "dhcp.option.dhcp"));
        Map<Long, String[]> frames = new LinkedHashMap<>();
        for (String line : out.lines().toList()) {
            String[] f = line.split("\t", -1);
            if (f.length < 2 || !f[0].matches("\\d+")) {
                continue; // tshark's "Running as user root" notice
            }
            int code = f.length > 2 && !f[2].isEmpty() ? Integer.parseInt(f[2].split(",")[0]) : 0;
            String type = code < TYPES.size() ? TYPES.get(code) : "type " + code;
            frames.put(Long.parseLong(f[0]), new String[] {f[1], type});
        }
        return frames;
    }
}
