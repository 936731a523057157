/**
 * The hand-off from the CNI plugin to the sidecar: what one bound interface needs to be served
 * ({@link io.k6t.net.kubevirt.handoff.Handoff}), its text form ({@link io.k6t.net.kubevirt.handoff.HandoffCodec}),
 * kept by the kernel in the aliases of the links the binding created, and the
 * {@link io.k6t.net.kubevirt.handoff.HandoffReader} and {@link io.k6t.net.kubevirt.handoff.HandoffWriter}
 * of those aliases. The CNI plugin runs in the node's mount namespace and the sidecar in its own
 * container: the pod's network namespace is all they share, so the hand-off lives there and
 * disappears with it. Everything here is non-null; absent values are {@link java.util.Optional}.
 */
package io.k6t.net.kubevirt.handoff;
