package io.k6t.net.cli.internal;

import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code k6t-net dhcp serve}. */
@Command(name = "serve", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Runs only the DHCP server(s), from lease files, with no setup, until SIGTERM: "
                + "for debugging and tests.")
public final class DhcpServeCommand extends BaseCommand {
    @Option(names = "--lease", required = true, paramLabel = "FILE",
            description = "Lease file (JSON); one server per file, bound to the file's interface. Repeatable.")
    List<Path> leases;

    @Option(names = "--netns", paramLabel = "NETNS",
            description = "Network namespace to serve in: a name under /run/netns or a path.")
    String netns;

    @Mixin
    ReadyFileOption ready;

    @Override
    int run() {
        throw CliFailure.notAvailable("the DHCP server (dhcp-server)");
    }
}
