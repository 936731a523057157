/**
 * Internals of the libvirt bridge: hardened JDK XML factories, the interface XML writer and reader,
 * and the streaming locator that finds element ranges in a domain XML. Not API.
 *
 * <p>Nullness: non-null by default; absent values are {@link java.util.Optional}.
 */
package io.k6t.net.libvirt.internal;
