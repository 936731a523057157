package io.k6t.net.dhcp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The shared real-world captures ({@code shared/pcap} beside the repository): system property
 * {@code k6t.shared} if set, else the first {@code shared/pcap} found walking up from the working
 * directory (a worktree, the repository, or CI's checkout all have {@code shared/} as a sibling of an
 * ancestor).
 */
public final class SharedPcaps {
    private SharedPcaps() {
    }

    /** The directory holding the shared pcaps; fails if it cannot be found. */
    public static Path directory() {
        String property = System.getProperty("k6t.shared");
        if (property != null) {
            Path p = Path.of(property).resolve("pcap");
            if (Files.isDirectory(p)) {
                return p;
            }
            throw new IllegalStateException("k6t.shared=" + property + " has no pcap directory");
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared").resolve("pcap");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("no shared/pcap directory above " + Path.of("").toAbsolutePath()
                + " (set -Dk6t.shared=DIR)");
    }

    /** Every {@code *.pcap} / {@code *.pcapng} there, sorted by name. */
    public static List<Path> files() {
        try (Stream<Path> s = Files.list(directory())) {
            return s.filter(p -> p.toString().endsWith(".pcap") || p.toString().endsWith(".pcapng")).sorted()
                    .collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
