package io.k6t.net.launcher.internal;

import io.k6t.net.dhcp.MacAddress;
import io.k6t.net.dhcp.server.NeighbourLookup;
import io.k6t.net.launcher.netlink.AddressFamily;
import io.k6t.net.launcher.netlink.Neighbour;
import io.k6t.net.launcher.netlink.NetlinkException;
import io.k6t.net.launcher.netlink.NetlinkHandle;
import java.net.Inet4Address;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * The pod's neighbour (ARP) table as the DHCP server's {@link NeighbourLookup}: who answers for an
 * address the guest declined. The rtnetlink socket is opened in the pod's namespace and keeps
 * talking to it from the thread that runs the lookup, so the event loop never waits for netlink.
 */
public final class PodNeighbours implements NeighbourLookup, AutoCloseable {
    private final NetlinkHandle netlink;
    private final Executor executor;

    /**
     * @param netlink a handle opened in the pod's namespace; closed with this
     * @param executor where lookups run (any thread: the socket is in the pod already)
     */
    public PodNeighbours(NetlinkHandle netlink, Executor executor) {
        this.netlink = netlink;
        this.executor = executor;
    }

    /** The resolved IPv4 entries for {@code address} on every link of the pod: {@code ip -4 neigh show to ADDRESS}. */
    @Override
    public CompletionStage<List<MacAddress>> macsOf(Inet4Address address) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return netlink.neighbours(AddressFamily.INET).stream()
                        .filter(n -> n.address().equals(address) && n.resolved())
                        .map(Neighbour::mac).flatMap(Optional::stream).toList();
            } catch (NetlinkException e) {
                throw new CompletionException(e);
            }
        }, executor);
    }

    @Override
    public void close() throws NetlinkException {
        netlink.close();
    }
}
