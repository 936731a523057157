package io.k6t.net.launcher.binding.internal;

import io.k6t.net.launcher.binding.BindingException;
import io.k6t.net.launcher.binding.BindingException.Reason;
import io.k6t.net.launcher.binding.InterfacePlan;
import io.k6t.net.launcher.binding.PodKernel;
import io.k6t.net.launcher.binding.PodKernel.KernelLink;
import io.k6t.net.launcher.binding.StepKind;
import io.k6t.net.launcher.discovery.PodInterface;
import io.k6t.net.launcher.netlink.Address;
import io.k6t.net.launcher.netlink.AddressFlags;
import io.k6t.net.launcher.netlink.Route;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pod link onto the bridge: down, renamed, the bridge's MAC, a port of the bridge, every address
 * flushed, up, learning off. Undo puts back exactly what discovery saw: name, MAC, MTU, no master,
 * every address with its attributes (lifetimes aged by the time since discovery), up or down, and
 * every route through it in every table the kernel does not make itself.
 */
public final class PodLinkStep implements BindingStep {
    private static final Logger LOG = LoggerFactory.getLogger(PodLinkStep.class);

    @Override
    public StepKind kind() {
        return StepKind.POD_LINK;
    }

    @Override
    public void forward(StepContext context, InterfacePlan plan) {
        PodKernel kernel = context.kernel();
        KernelLink link = context.podLink(plan);
        KernelLink bridge = context.bridge(plan);
        List<Address> addresses = kernel.addresses(link.index());
        boolean rewire = !link.name().equals(plan.names().nic()) || !link.mac().equals(Optional.of(plan.bridgeMac()))
                || link.masterIndex() != bridge.index() || addresses.stream().anyMatch(a -> !a.isIpv6LinkLocal());
        if (rewire) {
            if (link.up()) {
                kernel.setUp(link.index(), false);
            }
            if (!link.name().equals(plan.names().nic())) {
                kernel.rename(link.index(), plan.names().nic());
            }
            if (!link.mac().equals(Optional.of(plan.bridgeMac()))) {
                kernel.setMac(link.index(), plan.bridgeMac());
            }
            if (link.masterIndex() != bridge.index()) {
                kernel.setMaster(link.index(), bridge.index());
            }
            // Going down already dropped the IPv6 addresses; what is left is asked for again.
            for (Address a : kernel.addresses(link.index())) {
                kernel.deleteAddress(link.index(), a);
            }
            link = context.podLink(plan);
        }
        if (!link.up()) {
            kernel.setUp(link.index(), true);
        }
        if (kernel.learning(link.index()).orElse(true)) {
            kernel.setLearning(link.index(), false);
        }
    }

    @Override
    public void undo(StepContext context, InterfacePlan plan) {
        PodKernel kernel = context.kernel();
        PodInterface original = plan.original();
        KernelLink link = kernel.link(original.index()).orElseThrow(() -> new BindingException(
                Reason.POD_INTERFACE_MISSING, plan.podInterface() + ": pod link (ifindex " + original.index()
                + ") is gone; cannot restore it"));
        List<Address> wanted = new ArrayList<>();
        for (Address a : original.restorableAddresses()) {
            Optional<Address> aged = a.after(context.sinceDiscovery(plan));
            if (aged.isPresent()) {
                wanted.add(aged.get());
            } else {
                LOG.info("{}: {} is not restored: its valid lifetime ran out since discovery", plan.podInterface(), a);
            }
        }
        List<Address> present = kernel.addresses(link.index()).stream().filter(a -> !original.kernelLinkLocal(a))
                .toList();
        if (!link.name().equals(original.name()) || !link.mac().equals(original.mac()) || link.mtu() != original.mtu()
                || link.masterIndex() != 0 || !sameAddresses(present, wanted)) {
            if (link.up()) {
                kernel.setUp(link.index(), false);
            }
            if (link.masterIndex() != 0) {
                kernel.setMaster(link.index(), 0);
            }
            if (!link.name().equals(original.name())) {
                kernel.rename(link.index(), original.name());
            }
            if (original.mac().isPresent() && !link.mac().equals(original.mac())) {
                kernel.setMac(link.index(), original.mac().get());
            }
            if (link.mtu() != original.mtu()) {
                kernel.setMtu(link.index(), original.mtu());
            }
            // Whole sets, so the kernel lists them as it did: IPv4 in discovery's order (a primary must
            // come back before its secondaries, and deleting a primary takes its secondaries with it);
            // IPv6 in reverse, as the kernel puts a new address before the others of its scope.
            for (Address a : kernel.addresses(link.index())) {
                if (!original.kernelLinkLocal(a)) {
                    kernel.deleteAddress(link.index(), a);
                }
            }
            List<Address> ordered = new ArrayList<>(wanted.stream().filter(a -> !a.isIpv4()).toList());
            Collections.reverse(ordered);
            ordered.addAll(0, wanted.stream().filter(Address::isIpv4).toList());
            for (Address a : ordered) {
                kernel.addAddress(link.index(), a);
            }
            link = kernel.link(original.index()).orElseThrow(() -> StepContext.gone(original.name()));
        }
        if (link.up() != original.up()) {
            kernel.setUp(link.index(), original.up());
        }
        if (original.up()) {
            restoreRoutes(kernel, original);
        }
    }

    /**
     * Puts back every route through the pod link that is not there as it was. On-link routes first,
     * then routes through a gateway, then multipath ones: a gateway must be reachable before a route uses it.
     */
    private static void restoreRoutes(PodKernel kernel, PodInterface original) {
        List<Route> present = kernel.routes(original.index()).stream().map(Route::settable).toList();
        List<Route> routes = new ArrayList<>(original.restorableRoutes());
        routes.sort(Comparator.comparing((Route r) -> !r.nextHops().isEmpty()).thenComparing(r -> r.gateway()
                .isPresent()));
        for (Route r : routes) {
            if (!present.contains(r.settable())) {
                kernel.replaceRoute(r.settable());
            }
        }
    }

    /**
     * Whether {@code present} holds exactly {@code wanted} with the same attributes: IPv4 in the same
     * order (it decides which address is primary), IPv6 in any. Remaining lifetimes are compared as
     * finite or not (they count down), state flags (tentative, deprecated, ...) not at all.
     */
    static boolean sameAddresses(List<Address> present, List<Address> wanted) {
        return keys(present, true).equals(keys(wanted, true))
                && new HashSet<>(keys(present, false)).equals(new HashSet<>(keys(wanted, false)))
                && present.size() == wanted.size();
    }

    private static List<Object> keys(List<Address> addresses, boolean ipv4) {
        return addresses.stream().filter(a -> a.isIpv4() == ipv4).map(PodLinkStep::key).toList();
    }

    private static Object key(Address a) {
        return List.of(a.prefix(), a.peer(), a.broadcast(), a.label(), a.scope(),
                a.flags().value() & (AddressFlags.SETTABLE | AddressFlags.SECONDARY),
                a.validLifetime() == Address.FOREVER, a.preferredLifetime() == Address.FOREVER, a.metric(),
                a.protocol());
    }
}
