package io.k6t.net.cli.internal;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code k6t-net plan}. */
@Command(name = "plan", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Discovers the pod interfaces and prints the steps setup would take; changes nothing.")
public final class PlanCommand extends BaseCommand {
    @Mixin
    PodOptions pod;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
            description = "Output: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}); dot is Graphviz.")
    PlanFormat format;

    @Override
    int run() {
        throw CliFailure.notAvailable("the bridge binding");
    }
}
