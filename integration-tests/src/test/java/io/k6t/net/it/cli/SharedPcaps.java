package io.k6t.net.it.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The real captures beside the repository (found by dhcp-server's test SharedPcaps) and their manifest. */
final class SharedPcaps {
    private SharedPcaps() {
    }

    static Path dir() {
        return io.k6t.net.dhcp.SharedPcaps.directory();
    }

    static Path capture(String name) {
        Path file = dir().resolve(name);
        if (!Files.isRegularFile(file)) {
            throw new AssertionError("missing shared capture " + file);
        }
        return file;
    }

    static List<Path> all() {
        return io.k6t.net.dhcp.SharedPcaps.files();
    }

    /** The DHCPv6 captures of {@code testdata/pcap6}. */
    static List<Path> all6() {
        return io.k6t.net.dhcp.SharedPcaps.files6();
    }

    static Path capture6(String name) {
        Path file = io.k6t.net.dhcp.SharedPcaps.directory6().resolve(name);
        if (!Files.isRegularFile(file)) {
            throw new AssertionError("missing shared capture " + file);
        }
        return file;
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
