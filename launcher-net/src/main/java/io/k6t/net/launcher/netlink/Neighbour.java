package io.k6t.net.launcher.netlink;

import com.google.common.net.InetAddresses;
import io.k6t.net.dhcp.MacAddress;
import java.net.InetAddress;
import java.util.Optional;

/**
 * One entry of a neighbour table (ARP for IPv4), as {@code ip neigh show} lists it.
 *
 * @param linkIndex the link the entry belongs to
 * @param address the neighbour's IP address
 * @param mac its link-layer address; empty while unresolved ({@code INCOMPLETE}, {@code FAILED})
 * @param state the kernel's {@code NUD_*} bits (linux/neighbour.h)
 */
public record Neighbour(int linkIndex, InetAddress address, Optional<MacAddress> mac, int state) {
    /** {@code NUD_INCOMPLETE | NUD_FAILED}: the kernel asked and got no answer (yet). */
    private static final int UNRESOLVED = 0x01 | 0x20;

    /** True when the kernel knows the neighbour's MAC ({@code REACHABLE}, {@code STALE}, {@code PERMANENT}...). */
    public boolean resolved() {
        return mac.isPresent() && (state & UNRESOLVED) == 0;
    }

    @Override
    public String toString() {
        return InetAddresses.toAddrString(address) + " dev #" + linkIndex + mac.map(m -> " lladdr " + m).orElse("")
                + " state 0x" + Integer.toHexString(state);
    }
}
