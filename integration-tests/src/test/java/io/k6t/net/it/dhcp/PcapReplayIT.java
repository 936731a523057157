package io.k6t.net.it.dhcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.k6t.net.dhcp.SharedPcaps;
import io.k6t.net.dhcp.server.LeaseConfig;
import io.k6t.net.dhcp.server.replay.PcapReplay;
import io.k6t.net.dhcp.server.replay.PcapReplay.ClientFrame;
import io.k6t.net.dhcp.server.replay.PcapReplay.Exchange;
import io.k6t.net.it.support.Prerequisites;
import io.k6t.net.it.support.TestNetwork;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * tshark as an independent decoder: the server's reply to every DISCOVER and REQUEST of the shared
 * real-world captures, framed as Ethernet/IPv4/UDP, decodes without a malformed packet or an
 * expert error or warning.
 */
class PcapReplayIT {
    private static final Pattern FRAME = Pattern.compile("(?m)^Frame \\d+: ");
    private static final Pattern EXPERT = Pattern.compile("\\[Expert Info \\((Error|Warning)/[^)]*\\): ([^\\]]*)\\]");

    @TempDir
    Path tmp;

    private static List<String> experts(String tsharkOutput) {
        List<String> found = new java.util.ArrayList<>();
        Matcher m = EXPERT.matcher(tsharkOutput);
        while (m.find()) {
            found.add(m.group());
        }
        return found;
    }

    /** The shared captures with something to answer (the others get no reply: PcapReplayTest). */
    static List<Path> capturesWithDiscoverRequestOrInform() {
        return SharedPcaps.files().stream().filter(PcapReplay::hasAnswerable).toList();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("capturesWithDiscoverRequestOrInform")
    void repliesToDiscoverRequestAndInformDecodeCleanlyInTshark(Path capture) {
        Prerequisites.requireTool("tshark", "tshark");
        List<ClientFrame> frames = PcapReplay.clientFrames(capture);
        Optional<String> mac = PcapReplay.clientMac(frames);
        LeaseConfig lease = PcapReplay.leaseFor(frames, mac.orElse("02:00:00:00:00:01"));
        List<Exchange> answered = PcapReplay.replay(frames, lease, mac.isEmpty()).stream()
                .filter(e -> e.request().message().filter(PcapReplay::isAnswerable).isPresent())
                .filter(e -> !e.replies().isEmpty()).toList();
        assertThat(answered).as("answered DISCOVERs, REQUESTs and INFORMs").isNotEmpty();
        Path out = tmp.resolve(capture.getFileName() + ".replies.pcap");
        PcapReplay.write(out, answered, lease);

        // Only the replies are judged: the captured requests are the clients' (some malformed on purpose).
        String decoded = TestNetwork.run(List.of("tshark", "-r", out.toString(), "-V", "-Y", "udp.srcport == 67"
                + " && ip.src == " + lease.serverAddress().getHostAddress()));

        long replies = answered.stream().mapToLong(e -> e.replies().size()).sum();
        // Counted at line starts: tshark's first frame is not preceded by a newline unless it printed a
        // warning first (as it does when run as root).
        assertThat(FRAME.matcher(decoded).results().count()).as("reply frames tshark shows").isEqualTo(replies);
        assertThat(decoded).as(capture.getFileName() + " replies").doesNotContain("Malformed");
        // RFC 6842: option 61 is echoed byte for byte, so a warning tshark has about the client's own
        // option 61 (arista-ztp: trailing characters) comes back in the reply; nothing else may.
        String requests = TestNetwork.run(List.of("tshark", "-r", capture.toString(), "-V", "-Y",
                "udp.dstport == 67"));
        List<String> inherited = experts(requests);
        assertThat(experts(decoded)).as("expert infos in the replies to %s", capture.getFileName())
                .allMatch(e -> inherited.contains(e) && decoded.contains("Client identifier"));
        String type = answered.get(0).replies().get(0).message().options().messageType().orElseThrow().toString();
        assertThat(decoded).containsIgnoringCase("Dynamic Host Configuration Protocol (" + type + ")");
    }
}
