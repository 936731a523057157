package io.k6t.net.kubevirt.sidecar;

import java.nio.file.Path;

/** The hook socket cannot be served: the directory is missing, or another process serves the socket. */
public final class HookServerException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient Path socket;

    /** An error about {@code socket}. */
    public HookServerException(Path socket, String message, Throwable cause) {
        super(socket + ": " + message, cause);
        this.socket = socket;
    }

    /** The socket path that could not be served. */
    public Path socket() {
        return socket;
    }
}
