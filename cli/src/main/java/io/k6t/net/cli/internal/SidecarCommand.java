package io.k6t.net.cli.internal;

import com.google.common.net.HostAndPort;
import io.k6t.net.dhcp.server.InterfaceStats;
import io.k6t.net.kubevirt.handoff.HandoffException;
import io.k6t.net.kubevirt.sidecar.Sidecar;
import io.k6t.net.kubevirt.sidecar.SidecarException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code k6t-net sidecar}. */
@Command(name = "sidecar", mixinStandardHelpOptions = true, sortOptions = false,
        description = "The KubeVirt network binding plugin's sidecar: serves DHCP to the guests from the CNI "
                + "plugin's hand-off and answers KubeVirt's hook calls (Info, OnDefineDomain, PreCloudInitIso, "
                + "Shutdown) over gRPC on DIR/NAME.sock, until Shutdown, SIGTERM or SIGINT.",
        footer = {"",
            "Runs in the virt-launcher pod's network namespace, unprivileged but for CAP_NET_BIND_SERVICE.",
            "Metrics (Prometheus text) are always served on DIR/NAME-metrics/metrics.sock, and with --metrics",
            "also on HOST:PORT, at /metrics. The status (k6t-net status --hooks-dir DIR) is kept in",
            "DIR/NAME-status/status.json. On an interface without IPv4 (nothing to serve) it learns the guest's",
            "addresses from the DHCPv4, DHCPv6 and neighbour discovery crossing the bridge, when it has",
            "CAP_NET_RAW (else it logs a warning).",
            "Prints one line when serving and the DHCP counters at the end.",
            "Exits 0 on Shutdown, SIGTERM or SIGINT, with its sockets removed; 1 when the namespace holds no",
            "hand-off or a malformed one, or a socket cannot be served; 2 on a bad option."})
public final class SidecarCommand extends BaseCommand {
    /** KubeVirt's hooks directory in the virt-launcher pod. */
    static final String DEFAULT_HOOKS_DIR = "/var/run/kubevirt-hooks";
    /** The environment variable KubeVirt sets in a binding plugin's sidecar to the plugin's name. */
    static final String NAME_VARIABLE = "NETWORK_BINDING_PLUGIN_NAME";

    @Option(names = "--hooks-dir", paramLabel = "DIR", defaultValue = DEFAULT_HOOKS_DIR,
            description = "KubeVirt's hooks directory (default: ${DEFAULT-VALUE}).")
    Path hooksDir;

    @Option(names = "--name", paramLabel = "NAME",
            description = "The plugin's name: the socket's, Info's and the VMI's binding.name served "
                    + "(default: $" + NAME_VARIABLE + ", else k6t).")
    String name;

    @Option(names = "--metrics", paramLabel = "HOST:PORT",
            description = "Also serve the metrics on this TCP address (port 0: any free port).")
    String metrics;

    @Option(names = "--resolv-conf", paramLabel = "FILE", defaultValue = "/etc/resolv.conf",
            description = "The pod's resolver configuration: DNS servers and search domains for the guests "
                    + "(default: ${DEFAULT-VALUE}).")
    Path resolvConf;

    @Override
    int run() throws InterruptedException {
        Sidecar.Options options = new Sidecar.Options(hooksDir, pluginName(name), metricsAddress(), resolvConf);
        CountDownLatch termination = Signals.termination();
        Sidecar sidecar;
        try {
            sidecar = Sidecar.start(options, termination::countDown);
        } catch (SidecarException | HandoffException e) {
            throw CliFailure.failed(e.getMessage(), e);
        }
        PrintWriter out = out();
        try {
            out.println("serving " + options.name() + " on " + options.hookSocket() + ": " + sidecar.handoffs()
                    .stream().map(h -> h.network() + " (" + h.podInterface() + ", " + h.tap() + ")").toList()
                    + sidecar.metricsAddress().map(a -> ", metrics on " + a.getHostString() + ":" + a.getPort())
                    .orElse(""));
            out.flush();
            termination.await();
        } finally {
            for (InterfaceStats stats : sidecar.dhcp().stats()) {
                out.println(stats.interfaceName() + ": received " + stats.received() + ", offered "
                        + stats.offered() + ", acked " + stats.acked() + ", naked " + stats.naked() + ", informed "
                        + stats.informed() + ", dropped " + stats.droppedTotal());
            }
            out.flush();
            sidecar.close();
        }
        return 0;
    }

    /** The plugin's name: {@code name} when given, else {@value #NAME_VARIABLE}, else {@code k6t}. */
    static String pluginName(String name) {
        if (name != null) {
            return name;
        }
        String fromEnvironment = System.getenv(NAME_VARIABLE);
        return fromEnvironment == null || fromEnvironment.isBlank() ? "k6t" : fromEnvironment;
    }

    private InetSocketAddress metricsAddress() {
        if (metrics == null) {
            return null;
        }
        try {
            HostAndPort hostAndPort = HostAndPort.fromString(metrics);
            if (!hostAndPort.hasPort()) {
                throw CliFailure.usage("--metrics " + metrics + ": no port (expected HOST:PORT, e.g. 0.0.0.0:9100)");
            }
            return new InetSocketAddress(hostAndPort.getHost(), hostAndPort.getPort());
        } catch (IllegalArgumentException e) {
            throw CliFailure.usage("--metrics " + metrics + ": " + e.getMessage() + " (expected HOST:PORT)", e);
        }
    }
}
