package io.k6t.net.dhcp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The real-world captures the tests share: {@code testdata/pcap} of this repository (see its README
 * for provenance and licences), found by walking up from the working directory, which is a module's
 * directory under Maven and the repository root or a module under an IDE.
 */
public final class SharedPcaps {
    /** Where the captures live, relative to the repository root. */
    static final Path RELATIVE = Path.of("testdata", "pcap");
    /** Where the DHCPv6 captures live, beside them. */
    static final Path RELATIVE6 = Path.of("testdata", "pcap6");

    private SharedPcaps() {
    }

    /** The directory holding the captures; fails naming where it looked if it cannot be found. */
    public static Path directory() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve(RELATIVE);
            if (Files.isRegularFile(candidate.resolve("MANIFEST.tsv"))) {
                return candidate;
            }
            if (Files.isDirectory(dir.resolve(".git")) || Files.isRegularFile(dir.resolve(".git"))) {
                break;
            }
        }
        throw new IllegalStateException("no " + RELATIVE + "/MANIFEST.tsv in the repository above "
                + Path.of("").toAbsolutePath());
    }

    /** The directory holding the DHCPv6 captures ({@code testdata/pcap6}, same layout and manifest). */
    public static Path directory6() {
        Path dir = directory().getParent().getParent().resolve(RELATIVE6);
        if (!Files.isRegularFile(dir.resolve("MANIFEST.tsv"))) {
            throw new IllegalStateException("no " + RELATIVE6 + "/MANIFEST.tsv beside " + directory());
        }
        return dir;
    }

    /** Every {@code *.pcap} / {@code *.pcapng} of {@code testdata/pcap}, sorted by name. */
    public static List<Path> files() {
        return files(directory());
    }

    /** Every {@code *.pcap} / {@code *.pcapng} of {@code testdata/pcap6}, sorted by name. */
    public static List<Path> files6() {
        return files(directory6());
    }

    private static List<Path> files(Path directory) {
        try (Stream<Path> s = Files.list(directory)) {
            return s.filter(p -> p.toString().endsWith(".pcap") || p.toString().endsWith(".pcapng")).sorted()
                    .collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
