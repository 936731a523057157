package io.k6t.net.cli.internal;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --ready-file P}: written once every DHCP server is bound, so a supervisor can wait for it. */
final class ReadyFileOption {
    @Option(names = "--ready-file", paramLabel = "FILE",
            description = "Written (atomically) once every DHCP server is bound; not written on failure.")
    Path readyFile;
}
