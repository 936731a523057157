package io.k6t.net.launcher.binding.internal;

import io.k6t.net.launcher.binding.BindingException;
import io.k6t.net.launcher.binding.BindingException.Reason;
import io.k6t.net.launcher.binding.InterfacePlan;
import io.k6t.net.launcher.binding.LinkAddress;
import io.k6t.net.launcher.binding.LinkRoute;
import io.k6t.net.launcher.binding.Phase;
import io.k6t.net.launcher.binding.Step;
import io.k6t.net.launcher.binding.StepKind;
import io.k6t.net.launcher.binding.internal.PodKernel.KernelLink;
import io.k6t.net.launcher.binding.internal.PodKernel.TapRequest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the steps of interface plans forward and backward. Every forward step converges (it
 * changes only what differs from its goal), every undo converges back to what discovery saw, so
 * both can be rerun after a crash. A failing forward step rolls back, in reverse, every step this
 * run did (the failing one included, as it may be half done); an interface whose rollback fails
 * keeps its state file, phase {@code started}, so the next run resumes it.
 */
public final class BindingExecutor {
    private static final Logger LOG = LoggerFactory.getLogger(BindingExecutor.class);
    /** {@code net.ipv4.conf.all.arp_ignore}: answer ARP only for addresses of the receiving link. */
    public static final String ARP_IGNORE = "net.ipv4.conf.all.arp_ignore";
    private static final int PROTO_STATIC = 4;
    private static final Set<String> PLACEHOLDER_KINDS = Set.of("dummy", "veth");

    private final PodKernel kernel;
    private final StateStore store;
    private final StepHook hook;

    public BindingExecutor(PodKernel kernel, StateStore store, StepHook hook) {
        this.kernel = kernel;
        this.store = store;
        this.hook = hook;
    }

    private record Done(InterfacePlan plan, StepKind kind) {
    }

    /**
     * Applies {@code plans} (with their recorded phases). New and started interfaces run every step;
     * finished ones are checked step by step (a no-op when nothing drifted) and never rolled back.
     */
    public void apply(List<InterfacePlan> plans, Map<String, Phase> phases) {
        List<Done> done = new ArrayList<>();
        int number = 0;
        for (InterfacePlan plan : plans) {
            Phase phase = phases.getOrDefault(plan.podInterface(), Phase.NEW);
            if (phase == Phase.NEW) {
                plan.warnings().forEach(w -> LOG.warn("{}", w));
            } else if (phase == Phase.STARTED) {
                LOG.info("{}: resuming an interrupted setup (phase started)", plan.podInterface());
                // Steps before the crash may all have been done: undo them all if the resume fails.
                for (Step step : plan.steps()) {
                    done.add(new Done(plan, step.kind()));
                }
            }
            for (Step local : plan.steps()) {
                Step step = local.renumbered(++number);
                if (phase == Phase.FINISHED && step.kind() == StepKind.PERSIST_STARTED) {
                    continue;
                }
                if (phase != Phase.STARTED) {
                    done.add(new Done(plan, step.kind()));
                }
                try {
                    hook.before(step);
                    forward(plan, step.kind());
                    hook.after(step);
                } catch (RuntimeException e) {
                    BindingException failure = new BindingException(Reason.STEP_FAILED, plan.podInterface()
                            + ": step " + step.number() + " (" + step.summary() + ") failed: " + e.getMessage()
                            + (phase == Phase.FINISHED ? "" : "; rolled back"), step, e);
                    if (phase == Phase.FINISHED) {
                        throw failure;
                    }
                    rollBack(done.stream().filter(d -> phases.getOrDefault(d.plan().podInterface(), Phase.NEW)
                            != Phase.FINISHED).toList(), failure);
                    throw failure;
                }
            }
            if (phase == Phase.FINISHED) {
                done.removeIf(d -> d.plan() == plan);
            }
        }
    }

    /** Undoes every step of {@code plans}, last interface first, and removes their state files. */
    public void teardown(List<InterfacePlan> plans) {
        List<Done> all = new ArrayList<>();
        for (InterfacePlan plan : plans) {
            for (Step step : plan.steps()) {
                all.add(new Done(plan, step.kind()));
            }
        }
        BindingException failure = new BindingException(Reason.STEP_FAILED, "teardown failed");
        rollBack(all, failure);
        if (failure.getSuppressed().length > 0) {
            throw failure;
        }
    }

    private void rollBack(List<Done> done, BindingException failure) {
        List<String> failed = new ArrayList<>();
        for (int i = done.size() - 1; i >= 0; i--) {
            Done d = done.get(i);
            String pod = d.plan().podInterface();
            if (failed.contains(pod) && d.kind() == StepKind.PERSIST_STARTED) {
                continue;
            }
            try {
                undo(d.plan(), d.kind());
            } catch (RuntimeException e) {
                // Keep the state file (phase started): the next run resumes this interface.
                failed.add(pod);
                failure.addSuppressed(e);
                LOG.error("{}: undoing {} failed; state kept for the next run", pod, d.kind(), e);
            }
        }
    }

    // ---- forward steps ------------------------------------------------------------------------

    private void forward(InterfacePlan p, StepKind kind) {
        switch (kind) {
            case PERSIST_STARTED -> store.write(Phase.STARTED, p);
            case BRIDGE -> bridgeUp(p);
            case POD_LINK -> podLinkOntoBridge(p);
            case TAP -> tapUp(p);
            case PLACEHOLDER -> placeholderUp(p);
            case GUEST_ROUTE -> kernel.addRoute(bridge(p).index(), guestRoute(p));
            case DHCP_ISOLATION -> kernel.addDhcpIsolation(p);
            case PERSIST_FINISHED -> {
                if (p.served()) {
                    store.writeLease(p);
                }
                store.write(Phase.FINISHED, p);
            }
            default -> throw new IllegalArgumentException("unknown step " + kind);
        }
    }

    private void bridgeUp(InterfacePlan p) {
        String name = p.names().bridge();
        Optional<KernelLink> existing = kernel.link(name);
        if (existing.isEmpty()) {
            kernel.createBridge(name, p.bridgeMac());
        } else if (!ours(existing.get(), p)) {
            throw nameTaken(name, existing.get());
        }
        KernelLink br = bridge(p);
        Optional<LinkAddress> server = p.serverAddress().map(a -> LinkAddress.of(a, 32));
        for (LinkAddress a : kernel.addresses(br.index())) {
            if (a.isIpv4() && (server.isEmpty() || !same(a, server.get()))) {
                kernel.deleteAddress(br.index(), a);
            }
        }
        if (server.isPresent() && kernel.addresses(br.index()).stream().noneMatch(a -> same(a, server.get()))) {
            kernel.addAddress(br.index(), server.get());
        }
        if (!br.up()) {
            kernel.setUp(br.index(), true);
        }
    }

    private void podLinkOntoBridge(InterfacePlan p) {
        KernelLink link = podLink(p);
        KernelLink br = bridge(p);
        List<LinkAddress> addresses = kernel.addresses(link.index());
        boolean rewire = !link.name().equals(p.names().nic()) || !link.mac().equals(p.bridgeMac())
                || link.masterIndex() != br.index() || addresses.stream().anyMatch(a -> !a.isIpv6LinkLocal());
        if (rewire) {
            if (link.up()) {
                kernel.setUp(link.index(), false);
            }
            if (!link.name().equals(p.names().nic())) {
                kernel.rename(link.index(), p.names().nic());
            }
            if (!link.mac().equals(p.bridgeMac())) {
                kernel.setMac(link.index(), p.bridgeMac());
            }
            if (link.masterIndex() != br.index()) {
                kernel.setMaster(link.index(), br.index());
            }
            for (LinkAddress a : addresses) {
                kernel.deleteAddress(link.index(), a);
            }
            link = podLink(p);
        }
        if (!link.up()) {
            kernel.setUp(link.index(), true);
        }
        if (kernel.learning(link.index()).orElse(true)) {
            kernel.setLearning(link.index(), false);
        }
    }

    private void tapUp(InterfacePlan p) {
        String name = p.names().tap();
        Optional<KernelLink> existing = kernel.link(name);
        if (existing.isEmpty()) {
            kernel.createTap(new TapRequest(name, p.config().queues(),
                    p.config().tapOwner().map(o -> o.uid()).orElse(-1),
                    p.config().tapOwner().map(o -> o.gid()).orElse(-1)));
        } else if (!existing.get().kind().equals("tun")) {
            throw nameTaken(name, existing.get());
        }
        KernelLink tap = kernel.link(name).orElseThrow(() -> gone(name));
        KernelLink br = bridge(p);
        if (tap.mtu() != p.mtu()) {
            kernel.setMtu(tap.index(), p.mtu());
        }
        if (tap.masterIndex() != br.index()) {
            kernel.setMaster(tap.index(), br.index());
        }
        if (!tap.up()) {
            kernel.setUp(tap.index(), true);
        }
    }

    private void placeholderUp(InterfacePlan p) {
        String name = p.podInterface();
        Optional<KernelLink> existing = kernel.link(name);
        if (existing.isEmpty()) {
            String kind = kernel.createPlaceholder(name, p.names().placeholderPeer());
            LOG.info("{}: placeholder is a {} link (kept down)", name, kind);
        } else if (existing.get().index() == p.original().index()
                || !PLACEHOLDER_KINDS.contains(existing.get().kind())) {
            throw nameTaken(name, existing.get());
        }
        KernelLink ph = kernel.link(name).orElseThrow(() -> gone(name));
        if (ph.up()) {
            kernel.setUp(ph.index(), false);
        }
        List<LinkAddress> present = kernel.addresses(ph.index());
        for (LinkAddress a : p.original().addresses()) {
            if (!a.isIpv6LinkLocal() && present.stream().noneMatch(x -> same(x, a))) {
                kernel.addAddress(ph.index(), a);
            }
        }
        if (kernel.sysctl(ARP_IGNORE).orElse(0) != 1) {
            kernel.setSysctl(ARP_IGNORE, 1);
        }
    }

    // ---- undo ---------------------------------------------------------------------------------

    private void undo(InterfacePlan p, StepKind kind) {
        switch (kind) {
            case PERSIST_STARTED -> store.delete(p.podInterface());
            case BRIDGE -> kernel.link(p.names().bridge()).filter(l -> ours(l, p))
                    .ifPresent(l -> kernel.deleteLink(l.index()));
            case POD_LINK -> restorePodLink(p);
            case TAP -> kernel.link(p.names().tap()).filter(l -> l.kind().equals("tun"))
                    .ifPresent(l -> kernel.deleteLink(l.index()));
            case PLACEHOLDER -> removePlaceholder(p);
            case GUEST_ROUTE -> kernel.link(p.names().bridge()).filter(l -> ours(l, p))
                    .ifPresent(l -> kernel.deleteRoute(l.index(), guestRoute(p)));
            case DHCP_ISOLATION -> kernel.removeDhcpIsolation(p, others(p).noneMatch(InterfacePlan::served));
            case PERSIST_FINISHED -> {
                if (store.read(p.podInterface()).isPresent()) {
                    store.write(Phase.STARTED, p);
                }
            }
            default -> throw new IllegalArgumentException("unknown step " + kind);
        }
    }

    private void restorePodLink(InterfacePlan p) {
        var original = p.original();
        KernelLink link = kernel.link(original.index()).orElseThrow(() -> new BindingException(
                Reason.POD_INTERFACE_MISSING, p.podInterface() + ": pod link (ifindex " + original.index()
                + ") is gone; cannot restore it"));
        List<LinkAddress> present = kernel.addresses(link.index()).stream().filter(a -> !a.isIpv6LinkLocal())
                .toList();
        List<LinkAddress> wanted = original.addresses().stream().filter(a -> !a.isIpv6LinkLocal()).toList();
        boolean addressesDiffer = present.size() != wanted.size()
                || !present.stream().allMatch(a -> wanted.stream().anyMatch(w -> same(a, w)));
        if (!link.name().equals(original.name()) || !link.mac().equals(original.mac()) || link.mtu() != original.mtu()
                || link.masterIndex() != 0 || addressesDiffer) {
            if (link.up()) {
                kernel.setUp(link.index(), false);
            }
            if (link.masterIndex() != 0) {
                kernel.setMaster(link.index(), 0);
            }
            if (!link.name().equals(original.name())) {
                kernel.rename(link.index(), original.name());
            }
            if (!link.mac().equals(original.mac())) {
                kernel.setMac(link.index(), original.mac());
            }
            if (link.mtu() != original.mtu()) {
                kernel.setMtu(link.index(), original.mtu());
            }
            for (LinkAddress a : present) {
                if (wanted.stream().noneMatch(w -> same(a, w))) {
                    kernel.deleteAddress(link.index(), a);
                }
            }
            for (LinkAddress w : wanted) {
                if (present.stream().noneMatch(a -> same(a, w))) {
                    kernel.addAddress(link.index(), w);
                }
            }
            link = kernel.link(original.index()).orElseThrow(() -> gone(original.name()));
        }
        if (link.up() != original.up()) {
            kernel.setUp(link.index(), original.up());
        }
        if (original.up()) {
            // On-link routes first: a gateway must be reachable before a route can use it.
            List<LinkRoute> routes = new ArrayList<>(original.restorableRoutes());
            routes.sort(Comparator.comparing(r -> r.gateway().isPresent()));
            for (LinkRoute r : routes) {
                kernel.addRoute(link.index(), r);
            }
        }
    }

    private void removePlaceholder(InterfacePlan p) {
        kernel.link(p.podInterface())
                .filter(l -> l.index() != p.original().index() && PLACEHOLDER_KINDS.contains(l.kind()))
                .ifPresent(l -> kernel.deleteLink(l.index()));
        kernel.link(p.names().placeholderPeer()).filter(l -> l.kind().equals("veth"))
                .ifPresent(l -> kernel.deleteLink(l.index()));
        OptionalInt before = p.originalArpIgnore();
        if (before.isPresent() && others(p).noneMatch(InterfacePlan::keepsPodAddress)
                && kernel.sysctl(ARP_IGNORE).orElse(before.getAsInt()) != before.getAsInt()) {
            kernel.setSysctl(ARP_IGNORE, before.getAsInt());
        }
    }

    // ---- helpers ------------------------------------------------------------------------------

    private java.util.stream.Stream<InterfacePlan> others(InterfacePlan p) {
        return store.all().stream().map(StateStore.StateFile::plan)
                .filter(o -> !o.podInterface().equals(p.podInterface()));
    }

    private static LinkRoute guestRoute(InterfacePlan p) {
        return new LinkRoute(p.guestAddress().orElseThrow().address() + "/32", Optional.empty(), "link",
                PROTO_STATIC, OptionalInt.empty(), Optional.empty());
    }

    private KernelLink bridge(InterfacePlan p) {
        return kernel.link(p.names().bridge()).filter(l -> ours(l, p)).orElseThrow(() -> gone(p.names().bridge()));
    }

    private KernelLink podLink(InterfacePlan p) {
        return kernel.link(p.original().index()).orElseThrow(() -> new BindingException(
                Reason.POD_INTERFACE_MISSING, p.podInterface() + ": pod link (ifindex " + p.original().index()
                + ") is gone"));
    }

    private static boolean ours(KernelLink link, InterfacePlan p) {
        return link.kind().equals("bridge") && link.mac().equals(p.bridgeMac());
    }

    private static boolean same(LinkAddress a, LinkAddress b) {
        return a.address().equals(b.address()) && a.prefixLength() == b.prefixLength();
    }

    private static BindingException nameTaken(String name, KernelLink holder) {
        return new BindingException(Reason.NAME_TAKEN, "link name " + name + " is taken by ifindex "
                + holder.index() + " (kind " + (holder.kind().isEmpty() ? "none" : holder.kind()) + ", "
                + holder.mac() + "), which k6t-net did not create");
    }

    private static BindingException gone(String name) {
        return new BindingException(Reason.KERNEL, "link " + name + " vanished during setup");
    }
}
