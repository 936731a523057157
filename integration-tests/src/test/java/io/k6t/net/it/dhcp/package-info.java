/**
 * DHCP server integration tests: real clients (udhcpc, dhclient, dhcpcd, systemd-networkd) in
 * throw-away namespaces, the transport against the real kernel, and tshark over replayed captures.
 *
 * <p>Nullness: non-null by default.
 */
package io.k6t.net.it.dhcp;
