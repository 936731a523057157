package io.k6t.net.launcher.netlink;

import io.k6t.net.launcher.netlink.internal.Captures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Writes the seed corpus of {@link NetlinkDecodeFuzzTest}: every datagram of the captured kernel replies
 * ({@code internal/replies.txt}), one file each. Run from the module directory; the files are committed.
 */
public final class NetlinkFuzzSeeds {
    static final Path INPUTS = Path.of("src/test/resources/io/k6t/net/launcher/netlink",
            "NetlinkDecodeFuzzTestInputs", "decode");

    private NetlinkFuzzSeeds() {
    }

    public static void main(String[] args) throws IOException {
        Files.createDirectories(INPUTS);
        int written = 0;
        for (Map.Entry<String, List<byte[]>> section : Captures.read("replies.txt").entrySet()) {
            String command = section.getKey().replaceAll("[^A-Za-z0-9]+", "-");
            for (int i = 0; i < section.getValue().size(); i++) {
                Files.write(INPUTS.resolve("seed-" + command + "-" + i), section.getValue().get(i));
                written++;
            }
        }
        System.out.println(written + " datagrams written under " + INPUTS.toAbsolutePath());
    }
}
