package io.k6t.net.cli.internal;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code k6t-net teardown}. */
@Command(name = "teardown", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Undoes a finished setup and restores the pod interfaces as they were.")
public final class TeardownCommand extends BaseCommand {
    @Mixin
    PodOptions pod;

    @Override
    int run() {
        throw CliFailure.notAvailable("the bridge binding");
    }
}
