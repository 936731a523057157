package io.k6t.net.cli;

import io.k6t.net.dhcp.SharedPcaps;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** One of the real captures beside the repository, found by dhcp-server's test {@link SharedPcaps}. */
public final class SharedCaptures {
    private SharedCaptures() {
    }

    /** One capture by file name. */
    public static Path capture(String name) {
        Path file = SharedPcaps.directory().resolve(name);
        if (!Files.isRegularFile(file)) {
            throw new AssertionError("missing shared capture " + file);
        }
        return file;
    }

    /** One of the DHCPv6 captures ({@code testdata/pcap6}) by file name. */
    public static Path capture6(String name) {
        Path file = SharedPcaps.directory6().resolve(name);
        if (!Files.isRegularFile(file)) {
            throw new AssertionError("missing shared capture " + file);
        }
        return file;
    }

    /**
     * One of the codec's golden DHCPv6 captures of real Linux clients ({@code golden6/NAME} in dhcp-server's
     * test resources), copied to {@code dir} so libpcap can open it.
     */
    public static Path golden6(String name, Path dir) {
        try (InputStream in = SharedCaptures.class.getResourceAsStream("/golden6/" + name)) {
            if (in == null) {
                throw new AssertionError("missing golden capture golden6/" + name);
            }
            Path file = dir.resolve(name);
            Files.copy(in, file);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
