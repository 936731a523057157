package io.k6t.net.launcher.binding.internal;

import io.k6t.net.launcher.binding.InterfacePlan;
import io.k6t.net.launcher.binding.Phase;
import io.k6t.net.launcher.binding.StepKind;

/** Records the interface as discovery saw it, phase started, before anything changes; undo removes its files. */
public final class PersistStartedStep implements BindingStep {
    @Override
    public StepKind kind() {
        return StepKind.PERSIST_STARTED;
    }

    @Override
    public void forward(StepContext context, InterfacePlan plan) {
        context.store().write(Phase.STARTED, plan);
    }

    @Override
    public void undo(StepContext context, InterfacePlan plan) {
        context.store().delete(plan.podInterface());
    }
}
