package io.k6t.net.it.cli;

import static io.k6t.net.it.cli.CliAssertions.assertFailsWithOneLine;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.k6t.net.it.support.Prerequisites;
import io.k6t.net.it.support.TestNetwork;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code dhcp replay} as a process: decisions, JSON shape, and a written pcap that tshark reads cleanly. */
class DhcpReplayIT {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    /**
     * Windows 10: DISCOVER, REQUEST selecting the capture's server, then two REQUESTs for its old
     * address 192.168.199.132 (not the lease's): OFFER, DROP, NAK, NAK.
     */
    private static final String CAPTURE = "windows-10-vmware-suricata.pcap";

    @TempDir
    Path tmp;

    @Test
    void foreignClientIsDroppedUnlessAnyClient() throws Exception {
        Path capture = SharedPcaps.capture(CAPTURE);
        K6tNetCli.Run strict = K6tNetCli.run("dhcp", "replay", capture.toString(), "--lease",
                DhcpPod.lease(tmp).toString(), "--json");
        assertThat(strict.exitCode()).as("%s", strict).isZero();
        for (String line : strict.stdoutLines()) {
            JsonNode json = MAPPER.readTree(line);
            assertThat(json.get("decision").asText()).isEqualTo("DROP");
            assertThat(json.get("reason").asText()).startsWith("WRONG_CLIENT: chaddr 00:0c:29:03:df:ad is not "
                    + DhcpPod.MAC);
            assertThat(json.get("reply").isNull()).isTrue();
        }

        K6tNetCli.Run any = K6tNetCli.run("dhcp", "replay", capture.toString(), "--lease",
                DhcpPod.lease(tmp).toString(), "--json", "--any-client");
        assertThat(any.exitCode()).as("%s", any).isZero();
        List<String> decisions = new ArrayList<>();
        for (String line : any.stdoutLines()) {
            JsonNode json = MAPPER.readTree(line);
            decisions.add(json.get("messageType").asText() + "->" + json.get("decision").asText());
            assertThat(json.has("frame") && json.has("xid") && json.has("options")).isTrue();
            if (!json.get("reply").isNull()) {
                JsonNode reply = json.get("reply");
                boolean nak = json.get("decision").asText().equals("NAK");
                assertThat(reply.get("yiaddr").asText()).isEqualTo(nak ? "0.0.0.0" : DhcpPod.ADDRESS);
                assertThat(reply.get("destination").asText()).isEqualTo("255.255.255.255:68");
                assertThat(reply.get("xid").asText()).isEqualTo(json.get("xid").asText());
                assertThat(reply.has("frame")).isFalse();
            }
        }
        // The first REQUEST names the server the capture's client chose, not ours.
        assertThat(decisions).containsExactly("DISCOVER->OFFER", "REQUEST->DROP", "REQUEST->NAK", "REQUEST->NAK");
        assertThat(MAPPER.readTree(any.stdoutLines().get(1)).get("reason").asText()).startsWith("OTHER_SERVER");
    }

    /**
     * dhcpcd through a relay: its REQUEST (giaddr set) and the server's ACK to the relay's port 67.
     * The ACK is labelled a server's reply, not a malformed datagram.
     */
    @Test
    void bootReplySentToPort67IsLabelledAsAReply() throws Exception {
        Path capture = SharedPcaps.capture("linux-dhcpcd-mud-relay-tcpdump.pcap");
        String lease = DhcpPod.lease(tmp).toString();

        K6tNetCli.Run text = K6tNetCli.run("dhcp", "replay", capture.toString(), "--lease", lease, "--any-client");
        K6tNetCli.Run json = K6tNetCli.run("dhcp", "replay", capture.toString(), "--lease", lease, "--any-client",
                "--json");

        assertThat(text.exitCode()).as("%s", text).isZero();
        assertThat(text.stdoutLines()).hasSize(2);
        assertThat(text.stdoutLines().get(0)).contains("REQUEST xid 0x068c4847", "-> DROP RELAYED");
        assertThat(text.stdoutLines().get(1)).contains("ACK xid 0x068c4847",
                "-> DROP NOT_BOOTREQUEST: a BOOTREPLY (ACK from a server), not a client's request")
                .doesNotContain("MALFORMED");
        assertThat(json.exitCode()).as("%s", json).isZero();
        JsonNode reply = MAPPER.readTree(json.stdoutLines().get(1));
        assertThat(reply.get("frame").asInt()).isEqualTo(2);
        assertThat(reply.get("messageType").asText()).isEqualTo("ACK");
        assertThat(reply.get("decision").asText()).isEqualTo("DROP");
        assertThat(reply.get("reason").asText()).startsWith("NOT_BOOTREQUEST: a BOOTREPLY");
        assertThat(reply.get("reply").isNull()).isTrue();
    }

    @Test
    void writtenCaptureHoldsRequestsAndRepliesThatTsharkReadsWithoutErrors() {
        Prerequisites.requireTool("tshark", "tshark");
        Path out = tmp.resolve("replay.pcap");
        K6tNetCli.Run run = K6tNetCli.run("dhcp", "replay", SharedPcaps.capture(CAPTURE).toString(), "--lease",
                DhcpPod.lease(tmp).toString(), "--any-client", "--write", out.toString());
        assertThat(run.exitCode()).as("%s", run).isZero();
        assertThat(run.stdoutLines()).hasSize(4);
        assertThat(run.stdoutLines().get(0)).contains("DISCOVER xid 0x", "-> OFFER 10.244.1.5 to 255.255.255.255:68");

        String fields = TestNetwork.run(List.of("tshark", "-n", "-r", out.toString(), "-o", "ip.check_checksum:TRUE",
                "-o", "udp.check_checksum:TRUE", "-T", "fields", "-e", "ip.src", "-e", "udp.srcport",
                "-e", "dhcp.option.dhcp", "-e", "dhcp.ip.your", "-e", "eth.src"));
        List<String> lines = fields.lines().filter(l -> l.matches("^\\d.*")).toList();
        assertThat(lines).hasSize(7);
        assertThat(lines.get(1)).isEqualTo("169.254.75.10\t67\t2\t10.244.1.5\t02:6b:36:74:00:01");
        assertThat(lines.get(lines.size() - 1)).startsWith("169.254.75.10\t67\t6\t0.0.0.0");
        String expert = TestNetwork.run(List.of("tshark", "-n", "-r", out.toString(), "-o", "ip.check_checksum:TRUE",
                "-o", "udp.check_checksum:TRUE", "-q", "-z", "expert,warn"));
        assertThat(expert).doesNotContain("Malformed", "Bad checksum", "Error");
    }

    @Test
    void badInputExitsWithOneClearLine() {
        Path lease = DhcpPod.lease(tmp);
        assertFailsWithOneLine(K6tNetCli.run("dhcp", "replay", tmp.resolve("none.pcap").toString(), "--lease",
                lease.toString()), 2, "none.pcap: no such file");
        assertFailsWithOneLine(K6tNetCli.run("dhcp", "replay", SharedPcaps.capture(CAPTURE).toString(), "--lease",
                tmp.resolve("none.json").toString()), 2, "none.json");
        assertFailsWithOneLine(K6tNetCli.run("dhcp", "replay", lease.toString(), "--lease", lease.toString()), 2,
                "not a pcap or pcapng capture");
        assertFailsWithOneLine(K6tNetCli.run("dhcp", "replay", SharedPcaps.capture(CAPTURE).toString()), 2,
                "no lease: give --lease FILE (DHCPv4) or --lease6 FILE (DHCPv6), or both");
    }
}
