package io.k6t.net.cli.internal;

import io.k6t.net.cli.internal.dhcp.Decisions;
import io.k6t.net.cli.internal.dhcp.MessagePrinter;
import io.k6t.net.cli.internal.dhcp.MessageView;
import io.k6t.net.cli.internal.dhcp.MessageView6;
import io.k6t.net.cli.internal.pcap.CaptureFile;
import io.k6t.net.cli.internal.pcap.CaptureWriter;
import io.k6t.net.cli.internal.pcap.UdpDatagram;
import io.k6t.net.dhcp.DhcpCodec;
import io.k6t.net.dhcp.DhcpDecodeException;
import io.k6t.net.dhcp.DhcpEncodeException;
import io.k6t.net.dhcp.DhcpMessage;
import io.k6t.net.dhcp.EncodeOptions;
import io.k6t.net.dhcp.MacAddress;
import io.k6t.net.dhcp.server.Decision;
import io.k6t.net.dhcp.server.DropReason;
import io.k6t.net.dhcp.server.LeaseConfig;
import io.k6t.net.dhcp.server.Responder;
import io.k6t.net.dhcp.v6.Dhcp6Codec;
import io.k6t.net.dhcp.v6.Dhcp6DecodeException;
import io.k6t.net.dhcp.v6.Dhcp6MessageType;
import io.k6t.net.dhcp.v6.Dhcp6Packet;
import io.k6t.net.dhcp.v6.server.Decision6;
import io.k6t.net.dhcp.v6.server.Drop6Reason;
import io.k6t.net.dhcp.v6.server.Lease6;
import io.k6t.net.dhcp.v6.server.Responder6;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code k6t-net dhcp replay}. */
@Command(name = "replay", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Shows the server's decision for each client message in a capture, given a lease file.",
        footer = {"",
            "Client messages are the BOOTREQUESTs of the capture and every datagram sent to port 67 or 4011;",
            "replies to clients are skipped, and a BOOTREPLY sent to port 67 or 4011 (a server answering a",
            "relay) is shown as what it is: DROP NOT_BOOTREQUEST. REQUESTs are classified by their datagram's",
            "destination too (unicast: renewing; broadcast: rebinding). Text: one line per client message",
            "with the decision.",
            "--json: the dhcp decode object plus decision (OFFER, ACK, NAK, DROP), reason (why it was dropped,",
            "or a NAK's message; null otherwise) and reply (the reply as a dhcp decode object with its",
            "destination, or null).",
            "--write: each client message as captured and each reply as the server sends it: from the lease's",
            "server address, port 67, Ethernet source " + DhcpReplayCommand.SERVER_MAC + " (a stand-in for the",
            "bridge), to the destination the server chose (broadcast, ciaddr or the relay's giaddr).",
            "DHCPv6 (UDP 546/547) is replayed against --lease6 (the dhcp serve --lease6 file): client",
            "messages are those of a client type (Solicit, Request, ..., RELAY-FORW) and every datagram",
            "sent to port 547; decisions are ADVERTISE, REPLY or DROP with Drop6Reason; --any-client",
            "answers as if the sender were the lease's MAC (its EUI-64 link-local address); --write frames",
            "the replies from the server's EUI-64 link-local address (of the lease's serverMac), port 547,",
            "to the request's source. A family without its lease file is skipped.",
            "An invalid lease file, no lease file at all, a missing, non-capture or truncated capture exit",
            "with 2."})
public final class DhcpReplayCommand extends BaseCommand {
    /** Ethernet source of the replies written by --write: locally administered, "k6t". */
    static final String SERVER_MAC = "02:6b:36:74:00:01";
    private static final String BROADCAST_MAC = "ff:ff:ff:ff:ff:ff";
    /** The message types a client or relay sends to a server (RFC 8415 section 7.3). */
    private static final Set<Dhcp6MessageType> CLIENT_TYPES = Set.of(Dhcp6MessageType.SOLICIT,
            Dhcp6MessageType.REQUEST, Dhcp6MessageType.CONFIRM, Dhcp6MessageType.RENEW, Dhcp6MessageType.REBIND,
            Dhcp6MessageType.RELEASE, Dhcp6MessageType.DECLINE, Dhcp6MessageType.INFORMATION_REQUEST,
            Dhcp6MessageType.RELAY_FORW);
    /** Replies are stamped this long after their request, so they sort after it in Wireshark. */
    private static final Duration REPLY_DELAY = Duration.ofNanos(100_000);

    @Parameters(paramLabel = "FILE", description = "Capture file (pcap or pcapng).")
    Path file;

    @Option(names = "--lease", paramLabel = "FILE", description = "Lease file (JSON).")
    Path lease;

    @Option(names = "--lease6", paramLabel = "FILE", description = "DHCPv6 lease file (JSON), as dhcp serve --lease6.")
    Path lease6;

    @Option(names = "--any-client",
            description = "Answer every client as if it had the lease's MAC (replay captures of other machines).")
    boolean anyClient;

    @Option(names = "--json", description = "One JSON object per client message and line, "
            + "with decision, reason and reply.")
    boolean json;

    @Option(names = "--write", paramLabel = "OUT.pcap",
            description = "Also write the requests and the replies, framed as on the wire, to a pcap file.")
    Path write;

    @Override
    int run() {
        if (lease == null && lease6 == null) {
            throw CliFailure.usage("no lease: give --lease FILE (DHCPv4) or --lease6 FILE (DHCPv6), or both");
        }
        LeaseConfig config = lease == null ? null : LeaseConfig.load(lease);
        Lease6 config6 = lease6 == null ? null : Lease6.load(lease6);
        try (CaptureFile capture = CaptureFile.open(file);
                CaptureWriter writer = write == null ? null : CaptureWriter.create(write)) {
            for (Optional<UdpDatagram> next = capture.next(); next.isPresent(); next = capture.next()) {
                UdpDatagram datagram = next.get();
                if (datagram.isDhcp6()) {
                    if (config6 != null) {
                        replay6(datagram, config6, writer);
                    }
                    continue;
                }
                if (config == null) {
                    continue;
                }
                Optional<DhcpMessage> message = decode(datagram);
                boolean clientMessage = message.map(DhcpMessage::isRequest).orElse(false);
                if (!clientMessage && !toServer(datagram)) {
                    continue;
                }
                // A BOOTREPLY sent to port 67 (a server answering a relay) goes to the responder too,
                // which says what it is; only bytes that do not decode are malformed.
                Decision decision = message.map(m -> Responder.respond(asClient(m, config),
                        (Inet4Address) datagram.destination(), config, false))
                        .orElseGet(() -> new Decision.Drop(DropReason.MALFORMED, "not a valid DHCP message"));
                Optional<byte[]> reply = encodeReply(decision);
                if (reply.isEmpty() && decision instanceof Decision.Reply tooLarge) {
                    decision = new Decision.Drop(DropReason.REPLY_TOO_LARGE, "the " + tooLarge.label()
                            + " does not fit the client's maximum message size " + tooLarge.maxMessageSize());
                }
                report(datagram, message, decision);
                if (writer != null) {
                    writer.write(datagram);
                    if (decision instanceof Decision.Reply sent) {
                        writer.write(replyDatagram(datagram, config, sent, reply.orElseThrow()));
                    }
                }
            }
        }
        return 0;
    }

    /** One DHCPv6 datagram: skipped when a server's message to a client, else decided, reported, written. */
    private void replay6(UdpDatagram datagram, Lease6 config, CaptureWriter writer) {
        Optional<Dhcp6Packet> packet = decode6(datagram);
        boolean clientMessage = packet.map(p -> CLIENT_TYPES.contains(p.type())).orElse(false);
        if (!clientMessage && datagram.destinationPort() != UdpDatagram.SERVER6_PORT) {
            return;
        }
        InetSocketAddress sender = new InetSocketAddress(anyClient ? config.clientMac().eui64LinkLocal()
                : datagram.source(), datagram.sourcePort());
        Decision6 decision = packet.map(p -> Responder6.respond(p, sender, config))
                .orElseGet(() -> new Decision6.Drop(Drop6Reason.MALFORMED, "not a valid DHCPv6 message"));
        if (json) {
            Map<String, Object> fields = packet.map(p -> MessageView6.fields(datagram.frame(), p))
                    .orElseGet(() -> new LinkedHashMap<>(Map.of("frame", datagram.frame())));
            fields.put("decision", decision.label());
            fields.put("reason", Decisions.reason(decision).orElse(null));
            if (decision instanceof Decision6.Reply reply) {
                Map<String, Object> replyFields = MessageView6.body(reply.message());
                replyFields.put("destination", Decisions.endpoint(reply.destination()));
                fields.put("reply", replyFields);
            } else {
                fields.put("reply", null);
            }
            out().println(MessagePrinter.toJson(fields));
        } else {
            String what = packet.map(MessageView6::summary).orElse("malformed datagram");
            out().println(MessagePrinter.header(datagram) + "  " + what + "  -> " + Decisions.describe(decision));
        }
        out().flush();
        if (writer != null) {
            writer.write(datagram);
            if (decision instanceof Decision6.Reply reply) {
                InetSocketAddress to = reply.destination();
                writer.write(new UdpDatagram(datagram.frame(), datagram.time().plus(REPLY_DELAY),
                        config.serverMac().toString(), datagram.sourceMac(),
                        config.serverMac().eui64LinkLocal(), Responder6.SERVER_PORT, to.getAddress(),
                        to.getPort(), Dhcp6Codec.encode(reply.message())));
            }
        }
    }

    private static Optional<Dhcp6Packet> decode6(UdpDatagram datagram) {
        try {
            return Optional.of(Dhcp6Codec.decode(datagram.payload()));
        } catch (Dhcp6DecodeException e) {
            return Optional.empty();
        }
    }

    private void report(UdpDatagram datagram, Optional<DhcpMessage> request, Decision decision) {
        if (!json) {
            String what = request.map(m -> MessageView.messageType(m).orElse("BOOTP") + " xid " + MessageView.xid(m)
                    + " chaddr " + m.clientMac().map(Object::toString).orElse("?")).orElse("malformed datagram");
            out().println(MessagePrinter.header(datagram) + "  " + what + "  -> " + Decisions.describe(decision));
            out().flush();
            return;
        }
        Map<String, Object> fields = request.map(m -> MessageView.fields(datagram.frame(), m))
                .orElseGet(() -> new LinkedHashMap<>(Map.of("frame", datagram.frame())));
        fields.put("decision", decision.label());
        fields.put("reason", Decisions.reason(decision).orElse(null));
        if (decision instanceof Decision.Reply reply) {
            Map<String, Object> replyFields = MessageView.fields(datagram.frame(), reply.message());
            replyFields.remove("frame");
            replyFields.put("destination", Decisions.endpoint(reply.destination()));
            fields.put("reply", replyFields);
        } else {
            fields.put("reply", null);
        }
        out().println(MessagePrinter.toJson(fields));
        out().flush();
    }

    /** The DHCP message in {@code datagram}, if it decodes. */
    private static Optional<DhcpMessage> decode(UdpDatagram datagram) {
        try {
            return Optional.of(DhcpCodec.decode(datagram.payload()));
        } catch (DhcpDecodeException e) {
            return Optional.empty();
        }
    }

    private static boolean toServer(UdpDatagram datagram) {
        return datagram.destinationPort() == UdpDatagram.SERVER_PORT
                || datagram.destinationPort() == UdpDatagram.PXE_PORT;
    }

    /** With --any-client, the request as if the lease's guest had sent it. */
    private DhcpMessage asClient(DhcpMessage request, LeaseConfig config) {
        if (!anyClient) {
            return request;
        }
        return request.toBuilder().clientMac(MacAddress.fromBytes(config.clientMac())).build();
    }

    private static Optional<byte[]> encodeReply(Decision decision) {
        if (!(decision instanceof Decision.Reply reply)) {
            return Optional.empty();
        }
        try {
            return Optional.of(DhcpCodec.encode(reply.message(), EncodeOptions.forMaxMessageSize(
                    reply.maxMessageSize())));
        } catch (DhcpEncodeException e) {
            return Optional.empty();
        }
    }

    private static UdpDatagram replyDatagram(UdpDatagram request, LeaseConfig config, Decision.Reply reply,
            byte[] payload) {
        InetSocketAddress to = reply.destination();
        Inet4Address destination = (Inet4Address) to.getAddress();
        String destinationMac;
        if (destination.getHostAddress().equals("255.255.255.255")) {
            destinationMac = BROADCAST_MAC;
        } else if (!reply.message().giaddr().isAnyLocalAddress()) {
            destinationMac = request.sourceMac();
        } else {
            destinationMac = reply.message().clientMac().map(Object::toString).orElse(BROADCAST_MAC);
        }
        return new UdpDatagram(request.frame(), request.time().plus(REPLY_DELAY), SERVER_MAC, destinationMac,
                config.serverAddress(), Responder.SERVER_PORT, destination, to.getPort(), payload);
    }
}
