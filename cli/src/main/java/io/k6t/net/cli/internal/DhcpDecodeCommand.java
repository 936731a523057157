package io.k6t.net.cli.internal;

import io.k6t.net.cli.internal.dhcp.MessagePrinter;
import io.k6t.net.cli.internal.pcap.CaptureFile;
import io.k6t.net.cli.internal.pcap.UdpDatagram;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code k6t-net dhcp decode}. */
@Command(name = "decode", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Prints every DHCP message (UDP port 67, 68 or 4011 over IPv4) and DHCPv6 message (UDP "
                + "port 546 or 547) in a pcap or pcapng file.",
        footer = {"",
            "Messages of both families are printed in capture order, each as its own family.",
            "With --json, each line is one object: frame (1-based, as Wireshark numbers frames), op, xid (0x hex),",
            "chaddr, ciaddr, yiaddr, siaddr, giaddr, broadcast, messageType (DISCOVER...; null for BOOTP) and",
            "options: a list of {code, name, value, hex}. value is typed: a number (51, 57, 26, ...), a string",
            "(12, 15, 60, 66, 67, ...), an address or a list of addresses (1, 3, 6, 42, 50, 54, ...), a list of",
            "codes (55), a list of domains (119), a list of {destination, gateway} (121, 249); unknown and",
            "private codes, and values that do not parse as their type, have hex alone.",
            "A DHCPv6 object: frame, protocol (\"DHCPv6\"), messageType (SOLICIT, ADVERTISE, REQUEST, REPLY,",
            "RELAY_FORW...), xid (0x and 6 hex digits), or for a relay message hopCount, linkAddress and",
            "peerAddress, then options as above; typed values: DUIDs ({type, mac}), IA_NA ({iaid, t1, t2,",
            "addresses}), IA address, ORO (list of codes), preference, elapsed time, status code ({status,",
            "message}), rapid commit (true), DNS servers (23), domain list (24), information refresh time,",
            "client link-layer address; option 9 of a relay message holds the relayed message's object.",
            "A payload that is not a valid DHCP message prints as {frame, error, offset} and does not stop",
            "the output. A missing, non-capture or truncated file exits with 2."})
public final class DhcpDecodeCommand extends BaseCommand {
    @Parameters(paramLabel = "FILE", description = "Capture file (pcap or pcapng).")
    Path file;

    @Option(names = "--json", description = "One JSON object per message and line.")
    boolean json;

    @Override
    int run() {
        MessagePrinter printer = new MessagePrinter(out(), json);
        try (CaptureFile capture = CaptureFile.open(file)) {
            for (Optional<UdpDatagram> datagram = capture.next(); datagram.isPresent(); datagram = capture.next()) {
                printer.print(datagram.get());
            }
        }
        return 0;
    }
}
