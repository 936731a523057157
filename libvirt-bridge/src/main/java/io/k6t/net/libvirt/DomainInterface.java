package io.k6t.net.libvirt;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One {@code <interface>} of a domain as libvirt reports it (read back from the domain XML). Unlike
 * {@link InterfaceSpec} it holds whatever libvirt wrote, also what libvirt added itself: the
 * generated {@code vnetN} tap of a bridge interface, an alias such as {@code net0}, the PCI address
 * it chose.
 *
 * @param type the {@code type} attribute: {@code ethernet}, {@code bridge}, {@code network}, …
 * @param alias the alias name ({@code ua-default}, or libvirt's own {@code net0} on a running domain)
 * @param mac the MAC in lower case
 * @param model the {@code <model type>}
 * @param targetDevice the {@code <target dev>}: the tap
 * @param unmanagedTap whether the target says {@code managed='no'}
 * @param sourceBridge the {@code <source bridge>}
 * @param mtu the {@code <mtu size>}
 * @param queues the {@code <driver queues>}
 * @param bootOrder the {@code <boot order>}
 * @param romDisabled whether {@code <rom enabled='no'/>} is present
 * @param linkDown whether {@code <link state='down'/>} is present
 * @param pciAddress the {@code <address type='pci'>}
 */
public record DomainInterface(String type, Optional<String> alias, Optional<String> mac, Optional<String> model,
        Optional<String> targetDevice, boolean unmanagedTap, Optional<String> sourceBridge, OptionalInt mtu,
        OptionalInt queues, OptionalInt bootOrder, boolean romDisabled, boolean linkDown,
        Optional<PciAddress> pciAddress) {

    /** Checks that no component is null. */
    public DomainInterface {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(alias, "alias");
        Objects.requireNonNull(mac, "mac");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(targetDevice, "targetDevice");
        Objects.requireNonNull(sourceBridge, "sourceBridge");
        Objects.requireNonNull(mtu, "mtu");
        Objects.requireNonNull(queues, "queues");
        Objects.requireNonNull(bootOrder, "bootOrder");
        Objects.requireNonNull(pciAddress, "pciAddress");
    }

    /**
     * The {@link InterfaceSpec} this interface matches, ignoring what libvirt adds by itself (the
     * generated tap of a bridge interface, a PCI address it chose is kept).
     *
     * @throws InvalidInterfaceSpecException if it has no user alias ({@code ua-…}), is neither
     *     {@code ethernet} with an unmanaged tap nor {@code bridge} with a source, or holds a value
     *     an {@link InterfaceSpec} refuses
     */
    public InterfaceSpec toSpec() {
        String aliasName = alias.orElseThrow(() -> new InvalidInterfaceSpecException("alias", "absent",
                "a user alias " + InterfaceSpec.ALIAS_PREFIX + "<name>"));
        if (!aliasName.startsWith(InterfaceSpec.ALIAS_PREFIX)) {
            throw new InvalidInterfaceSpecException("alias", aliasName,
                    "a user alias " + InterfaceSpec.ALIAS_PREFIX + "<name>");
        }
        InterfaceSpec.Builder b = InterfaceSpec.builder()
                .name(aliasName.substring(InterfaceSpec.ALIAS_PREFIX.length()));
        if ("ethernet".equals(type) && unmanagedTap && targetDevice.isPresent()) {
            b.ethernet(targetDevice.get());
        } else if ("bridge".equals(type) && sourceBridge.isPresent()) {
            b.bridge(sourceBridge.get());
        } else {
            throw new InvalidInterfaceSpecException("type", type,
                    "ethernet with <target managed='no'/> or bridge with <source bridge=…/>");
        }
        mac.ifPresent(b::mac);
        model.ifPresent(b::model);
        mtu.ifPresent(b::mtu);
        queues.ifPresent(b::queues);
        bootOrder.ifPresent(b::bootOrder);
        b.linkDown(linkDown);
        pciAddress.ifPresent(b::pciAddress);
        return b.build();
    }
}
