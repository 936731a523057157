package io.k6t.net.cli.internal;

import io.k6t.net.os.Errno;
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
        } catch (IllegalArgumentException e) {
            throw CliFailure.usage(e.getMessage(), e);
        } catch (IOException e) {
            throw failure(nameOrPath, e);
        }
    }

    /** A namespace that does not exist is a usage error (exit 2); one that cannot be entered a failure. */
    static CliFailure failure(String nameOrPath, IOException e) {
        if (e instanceof NetNamespaceException ns && Errno.ENOENT.equals(ns.errno())) {
            return CliFailure.usage("network namespace '" + nameOrPath + "' does not exist (" + ns.path() + ")", e);
        }
        return CliFailure.failed("cannot enter network namespace '" + nameOrPath + "': " + e.getMessage(), e);
    }
}
