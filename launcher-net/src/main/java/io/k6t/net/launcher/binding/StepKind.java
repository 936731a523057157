package io.k6t.net.launcher.binding;

/** The steps of the bridge binding for one interface, in the order they are applied (docs/binding.md). */
public enum StepKind {
    /** Write the state file, phase {@code started}, before anything changes. */
    PERSIST_STARTED,
    /** Create the bridge with an explicit MAC, the server address, up. */
    BRIDGE,
    /** Pod link: down, rename, MAC, enslave, flush addresses, up, learning off. */
    POD_LINK,
    /** Tap: create (owner, group, queues, vnet_hdr, persist), MTU, enslave, up. */
    TAP,
    /** Only with keepPodAddress: the down placeholder holding the pod addresses; arp_ignore=1. */
    PLACEHOLDER,
    /** {@code <guest IP>/32 dev <bridge> scope link}, so unicast renewals are accepted and answered. */
    GUEST_ROUTE,
    /**
     * Only with global IPv6 on the pod link: IPv6 forwarding on, {@code <guest IPv6>/128 dev <bridge>}, the
     * pod link's IPv6 routes on the bridge (the pod is the guest's IPv6 router).
     */
    IPV6_ROUTING,
    /** Bridge-family nftables rules keeping DHCP inside the pod. */
    DHCP_ISOLATION,
    /** Phase {@code finished}; the lease file beside it. */
    PERSIST_FINISHED
}
