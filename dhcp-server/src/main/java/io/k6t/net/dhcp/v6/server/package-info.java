/**
 * The DHCPv6 server of one bridge: {@link io.k6t.net.dhcp.v6.server.Lease6} (what the guest gets), the
 * pure {@link io.k6t.net.dhcp.v6.server.Responder6} (request and lease to reply or drop with a reason) and
 * {@link io.k6t.net.dhcp.v6.server.Dhcp6Server} (Netty epoll, UDP 547 on the bridge, ff02::1:2 joined on
 * the bridge only).
 *
 * <p>Nullness: every parameter, return value and record component in this package is non-null unless
 * its Javadoc says otherwise; absent values are {@link java.util.Optional} or empty lists.
 */
package io.k6t.net.dhcp.v6.server;
