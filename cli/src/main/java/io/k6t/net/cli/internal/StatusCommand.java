package io.k6t.net.cli.internal;

import io.k6t.net.kubevirt.handoff.HandoffException;
import io.k6t.net.kubevirt.sidecar.Sidecar;
import io.k6t.net.kubevirt.sidecar.SidecarException;
import io.k6t.net.kubevirt.sidecar.SidecarStatus;
import io.k6t.net.launcher.PodNetwork;
import io.k6t.net.launcher.netns.NetNamespace;
import io.k6t.net.launcher.status.PodStatus;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code k6t-net status}. */
@Command(name = "status", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Per interface: the guest MAC, the lease served (expiry, last exchange, counters) or the "
                + "guest addresses learned on a pass-through interface, the tap and the bridge.",
        footer = {"", "The served leases and learned addresses come from the process that serves the pod, which "
                + "keeps status.json up to date: run or serve in the state directory of --config, the KubeVirt "
                + "sidecar in DIR/NAME-status of its hooks directory (--hooks-dir, the interfaces then come from "
                + "the CNI plugin's hand-off in the pod). The links are read from the kernel now. With --config, "
                + "needs setup first (exit 1 otherwise); with --hooks-dir, a pod the CNI plugin bound."})
public final class StatusCommand extends BaseCommand {
    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    @Option(names = "--name", paramLabel = "NAME",
            description = "With --hooks-dir: the sidecar's plugin name (default: $"
                    + SidecarCommand.NAME_VARIABLE + ", else k6t).")
    String name;

    @Option(names = "--netns", paramLabel = "NETNS",
            description = "Network namespace of the pod: a name under /run/netns or a path "
                    + "(e.g. /proc/PID/ns/net). Default: the namespace k6t-net runs in.")
    String netns;

    @Option(names = "--json", description = "One JSON object (the PodStatus of the library API).")
    boolean json;

    /** Whose status: a pod config's (run, serve) or a sidecar's. */
    static final class Source {
        @Option(names = "--config", required = true, paramLabel = "FILE",
                description = "Pod config (JSON): stateDir, resolvConf, hostname, subdomain, interfaces.")
        Path config;

        @Option(names = "--hooks-dir", required = true, paramLabel = "DIR",
                description = "The hooks directory of the KubeVirt sidecar serving the pod (its --hooks-dir).")
        Path hooksDir;
    }

    @Override
    int run() {
        PodStatus status = source.config != null ? fromConfig() : fromSidecar();
        out().print(json ? status.toJson() : status.toText());
        out().flush();
        return 0;
    }

    private PodStatus fromConfig() {
        PodOptions options = new PodOptions();
        options.config = source.config;
        options.netns = netns;
        try (PodNetwork pod = Pods.open(options)) {
            return pod.status();
        }
    }

    private PodStatus fromSidecar() {
        Path statusDir = Sidecar.Options.statusDir(source.hooksDir, SidecarCommand.pluginName(name));
        Optional<NetNamespace> namespace = Namespaces.open(netns);
        try {
            return namespace.isPresent() ? namespace.get().run(() -> SidecarStatus.read(statusDir))
                    : SidecarStatus.read(statusDir);
        } catch (SidecarException | HandoffException e) {
            throw CliFailure.failed(e.getMessage(), e);
        } finally {
            namespace.ifPresent(NetNamespace::close);
        }
    }
}
