package io.k6t.net.it.harden;

import io.k6t.net.dhcp.server.DhcpServer;
import io.k6t.net.dhcp.server.LeaseConfig;
import io.k6t.net.launcher.netns.NetNamespace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * The DHCP server alone as a process, for scripts/soak.sh and scripts/footprint.sh (what
 * {@code k6t-net dhcp serve} does, without the CLI): {@code ServeMain NETNS READY_FILE LEASE.json...}
 * serves the leases with sockets in namespace NETNS, writes READY_FILE once bound, prints the counters
 * of every interface every 10 s and runs until SIGTERM.
 */
public final class ServeMain {
    private static final long REPORT_MILLIS = 10_000;

    private ServeMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: ServeMain NETNS READY_FILE LEASE.json...");
            System.exit(2);
        }
        CountDownLatch stop = new CountDownLatch(1);
        try (NetNamespace pod = NetNamespace.open(args[0])) {
            DhcpServer.Builder builder = DhcpServer.builder().channelContext(pod.executor());
            for (int i = 2; i < args.length; i++) {
                builder.lease(LeaseConfig.load(Path.of(args[i])));
            }
            try (DhcpServer server = builder.build()) {
                server.start();
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    stop.countDown();
                    server.close();
                }));
                Files.writeString(Path.of(args[1]), ProcessHandle.current().pid() + "\n");
                while (!stop.await(REPORT_MILLIS, java.util.concurrent.TimeUnit.MILLISECONDS)) {
                    System.out.println(server.stats());
                }
            }
        }
    }
}
