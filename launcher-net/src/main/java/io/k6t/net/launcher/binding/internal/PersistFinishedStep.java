package io.k6t.net.launcher.binding.internal;

import io.k6t.net.launcher.binding.InterfacePlan;
import io.k6t.net.launcher.binding.Phase;
import io.k6t.net.launcher.binding.StepKind;

/** Writes the lease file (served interfaces) and phase finished; undo goes back to phase started. */
public final class PersistFinishedStep implements BindingStep {
    @Override
    public StepKind kind() {
        return StepKind.PERSIST_FINISHED;
    }

    @Override
    public void forward(StepContext context, InterfacePlan plan) {
        if (plan.served()) {
            context.store().writeLease(plan);
        }
        context.store().write(Phase.FINISHED, plan);
    }

    @Override
    public void undo(StepContext context, InterfacePlan plan) {
        if (context.store().read(plan.podInterface()).isPresent()) {
            context.store().write(Phase.STARTED, plan);
        }
    }
}
