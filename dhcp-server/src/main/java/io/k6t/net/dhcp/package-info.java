/**
 * The DHCPv4 wire model and codec (RFC 2131, RFC 2132, RFC 3396, RFC 3397, RFC 3442): an immutable
 * {@link io.k6t.net.dhcp.DhcpMessage}, its options as {@link io.k6t.net.dhcp.DhcpOption}s named by
 * {@link io.k6t.net.dhcp.DhcpOptionCode}s, the {@link io.k6t.net.dhcp.DhcpCodec} entry points and the
 * Netty {@code DatagramPacket} codec pair.
 *
 * <p>Nullness: every parameter, return value and record component in this package is non-null unless
 * its Javadoc says otherwise; absent values are {@link java.util.Optional} or empty lists.
 */
package io.k6t.net.dhcp;
