/**
 * The pcap replay harness (test scope): captures in, server decisions and replies out.
 *
 * <p>Nullness: non-null by default.
 */
package io.k6t.net.dhcp.server.replay;
