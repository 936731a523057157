package io.k6t.net.cli.internal;

import io.k6t.net.launcher.PodNetwork;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code k6t-net setup}. */
@Command(name = "setup", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Applies the plan: bridge, tap, pod link, routes, DHCP filter, state. "
                + "Idempotent; rolls back on failure.")
public final class SetupCommand extends BaseCommand {
    @Mixin
    PodOptions pod;

    @Override
    int run() {
        try (PodNetwork pod = Pods.open(this.pod)) {
            Pods.printSummary(pod.setup(), out());
        }
        return 0;
    }
}
