/**
 * Implementation details of the DHCPv4 codec (option value formats, RFC 1035 names, RFC 3442 routes).
 * Not API: may change in any release.
 *
 * <p>Nullness: non-null by default, like {@link io.k6t.net.dhcp}.
 */
package io.k6t.net.dhcp.internal;
