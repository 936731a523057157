package io.k6t.net.cli.internal;

import io.k6t.net.launcher.PodNetwork;
import io.k6t.net.launcher.binding.Plan;
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
    Format format;

    /** The renderings {@link Plan} offers. */
    enum Format {
        text, json, dot
    }

    @Override
    int run() {
        try (PodNetwork pod = Pods.open(this.pod)) {
            Plan plan = pod.plan();
            String rendered = switch (format) {
                case json -> plan.toJson();
                case dot -> plan.toDot();
                default -> plan.toText();
            };
            out().print(rendered.endsWith("\n") ? rendered : rendered + "\n");
            out().flush();
        }
        return 0;
    }
}
