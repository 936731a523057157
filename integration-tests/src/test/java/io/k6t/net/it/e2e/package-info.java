/**
 * End to end with a real guest (docs/e2e.md): a pod as a CNI leaves it ({@link io.k6t.net.it.e2e.E2ePod}),
 * k6t-net's {@link io.k6t.net.launcher.PodNetwork} binding and DHCP server in it, and the test guest
 * booted by QEMU or by a real libvirtd on the tap the binding made.
 *
 * <p>Everything is non-null; absent values are {@link java.util.Optional} or empty lists.
 */
package io.k6t.net.it.e2e;
