package io.k6t.net.launcher.discovery;

import io.k6t.net.dhcp.MacAddress;
import io.k6t.net.launcher.netlink.Link;
import io.k6t.net.launcher.netlink.LinkNotFoundException;
import io.k6t.net.launcher.netlink.NetlinkException;
import io.k6t.net.launcher.netlink.NetlinkHandle;
import java.time.Clock;
import java.time.Instant;

/** Reads pod links through a {@link NetlinkHandle} of the pod's namespace; changes nothing. */
public final class PodDiscovery {
    private final NetlinkHandle netlink;
    private final Clock clock;

    public PodDiscovery(NetlinkHandle netlink) {
        this(netlink, Clock.systemUTC());
    }

    /** With the clock that stamps {@link PodInterface#seenAt()}. */
    public PodDiscovery(NetlinkHandle netlink, Clock clock) {
        this.netlink = netlink;
        this.clock = clock;
    }

    /**
     * The link named {@code name} with its addresses and the routes through it.
     * Equivalent to: {@code ip -d link show dev NAME; ip -d addr show dev NAME;
     * ip -d route show table all} (IPv4 and IPv6) filtered by the link, next hops included.
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
        // Stamped before the addresses are read, so lifetimes counted from it never outlast the kernel's.
        Instant seen = clock.instant();
        return new PodInterface(link.name(), link.index(),
                link.attributes().mac().map(m -> MacAddress.fromBytes(m.toBytes())), link.attributes().mtu(),
                link.attributes().up(), netlink.addresses(link.index()), netlink.routesVia(link.index()), seen);
    }
}
