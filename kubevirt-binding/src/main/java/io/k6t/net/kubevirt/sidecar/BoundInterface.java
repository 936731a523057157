package io.k6t.net.kubevirt.sidecar;

import io.k6t.net.dhcp.server.LeaseConfig;
import java.util.Objects;

/**
 * One pod interface the CNI plugin bound: what the sidecar needs to put it in the domain and to
 * serve its guest.
 *
 * @param podInterface the pod interface KubeVirt attached the network to ({@code eth0}, {@code pod1a2b...})
 * @param tap the tap device the domain's {@code <interface type='ethernet'>} opens
 * @param podMac the pod interface's original MAC: the guest's when the VMI sets none
 * @param mtu the pod interface's MTU, told to the guest
 * @param lease what the DHCP server hands the guest (its {@code clientMac} is the pod MAC until
 *     the domain says otherwise)
 */
public record BoundInterface(String podInterface, String tap, String podMac, int mtu, LeaseConfig lease) {
    /** Checks that nothing is null. */
    public BoundInterface {
        Objects.requireNonNull(podInterface, "podInterface");
        Objects.requireNonNull(tap, "tap");
        Objects.requireNonNull(podMac, "podMac");
        Objects.requireNonNull(lease, "lease");
    }
}
