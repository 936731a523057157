package io.k6t.net.cli.internal;

/**
 * A failure the command reports as one line on stderr, with its exit code: {@link #USAGE} for bad
 * options, unreadable or invalid input files; {@link #FAILURE} when the operation itself failed.
 */
public final class CliFailure extends RuntimeException {
    /** The operation could not be done. */
    public static final int FAILURE = 1;
    /** Bad usage or configuration: a wrong option, an unreadable or invalid file. */
    public static final int USAGE = 2;

    private static final long serialVersionUID = 1L;

    private final int exitCode;

    private CliFailure(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    /** A usage or configuration error (exit 2). */
    public static CliFailure usage(String message) {
        return new CliFailure(USAGE, message, null);
    }

    /** A usage or configuration error (exit 2) caused by {@code cause}. */
    public static CliFailure usage(String message, Throwable cause) {
        return new CliFailure(USAGE, message, cause);
    }

    /** A failed operation (exit 1). */
    public static CliFailure failed(String message) {
        return new CliFailure(FAILURE, message, null);
    }

    /** A failed operation (exit 1) caused by {@code cause}. */
    public static CliFailure failed(String message, Throwable cause) {
        return new CliFailure(FAILURE, message, cause);
    }

    /** A command whose library part is not in this build (exit 1). */
    public static CliFailure notAvailable(String needs) {
        return failed("not available in this build (it needs " + needs + ")");
    }

    /** The process exit code for this failure. */
    public int exitCode() {
        return exitCode;
    }
}
