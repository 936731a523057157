package io.k6t.net.cli;

import io.k6t.net.dhcp.SharedPcaps;
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
}
