package io.k6t.net.launcher.binding;

/** How far an interface's setup got, as its state file records it. */
public enum Phase {
    /** No state file: nothing applied. */
    NEW,
    /** State written, steps running or interrupted: the next run resumes (finishes or rolls back). */
    STARTED,
    /** Every step done; the lease file is written. */
    FINISHED
}
