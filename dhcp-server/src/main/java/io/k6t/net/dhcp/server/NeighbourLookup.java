package io.k6t.net.dhcp.server;

import io.k6t.net.dhcp.MacAddress;
import java.net.Inet4Address;
import java.util.Optional;
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
    NeighbourLookup NONE = address -> CompletableFuture.completedFuture(Optional.empty());

    /** The MAC the neighbour table holds for {@code address}, if it has a resolved entry. */
    CompletionStage<Optional<MacAddress>> macOf(Inet4Address address);
}
