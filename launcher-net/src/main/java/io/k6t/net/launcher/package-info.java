/**
 * The launcher's entry point: {@link io.k6t.net.launcher.PodNetwork} wires a VM into its pod's
 * network (bridge binding, then DHCP). Non-null unless documented otherwise.
 */
package io.k6t.net.launcher;
