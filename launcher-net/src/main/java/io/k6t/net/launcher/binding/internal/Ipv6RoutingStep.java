package io.k6t.net.launcher.binding.internal;

import io.k6t.net.launcher.binding.InterfacePlan;
import io.k6t.net.launcher.binding.PodKernel;
import io.k6t.net.launcher.binding.StepKind;
import io.k6t.net.launcher.netlink.IpPrefix;
import io.k6t.net.launcher.netlink.Route;
import io.k6t.net.launcher.netlink.RouteProtocol;
import io.k6t.net.launcher.netlink.RouteScope;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * The pod as the guest's IPv6 router (docs/dhcpv6.md, choice B, measured by
 * {@code scripts/ipv6-router-choice.sh}): {@code net.ipv6.conf.all.forwarding=1},
 * {@code <guest IPv6>/128 dev <bridge>} and the pod link's IPv6 routes (the default route via the node's
 * link-local router) on the bridge. The guest's default router is the bridge's link-local address, which
 * the router advertisements name; the pod forwards its first packet to the node and redirects it there.
 * No proxy neighbour discovery: the guest answers for its own address through the bridge. Undo deletes the
 * routes and puts forwarding back once no other interface routes IPv6.
 */
public final class Ipv6RoutingStep implements BindingStep {
    @Override
    public StepKind kind() {
        return StepKind.IPV6_ROUTING;
    }

    /** The routes of {@code plan} through the bridge with index {@code bridgeIndex}: the guest's /128 first. */
    static List<Route> routes(InterfacePlan plan, int bridgeIndex) {
        List<Route> routes = new ArrayList<>();
        // IPv6 routes have no scope in the kernel: it reports every one as global.
        routes.add(Route.onLink(new IpPrefix(plan.guestAddress6().orElseThrow().address(), 128), bridgeIndex)
                .withScope(RouteScope.UNIVERSE).withProtocol(RouteProtocol.STATIC).withPriority(OptionalInt.of(1024)));
        routes.addAll(plan.ipv6Routes(bridgeIndex));
        return routes;
    }

    @Override
    public void forward(StepContext context, InterfacePlan plan) {
        PodKernel kernel = context.kernel();
        if (kernel.sysctl(InterfacePlan.IPV6_FORWARDING).orElse(0) != 1) {
            kernel.setSysctl(InterfacePlan.IPV6_FORWARDING, 1);
        }
        int bridge = context.bridge(plan).index();
        List<Route> present = kernel.routes(bridge).stream().map(Route::settable).toList();
        for (Route r : routes(plan, bridge)) {
            if (!present.contains(r)) {
                kernel.replaceRoute(r);
            }
        }
    }

    @Override
    public void undo(StepContext context, InterfacePlan plan) {
        PodKernel kernel = context.kernel();
        context.ourBridge(plan).ifPresent(b -> {
            for (Route r : routes(plan, b.index())) {
                kernel.deleteRoute(r);
            }
        });
        OptionalInt before = plan.originalIpv6Forwarding();
        if (before.isPresent() && context.others(plan).noneMatch(InterfacePlan::hasIpv6)
                && kernel.sysctl(InterfacePlan.IPV6_FORWARDING).orElse(before.getAsInt()) != before.getAsInt()) {
            kernel.setSysctl(InterfacePlan.IPV6_FORWARDING, before.getAsInt());
        }
    }
}
