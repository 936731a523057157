/**
 * Internals of the DHCP server: lease-file parsing, name validation, the channel handler, counters
 * and log rate limiting. Not API: may change without notice.
 *
 * <p>Nullness: non-null by default; nullable values are documented where they occur.
 */
package io.k6t.net.dhcp.server.internal;
