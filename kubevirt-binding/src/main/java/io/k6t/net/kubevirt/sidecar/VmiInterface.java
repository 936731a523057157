package io.k6t.net.kubevirt.sidecar;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * One interface of a VirtualMachineInstance, with the fields the domain edit needs.
 *
 * @param name the interface's (and its network's) name in the VMI
 * @param bindingName {@code binding.name} for a network binding plugin, else empty
 * @param podInterfaceName the pod interface the network was attached to, from the VMI's status or
 *     KubeVirt's naming scheme
 * @param macAddress {@code macAddress} when the VMI sets it
 * @param model {@code model} when the VMI sets it (e.g. {@code virtio}, {@code e1000e})
 * @param pciAddress {@code pciAddress} when the VMI sets it ({@code 0000:81:01.0})
 * @param bootOrder {@code bootOrder} when the VMI sets it
 */
public record VmiInterface(String name, Optional<String> bindingName, String podInterfaceName,
        Optional<String> macAddress, Optional<String> model, Optional<String> pciAddress, OptionalInt bootOrder) {
}
