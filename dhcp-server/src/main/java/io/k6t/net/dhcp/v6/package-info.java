/**
 * The DHCPv6 wire model and codec (RFC 8415, with RFC 3646 DNS options, RFC 6939 client link-layer
 * address): immutable {@link io.k6t.net.dhcp.v6.Dhcp6Message}s and
 * {@link io.k6t.net.dhcp.v6.Dhcp6RelayMessage}s, their options as {@link io.k6t.net.dhcp.v6.Dhcp6Option}s
 * named by {@link io.k6t.net.dhcp.v6.Dhcp6OptionCode}s with typed views
 * ({@link io.k6t.net.dhcp.v6.Dhcp6Options}), and the {@link io.k6t.net.dhcp.v6.Dhcp6Codec} entry points.
 *
 * <p>Nullness: every parameter, return value and record component in this package is non-null unless
 * its Javadoc says otherwise; absent values are {@link java.util.Optional} or empty lists.
 */
package io.k6t.net.dhcp.v6;
