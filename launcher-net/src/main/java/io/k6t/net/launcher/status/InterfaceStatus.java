package io.k6t.net.launcher.status;

import io.k6t.net.launcher.learn.LearnedAddress;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One interface: the lease k6t-net serves on it, or (pass-through: no IPv4 on the pod link, the
 * guest's DHCP crosses the bridge) the addresses it learned from the wire.
 *
 * @param name         the interface's name in the configuration (e.g. {@code default})
 * @param podInterface the pod interface it binds (e.g. {@code eth0})
 * @param guestMac     the guest NIC's MAC
 * @param bridge       the interface's bridge now
 * @param tap          the guest's tap now
 * @param served       the lease k6t-net serves; empty for a pass-through interface
 * @param learned      the guest's addresses learned on a pass-through interface (empty when served)
 */
public record InterfaceStatus(String name, String podInterface, String guestMac, LinkState bridge, LinkState tap,
        Optional<ServedLease> served, List<LearnedAddress> learned) {
    public InterfaceStatus {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(podInterface, "podInterface");
        Objects.requireNonNull(guestMac, "guestMac");
        Objects.requireNonNull(bridge, "bridge");
        Objects.requireNonNull(tap, "tap");
        Objects.requireNonNull(served, "served");
        learned = List.copyOf(learned);
    }
}
