package io.k6t.net.cli.internal;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code k6t-net run}. */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Setup, then serve until SIGTERM: what a launcher runs.")
public final class RunCommand extends BaseCommand {
    @Mixin
    PodOptions pod;

    @Mixin
    ReadyFileOption ready;

    @Override
    int run() {
        throw CliFailure.notAvailable("the bridge binding");
    }
}
