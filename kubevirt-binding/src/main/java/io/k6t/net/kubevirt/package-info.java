/**
 * k6t-net as a KubeVirt network binding plugin: the CNI plugin that binds a pod interface where
 * KubeVirt expects it ({@code io.k6t.net.kubevirt.cni}), the sidecar that serves DHCP and edits the
 * domain, and the hand-off between them through the pod's network namespace
 * ({@link io.k6t.net.kubevirt.handoff}). Everything here is non-null unless documented otherwise;
 * absent values are {@link java.util.Optional}.
 */
package io.k6t.net.kubevirt;
