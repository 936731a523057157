package io.k6t.net.launcher.learn;

/** How k6t-net learned a guest address. */
public enum AddressSource {
    /** A DHCPv4 ACK that crossed the bridge toward the guest's MAC. */
    DHCPV4,
    /** A DHCPv6 REPLY carrying an IA address for the guest's DUID (reserved: not learned yet). */
    DHCPV6,
    /** A neighbour advertisement or ARP from the guest's MAC (reserved: not learned yet). */
    NEIGHBOUR
}
