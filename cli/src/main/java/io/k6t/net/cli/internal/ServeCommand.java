package io.k6t.net.cli.internal;

import io.k6t.net.launcher.PodNetwork;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code k6t-net serve}. */
@Command(name = "serve", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Runs the DHCP servers from the state dir of a finished setup until SIGTERM.")
public final class ServeCommand extends BaseCommand {
    @Mixin
    PodOptions pod;

    @Mixin
    ReadyFileOption ready;

    @Override
    int run() throws InterruptedException {
        try (PodNetwork pod = Pods.open(this.pod)) {
            pod.startDhcp();
            Serving.untilSignalled(pod.dhcp().orElseThrow(), ready.readyFile, out());
        }
        return 0;
    }
}
