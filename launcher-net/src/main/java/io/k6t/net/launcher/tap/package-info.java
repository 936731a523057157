/**
 * Tap devices made through {@code /dev/net/tun} ({@link io.k6t.net.launcher.tap.TapDevices}).
 * Everything is non-null unless documented otherwise.
 */
package io.k6t.net.launcher.tap;
