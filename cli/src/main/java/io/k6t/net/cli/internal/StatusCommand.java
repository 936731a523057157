package io.k6t.net.cli.internal;

import io.k6t.net.launcher.PodNetwork;
import io.k6t.net.launcher.status.PodStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code k6t-net status}. */
@Command(name = "status", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Per interface: the guest MAC, the lease served (expiry, last exchange, counters) or the "
                + "guest addresses learned on a pass-through interface, the tap and the bridge.",
        footer = {"", "The served leases and learned addresses come from the process that serves the pod (run, "
                + "or the sidecar), which keeps status.json in the state directory up to date; the links are "
                + "read from the kernel now. Needs setup first (exit 1 otherwise)."})
public final class StatusCommand extends BaseCommand {
    @Mixin
    PodOptions pod;

    @Option(names = "--json", description = "One JSON object (the PodStatus of the library API).")
    boolean json;

    @Override
    int run() {
        try (PodNetwork pod = Pods.open(this.pod)) {
            PodStatus status = pod.status();
            out().print(json ? status.toJson() : status.toText());
            out().flush();
        }
        return 0;
    }
}
