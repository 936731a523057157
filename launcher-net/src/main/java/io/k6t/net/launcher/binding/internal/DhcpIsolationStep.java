package io.k6t.net.launcher.binding.internal;

import io.k6t.net.launcher.binding.InterfacePlan;
import io.k6t.net.launcher.binding.StepKind;

/**
 * The interface's nftables chains (one batch); undo removes them, and the table with the last
 * served interface, so teardown leaves the rest of the pod's ruleset alone.
 */
public final class DhcpIsolationStep implements BindingStep {
    @Override
    public StepKind kind() {
        return StepKind.DHCP_ISOLATION;
    }

    @Override
    public void forward(StepContext context, InterfacePlan plan) {
        context.kernel().addDhcpIsolation(plan);
    }

    @Override
    public void undo(StepContext context, InterfacePlan plan) {
        context.kernel().removeDhcpIsolation(plan, context.others(plan).noneMatch(InterfacePlan::isolated));
    }
}
