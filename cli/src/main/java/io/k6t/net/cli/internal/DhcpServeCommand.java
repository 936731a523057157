package io.k6t.net.cli.internal;

import io.k6t.net.cli.internal.dhcp.Decisions;
import io.k6t.net.dhcp.server.DhcpServer;
import io.k6t.net.dhcp.server.LeaseConfig;
import io.k6t.net.dhcp.server.Transaction;
import io.k6t.net.dhcp.server.TransactionListener;
import io.k6t.net.launcher.netns.NetNamespace;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code k6t-net dhcp serve}. */
@Command(name = "serve", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Runs only the DHCP server(s), from lease files, with no setup, until SIGTERM: "
                + "for debugging and tests.",
        footer = {"",
            "Prints one line per request: interface, message type, xid, client MAC, sender and the decision.",
            "The ready file is written once every server is bound and removed when the command ends;",
            "SIGTERM or SIGINT end it with exit 0 after printing the counters. An invalid lease file exits",
            "with 2, an interface that does not exist or a port 67 already taken with 1."})
public final class DhcpServeCommand extends BaseCommand {
    /** How long a transaction's line may wait in the buffer before it is written. */
    static final long FLUSH_MILLIS = 50;

    @Option(names = "--lease", required = true, paramLabel = "FILE",
            description = "Lease file (JSON); one server per file, bound to the file's interface. Repeatable.")
    List<Path> leases;

    @Option(names = "--netns", paramLabel = "NETNS",
            description = "Network namespace to serve in: a name under /run/netns or a path.")
    String netns;

    @Mixin
    ReadyFileOption ready;

    @Override
    int run() throws InterruptedException {
        DhcpServer.Builder builder = DhcpServer.builder();
        for (Path lease : leases) {
            builder.lease(LeaseConfig.load(lease));
        }
        PrintWriter out = out();
        builder.listener(new TransactionListener() {
            private boolean flushPending;
            private final StringBuilder line = new StringBuilder(256);
            private char[] chars = new char[256];

            @Override
            public void onTransaction(Transaction transaction) {
                // One builder and one char array for every line (measured: building each line from
                // strings was about a tenth of the server's time under load); write, not println:
                // picocli's writer flushes on println, and the lines leave together.
                synchronized (out) {
                    line.setLength(0);
                    Decisions.appendLine(transaction, line).append(System.lineSeparator());
                    int length = line.length();
                    if (chars.length < length) {
                        chars = new char[length * 2];
                    }
                    line.getChars(0, length, chars, 0);
                    out.write(chars, 0, length);
                }
            }

            /**
             * Writes the buffered lines at most every FLUSH_MILLIS: one write instead of one per request
             * (measured: a write per request was about 7 % of the server's time at 2000 exchanges/s).
             * The counters at exit are printed after a final flush, so no line is lost.
             */
            @Override
            public void onBurstEnd(ScheduledExecutorService serverThread) {
                synchronized (out) {
                    if (flushPending) {
                        return;
                    }
                    flushPending = true;
                }
                serverThread.schedule(() -> {
                    synchronized (out) {
                        flushPending = false;
                        out.flush();
                    }
                }, FLUSH_MILLIS, TimeUnit.MILLISECONDS);
            }
        });
        Optional<NetNamespace> namespace = Namespaces.open(netns);
        namespace.ifPresent(ns -> builder.channelContext(ns.executor()));
        try (DhcpServer server = builder.build()) {
            Serving.start(server);
            Serving.untilSignalled(server, ready.readyFile, out);
        } finally {
            namespace.ifPresent(NetNamespace::close);
        }
        return 0;
    }
}
