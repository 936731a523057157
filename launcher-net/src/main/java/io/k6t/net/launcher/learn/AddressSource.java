package io.k6t.net.launcher.learn;

/** How k6t-net learned a guest address. */
public enum AddressSource {
    /** A DHCPv4 ACK that crossed the bridge toward the guest's MAC. */
    DHCPV4,
    /** A DHCPv6 Reply toward the guest's MAC carrying the address in an IA_NA. */
    DHCPV6,
    /** Neighbour discovery: a neighbour solicitation or advertisement from the guest's MAC. */
    NDP
}
