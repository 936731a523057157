package io.k6t.net.cli.internal;

import io.k6t.net.dhcp.server.DhcpServer;
import io.k6t.net.dhcp.server.DhcpServerException;
import io.k6t.net.dhcp.server.InterfaceStats;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.CountDownLatch;
import org.slf4j.LoggerFactory;

/**
 * Runs started DHCP servers until SIGTERM or SIGINT: writes the ready file once they are bound;
 * on the signal prints the counters, closes the servers and removes the ready file; the command
 * then exits 0.
 */
final class Serving {
    private Serving() {
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
     * the counters, closes the server and removes the ready file, and returns.
     */
    static void untilSignalled(DhcpServer server, Path readyFile, PrintWriter out) throws InterruptedException {
        CountDownLatch termination = Signals.termination();
        if (readyFile != null) {
            writeReady(readyFile, server);
        }
        try {
            termination.await();
        } finally {
            for (InterfaceStats stats : server.stats()) {
                out.println(stats.interfaceName() + ": received " + stats.received() + ", offered "
                        + stats.offered() + ", acked " + stats.acked() + ", naked " + stats.naked() + ", informed "
                        + stats.informed() + ", dropped " + stats.droppedTotal());
            }
            out.flush();
            server.close();
            if (readyFile != null) {
                deleteQuietly(readyFile);
            }
        }
    }

    private static void writeReady(Path readyFile, DhcpServer server) {
        try {
            Path parent = readyFile.toAbsolutePath().getParent();
            Path partial = Files.createTempFile(parent, ".k6t-ready", ".tmp");
            Files.writeString(partial, String.join("\n", server.interfaces()) + "\n", StandardCharsets.UTF_8);
            Files.move(partial, readyFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            server.close();
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
