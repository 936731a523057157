package io.k6t.net.launcher.discovery;

import io.k6t.net.launcher.netlink.AddressFamily;
import io.k6t.net.launcher.netlink.Link;
import io.k6t.net.launcher.netlink.LinkNotFoundException;
import io.k6t.net.launcher.netlink.NetlinkException;
import io.k6t.net.launcher.netlink.NetlinkHandle;
import io.k6t.net.launcher.netlink.Route;

/** Reads pod links through a {@link NetlinkHandle} of the pod's namespace; changes nothing. */
public final class PodDiscovery {
    private final NetlinkHandle netlink;

    public PodDiscovery(NetlinkHandle netlink) {
        this.netlink = netlink;
    }

    /**
     * The link named {@code name} with its addresses and main-table routes.
     * Equivalent to: {@code ip link show dev NAME; ip addr show dev NAME; ip route show dev NAME;
     * ip -6 route show dev NAME}.
     *
     * @throws LinkNotFoundException if there is no such link
     */
    public PodInterface discover(String name) throws NetlinkException {
        return describe(netlink.link(name));
    }

    /** Like {@link #discover(String)}, for the link with index {@code index} (found again after a rename). */
    public PodInterface discover(int index) throws NetlinkException {
        return describe(netlink.link(index));
    }

    private PodInterface describe(Link link) throws NetlinkException {
        String name = link.name();
        return new PodInterface(name, link.index(), link.attributes().mac(), link.attributes().mtu(),
                link.attributes().up(), netlink.addresses(name, AddressFamily.INET),
                netlink.addresses(name, AddressFamily.INET6), netlink.routes(link.index(), Route.MAIN_TABLE));
    }
}
