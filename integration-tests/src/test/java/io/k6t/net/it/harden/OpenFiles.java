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

    /**
     * Waits (10 s at most) until no kind of descriptor is open more often than in {@code before}; fails
     * showing both. A kind may have fewer: the pipes of a child process the test ran before the snapshot
     * close when the JVM reaps it, whatever the code under test does, and a descriptor that closed is no
     * leak. A leak is one that stays open beyond the snapshot.
     */
    public static void awaitBackTo(Map<String, Long> before, String what) {
        AtomicReference<Map<String, Long>> after = new AtomicReference<>();
        try {
            Poll.untilTrue(Duration.ofSeconds(10), what + ": no descriptor open beyond " + before, () -> {
                after.set(byKind());
                return leaked(before, after.get()).isEmpty();
            });
        } finally {
            System.err.println("[harden] " + what + ": open descriptors before " + before + " after " + after.get());
        }
    }

    /** The kinds open more often in {@code after} than in {@code before}, with how many more. */
    static Map<String, Long> leaked(Map<String, Long> before, Map<String, Long> after) {
        Map<String, Long> leaked = new TreeMap<>();
        after.forEach((kind, count) -> {
            long extra = count - before.getOrDefault(kind, 0L);
            if (extra > 0) {
                leaked.put(kind, extra);
            }
        });
        return leaked;
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
