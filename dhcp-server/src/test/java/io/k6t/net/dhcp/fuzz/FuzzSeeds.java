package io.k6t.net.dhcp.fuzz;

import io.k6t.net.dhcp.Pcap;
import io.k6t.net.dhcp.SharedPcaps;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * Writes the seed corpus of {@link DhcpFuzzTest}: every distinct DHCP payload of the shared captures,
 * one file each ({@code seed-<capture>-<frame>}), into each fuzz test's inputs directory. Run from the
 * module directory after adding captures:
 * {@code java -cp target/test-classes:target/classes:$(cat cp.txt) io.k6t.net.dhcp.fuzz.FuzzSeeds}
 * (docs/reliability.md); the files are committed, so builds do not need this.
 */
public final class FuzzSeeds {
    static final List<String> TARGETS = List.of("decode", "respond", "serve");
    static final Path INPUTS = Path.of("src/test/resources/io/k6t/net/dhcp/fuzz/DhcpFuzzTestInputs");

    private FuzzSeeds() {
    }

    public static void main(String[] args) throws IOException {
        Set<String> seen = new HashSet<>();
        int written = 0;
        for (Path capture : SharedPcaps.files()) {
            for (Pcap.Udp udp : Pcap.readDhcp(capture)) {
                if (!seen.add(HexFormat.of().formatHex(udp.payload()))) {
                    continue;
                }
                String name = "seed-" + capture.getFileName().toString().replaceAll("\\.pcap(ng)?$", "") + "-"
                        + udp.frame();
                for (String target : TARGETS) {
                    Path dir = INPUTS.resolve(target);
                    Files.createDirectories(dir);
                    Files.write(dir.resolve(name), udp.payload());
                }
                written++;
            }
        }
        System.out.println(written + " distinct payloads written under " + INPUTS.toAbsolutePath());
    }
}
