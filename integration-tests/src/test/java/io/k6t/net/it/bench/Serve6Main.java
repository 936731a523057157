package io.k6t.net.it.bench;

import com.google.common.net.InetAddresses;
import io.k6t.net.dhcp.MacAddress;
import io.k6t.net.dhcp.v6.server.Dhcp6Server;
import io.k6t.net.dhcp.v6.server.Lease6;
import io.k6t.net.dhcp.v6.server.Stats6;
import java.net.Inet6Address;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * The DHCPv6 server alone as a process, for scripts/bench-dhcp6.sh (the {@code Dhcp6Server} that
 * {@code serve} and {@code run} start per bridge, from a lease given on the command line instead of the
 * plan). Test scope: library code never prints.
 *
 * <pre>java -cp ... io.k6t.net.it.bench.Serve6Main --interface IF --server-mac MAC --client-mac MAC
 *     --address ADDR/LEN [--dns ADDR] [--search DOMAIN] [--ready-file P]</pre>
 *
 * Serves the lease on IF in the current network namespace, writes its PID to P once bound, and runs until
 * SIGTERM, then prints the counters to stderr.
 */
public final class Serve6Main {
    private Serve6Main() {
    }

    public static void main(String[] args) throws Exception {
        String name = null;
        MacAddress serverMac = null;
        MacAddress clientMac = null;
        String address = null;
        List<Inet6Address> dns = List.of();
        List<String> search = List.of();
        Path ready = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--interface" -> name = args[++i];
                case "--server-mac" -> serverMac = MacAddress.parse(args[++i]);
                case "--client-mac" -> clientMac = MacAddress.parse(args[++i]);
                case "--address" -> address = args[++i];
                case "--dns" -> dns = List.of((Inet6Address) InetAddresses.forString(args[++i]));
                case "--search" -> search = List.of(args[++i]);
                case "--ready-file" -> ready = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        if (name == null || serverMac == null || clientMac == null || address == null || !address.contains("/")) {
            throw new IllegalArgumentException("usage: Serve6Main --interface IF --server-mac MAC --client-mac MAC"
                    + " --address ADDR/LEN [--dns ADDR] [--search DOMAIN] [--ready-file P]");
        }
        String[] parts = address.split("/", 2);
        Lease6 lease = new Lease6(name, serverMac, clientMac, (Inet6Address) InetAddresses.forString(parts[0]),
                Integer.parseInt(parts[1]), Lease6.DEFAULT_LEASE_SECONDS, dns, search, false);
        CountDownLatch stop = new CountDownLatch(1);
        try (Dhcp6Server server = Dhcp6Server.builder().lease(lease).build()) {
            server.start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                for (Stats6 stats : server.stats()) {
                    System.err.println("stats " + stats);
                }
                server.close();
                stop.countDown();
            }, "serve6-main-stop"));
            if (ready != null) {
                Files.writeString(ready, ProcessHandle.current().pid() + "\n");
            }
            stop.await();
        }
    }
}
