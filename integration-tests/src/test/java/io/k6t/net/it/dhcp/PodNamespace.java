package io.k6t.net.it.dhcp;

import io.k6t.net.launcher.netns.NetNamespace;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/** Opens launcher-net's {@link NetNamespace} for a test namespace, failing the test when it cannot. */
final class PodNamespace {
    private PodNamespace() {
    }

    static NetNamespace open(Path namespaceFile) {
        try {
            return NetNamespace.open(namespaceFile);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot enter " + namespaceFile, e);
        }
    }
}
