package io.k6t.net.cli.internal;

import io.k6t.net.dhcp.server.DhcpServer;
import io.k6t.net.dhcp.server.DhcpServerException;
import io.k6t.net.dhcp.server.InterfaceStats;
import io.k6t.net.dhcp.v6.server.Dhcp6Server;
import io.k6t.net.dhcp.v6.server.Stats6;
import io.k6t.net.launcher.ra.RouterAdvertiser;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import org.slf4j.LoggerFactory;

/**
 * Runs started DHCP servers (DHCPv4, DHCPv6, router advertisers) until SIGTERM or SIGINT: writes the
 * ready file once they are bound; on the signal prints the counters, closes the servers and removes the
 * ready file; the command then exits 0.
 */
final class Serving {
    private Serving() {
    }

    /**
     * What one command serves: the DHCPv4 server (possibly with no interface), the DHCPv6 server if any
     * interface has IPv6, and the router advertisers, one per bridge served over IPv6.
     */
    record Served(DhcpServer dhcp, Optional<Dhcp6Server> dhcp6, List<RouterAdvertiser> advertisers) {
        Served {
            advertisers = List.copyOf(advertisers);
        }

        /** The bridges served, each once, DHCPv4 first: the ready file's lines. */
        List<String> interfaces() {
            Set<String> names = new LinkedHashSet<>(dhcp.interfaces());
            dhcp6.ifPresent(s -> names.addAll(s.interfaces()));
            return List.copyOf(names);
        }

        /**
         * One line per served bridge and family: {@code k6t-eth0: received ...} (DHCPv4), {@code k6t-eth0:
         * DHCPv6 received ...}, {@code k6t-eth0: router solicitations N, advertisements N}.
         */
        void printCounters(PrintWriter out) {
            for (InterfaceStats stats : dhcp.stats()) {
                out.println(stats.interfaceName() + ": received " + stats.received() + ", offered "
                        + stats.offered() + ", acked " + stats.acked() + ", naked " + stats.naked() + ", informed "
                        + stats.informed() + ", dropped " + stats.droppedTotal());
            }
            if (dhcp6.isPresent()) {
                for (Stats6 stats : dhcp6.get().stats()) {
                    long dropped = stats.dropped().values().stream().mapToLong(Long::longValue).sum();
                    out.println(stats.interfaceName() + ": DHCPv6 received " + stats.received() + ", advertised "
                            + stats.advertised() + ", replied " + stats.replied() + ", dropped " + dropped);
                }
            }
            for (RouterAdvertiser advertiser : advertisers) {
                out.println(advertiser.bridge() + ": router solicitations " + advertiser.solicitations()
                        + ", advertisements " + advertiser.advertisements());
            }
            out.flush();
        }

        /** Closes the advertisers and the servers; each is closed even if another fails. */
        void close() {
            try {
                for (RouterAdvertiser advertiser : advertisers) {
                    advertiser.close();
                }
            } finally {
                try {
                    dhcp6.ifPresent(Dhcp6Server::close);
                } finally {
                    dhcp.close();
                }
            }
        }
    }

    /** Starts {@code server}, or fails with one line naming the interface. */
    static void start(DhcpServer server) {
        try {
            server.start();
        } catch (DhcpServerException e) {
            server.close();
            throw CliFailure.failed(e.getMessage(), e);
        }
    }

    /**
     * Blocks until SIGTERM/SIGINT, with {@code readyFile} (if any) present while serving; then prints
     * the counters, closes the servers and removes the ready file, and returns.
     */
    static void untilSignalled(Served served, Path readyFile, PrintWriter out) throws InterruptedException {
        untilSignalled(served, readyFile, out, () -> { });
    }

    /** As above; {@code beforeCounters} runs first at the end (e.g. writes the lines still buffered). */
    static void untilSignalled(Served served, Path readyFile, PrintWriter out, Runnable beforeCounters)
            throws InterruptedException {
        CountDownLatch termination = Signals.termination();
        if (readyFile != null) {
            writeReady(readyFile, served);
        }
        try {
            termination.await();
        } finally {
            beforeCounters.run();
            served.printCounters(out);
            served.close();
            if (readyFile != null) {
                deleteQuietly(readyFile);
            }
        }
    }

    private static void writeReady(Path readyFile, Served served) {
        try {
            Path parent = readyFile.toAbsolutePath().getParent();
            Path partial = Files.createTempFile(parent, ".k6t-ready", ".tmp");
            Files.writeString(partial, String.join("\n", served.interfaces()) + "\n", StandardCharsets.UTF_8);
            Files.move(partial, readyFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            served.close();
            throw CliFailure.failed("cannot write the ready file " + readyFile + ": " + e.getMessage(), e);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // Best effort on the way out: the server is closed either way, and a stale ready file
            // is overwritten by the next start.
            LoggerFactory.getLogger(Serving.class).warn("cannot remove {}: {}", file, e.toString());
        }
    }
}
