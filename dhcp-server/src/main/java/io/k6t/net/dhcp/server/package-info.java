/**
 * The DHCPv4 server of k6t-net: the lease file ({@link io.k6t.net.dhcp.server.LeaseConfig}), the
 * responder (pure decision logic, {@link io.k6t.net.dhcp.server.Responder}) and the Netty epoll
 * transport ({@link io.k6t.net.dhcp.server.DhcpServer}) with its statistics.
 *
 * <p>Nullness: every parameter, return value and field is non-null unless documented otherwise;
 * optional values are {@link java.util.Optional}.
 */
package io.k6t.net.dhcp.server;
