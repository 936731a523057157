package io.k6t.net.launcher.binding.internal;

import io.k6t.net.launcher.binding.Step;

/** Called around every forward step; tests use it to inject faults and to stop a process mid-way. */
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
