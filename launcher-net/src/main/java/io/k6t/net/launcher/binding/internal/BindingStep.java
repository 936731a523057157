package io.k6t.net.launcher.binding.internal;

import io.k6t.net.launcher.binding.InterfacePlan;
import io.k6t.net.launcher.binding.StepKind;

/**
 * One kind of step of the bridge binding, forward and back. Both directions converge: forward changes
 * only what differs from its goal, undo brings back what discovery saw from whatever state a crash or a
 * failed kernel call left (its own forward half done, or never begun), so either can be rerun.
 */
public interface BindingStep {

    /** The kind this step implements. */
    StepKind kind();

    /** Makes the step's part of {@code plan} true in the kernel (or the state directory). */
    void forward(StepContext context, InterfacePlan plan);

    /** Undoes whatever part of {@link #forward} is in place; nothing when none is. */
    void undo(StepContext context, InterfacePlan plan);
}
