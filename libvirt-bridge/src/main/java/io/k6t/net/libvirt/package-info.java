/**
 * libvirt {@code <interface>} XML for the bridge binding, and attaching it through libvirt-java.
 *
 * <ul>
 *   <li>{@link io.k6t.net.libvirt.InterfaceSpec}: what one guest interface looks like (a validated,
 *       immutable value); {@link io.k6t.net.libvirt.InterfaceXml} writes it as libvirt XML.</li>
 *   <li>{@link io.k6t.net.libvirt.DomainXml}: inserts, replaces and removes {@code <interface>}
 *       elements of an existing domain XML by alias, leaving the rest of the text as it was, and reads
 *       a domain's interfaces back as {@link io.k6t.net.libvirt.DomainInterface} values.</li>
 *   <li>{@link io.k6t.net.libvirt.LibvirtConnector}: one libvirt connection; define, start, attach,
 *       detach. libvirt's errors arrive as {@link io.k6t.net.libvirt.LibvirtException} with libvirt's
 *       error code and domain.</li>
 * </ul>
 *
 * <p>Nullness: every parameter and return value in this package is non-null unless its Javadoc says
 * otherwise; absent values are {@link java.util.Optional}.
 */
package io.k6t.net.libvirt;
