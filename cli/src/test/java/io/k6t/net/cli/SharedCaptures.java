package io.k6t.net.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds the real DHCP captures kept beside the repository ({@code shared/pcap}): the system property
 * {@code k6t.shared} if set, else the first {@code shared/pcap} found walking up from the working directory.
 */
public final class SharedCaptures {
    private SharedCaptures() {
    }

    /** The directory holding the captures and MANIFEST.tsv. */
    public static Path dir() {
        String configured = System.getProperty("k6t.shared");
        if (configured != null) {
            return Path.of(configured).resolve("pcap");
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared").resolve("pcap");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        throw new AssertionError("no shared/pcap directory above " + Path.of("").toAbsolutePath()
                + " (set -Dk6t.shared=/path/to/shared)");
    }

    /** One capture by file name. */
    public static Path capture(String name) {
        Path file = dir().resolve(name);
        if (!Files.isRegularFile(file)) {
            throw new AssertionError("missing shared capture " + file);
        }
        return file;
    }
}
