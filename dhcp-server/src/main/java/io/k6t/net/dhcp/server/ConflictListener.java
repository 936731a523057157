package io.k6t.net.dhcp.server;

import java.net.Inet4Address;

/**
 * Told when a guest reports its address in use (DHCPDECLINE) and when that is over, for whoever
 * publishes it (the launcher writes it beside its state, where {@code k6t-net explain} reads it).
 * Called on the event-loop thread: return quickly and never block.
 */
public interface ConflictListener {
    /** Ignores everything. */
    ConflictListener NONE = new ConflictListener() {
        @Override
        public void conflict(AddressConflict conflict) {
        }

        @Override
        public void resolved(String interfaceName, Inet4Address address) {
        }
    };

    /**
     * A new conflict, the holder's MAC learned, or (at most every
     * {@link AddressConflict#REPUBLISH_INTERVAL}) more declines of the same one.
     */
    void conflict(AddressConflict conflict);

    /** The guest renewed {@code address} after declining it: it uses the address now. */
    void resolved(String interfaceName, Inet4Address address);
}
