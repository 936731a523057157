package io.k6t.net.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.k6t.net.cli.K6tNet;
import io.k6t.net.cli.SharedCaptures;
import io.k6t.net.cli.internal.pcap.CaptureFile;
import io.k6t.net.cli.internal.pcap.UdpDatagram;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dhcp replay --lease6}: the DHCPv6 server's decision for each client message of real captures (the
 * golden dhclient, dhcpcd and systemd-networkd exchanges with dnsmasq, tcpdump's test captures).
 */
class DhcpReplay6Test {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** The golden captures' client MAC, and so their EUI-64 link-local source. */
    private static final String GUEST_MAC = "02:00:00:74:17:75";
    private static final String LEASE6 = """
            {"interface": "k6t-eth0", "serverMac": "02:6b:36:74:00:01", "clientMac": "02:00:00:74:17:75",
             "address": "fd00:10:244::5/64", "leaseSeconds": 3600, "dnsServers": ["fd00:10:96::a"],
             "searchDomains": ["cluster.local"]}
            """;
    private static final String LEASE4 = """
            {"interface": "k6t-eth0", "serverAddress": "169.254.75.10", "clientMac": "00:00:01:01:00:00",
             "address": "10.244.1.5/24", "gateway": "10.244.1.1"}
            """;

    @TempDir
    Path tmp;

    @Test
    void dhclientGetsAnAdvertiseAndAnInformationReplyWhileItsRequestAndReleaseNameDnsmasq() throws Exception {
        Result run = replay(SharedCaptures.golden6("dhclient6.pcap", tmp), "--lease6", lease6());

        assertThat(run.exit).as(run.err).isZero();
        assertThat(run.lines()).hasSize(4);
        assertThat(run.lines().get(0)).isEqualTo("frame 1  [fe80::ff:fe74:1775]:546 > [ff02::1:2]:547  SOLICIT xid "
                + "0x91599d client LLT " + GUEST_MAC + "  -> ADVERTISE fd00:10:244::5 to [fe80::ff:fe74:1775]:546");
        assertThat(run.lines().get(1)).contains("REQUEST xid 0x337ceb", "-> DROP OTHER_SERVER: REQUEST for server ");
        assertThat(run.lines().get(2)).contains("RELEASE xid 0x7eb0a0", "-> DROP OTHER_SERVER: ");
        assertThat(run.lines().get(3)).contains("INFORMATION_REQUEST xid 0x7b23c6",
                "-> REPLY to [fe80::ff:fe74:1775]:546");
    }

    @Test
    void rapidCommitSolicitOfSystemdNetworkdGetsTheReplyAtOnce() throws Exception {
        Result run = replay(SharedCaptures.golden6("systemd-networkd6.pcap", tmp), "--lease6", lease6(), "--json");

        assertThat(run.exit).as(run.err).isZero();
        assertThat(run.lines()).hasSize(1);
        JsonNode json = MAPPER.readTree(run.lines().get(0));
        assertThat(json.get("messageType").asText()).isEqualTo("SOLICIT");
        assertThat(json.get("decision").asText()).isEqualTo("REPLY");
        assertThat(json.get("reason").isNull()).isTrue();
        JsonNode reply = json.get("reply");
        assertThat(reply.has("frame")).isFalse();
        assertThat(reply.get("xid").asText()).isEqualTo("0xded8f1");
        assertThat(reply.get("destination").asText()).isEqualTo("[fe80::ff:fe74:1775]:546");
        List<Integer> codes = new ArrayList<>();
        reply.get("options").forEach(o -> codes.add(o.get("code").asInt()));
        assertThat(codes).contains(1, 2, 3, 14, 23, 24);
        for (JsonNode option : reply.get("options")) {
            if (option.get("code").asInt() == 3) {
                JsonNode address = option.get("value").get("addresses").get(0);
                assertThat(address.get("address").asText()).isEqualTo("fd00:10:244::5");
                assertThat(address.get("validLifetime").asLong()).isEqualTo(3600);
            }
            if (option.get("code").asInt() == 2) {
                assertThat(option.get("value").get("mac").asText()).isEqualTo("02:6b:36:74:00:01");
            }
        }
    }

    @Test
    void foreignClientIsDroppedUnlessAnyClient() throws Exception {
        Path capture = SharedCaptures.capture6("ia-na-tcpdump.pcap");

        Result strict = replay(capture, "--lease6", lease6());
        Result any = replay(capture, "--lease6", lease6(), "--any-client");

        assertThat(strict.lines()).hasSize(2).allSatisfy(l -> assertThat(l).contains("-> DROP WRONG_CLIENT: "
                + "link-local source fe80::201:2ff:fe03:405 is MAC 00:01:02:03:04:05, not " + GUEST_MAC));
        assertThat(any.lines()).hasSize(2);
        assertThat(any.lines().get(0)).contains("SOLICIT xid 0x90b45c", "-> ADVERTISE fd00:10:244::5 to "
                + "[fe80::ff:fe74:1775]:546");
        assertThat(any.lines().get(1)).contains("REQUEST xid 0x2ffdd1", "-> DROP OTHER_SERVER");
    }

    @Test
    void relayedSolicitsAreDroppedAsRelayed() throws Exception {
        Result run = replay(SharedCaptures.capture6("dhcpcd-raspbian-relayed-mud-tcpdump.pcap"), "--lease6", lease6());

        assertThat(run.lines()).hasSize(5).allSatisfy(l -> assertThat(l).contains("RELAY_FORW hops 0 link ",
                "-> DROP RELAYED: RELAY_FORW from "));
    }

    @Test
    void mixedCaptureIsReplayedPerFamilyWithBothLeasesAndSkipsTheFamilyWithout() throws Exception {
        Path capture = SharedCaptures.capture6("arista-ztp-mixed-v4v6-tcpdump.pcap");
        Path lease4 = Files.writeString(tmp.resolve("lease.json"), LEASE4);

        Result both = replay(capture, "--lease6", lease6(), "--lease", lease4.toString(), "--any-client");
        Result only6 = replay(capture, "--lease6", lease6(), "--any-client");
        Result only4 = replay(capture, "--lease", lease4.toString());

        assertThat(both.exit).as(both.err).isZero();
        // Client messages only: Solicit x3, Request x2, Information-request; DISCOVER and REQUEST.
        assertThat(both.lines()).extracting(l -> l.split("  ")[0]).containsExactly("frame 1", "frame 2", "frame 4",
                "frame 6", "frame 8", "frame 10", "frame 12", "frame 14");
        assertThat(both.lines().get(3)).contains("DISCOVER xid 0x796a827d", "-> OFFER 10.244.1.5");
        assertThat(both.lines().get(0)).contains("SOLICIT xid 0x6aebe6", "-> ADVERTISE fd00:10:244::5");
        assertThat(only6.lines()).hasSize(6).noneMatch(l -> l.contains("DISCOVER"));
        assertThat(only4.lines()).hasSize(2).allMatch(l -> l.contains("DISCOVER") || l.contains("REQUEST xid 0x7"));
    }

    @Test
    void writtenRepliesComeFromTheServersLinkLocalAddressToTheClient() throws Exception {
        Path out = tmp.resolve("out.pcap");
        Result run = replay(SharedCaptures.golden6("dhcpcd6.pcap", tmp), "--lease6", lease6(), "--write",
                out.toString());

        assertThat(run.exit).as(run.err).isZero();
        List<UdpDatagram> written = new ArrayList<>();
        try (CaptureFile file = CaptureFile.open(out)) {
            for (Optional<UdpDatagram> d = file.next(); d.isPresent(); d = file.next()) {
                written.add(d.get());
            }
        }
        // Solicit, its Advertise, the Request (dropped: it names dnsmasq).
        assertThat(written).hasSize(3);
        UdpDatagram advertise = written.get(1);
        assertThat(UdpDatagram.endpoint(advertise.source(), advertise.sourcePort())).isEqualTo(
                "[fe80::6b:36ff:fe74:1]:547");
        assertThat(UdpDatagram.endpoint(advertise.destination(), advertise.destinationPort())).isEqualTo(
                "[fe80::ff:fe74:1775]:546");
        assertThat(advertise.sourceMac()).isEqualTo("02:6b:36:74:00:01");
        assertThat(advertise.destinationMac()).isEqualTo(GUEST_MAC);
        assertThat(advertise.payload()[0]).as("ADVERTISE").isEqualTo((byte) 2);
    }

    @Test
    void noLeaseAtAllIsAUsageError() throws Exception {
        Result run = replay(SharedCaptures.capture6("ia-na-tcpdump.pcap"));

        assertThat(run.exit).isEqualTo(2);
        assertThat(run.err).contains("no lease: give --lease FILE (DHCPv4) or --lease6 FILE (DHCPv6)");
    }

    private String lease6() throws Exception {
        Path file = tmp.resolve("lease6.json");
        if (!Files.exists(file)) {
            Files.writeString(file, LEASE6);
        }
        return file.toString();
    }

    private static Result replay(Path capture, String... options) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        List<String> args = new ArrayList<>(List.of("dhcp", "replay", capture.toString()));
        args.addAll(List.of(options));
        int exit = K6tNet.execute(new PrintWriter(out), new PrintWriter(err), args.toArray(String[]::new));
        return new Result(exit, out.toString(), err.toString());
    }

    private record Result(int exit, String out, String err) {
        List<String> lines() {
            return out.lines().toList();
        }
    }
}
