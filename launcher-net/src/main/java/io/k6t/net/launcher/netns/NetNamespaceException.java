package io.k6t.net.launcher.netns;

import io.k6t.net.os.Errno;
import java.io.IOException;
import java.nio.file.Path;

/** A network namespace could not be opened or entered; names the path, the call and the errno. */
public final class NetNamespaceException extends IOException {
    private static final long serialVersionUID = 1L;

    private final transient Errno errno;
    private final transient Path path;

    public NetNamespaceException(Path path, String call, Errno errno) {
        super("network namespace " + path + ": " + call + " failed: " + errno);
        this.errno = errno;
        this.path = path;
    }

    public Errno errno() {
        return errno;
    }

    public Path path() {
        return path;
    }
}
