package io.k6t.net.launcher.binding.internal;

import io.k6t.net.launcher.binding.BindingException;
import io.k6t.net.launcher.binding.BindingException.Reason;
import io.k6t.net.launcher.binding.InterfacePlan;
import io.k6t.net.launcher.binding.PodKernel;
import io.k6t.net.launcher.binding.PodKernel.KernelLink;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * What every step acts through: the pod's kernel, the state directory and the clock that ages
 * recorded address lifetimes; plus the lookups several steps share.
 */
public final class StepContext {
    private final PodKernel kernel;
    private final StateStore store;
    private final Clock clock;

    public StepContext(PodKernel kernel, StateStore store, Clock clock) {
        this.kernel = kernel;
        this.store = store;
        this.clock = clock;
    }

    public PodKernel kernel() {
        return kernel;
    }

    public StateStore store() {
        return store;
    }

    /** How long ago discovery read the pod link of {@code plan} (never negative). */
    public Duration sinceDiscovery(InterfacePlan plan) {
        Duration elapsed = Duration.between(plan.original().seenAt(), clock.instant());
        return elapsed.isNegative() ? Duration.ZERO : elapsed;
    }

    /** The other recorded interfaces (their state files), for steps that share a kernel object. */
    public Stream<InterfacePlan> others(InterfacePlan plan) {
        return store.all().stream().map(StateStore.StateFile::plan)
                .filter(o -> !o.podInterface().equals(plan.podInterface()));
    }

    /** The bridge k6t-net made for {@code plan}, if it exists. */
    public Optional<KernelLink> ourBridge(InterfacePlan plan) {
        return kernel.link(plan.names().bridge()).filter(l -> ours(l, plan));
    }

    /** The bridge k6t-net made for {@code plan}; it must exist. */
    public KernelLink bridge(InterfacePlan plan) {
        return ourBridge(plan).orElseThrow(() -> gone(plan.names().bridge()));
    }

    /** The pod link, found by its ifindex (whatever its name now); it must exist. */
    public KernelLink podLink(InterfacePlan plan) {
        return kernel.link(plan.original().index()).orElseThrow(() -> new BindingException(
                Reason.POD_INTERFACE_MISSING, plan.podInterface() + ": pod link (ifindex " + plan.original().index()
                + ") is gone"));
    }

    /** Whether {@code link} is the bridge k6t-net made for {@code plan} (its kind and explicit MAC). */
    public static boolean ours(KernelLink link, InterfacePlan plan) {
        return link.kind().equals("bridge") && link.mac().equals(Optional.of(plan.bridgeMac()));
    }

    public static BindingException nameTaken(String name, KernelLink holder) {
        return new BindingException(Reason.NAME_TAKEN, "link name " + name + " is taken by ifindex "
                + holder.index() + " (kind " + (holder.kind().isEmpty() ? "none" : holder.kind()) + ", "
                + holder.mac().map(Object::toString).orElse("no MAC") + "), which k6t-net did not create");
    }

    public static BindingException gone(String name) {
        return new BindingException(Reason.KERNEL, "link " + name + " vanished during setup");
    }
}
