package io.k6t.net.cli.internal;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code k6t-net dhcp trace}. */
@Command(name = "trace", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Decodes DHCP live on an interface in a namespace, until Ctrl-C or --count messages.")
public final class DhcpTraceCommand extends BaseCommand {
    @Option(names = "--netns", required = true, paramLabel = "NETNS",
            description = "Network namespace of the interface: a name under /run/netns or a path.")
    String netns;

    @Option(names = {"--interface", "-i"}, required = true, paramLabel = "IFACE",
            description = "Interface to capture on, e.g. k6t-eth0 or tap0.")
    String iface;

    @Option(names = "--json", description = "One JSON object per message and line (as dhcp decode --json).")
    boolean json;

    @Option(names = "--count", paramLabel = "N", description = "Stop after N DHCP messages.")
    Integer count;

    @Override
    int run() {
        throw CliFailure.notAvailable("the DHCP codec and network namespaces (dhcp-server, launcher-net)");
    }
}
