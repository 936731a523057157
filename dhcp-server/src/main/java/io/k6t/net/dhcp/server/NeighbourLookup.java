package io.k6t.net.dhcp.server;

import io.k6t.net.dhcp.MacAddress;
import java.net.Inet4Address;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Finds who holds an address on the served link, from the neighbour (ARP) table of the server's
 * network namespace, when a guest declines its address. The server never blocks on it: the answer
 * may come from another thread (one inside the pod's namespace, for instance).
 */
@FunctionalInterface
public interface NeighbourLookup {
    /** Knows nobody: conflicts are reported without a MAC. */
    NeighbourLookup NONE = address -> CompletableFuture.completedFuture(List.of());

    /**
     * The MACs of the resolved entries the neighbour table holds for {@code address} (one per link
     * that has one; often none).
     */
    CompletionStage<List<MacAddress>> macsOf(Inet4Address address);
}
