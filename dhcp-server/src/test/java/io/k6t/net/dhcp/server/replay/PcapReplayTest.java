package io.k6t.net.dhcp.server.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.k6t.net.dhcp.DhcpMessage;
import io.k6t.net.dhcp.SharedPcaps;
import io.k6t.net.dhcp.server.Decision;
import io.k6t.net.dhcp.server.LeaseConfig;
import io.k6t.net.dhcp.server.replay.PcapReplay.ClientFrame;
import io.k6t.net.dhcp.server.replay.PcapReplay.Exchange;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class PcapReplayTest {
    static List<Path> captures() {
        return SharedPcaps.files();
    }

    private static List<String> decisions(String capture) {
        List<ClientFrame> frames = PcapReplay.clientFrames(SharedPcaps.directory().resolve(capture));
        return PcapReplay.replay(frames, PcapReplay.leaseFor(frames)).stream()
                .map(e -> e.request().frame() + " " + e.transaction().request().flatMap(m -> m.options().messageType())
                        .map(Object::toString).orElse("?") + " -> " + e.transaction().decision().label()
                        + e.replies().stream().map(r -> " " + r.message().options().messageType().orElseThrow() + "@"
                                + r.recipient().getAddress().getHostAddress()).reduce("", String::concat))
                .toList();
    }

    @Test
    void iphoneDoraGetsOfferAndAck() {
        assertThat(decisions("ios-iphone-ndpi.pcap")).containsExactly(
                "1 DISCOVER -> OFFER OFFER@255.255.255.255", "3 REQUEST -> ACK ACK@255.255.255.255");
    }

    @Test
    void allMessageTypesCaptureFollowsTheDecisionTable() {
        assertThat(decisions("edge-all-msgtypes-zeek.pcap")).containsExactly(
                "1 DISCOVER -> OFFER OFFER@255.255.255.255",
                "3 REQUEST -> ACK ACK@255.255.255.255",
                "5 REQUEST -> NAK NAK@255.255.255.255",
                "7 DECLINE -> DROP",
                "8 RELEASE -> DROP",
                "9 INFORM -> ACK ACK@255.255.255.255");
    }

    @Test
    void relayedDhclientIsAnsweredAtTheRelay() {
        assertThat(decisions("linux-dhclient-relayed-netboot.pcap")).containsExactly(
                "1 REQUEST -> ACK ACK@192.168.40.1");
    }

    /**
     * The project's own captures of the four Linux clients (golden/README.md says how they were
     * made): each client's DISCOVER gets an OFFER and its REQUEST an ACK for the lease address,
     * with the options the client asked for first, in its order.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"udhcpc", "dhclient", "dhcpcd", "systemd-networkd"})
    void fourLinuxClientsGetOfferAndAckWithRequestedOptionsFirst(String client) throws Exception {
        Path capture = Path.of(PcapReplayTest.class.getResource("/golden/" + client + ".pcap").toURI());
        List<ClientFrame> frames = PcapReplay.clientFrames(capture);
        LeaseConfig lease = PcapReplay.leaseFor(frames);

        List<Exchange> exchanges = PcapReplay.replay(frames, lease);

        assertThat(exchanges).extracting(e -> e.transaction().decision().label()).containsExactly("OFFER", "ACK");
        for (Exchange exchange : exchanges) {
            DhcpMessage request = exchange.request().message().orElseThrow();
            DhcpMessage reply = exchange.replies().get(0).message();
            assertThat(reply.yiaddr()).isEqualTo(lease.address());
            List<Integer> sent = reply.options().stream().map(o -> o.code().code()).toList();
            List<Integer> requestedAndSent = request.options().parameterRequestList().stream().map(c -> c.code())
                    .filter(sent::contains).distinct().toList();
            assertThat(sent.subList(0, requestedAndSent.size())).as(client + " option order")
                    .isEqualTo(requestedAndSent);
        }
    }

    static List<Path> capturesWithDiscoverRequestOrInform() {
        return captures().stream().filter(PcapReplay::hasAnswerable).toList();
    }

    static List<Path> capturesWithoutDiscoverRequestOrInform() {
        return captures().stream().filter(c -> !PcapReplay.hasAnswerable(c)).toList();
    }

    @Test
    void sharedCapturesAreSplitIntoBothKinds() {
        assertThat(capturesWithDiscoverRequestOrInform()).isNotEmpty();
        assertThat(capturesWithoutDiscoverRequestOrInform()).isNotEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("capturesWithDiscoverRequestOrInform")
    void everyDiscoverRequestAndInformOfTheClientGetsOneReplyThatFits(Path capture) {
        List<ClientFrame> frames = PcapReplay.clientFrames(capture);
        // A fuzzed chaddr that no lease can hold (multicast) is answered as --any-client would.
        Optional<String> mac = PcapReplay.clientMac(frames);
        LeaseConfig lease = PcapReplay.leaseFor(frames, mac.orElse("02:00:00:00:00:01"));

        int answered = 0;
        for (Exchange exchange : PcapReplay.replay(frames, lease, mac.isEmpty())) {
            Optional<DhcpMessage> request = exchange.request().message();
            if (request.isEmpty() || !PcapReplay.isAnswerable(request.get())
                    || (mac.isPresent() && !lease.isClientMac(request.get().chaddr()))) {
                continue;
            }
            String where = capture.getFileName() + "#" + exchange.request().frame();
            assertThat(exchange.transaction().decision()).as(where).isInstanceOf(Decision.Reply.class);
            assertThat(exchange.replies()).as(where).singleElement().satisfies(reply -> {
                DhcpMessage m = reply.message();
                assertThat(m.xid()).as(where).isEqualTo(request.get().xid());
                int max = Math.max(576, request.get().options().maxMessageSize().orElse(576));
                assertThat(reply.payload().length + 28).as(where).isLessThanOrEqualTo(max);
            });
            answered++;
        }
        assertThat(answered).as("DISCOVERs, REQUESTs and INFORMs answered in %s", capture.getFileName()).isPositive();
    }

    /**
     * Captures of replies, RELEASEs, DECLINEs, relay traffic, malformed or fuzzed datagrams: every
     * datagram sent to port 67 is dropped, none answered.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("capturesWithoutDiscoverRequestOrInform")
    void captureWithoutDiscoverRequestOrInformGetsNoReply(Path capture) {
        List<ClientFrame> frames = PcapReplay.clientFrames(capture);
        LeaseConfig lease = PcapReplay.leaseFor(frames, PcapReplay.clientMac(frames).orElse("02:00:00:00:00:01"));

        List<Exchange> exchanges = PcapReplay.replay(frames, lease, true);

        assertThat(exchanges).as("one transaction per datagram to port 67").hasSize(frames.size());
        assertThat(exchanges).allSatisfy(e -> {
            assertThat(e.transaction().decision()).as("frame %s", e.request().frame())
                    .isInstanceOf(Decision.Drop.class);
            assertThat(e.replies()).as("frame %s", e.request().frame()).isEmpty();
        });
    }
}
