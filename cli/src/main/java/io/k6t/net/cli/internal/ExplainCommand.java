package io.k6t.net.cli.internal;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code k6t-net explain}. */
@Command(name = "explain", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Checks the live pod and says in plain words what is wrong and how to fix it.")
public final class ExplainCommand extends BaseCommand {
    @Mixin
    PodOptions pod;

    @Override
    int run() {
        throw CliFailure.notAvailable("the bridge binding");
    }
}
