package io.k6t.net.kubevirt.cni;

/**
 * A failed CNI command, reported as the spec's error result ({@code code}, {@code msg},
 * {@code details}) on stdout. Codes below 100 are the spec's (section 5, "Error"); 100 and above are
 * k6t-net's own, documented in {@code docs/kubevirt.md}.
 */
public final class CniException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Incompatible CNI version. */
    public static final int INCOMPATIBLE_VERSION = 1;
    /** Unsupported field in the network configuration (the message names the key and value). */
    public static final int UNSUPPORTED_FIELD = 2;
    /** The container (its network namespace) is unknown or does not exist. */
    public static final int UNKNOWN_CONTAINER = 3;
    /** Invalid necessary environment variables (the message names them). */
    public static final int INVALID_ENVIRONMENT = 4;
    /** I/O failure, e.g. reading the configuration from stdin. */
    public static final int IO_FAILURE = 5;
    /** The configuration is no JSON object, or a value has the wrong JSON type. */
    public static final int DECODING_FAILED = 6;
    /** A value of the network configuration is invalid. */
    public static final int INVALID_CONFIG = 7;
    /** A transient condition (another command on the same attachment runs): retry later. */
    public static final int TRY_AGAIN_LATER = 11;
    /** STATUS: the plugin cannot service ADD. */
    public static final int NOT_AVAILABLE = 50;
    /** The binding failed in the kernel; what it changed is rolled back. */
    public static final int BINDING_FAILED = 100;
    /** The pod interface is missing, not usable, or one of the names the binding needs is taken. */
    public static final int POD_INTERFACE = 101;
    /** The hand-off to the sidecar does not fit its carrier links; the binding is rolled back. */
    public static final int HANDOFF_TOO_LARGE = 102;
    /** CHECK: the attachment drifted from what ADD made. */
    public static final int DRIFT = 103;
    /** The plugin's state directory cannot be used. */
    public static final int STATE = 104;

    private final int code;
    private final String msg;
    private final String details;

    public CniException(int code, String msg, String details) {
        this(code, msg, details, null);
    }

    public CniException(int code, String msg, String details, Throwable cause) {
        super(msg + (details.isEmpty() ? "" : ": " + details), cause);
        this.code = code;
        this.msg = msg;
        this.details = details;
    }

    /** The error code. */
    public int code() {
        return code;
    }

    /** The short message ({@code msg}). */
    public String msg() {
        return msg;
    }

    /** The longer description ({@code details}), possibly empty. */
    public String details() {
        return details;
    }
}
