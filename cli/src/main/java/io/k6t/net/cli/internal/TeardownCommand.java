package io.k6t.net.cli.internal;

import io.k6t.net.launcher.PodNetwork;
import io.k6t.net.launcher.config.InterfaceConfig;
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
        try (PodNetwork pod = Pods.open(this.pod)) {
            pod.teardown();
            for (InterfaceConfig iface : pod.config().interfaces()) {
                out().println(iface.podInterface() + ": restored");
            }
            out().flush();
        }
        return 0;
    }
}
