package io.k6t.net.launcher.binding.internal;

import io.k6t.net.launcher.binding.InterfacePlan;
import io.k6t.net.launcher.binding.PodKernel;
import io.k6t.net.launcher.binding.PodKernel.KernelLink;
import io.k6t.net.launcher.binding.StepKind;
import io.k6t.net.launcher.netlink.Address;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Only with keepPodAddress: a down link named like the pod link holding the pod's addresses (a dummy,
 * else one end of a veth pair) and {@code arp_ignore=1}; undo deletes it and puts arp_ignore back
 * once no other interface keeps its address.
 */
public final class PlaceholderStep implements BindingStep {
    /** {@code net.ipv4.conf.all.arp_ignore}: answer ARP only for addresses of the receiving link. */
    public static final String ARP_IGNORE = "net.ipv4.conf.all.arp_ignore";
    private static final Logger LOG = LoggerFactory.getLogger(PlaceholderStep.class);
    private static final Set<String> KINDS = Set.of("dummy", "veth");

    @Override
    public StepKind kind() {
        return StepKind.PLACEHOLDER;
    }

    @Override
    public void forward(StepContext context, InterfacePlan plan) {
        PodKernel kernel = context.kernel();
        String name = plan.podInterface();
        Optional<KernelLink> existing = kernel.link(name);
        if (existing.isEmpty()) {
            String kind = kernel.createPlaceholder(name, plan.names().placeholderPeer());
            LOG.info("{}: placeholder is a {} link (kept down)", name, kind);
        } else if (existing.get().index() == plan.original().index() || !KINDS.contains(existing.get().kind())) {
            throw StepContext.nameTaken(name, existing.get());
        }
        KernelLink placeholder = kernel.link(name).orElseThrow(() -> StepContext.gone(name));
        if (placeholder.up()) {
            kernel.setUp(placeholder.index(), false);
        }
        List<Address> present = kernel.addresses(placeholder.index());
        for (Address wanted : plan.placeholderAddresses()) {
            Optional<Address> aged = wanted.after(context.sinceDiscovery(plan));
            if (aged.isPresent() && present.stream().noneMatch(a -> a.sameAddress(wanted))) {
                kernel.addAddress(placeholder.index(), aged.get());
            }
        }
        if (kernel.sysctl(ARP_IGNORE).orElse(0) != 1) {
            kernel.setSysctl(ARP_IGNORE, 1);
        }
    }

    @Override
    public void undo(StepContext context, InterfacePlan plan) {
        PodKernel kernel = context.kernel();
        kernel.link(plan.podInterface())
                .filter(l -> l.index() != plan.original().index() && KINDS.contains(l.kind()))
                .ifPresent(l -> kernel.deleteLink(l.index()));
        kernel.link(plan.names().placeholderPeer()).filter(l -> l.kind().equals("veth"))
                .ifPresent(l -> kernel.deleteLink(l.index()));
        OptionalInt before = plan.originalArpIgnore();
        if (before.isPresent() && context.others(plan).noneMatch(InterfacePlan::keepsPodAddress)
                && kernel.sysctl(ARP_IGNORE).orElse(before.getAsInt()) != before.getAsInt()) {
            kernel.setSysctl(ARP_IGNORE, before.getAsInt());
        }
    }
}
