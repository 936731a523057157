package io.k6t.net.it.bench;

import io.k6t.net.dhcp.server.DhcpServer;
import io.k6t.net.dhcp.server.InterfaceStats;
import io.k6t.net.dhcp.server.LeaseConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Runs the DHCP server from lease files in the current network namespace until SIGTERM or
 * {@code --max-seconds} (default 600) pass, for scripts/bench-dhcp.sh before the CLI exists.
 * Test scope: library code never prints or exits.
 *
 * <pre>java -cp ... io.k6t.net.it.bench.ServeMain [--ready-file P] [--max-seconds N] LEASE.json...</pre>
 */
public final class ServeMain {
    private ServeMain() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        List<Path> leases = new ArrayList<>();
        Path ready = null;
        long maxSeconds = 600;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--ready-file" -> ready = Path.of(args[++i]);
                case "--max-seconds" -> maxSeconds = Long.parseLong(args[++i]);
                default -> leases.add(Path.of(args[i]));
            }
        }
        if (leases.isEmpty()) {
            System.err.println("usage: ServeMain [--ready-file P] [--max-seconds N] LEASE.json...");
            System.exit(2);
        }
        DhcpServer.Builder builder = DhcpServer.builder();
        for (Path lease : leases) {
            builder.lease(LeaseConfig.load(lease));
        }
        CountDownLatch stop = new CountDownLatch(1);
        try (DhcpServer server = builder.build()) {
            server.start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                stop.countDown();
                for (InterfaceStats stats : server.stats()) {
                    System.err.println("stats " + stats);
                }
            }, "serve-main-stop"));
            if (ready != null) {
                Files.writeString(ready, ProcessHandle.current().pid() + "\n");
            }
            stop.await(maxSeconds, TimeUnit.SECONDS);
        }
    }
}
