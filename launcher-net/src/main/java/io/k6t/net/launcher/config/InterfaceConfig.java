package io.k6t.net.launcher.config;

import io.k6t.net.launcher.netlink.LinkName;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One VM interface bound to one pod interface.
 *
 * @param name           the VM-side name (libvirt alias {@code ua-<name>}), unique in the pod
 * @param podInterface   the pod link the CNI created, e.g. {@code eth0}, {@code net1}
 * @param macAddress     the guest's MAC, lower-case {@code xx:xx:xx:xx:xx:xx}; absent: the pod link's own MAC
 * @param mtu            the guest's MTU; absent: the pod link's MTU
 * @param queues         tap queues (1..256); more than 1 creates a multiqueue tap
 * @param tapOwner       owner of the tap; absent: root only
 * @param model          libvirt NIC model; absent: {@code virtio-non-transitional}
 * @param bootOrder      libvirt boot order; absent: not bootable
 * @param keepPodAddress keep the pod address on a down placeholder link (KubeVirt's behaviour), at
 *                       the price of unicast renewals never reaching the server
 * @param antiSpoofing   drop frames from the guest whose source MAC is not its own, and IPv4 and ARP
 *                       whose source address is not its lease (served interfaces only); a state file
 *                       written before this setting existed reads as {@code false}
 * @param dhcp           the DHCP server settings
 */
public record InterfaceConfig(String name, String podInterface, Optional<String> macAddress, OptionalInt mtu,
        int queues, Optional<TapOwner> tapOwner, Optional<String> model, OptionalInt bootOrder,
        boolean keepPodAddress, boolean antiSpoofing, DhcpSettings dhcp) {

    /** The only binding this version implements. */
    public static final String BRIDGE_BINDING = "bridge";

    public InterfaceConfig {
        LinkName.requireValid(podInterface);
        if (queues < 1 || queues > 256) {
            throw new IllegalArgumentException("queues: " + queues + " (expected: 1..256)");
        }
    }

    /** A bridge-bound interface with every optional setting at its default. */
    public static InterfaceConfig of(String name, String podInterface) {
        return new InterfaceConfig(name, podInterface, Optional.empty(), OptionalInt.empty(), 1, Optional.empty(),
                Optional.empty(), OptionalInt.empty(), false, true, DhcpSettings.defaults());
    }

    /** This interface with {@code keepPodAddress} set to {@code keep}. */
    public InterfaceConfig withKeepPodAddress(boolean keep) {
        return new InterfaceConfig(name, podInterface, macAddress, mtu, queues, tapOwner, model, bootOrder, keep,
                antiSpoofing, dhcp);
    }

    /** This interface with {@code antiSpoofing} set to {@code on}. */
    public InterfaceConfig withAntiSpoofing(boolean on) {
        return new InterfaceConfig(name, podInterface, macAddress, mtu, queues, tapOwner, model, bootOrder,
                keepPodAddress, on, dhcp);
    }

    /** This interface with other DHCP settings. */
    public InterfaceConfig withDhcp(DhcpSettings settings) {
        return new InterfaceConfig(name, podInterface, macAddress, mtu, queues, tapOwner, model, bootOrder,
                keepPodAddress, antiSpoofing, settings);
    }
}
