package io.k6t.net.launcher.binding.internal;

import io.k6t.net.launcher.binding.InterfacePlan;
import io.k6t.net.launcher.binding.StepKind;
import io.k6t.net.launcher.netlink.IpPrefix;
import io.k6t.net.launcher.netlink.Route;
import io.k6t.net.launcher.netlink.RouteProtocol;

/**
 * {@code <guest IP>/32 dev <bridge> scope link proto static}: the pod kernel then accepts the
 * guest's unicast renewals under strict rp_filter and routes the server's ACK back over the bridge.
 */
public final class GuestRouteStep implements BindingStep {
    @Override
    public StepKind kind() {
        return StepKind.GUEST_ROUTE;
    }

    /** The guest route of {@code plan} through the bridge with index {@code bridgeIndex}. */
    static Route route(InterfacePlan plan, int bridgeIndex) {
        return Route.onLink(new IpPrefix(plan.guestAddress().orElseThrow().address(), 32), bridgeIndex)
                .withProtocol(RouteProtocol.STATIC);
    }

    @Override
    public void forward(StepContext context, InterfacePlan plan) {
        context.kernel().addRoute(route(plan, context.bridge(plan).index()));
    }

    @Override
    public void undo(StepContext context, InterfacePlan plan) {
        context.ourBridge(plan).ifPresent(l -> context.kernel().deleteRoute(route(plan, l.index())));
    }
}
