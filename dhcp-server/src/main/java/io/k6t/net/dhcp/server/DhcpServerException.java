package io.k6t.net.dhcp.server;

import java.util.Optional;

/** The server could not bind (or add) an interface; the message says which and why in plain words. */
public final class DhcpServerException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** What went wrong, for callers that react differently (e.g. retry when the interface appears). */
    public enum Kind {
        /** The interface does not exist in the server's network namespace (ENODEV). */
        INTERFACE_MISSING,
        /** Port 67 is already taken on that interface, e.g. another DHCP server (EADDRINUSE). */
        PORT_IN_USE,
        /** The interface is already served by this server. */
        ALREADY_SERVED,
        /** Anything else: no epoll, no permission, the server is closed, ... */
        OTHER
    }

    private final Kind kind;
    private final String interfaceName;
    private final int errno;

    public DhcpServerException(Kind kind, String interfaceName, int errno, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.interfaceName = interfaceName;
        this.errno = errno;
    }

    public Kind kind() {
        return kind;
    }

    /** The interface concerned. */
    public String interfaceName() {
        return interfaceName;
    }

    /** The kernel's errno (positive), when the failure came from a system call. */
    public Optional<Integer> errno() {
        return errno > 0 ? Optional.of(errno) : Optional.empty();
    }
}
