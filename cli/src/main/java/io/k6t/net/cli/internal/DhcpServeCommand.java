package io.k6t.net.cli.internal;

import io.k6t.net.cli.internal.dhcp.Decisions;
import io.k6t.net.dhcp.server.DhcpServer;
import io.k6t.net.dhcp.server.DhcpServerException;
import io.k6t.net.dhcp.server.LeaseConfig;
import io.k6t.net.dhcp.server.Transaction;
import io.k6t.net.dhcp.server.TransactionListener;
import io.k6t.net.dhcp.v6.server.Dhcp6Server;
import io.k6t.net.dhcp.v6.server.Lease6;
import io.k6t.net.launcher.netns.NetNamespace;
import io.k6t.net.launcher.ra.RouterAdvertisement;
import io.k6t.net.launcher.ra.RouterAdvertiser;
import io.k6t.net.launcher.ra.RouterAdvertiserException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
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
            "Prints one line per request: interface, message type, xid, client MAC (DHCPv6: the client's",
            "DUID), sender and the decision. A DHCPv6 lease file (--lease6) holds interface, serverMac (the",
            "server's DUID-LL is made of it), clientMac (the only client served, told by its EUI-64",
            "link-local source or its DUID), address (addr/len), and optionally leaseSeconds (default 86400),",
            "dnsServers, searchDomains, rapidCommit (default true). --advertise also sends router",
            "advertisements on each --lease6 bridge (M and O flags, the lease's prefix on-link, DNS): every",
            "30 s and on solicitation; clients such as dhcpcd and systemd-networkd start DHCPv6 only then.",
            "The ready file is written once every server is bound and removed when the command ends;",
            "SIGTERM or SIGINT end it with exit 0 after printing the counters (as serve does). An invalid",
            "lease file or no lease at all exits with 2, an interface that does not exist or a port 67",
            "or 547 already taken with 1."})
public final class DhcpServeCommand extends BaseCommand {
    /** How long a transaction's line may wait in the buffer before it is written. */
    static final long FLUSH_MILLIS = 50;
    /** As the pod's advertisers: RFC 4861's default MaxRtrAdvInterval is 600 s, guests need them sooner. */
    private static final Duration ADVERTISEMENT_INTERVAL = Duration.ofSeconds(30);

    @Option(names = "--lease", paramLabel = "FILE",
            description = "Lease file (JSON); one server per file, bound to the file's interface. Repeatable.")
    List<Path> leases = new ArrayList<>();

    @Option(names = "--lease6", paramLabel = "FILE",
            description = "DHCPv6 lease file (JSON); one server per file, on [::]:547 of the file's interface. "
                    + "Repeatable.")
    List<Path> leases6 = new ArrayList<>();

    @Option(names = "--advertise",
            description = "Also send router advertisements on the interface of each --lease6 file.")
    boolean advertise;

    @Option(names = "--netns", paramLabel = "NETNS",
            description = "Network namespace to serve in: a name under /run/netns or a path.")
    String netns;

    @Mixin
    ReadyFileOption ready;

    @Override
    int run() throws InterruptedException {
        if (leases.isEmpty() && leases6.isEmpty()) {
            throw CliFailure.usage("no lease: give --lease FILE (DHCPv4) or --lease6 FILE (DHCPv6), or both");
        }
        if (advertise && leases6.isEmpty()) {
            throw CliFailure.usage("--advertise: router advertisements need a --lease6 file");
        }
        DhcpServer.Builder builder = DhcpServer.builder();
        for (Path lease : leases) {
            builder.lease(LeaseConfig.load(lease));
        }
        Dhcp6Server.Builder builder6 = Dhcp6Server.builder();
        List<Lease6> loaded6 = new ArrayList<>();
        for (Path lease : leases6) {
            Lease6 lease6 = Lease6.load(lease);
            loaded6.add(lease6);
            try {
                builder6.lease(lease6);
            } catch (IllegalArgumentException e) {
                throw CliFailure.usage(lease + ": " + e.getMessage(), e);
            }
        }
        PrintWriter out = out();
        Lines lines = new Lines(out);
        builder.listener(lines);
        builder6.listener(t -> lines.printNow(Decisions.line(t)));
        Optional<NetNamespace> namespace = Namespaces.open(netns);
        Executor context = namespace.isPresent() ? namespace.get().executor() : Runnable::run;
        namespace.ifPresent(ns -> {
            builder.channelContext(ns.executor());
            builder6.channelContext(ns.executor());
        });
        DhcpServer server = builder.build();
        Optional<Dhcp6Server> server6 = Optional.empty();
        List<RouterAdvertiser> advertisers = new ArrayList<>();
        try {
            Serving.start(server);
            if (!loaded6.isEmpty()) {
                server6 = Optional.of(builder6.build());
                start6(server6.get());
            }
            if (advertise) {
                for (Lease6 lease : loaded6) {
                    advertisers.add(advertiser(lease, context));
                }
            }
        } catch (RuntimeException e) {
            new Serving.Served(server, server6, advertisers).close();
            namespace.ifPresent(NetNamespace::close);
            throw e;
        }
        try {
            Serving.untilSignalled(new Serving.Served(server, server6, advertisers), ready.readyFile, out,
                    lines::drain);
        } finally {
            namespace.ifPresent(NetNamespace::close);
        }
        return 0;
    }

    private static void start6(Dhcp6Server server) {
        try {
            server.start();
        } catch (DhcpServerException e) {
            throw CliFailure.failed(e.getMessage(), e);
        }
    }

    private static RouterAdvertiser advertiser(Lease6 lease, Executor context) {
        try {
            // No MTU option: a lease file has no MTU, and the guest keeps its link's.
            return RouterAdvertiser.start(lease.interfaceName(), RouterAdvertisement.forGuest(lease, 0), context,
                    ADVERTISEMENT_INTERVAL);
        } catch (RouterAdvertiserException e) {
            throw CliFailure.failed(e.getMessage(), e);
        }
    }

    /**
     * The transaction lines of both families, written at most every {@link #FLUSH_MILLIS}. A DHCPv4
     * transaction waits as it is until then and its line is built with the others of that interval: the
     * server's thread goes back to the next request without running the line's code (its formatting, the
     * writer's layers) between two requests, where it would push the request path out of the CPU's
     * caches. Measured at 1000 exchanges/s, the line built per request cost 10-30 % of the server's CPU
     * per message; building them in a batch costs a fraction of that (docs/benchmarks.md).
     */
    static final class Lines implements TransactionListener {
        /**
         * At most this many transactions wait for their lines; the next one writes them at once. Few: a
         * waiting transaction (about 1.3 kB with its request and reply) survives a young collection, and
         * the servers' survivor space is about 100 kB (-Xmn1m), which more would overflow into the old
         * generation.
         */
        static final int PENDING = 32;

        private final PrintWriter out;
        private final Transaction[] pending = new Transaction[PENDING];
        private int pendingCount;
        private boolean flushPending;
        private final StringBuilder line = new StringBuilder(256);
        private char[] chars = new char[256];

        Lines(PrintWriter out) {
            this.out = out;
        }

        @Override
        public void onTransaction(Transaction transaction) {
            synchronized (out) {
                if (pendingCount == PENDING) {
                    writePending();
                }
                pending[pendingCount++] = transaction;
            }
        }

        /**
         * Builds the waiting lines into the writer, in order. One builder and one char array for every line
         * (measured: building each line from strings was about a tenth of the server's time under load);
         * write, not println: picocli's writer flushes on println. Holds {@code out}'s lock.
         */
        private void writePending() {
            for (int i = 0; i < pendingCount; i++) {
                line.setLength(0);
                Decisions.appendLine(pending[i], line).append(System.lineSeparator());
                pending[i] = null;
                int length = line.length();
                if (chars.length < length) {
                    chars = new char[length * 2];
                }
                line.getChars(0, length, chars, 0);
                out.write(chars, 0, length);
            }
            pendingCount = 0;
        }

        /**
         * Prints and flushes, after the DHCPv4 lines waiting: DHCPv6 comes a few messages per lease, never in
         * bursts worth batching.
         */
        void printNow(String text) {
            synchronized (out) {
                writePending();
                out.print(text);
                out.print(System.lineSeparator());
                out.flush();
            }
        }

        /** Writes every waiting line now: before the counters at exit, so none is lost or comes after them. */
        void drain() {
            synchronized (out) {
                writePending();
                out.flush();
            }
        }

        /**
         * Writes the waiting lines at most every FLUSH_MILLIS: one write instead of one per request
         * (measured: a write per request was about 7 % of the server's time at 2000 exchanges/s).
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
                    writePending();
                    out.flush();
                }
            }, FLUSH_MILLIS, TimeUnit.MILLISECONDS);
        }
    }
}
