package io.k6t.net.cli.internal;

import io.k6t.net.cli.internal.dhcp.MessagePrinter;
import io.k6t.net.cli.internal.pcap.CaptureWriter;
import io.k6t.net.cli.internal.pcap.LiveCapture;
import io.k6t.net.cli.internal.pcap.UdpDatagram;
import io.k6t.net.launcher.netns.NetNamespace;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code k6t-net dhcp trace}. */
@Command(name = "trace", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Decodes DHCP and DHCPv6 live on an interface in a namespace, until Ctrl-C or --count messages.",
        footer = {"",
            "Captures UDP ports 67, 68 and 4011 (DHCPv4) and 546 and 547 (DHCPv6) (libpcap, promiscuous) and",
            "prints each message as dhcp decode does; frame numbers count the captured datagrams from 1.",
            "--count N exits 0 after N messages (of either family).",
            "Once capturing, one line on stderr says so (\"listening on IFACE in NETNS\").",
            "A namespace that does not exist exits with 2, an interface that does not exist with 1."})
public final class DhcpTraceCommand extends BaseCommand {
    @Option(names = "--netns", required = true, paramLabel = "NETNS",
            description = "Network namespace of the interface: a name under /run/netns or a path.")
    String netns;

    @Option(names = {"--interface", "-i"}, required = true, paramLabel = "IFACE",
            description = "Interface to capture on, e.g. k6t-eth0 or tap0.")
    String iface;

    @Option(names = "--json", description = "One JSON object per message and line (as dhcp decode --json).")
    boolean json;

    @Option(names = "--write", paramLabel = "OUT.pcap",
            description = "Also write the captured DHCP datagrams to a pcap file (for replay and explain --capture).")
    Path write;

    @Option(names = "--count", paramLabel = "N", description = "Stop after N DHCP messages.")
    Integer count;

    @Override
    int run() {
        if (count != null && count < 1) {
            throw CliFailure.usage("--count: " + count + " (expected: at least 1)");
        }
        MessagePrinter printer = new MessagePrinter(out(), json);
        NetNamespace namespace = Namespaces.open(netns).orElseThrow();
        try (LiveCapture capture = namespace.run(() -> LiveCapture.open(iface));
                CaptureWriter writer = write == null ? null : CaptureWriter.create(write)) {
            CountDownLatch termination = Signals.termination(capture::stop);
            // Like tcpdump's "listening on": tells a person (and a test) that capturing has begun.
            err().println(name() + ": listening on " + iface + " in " + netns + " (udp 67, 68, 4011, 546, 547)");
            err().flush();
            long printed = 0;
            while (termination.getCount() > 0 && (count == null || printed < count)) {
                Optional<UdpDatagram> datagram = capture.poll();
                if (datagram.isPresent()) {
                    printer.print(datagram.get());
                    printed++;
                    if (writer != null) {
                        writer.write(datagram.get());
                        writer.flush();
                    }
                }
            }
        } finally {
            namespace.close();
        }
        return 0;
    }
}
