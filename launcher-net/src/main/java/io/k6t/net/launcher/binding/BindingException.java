package io.k6t.net.launcher.binding;

import java.util.Optional;

/** Planning, applying or tearing down the bridge binding failed; {@link #reason()} says in which way. */
public class BindingException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** What went wrong. */
    public enum Reason {
        /** The configured pod interface does not exist. */
        POD_INTERFACE_MISSING,
        /** A name k6t-net needs is held by a link it did not create. */
        NAME_TAKEN,
        /** The pod link is not usable (e.g. its MTU is below the configured one). */
        POD_INTERFACE_UNUSABLE,
        /** The state directory cannot be written or a state file cannot be read. */
        STATE,
        /** A step failed; what it did is rolled back. */
        STEP_FAILED,
        /** Reading the kernel's state failed. */
        KERNEL
    }

    private final Reason reason;
    private final transient Step step;

    public BindingException(Reason reason, String message) {
        this(reason, message, null, null);
    }

    public BindingException(Reason reason, String message, Step step, Throwable cause) {
        super(message, cause);
        this.reason = reason;
        this.step = step;
    }

    /** What went wrong. */
    public Reason reason() {
        return reason;
    }

    /** The step that failed, for {@link Reason#STEP_FAILED}. */
    public Optional<Step> step() {
        return Optional.ofNullable(step);
    }
}
