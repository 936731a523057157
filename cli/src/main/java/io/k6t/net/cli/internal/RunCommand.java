package io.k6t.net.cli.internal;

import io.k6t.net.launcher.PodNetwork;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code k6t-net run}. */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Setup, then serve until SIGTERM: what a launcher runs.",
        footer = {"",
            "Prints the interfaces set up, then serves as serve does (DHCPv4; DHCPv6 and router",
            "advertisements where the pod has global IPv6) and prints the same counters at the end."})
public final class RunCommand extends BaseCommand {
    @Mixin
    PodOptions pod;

    @Mixin
    ReadyFileOption ready;

    @Override
    int run() throws InterruptedException {
        try (PodNetwork pod = Pods.open(this.pod)) {
            Pods.printSummary(pod.setup(), out());
            pod.startDhcp();
            Serving.untilSignalled(new Serving.Served(pod.dhcp().orElseThrow(), pod.dhcp6(),
                    pod.routerAdvertisers()), ready.readyFile, out());
        }
        return 0;
    }
}
