/**
 * Hardening integration tests: floods from a hostile guest, DHCP isolation from the node
 * side, leak and file-descriptor checks, footprint. Non-null by default.
 */
package io.k6t.net.it.harden;
