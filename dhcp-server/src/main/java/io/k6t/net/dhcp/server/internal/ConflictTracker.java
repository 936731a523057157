package io.k6t.net.dhcp.server.internal;

import io.k6t.net.dhcp.DhcpMessage;
import io.k6t.net.dhcp.MacAddress;
import io.k6t.net.dhcp.server.AddressConflict;
import io.k6t.net.dhcp.server.ConflictListener;
import io.k6t.net.dhcp.server.LeaseConfig;
import io.k6t.net.dhcp.server.NeighbourLookup;
import java.net.Inet4Address;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The address conflict of one interface: what its guest's DHCPDECLINEs say. Logs each conflict
 * once (an address and its holder), asks the neighbour table who holds the address, and tells the
 * {@link ConflictListener}. Event-loop thread only, except {@link #current()}.
 */
public final class ConflictTracker {
    private static final Logger LOG = LoggerFactory.getLogger(ConflictTracker.class);

    private final String interfaceName;
    private final NeighbourLookup neighbours;
    private final ConflictListener listener;
    private final Clock clock;
    private volatile AddressConflict current;
    private Instant published = Instant.MIN;
    private Instant lookedUp = Instant.MIN;
    private boolean lookupRunning;
    /** Whether the open conflict was logged: once per address and holder. */
    private boolean logged;

    public ConflictTracker(String interfaceName, NeighbourLookup neighbours, ConflictListener listener, Clock clock) {
        this.interfaceName = interfaceName;
        this.neighbours = neighbours;
        this.listener = listener;
        this.clock = clock;
    }

    /** The open conflict, if the guest declined an address and has not renewed it since. Any thread. */
    public Optional<AddressConflict> current() {
        return Optional.ofNullable(current);
    }

    /**
     * The guest sent DHCPDECLINE; {@code loop} runs the neighbour table's answer (the event loop).
     * The declined address is option 50 (RFC 2131 section 4.4.1), else the lease's.
     */
    public void declined(DhcpMessage decline, LeaseConfig lease, Executor loop) {
        Inet4Address address = decline.options().requestedIpAddress().orElse(lease.address());
        Instant now = clock.instant();
        AddressConflict before = current;
        if (before == null || !before.address().equals(address)) {
            current = AddressConflict.first(interfaceName, address, MacAddress.fromBytes(lease.clientMac()), now);
            lookedUp = Instant.MIN;
            logged = false;
            if (!lookUp(address, lease, loop, now)) {
                report(current, "the pod's neighbour table has no other MAC for it");
            }
            return;
        }
        current = before.declinedAgain(now);
        if (before.heldBy().isEmpty() && lookUp(address, lease, loop, now)) {
            return;
        }
        if (!now.isBefore(published.plus(AddressConflict.REPUBLISH_INTERVAL))) {
            publish(current);
        }
    }

    /** A request renewing {@code address} was ACKed: the guest uses it, so a conflict about it is over. */
    public void renewed(Inet4Address address) {
        AddressConflict open = current;
        if (open != null && open.address().equals(address)) {
            current = null;
            LOG.info("{}: the guest {} renews {} it had declined {} time(s): the address conflict is over",
                    interfaceName, open.clientMac(), address.getHostAddress(), open.declines());
            try {
                listener.resolved(interfaceName, address);
            } catch (RuntimeException e) {
                LOG.warn("{}: conflict listener failed", interfaceName, e);
            }
        }
    }

    /**
     * Starts a neighbour lookup unless one runs or ran in the last {@link AddressConflict#REPUBLISH_INTERVAL}
     * (a guest flooding DECLINEs must not flood netlink); false when none was started.
     */
    private boolean lookUp(Inet4Address address, LeaseConfig lease, Executor loop, Instant now) {
        if (neighbours == NeighbourLookup.NONE || lookupRunning
                || now.isBefore(lookedUp.plus(AddressConflict.REPUBLISH_INTERVAL))) {
            return false;
        }
        lookupRunning = true;
        lookedUp = now;
        MacAddress guest = MacAddress.fromBytes(lease.clientMac());
        neighbours.macsOf(address).whenComplete((macs, failure) -> loop.execute(() -> {
            lookupRunning = false;
            AddressConflict open = current;
            if (open == null || !open.address().equals(address)) {
                return;
            }
            if (failure != null) {
                LOG.debug("{}: neighbour lookup of {} failed", interfaceName, address.getHostAddress(), failure);
            }
            // The pod itself may have resolved the address to the guest (replies unicast to ciaddr):
            // that entry says nothing about the other machine.
            Optional<MacAddress> holder = failure == null ? macs.stream().filter(m -> !m.equals(guest)).findFirst()
                    : Optional.empty();
            if (holder.isPresent() && !holder.equals(open.heldBy())) {
                current = open.heldBy(holder.get());
                report(current, "the pod's neighbour table has " + holder.get() + " for it");
            } else if (!logged) {
                report(open, failure != null ? "the pod's neighbour table could not be read: " + failure
                        : "the pod's neighbour table has no other MAC for it");
            } else {
                publish(open);
            }
        }));
        return true;
    }

    /** Logs a conflict once (a new address or a newly known holder) and publishes it. */
    private void report(AddressConflict conflict, String neighbourTable) {
        logged = true;
        LOG.warn("{}: the guest {} declined {}: another machine answers ARP for it on the link ({}); it will not "
                + "use the address until that machine stops", interfaceName, conflict.clientMac(),
                conflict.address().getHostAddress(), neighbourTable);
        publish(conflict);
    }

    private void publish(AddressConflict conflict) {
        published = clock.instant();
        try {
            listener.conflict(conflict);
        } catch (RuntimeException e) {
            LOG.warn("{}: conflict listener failed", interfaceName, e);
        }
    }
}
