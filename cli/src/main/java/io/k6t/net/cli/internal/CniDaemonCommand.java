package io.k6t.net.cli.internal;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import io.k6t.net.kubevirt.cni.CniDaemon;
import io.k6t.net.kubevirt.cni.CniDaemonException;
import io.k6t.net.kubevirt.cni.CniPlugin;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code k6t-net cni-daemon}. */
@Command(name = "cni-daemon", mixinStandardHelpOptions = true, sortOptions = false,
        description = "The binding CNI plugin's node daemon: runs the plugin's commands (ADD, CHECK, DEL, STATUS, "
                + "VERSION, GC) that bin/k6t-net-cni forwards on the Unix socket SOCKET, so a pod start does not "
                + "start a JVM; until SIGTERM or SIGINT.",
        footer = {"",
            "Runs on every node (the DaemonSet in deploy/), as root, where it sees the node's network namespace",
            "paths (CNI_NETNS) and the plugin's state directory. The plugin forwards when SOCKET exists and",
            "answers, else runs in-process: start and stop the daemon at any time. The socket is owner-only",
            "(mode 0600); a stale one is replaced, one another daemon answers on is an error.",
            "Prints one line when serving; logs one line per request (command, container, interface,",
            "namespace, exit code, milliseconds) on stderr.",
            "Exits 0 on SIGTERM or SIGINT, with the socket removed and the running requests finished (at most",
            "30 s); 1 when the socket cannot be served; 2 on a bad option."})
public final class CniDaemonCommand extends BaseCommand {
    /** Where the plugin looks for the daemon unless {@code K6T_NET_CNI_SOCKET} says otherwise. */
    static final String DEFAULT_SOCKET = "/run/k6t-net/cni.sock";

    @Option(names = "--socket", paramLabel = "SOCKET", defaultValue = DEFAULT_SOCKET,
            description = "The Unix socket to serve (default: ${DEFAULT-VALUE}, where bin/k6t-net-cni looks; "
                    + "the plugin's K6T_NET_CNI_SOCKET names another).")
    Path socket;

    @Override
    int run() throws InterruptedException {
        // The per-request lines are the daemon's log; the command logs warnings only otherwise.
        if (LoggerFactory.getLogger(CniDaemon.class) instanceof Logger logger && logger.getLevel() == null) {
            logger.setLevel(Level.INFO);
        }
        CountDownLatch termination = Signals.termination();
        CniDaemon daemon;
        try {
            daemon = CniDaemon.start(socket, new CniPlugin());
        } catch (CniDaemonException e) {
            throw CliFailure.failed(e.getMessage(), e);
        }
        try (daemon) {
            PrintWriter out = out();
            out.println("serving CNI requests on " + daemon.socket());
            out.flush();
            termination.await();
        }
        return 0;
    }
}
