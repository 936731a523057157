package io.k6t.net.it.harden;

import io.k6t.net.it.support.Poll;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The test JVM's open file descriptors, from {@code /proc/self/fd}, by what they point to. */
public final class OpenFiles {
    private OpenFiles() {
    }

    /** Descriptor targets ({@code socket:[…]} and {@code anon_inode:[eventpoll]} kinds merged) to counts. */
    public static Map<String, Long> byKind() {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.map(OpenFiles::target).collect(Collectors.groupingBy(OpenFiles::kind, TreeMap::new,
                    Collectors.counting()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits (10 s at most) until the descriptors are {@code before} again; fails showing both. */
    public static void awaitBackTo(Map<String, Long> before, String what) {
        AtomicReference<Map<String, Long>> after = new AtomicReference<>();
        try {
            Poll.untilTrue(Duration.ofSeconds(10), what + ": descriptors back to " + before, () -> {
                after.set(byKind());
                return after.get().equals(before);
            });
        } finally {
            System.err.println("[harden] " + what + ": open descriptors before " + before + " after " + after.get());
        }
    }

    public static long count() {
        return byKind().values().stream().mapToLong(Long::longValue).sum();
    }

    private static String target(Path fd) {
        try {
            return Files.readSymbolicLink(fd).toString();
        } catch (IOException e) {
            return "(closed while listing)";
        }
    }

    private static String kind(String target) {
        return target.replaceAll("\\[\\d+]$", "[]");
    }
}
