package io.k6t.net.it.harden;

import static org.assertj.core.api.Assertions.assertThat;

import io.k6t.net.it.support.Prerequisites;
import io.k6t.net.it.support.TestNetwork;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * busybox udhcpc asking once for a lease and exiting ({@code -q}), with a hook that only records what
 * it got (the namespace is left as it was, so it can ask again).
 */
final class Udhcpc {
    private Udhcpc() {
    }

    /** How one run went: the time from start to exit, and the address it was given if any. */
    record Result(Duration elapsed, String address, String log) {
        boolean leasedWithin(Duration limit) {
            return address.equals(HardenTopology.LEASE_ADDRESS) && elapsed.compareTo(limit) < 0;
        }

        @Override
        public String toString() {
            return (address.isEmpty() ? "no lease" : address) + " after " + elapsed.toMillis() + " ms";
        }
    }

    /** Runs udhcpc in {@code role} until it has a lease; fails unless it got the lease within {@code timeout}. */
    static Duration obtain(HardenTopology topology, String role, Path dir, Duration timeout) {
        Result result = run(topology, role, dir, timeout);
        assertThat(result.address()).as("udhcpc's lease within %s; log:\n%s", timeout, result.log())
                .isEqualTo(HardenTopology.LEASE_ADDRESS);
        return result.elapsed();
    }

    /** Runs udhcpc in {@code role} (up to 3 DISCOVERs a second apart) and reports what happened. */
    static Result run(HardenTopology topology, String role, Path dir, Duration timeout) {
        Prerequisites.requireTool("udhcpc", "udhcpc");
        try {
            Files.createDirectories(dir);
            Path hook = dir.resolve("hook");
            Path result = dir.resolve("bound");
            Files.writeString(hook, "#!/bin/sh\n[ \"$1\" = bound ] && echo \"$ip\" > " + result + "\nexit 0\n",
                    StandardCharsets.US_ASCII);
            Files.setPosixFilePermissions(hook, PosixFilePermissions.fromString("rwx------"));
            Path log = dir.resolve("udhcpc.log");
            long start = System.nanoTime();
            Process process = topology.net().start(role, log, "udhcpc", "-i", "eth0", "-f", "-q", "-n", "-t", "3",
                    "-T", "1", "-s", hook.toString());
            boolean exited = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
            if (!exited) {
                TestNetwork.stop(process);
            }
            String address = exited && process.exitValue() == 0 && Files.exists(result)
                    ? Files.readString(result).strip() : "";
            return new Result(elapsed, address, Files.readString(log));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
