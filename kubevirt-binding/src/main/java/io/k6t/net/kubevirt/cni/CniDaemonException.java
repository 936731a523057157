package io.k6t.net.kubevirt.cni;

/** {@link CniDaemon} cannot serve its socket: another daemon answers there, or it cannot be bound. */
public final class CniDaemonException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** A start-up failure naming the socket, with its cause (or null). */
    public CniDaemonException(String message, Throwable cause) {
        super(message, cause);
    }
}
