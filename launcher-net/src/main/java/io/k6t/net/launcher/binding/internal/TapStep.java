package io.k6t.net.launcher.binding.internal;

import io.k6t.net.launcher.binding.InterfacePlan;
import io.k6t.net.launcher.binding.PodKernel;
import io.k6t.net.launcher.binding.PodKernel.KernelLink;
import io.k6t.net.launcher.binding.PodKernel.TapRequest;
import io.k6t.net.launcher.binding.StepKind;
import java.util.Optional;

/** The persistent tap (owner, group, queues, vnet header), its MTU, a port of the bridge, up; undo deletes it. */
public final class TapStep implements BindingStep {
    @Override
    public StepKind kind() {
        return StepKind.TAP;
    }

    @Override
    public void forward(StepContext context, InterfacePlan plan) {
        PodKernel kernel = context.kernel();
        String name = plan.names().tap();
        Optional<KernelLink> existing = kernel.link(name);
        if (existing.isEmpty()) {
            kernel.createTap(new TapRequest(name, plan.config().queues(),
                    plan.config().tapOwner().map(o -> o.uid()).orElse(-1),
                    plan.config().tapOwner().map(o -> o.gid()).orElse(-1)));
        } else if (!existing.get().kind().equals("tun")) {
            throw StepContext.nameTaken(name, existing.get());
        }
        KernelLink tap = kernel.link(name).orElseThrow(() -> StepContext.gone(name));
        KernelLink bridge = context.bridge(plan);
        if (tap.mtu() != plan.mtu()) {
            kernel.setMtu(tap.index(), plan.mtu());
        }
        if (tap.masterIndex() != bridge.index()) {
            kernel.setMaster(tap.index(), bridge.index());
        }
        if (!tap.up()) {
            kernel.setUp(tap.index(), true);
        }
    }

    @Override
    public void undo(StepContext context, InterfacePlan plan) {
        context.kernel().link(plan.names().tap()).filter(l -> l.kind().equals("tun"))
                .ifPresent(l -> context.kernel().deleteLink(l.index()));
    }
}
