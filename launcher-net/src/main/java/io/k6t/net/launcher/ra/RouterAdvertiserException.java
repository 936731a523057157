package io.k6t.net.launcher.ra;

/** The router advertisement socket of a bridge could not be set up; carries the bridge and the errno. */
public final class RouterAdvertiserException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String bridge;
    private final int errno;

    public RouterAdvertiserException(String bridge, int errno, String message, Throwable cause) {
        super(errno == 0 ? message : message + " (errno " + errno + ")", cause);
        this.bridge = bridge;
        this.errno = errno;
    }

    /** The bridge. */
    public String bridge() {
        return bridge;
    }

    /** The errno, 0 when none. */
    public int errno() {
        return errno;
    }
}
