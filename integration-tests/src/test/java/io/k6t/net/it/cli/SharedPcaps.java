package io.k6t.net.it.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The real captures beside the repository ({@code shared/pcap}): the system property {@code k6t.shared}
 * if set, else the first {@code shared/pcap} found walking up from the working directory.
 */
final class SharedPcaps {
    private SharedPcaps() {
    }

    static Path dir() {
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
        throw new AssertionError("no shared/pcap above " + Path.of("").toAbsolutePath() + " (set -Dk6t.shared)");
    }

    static Path capture(String name) {
        Path file = dir().resolve(name);
        if (!Files.isRegularFile(file)) {
            throw new AssertionError("missing shared capture " + file);
        }
        return file;
    }

    static List<Path> all() {
        try (Stream<Path> files = Files.list(dir())) {
            return files.filter(f -> f.getFileName().toString().endsWith(".pcap")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** MANIFEST.tsv's notes column by file name. */
    static Map<String, String> notes() {
        try {
            Map<String, String> notes = new LinkedHashMap<>();
            List<String> lines = Files.readAllLines(dir().resolve("MANIFEST.tsv"));
            for (String line : lines.subList(1, lines.size())) {
                String[] columns = line.split("\t");
                notes.put(columns[0], columns.length > 7 ? columns[7] : "");
            }
            return notes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
