package io.k6t.net.cli.internal;

import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code k6t-net dhcp decode}. */
@Command(name = "decode", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Prints every DHCP message in a pcap or pcapng file.")
public final class DhcpDecodeCommand extends BaseCommand {
    @Parameters(paramLabel = "FILE", description = "Capture file (pcap or pcapng).")
    Path file;

    @Option(names = "--json", description = "One JSON object per message and line.")
    boolean json;

    @Override
    int run() {
        throw CliFailure.notAvailable("the DHCP codec (dhcp-server)");
    }
}
