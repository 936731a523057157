package io.k6t.net.kubevirt.sidecar;

import io.k6t.net.kubevirt.handoff.Handoff;
import io.k6t.net.libvirt.DomainXml;
import io.k6t.net.libvirt.DomainXmlException;
import io.k6t.net.libvirt.InterfaceSpec;
import io.k6t.net.libvirt.InvalidInterfaceSpecException;
import io.k6t.net.libvirt.PciAddress;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code OnDefineDomain} edit: one {@code <interface type='ethernet'>} per VMI interface bound
 * to the plugin, on the tap the CNI plugin made, and not one other byte of the domain changed
 * (libvirt-bridge's {@link DomainXml} splices the element into the text).
 *
 * <p>Each element: alias {@code ua-<network>}, {@code <target dev=TAP managed='no'/>}, the VMI's
 * MAC else the pod's, the pod's MTU, the VMI's model ({@code virtio} becomes
 * {@code virtio-non-transitional}, or {@code virtio-transitional} when the VMI asks for it), and
 * the VMI's PCI address and boot order when it sets them (without a boot order the option ROM is
 * off, as KubeVirt does).
 */
public final class DomainEditor {
    private final String pluginName;

    /** An editor for the interfaces whose {@code binding.name} is {@code pluginName}. */
    public DomainEditor(String pluginName) {
        this.pluginName = pluginName;
    }

    /**
     * The result of one edit.
     *
     * @param domainXml the domain with the interfaces added
     * @param served for each interface added, the hand-off and the MAC the domain gives the guest
     */
    public record Edit(byte[] domainXml, List<Served> served) {
        /** Copies the list. */
        public Edit {
            served = List.copyOf(served);
        }
    }

    /**
     * One interface the domain now has.
     *
     * @param handoff what the CNI plugin bound
     * @param network the VMI network's name (the alias is {@code ua-<network>})
     * @param guestMac the MAC in the domain, lower case
     */
    public record Served(Handoff handoff, String network, String guestMac) {
    }

    /**
     * Adds the plugin's interfaces to {@code domainXml}.
     *
     * @param bound the CNI plugin's hand-offs, by pod interface name
     * @throws HookInputException when the VMI or the domain is malformed, a value of the VMI is out
     *     of range, or a bound VMI interface has no pod interface bound by the CNI plugin
     */
    public Edit edit(byte[] domainXml, byte[] vmiJson, Map<String, Handoff> bound) {
        Vmi vmi = Vmi.parse(vmiJson);
        String domain = utf8(domainXml);
        List<Served> served = new ArrayList<>();
        List<VmiInterface> ours = vmi.boundTo(pluginName);
        for (int i = 0; i < ours.size(); i++) {
            VmiInterface iface = ours.get(i);
            Handoff pod = bound.get(iface.podInterfaceName());
            if (pod == null) {
                throw new HookInputException("vmi interface " + iface.name(), "its pod interface "
                        + iface.podInterfaceName() + " was not bound by the " + pluginName
                        + " CNI plugin (bound: " + bound.keySet() + ")", null);
            }
            requireServableMac(iface, pod);
            InterfaceSpec spec = spec(iface, pod, vmi.useVirtioTransitional());
            try {
                domain = DomainXml.interfaceElement(domain, spec.alias()).isPresent()
                        ? DomainXml.replaceInterface(domain, spec)
                        : DomainXml.insertInterface(domain, spec);
            } catch (DomainXmlException e) {
                throw new HookInputException("domainXML", e.getMessage(), e);
            }
            served.add(new Served(pod, iface.name(), spec.mac().orElseThrow()));
        }
        return new Edit(domain.getBytes(StandardCharsets.UTF_8), served);
    }

    /**
     * Refuses a VMI MAC the pod would drop: KubeVirt passes the binding's CNI plugin the network name only, so
     * the plugin pinned the pod's MAC, and this unprivileged process cannot change the rules. A domain with
     * another MAC would get its lease (DHCP to the pod is not filtered) and then lose every other packet.
     */
    private static void requireServableMac(VmiInterface iface, Handoff pod) {
        Optional<String> mac = iface.macAddress().map(m -> m.toLowerCase(Locale.ROOT));
        if (pod.macPinned() && mac.isPresent() && !mac.get().equals(pod.guestMac())) {
            throw new HookInputException("vmi interface " + iface.name(), "macAddress " + mac.get()
                    + " is not the pod's MAC " + pod.guestMac() + ", to which the binding's anti-spoofing holds"
                    + " the guest: remove macAddress from the VMI, or set \"antiSpoofing\": false in the"
                    + " NetworkAttachmentDefinition of network " + pod.network(), null);
        }
    }

    private static InterfaceSpec spec(VmiInterface iface, Handoff pod, boolean transitional) {
        String at = "vmi interface " + iface.name();
        try {
            InterfaceSpec.Builder b = InterfaceSpec.builder().name(iface.name()).ethernet(pod.tap())
                    .mac(iface.macAddress().orElse(pod.guestMac()))
                    .model(model(iface.model().orElse("virtio"), transitional));
            b.mtu(pod.mtu());
            iface.pciAddress().map(PciAddress::parse).ifPresent(b::pciAddress);
            iface.bootOrder().ifPresent(b::bootOrder);
            return b.build();
        } catch (InvalidInterfaceSpecException e) {
            throw new HookInputException(at, e.getMessage(), e);
        }
    }

    private static String model(String vmiModel, boolean transitional) {
        if (!"virtio".equals(vmiModel)) {
            return vmiModel;
        }
        return transitional ? "virtio-transitional" : InterfaceSpec.DEFAULT_MODEL;
    }

    private static String utf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new HookInputException("domainXML", "not UTF-8 text: " + e.getMessage(), e);
        }
    }
}
