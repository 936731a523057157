package io.k6t.net.cli.internal;

import io.k6t.net.launcher.PodNetwork;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code k6t-net serve}. */
@Command(name = "serve", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Runs the DHCP servers from the state dir of a finished setup until SIGTERM.",
        footer = {"",
            "Serves DHCPv4 on every interface with IPv4, and DHCPv6 and router advertisements on every",
            "interface with global IPv6. At the end prints one line of counters per bridge and family:",
            "BRIDGE: received N, offered N, acked N, naked N, informed N, dropped N (DHCPv4);",
            "BRIDGE: DHCPv6 received N, advertised N, replied N, dropped N;",
            "BRIDGE: router solicitations N, advertisements N."})
public final class ServeCommand extends BaseCommand {
    @Mixin
    PodOptions pod;

    @Mixin
    ReadyFileOption ready;

    @Override
    int run() throws InterruptedException {
        try (PodNetwork pod = Pods.open(this.pod)) {
            pod.startDhcp();
            Serving.untilSignalled(new Serving.Served(pod.dhcp().orElseThrow(), pod.dhcp6(),
                    pod.routerAdvertisers()), ready.readyFile, out());
        }
        return 0;
    }
}
