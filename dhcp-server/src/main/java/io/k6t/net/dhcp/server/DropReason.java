package io.k6t.net.dhcp.server;

/** Why a request got no reply; each reason has its own counter in {@link InterfaceStats}. */
public enum DropReason {
    /** Not a DHCP message at all: the codec rejected it (truncated, bad cookie, bad option lengths). */
    MALFORMED,
    /** op is not BOOTREQUEST (1): a reply or garbage arriving at port 67. */
    NOT_BOOTREQUEST,
    /** chaddr is not the lease's client MAC: only one guest is served per interface. */
    WRONG_CLIENT,
    /** giaddr is set (the request came through a relay) and the lease does not accept relayed requests. */
    RELAYED,
    /** A REQUEST naming another server in option 54: the client chose another server's offer. */
    OTHER_SERVER,
    /** DHCPDECLINE: the guest found the address in use (logged as a warning). */
    DECLINE,
    /** DHCPRELEASE: the guest gave the address back; nothing to answer. */
    RELEASE,
    /** No option 53 (plain BOOTP) or a type a server does not answer (OFFER, ACK, LEASEQUERY, ...). */
    UNSUPPORTED_TYPE,
    /** The reply could not be encoded within the client's maximum message size. */
    REPLY_TOO_LARGE,
    /** From a MAC other than the lease's, over its {@link RateLimits}: dropped before decoding, not logged. */
    RATE_LIMITED
}
