package io.k6t.net.dhcp.v6.server;

/** Why a DHCPv6 request got no reply; each reason has its own counter. */
public enum Drop6Reason {
    /** The codec rejected it. */
    MALFORMED,
    /** A RELAY-FORW: the server answers only the guest on its own bridge. */
    RELAYED,
    /** Not from the lease's client MAC (by its link-local source or its DUID). */
    WRONG_CLIENT,
    /** No client identifier where RFC 8415 section 16 requires one. */
    NO_CLIENT_ID,
    /** A server identifier where none is allowed (Solicit, Confirm, Rebind), or missing where required. */
    BAD_SERVER_ID,
    /** A server identifier naming another server: the client chose another server. */
    OTHER_SERVER,
    /** A Confirm without addresses, or an Information-request with an IA (RFC 8415 sections 16.5, 16.12). */
    NOTHING_TO_ANSWER,
    /** A type a server does not answer (Advertise, Reply, Reconfigure, RELAY-REPL, unknown). */
    UNSUPPORTED_TYPE
}
