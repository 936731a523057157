package io.k6t.net.it.bench;

import io.k6t.net.dhcp.server.DhcpServer;
import io.k6t.net.dhcp.server.InterfaceStats;
import io.k6t.net.dhcp.server.LeaseConfig;
import io.k6t.net.launcher.netns.NetNamespace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The DHCP server alone as a process, for scripts/bench-dhcp.sh, scripts/footprint.sh and
 * scripts/soak.sh (the {@code DhcpServer} of {@code k6t-net dhcp serve}, without the CLI and its
 * per-transaction output). Test scope: library code never prints.
 *
 * <pre>java -cp ... io.k6t.net.it.bench.ServeMain [--netns N] [--ready-file P] [--max-seconds S] LEASE.json...</pre>
 *
 * Serves the leases (sockets in namespace N when given, else in the current one), writes its PID to
 * P once bound, prints the counters of every interface every 10 s, and runs until SIGTERM or S
 * seconds (default: no limit; checked every 10 s).
 */
public final class ServeMain {
    private static final long REPORT_SECONDS = 10;

    private ServeMain() {
    }

    public static void main(String[] args) throws Exception {
        List<Path> leases = new ArrayList<>();
        Optional<String> netns = Optional.empty();
        Path ready = null;
        long maxSeconds = Long.MAX_VALUE;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--netns" -> netns = Optional.of(args[++i]);
                case "--ready-file" -> ready = Path.of(args[++i]);
                case "--max-seconds" -> maxSeconds = Long.parseLong(args[++i]);
                default -> leases.add(Path.of(args[i]));
            }
        }
        if (leases.isEmpty()) {
            throw new IllegalArgumentException(
                    "usage: ServeMain [--netns N] [--ready-file P] [--max-seconds S] LEASE.json...");
        }
        Optional<NetNamespace> namespace = netns.isPresent() ? Optional.of(NetNamespace.open(netns.get()))
                : Optional.empty();
        try {
            DhcpServer.Builder builder = DhcpServer.builder();
            namespace.ifPresent(ns -> builder.channelContext(ns.executor()));
            for (Path lease : leases) {
                builder.lease(LeaseConfig.load(lease));
            }
            serve(builder.build(), ready, maxSeconds);
        } finally {
            namespace.ifPresent(NetNamespace::close);
        }
    }

    private static void serve(DhcpServer server, Path ready, long maxSeconds) throws Exception {
        CountDownLatch stop = new CountDownLatch(1);
        try (server) {
            server.start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                stop.countDown();
                for (InterfaceStats stats : server.stats()) {
                    System.err.println("stats " + stats);
                }
                server.close();
            }, "serve-main-stop"));
            if (ready != null) {
                Files.writeString(ready, ProcessHandle.current().pid() + "\n");
            }
            // --max-seconds is a safety cap for scripts, honoured to the next report.
            for (long waited = 0; waited < maxSeconds && !stop.await(REPORT_SECONDS, TimeUnit.SECONDS);
                    waited += REPORT_SECONDS) {
                System.out.println(server.stats());
            }
        }
    }
}
