package io.k6t.net.kubevirt.handoff;

/** A hand-off that cannot be written or read: too large, malformed, incomplete or of an unknown version. */
public final class HandoffException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** What was wrong. */
    public enum Reason {
        /** The encoded hand-off needs more link aliases than the interface has carrier links. */
        TOO_LARGE,
        /** An alias or a field does not parse. */
        MALFORMED,
        /** Some parts of a hand-off are missing (a concurrent or interrupted write, or a deleted link). */
        INCOMPLETE,
        /** Written by a version of k6t-net whose format this reader does not know. */
        UNKNOWN_VERSION,
        /** The kernel refused to store or report an alias. */
        KERNEL
    }

    private final Reason reason;

    public HandoffException(Reason reason, String message) {
        this(reason, message, null);
    }

    public HandoffException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
