/**
 * What {@code k6t-net status} and {@link io.k6t.net.launcher.PodNetwork#status()} report per
 * interface: the guest MAC, the lease k6t-net serves or the addresses it learned, the tap and bridge.
 * Non-null unless documented otherwise.
 */
package io.k6t.net.launcher.status;
