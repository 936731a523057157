package io.k6t.net.it.harden;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
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
