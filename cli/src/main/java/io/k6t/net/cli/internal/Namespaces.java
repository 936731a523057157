package io.k6t.net.cli.internal;

import io.k6t.net.launcher.netlink.Errno;
import io.k6t.net.launcher.netns.NetNamespace;
import io.k6t.net.launcher.netns.NetNamespaceException;
import java.io.IOException;
import java.util.Optional;

/** Opens the {@code --netns} option's namespace, turning a wrong name into a usage error. */
final class Namespaces {
    private Namespaces() {
    }

    /** The namespace {@code nameOrPath}, or empty (the current one) when it is null. */
    static Optional<NetNamespace> open(String nameOrPath) {
        if (nameOrPath == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(NetNamespace.open(nameOrPath));
        } catch (NetNamespaceException e) {
            if (Errno.ENOENT.equals(e.errno())) {
                throw CliFailure.usage("network namespace '" + nameOrPath + "' does not exist (" + e.path() + ")",
                        e);
            }
            throw CliFailure.failed("cannot enter network namespace '" + nameOrPath + "': " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw CliFailure.usage(e.getMessage(), e);
        } catch (IOException e) {
            throw CliFailure.failed("cannot enter network namespace '" + nameOrPath + "': " + e.getMessage(), e);
        }
    }
}
