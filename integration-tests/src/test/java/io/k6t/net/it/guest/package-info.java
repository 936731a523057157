/**
 * A real guest for integration tests: {@link io.k6t.net.it.guest.GuestImage} builds Debian's kernel
 * plus a busybox initramfs (scripts/build-guest.sh), {@link io.k6t.net.it.guest.QemuGuest} boots it
 * under QEMU (TCG) on taps inside a test namespace, and {@link io.k6t.net.it.guest.GuestReport}
 * parses the {@code K6T-*} lines its init prints (the contract in docs/guest-image.md).
 *
 * <p>Everything is non-null; absent values are {@link java.util.Optional} or empty lists.
 */
package io.k6t.net.it.guest;
