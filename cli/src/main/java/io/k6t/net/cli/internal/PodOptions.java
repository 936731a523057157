package io.k6t.net.cli.internal;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --config F [--netns N]}: the pod config and the namespace of the pod. */
final class PodOptions {
    @Option(names = "--config", required = true, paramLabel = "FILE",
            description = "Pod config (JSON): stateDir, resolvConf, hostname, subdomain, interfaces.")
    Path config;

    @Option(names = "--netns", paramLabel = "NETNS",
            description = "Network namespace of the pod: a name under /run/netns or a path "
                    + "(e.g. /proc/PID/ns/net). Default: the namespace k6t-net runs in.")
    String netns;
}
