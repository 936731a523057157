package io.k6t.net.launcher.binding.internal;

import io.k6t.net.launcher.binding.InterfacePlan;
import io.k6t.net.launcher.binding.PodKernel;
import io.k6t.net.launcher.binding.PodKernel.KernelLink;
import io.k6t.net.launcher.binding.StepKind;
import io.k6t.net.launcher.netlink.Address;
import io.k6t.net.launcher.netlink.IpPrefix;
import java.util.Optional;

/** The bridge with its explicit MAC, the server address as its only IPv4 address, up; undo deletes it. */
public final class BridgeStep implements BindingStep {
    @Override
    public StepKind kind() {
        return StepKind.BRIDGE;
    }

    @Override
    public void forward(StepContext context, InterfacePlan plan) {
        PodKernel kernel = context.kernel();
        String name = plan.names().bridge();
        Optional<KernelLink> existing = kernel.link(name);
        if (existing.isEmpty()) {
            kernel.createBridge(name, plan.bridgeMac());
        } else if (!StepContext.ours(existing.get(), plan)) {
            throw StepContext.nameTaken(name, existing.get());
        }
        KernelLink bridge = context.bridge(plan);
        Optional<Address> server = plan.serverAddress().map(a -> Address.of(new IpPrefix(a, 32)));
        for (Address a : kernel.addresses(bridge.index())) {
            if (a.isIpv4() && (server.isEmpty() || !a.sameAddress(server.get()))) {
                kernel.deleteAddress(bridge.index(), a);
            }
        }
        if (server.isPresent()
                && kernel.addresses(bridge.index()).stream().noneMatch(a -> a.sameAddress(server.get()))) {
            kernel.addAddress(bridge.index(), server.get());
        }
        if (!bridge.up()) {
            kernel.setUp(bridge.index(), true);
        }
    }

    @Override
    public void undo(StepContext context, InterfacePlan plan) {
        context.ourBridge(plan).ifPresent(l -> context.kernel().deleteLink(l.index()));
    }
}
