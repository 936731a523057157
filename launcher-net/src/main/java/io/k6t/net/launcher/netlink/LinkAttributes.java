package io.k6t.net.launcher.netlink;

import io.k6t.net.dhcp.MacAddress;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What every link has, as the kernel reported it when it was read.
 *
 * @param name interface name ({@code IFLA_IFNAME})
 * @param index interface index
 * @param mac hardware address, empty for links without one
 * @param mtu MTU in bytes
 * @param up administratively up ({@code IFF_UP})
 * @param masterIndex index of the bridge it is enslaved to, if any
 * @param operState operational state
 * @param kind driver kind ({@code bridge}, {@code veth}, {@code tun}, ...), empty when the kernel reports none
 */
public record LinkAttributes(String name, int index, Optional<MacAddress> mac, int mtu, boolean up,
        OptionalInt masterIndex, OperState operState, String kind) {

    public LinkAttributes {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(mac, "mac");
        Objects.requireNonNull(masterIndex, "masterIndex");
        Objects.requireNonNull(operState, "operState");
        Objects.requireNonNull(kind, "kind");
    }
}
