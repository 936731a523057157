/**
 * The KubeVirt hook sidecar: KubeVirt's hook services over gRPC on a Unix socket
 * ({@link io.k6t.net.kubevirt.sidecar.HookServer}), the domain edit that adds the bound interfaces
 * ({@link io.k6t.net.kubevirt.sidecar.DomainEditor}) and the sidecar as a whole
 * ({@link io.k6t.net.kubevirt.sidecar.Sidecar}). Non-null unless documented otherwise.
 */
package io.k6t.net.kubevirt.sidecar;
