package io.k6t.net.launcher.binding;

/**
 * Called around every forward step of {@link BridgeBinding#apply()}; tests use it to inject faults and
 * to stop a process mid-way. {@link #NONE} otherwise.
 */
public interface StepHook {
    /** Does nothing. */
    StepHook NONE = new StepHook() {
    };

    /** Before {@code step} runs; throwing fails the step (its undo still runs). */
    default void before(Step step) {
    }

    /** After {@code step} succeeded; throwing fails the step. */
    default void after(Step step) {
    }
}
