package io.k6t.net.cli.internal;

import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code k6t-net dhcp replay}. */
@Command(name = "replay", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Shows the server's decision for each client message in a capture, given a lease file.")
public final class DhcpReplayCommand extends BaseCommand {
    @Parameters(paramLabel = "FILE", description = "Capture file (pcap or pcapng).")
    Path file;

    @Option(names = "--lease", required = true, paramLabel = "FILE", description = "Lease file (JSON).")
    Path lease;

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
        throw CliFailure.notAvailable("the DHCP responder (dhcp-server)");
    }
}
