package io.k6t.net.libvirt;

import io.k6t.net.libvirt.internal.Validation;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One guest network interface as libvirt's {@code <interface>} element describes it: either
 * {@code type='ethernet'} on a tap that exists already ({@code <target dev='tap0' managed='no'/>},
 * the bridge binding's default) or {@code type='bridge'} with {@code <source bridge=…/>}, where
 * libvirt creates the tap. Immutable; the {@link Builder} checks every value as it is set and
 * throws {@link InvalidInterfaceSpecException} naming the field and the value.
 *
 * <pre>{@code
 * InterfaceSpec spec = InterfaceSpec.builder()
 *         .name("default")              // alias ua-default
 *         .ethernet("tap0")             // or .bridge("k6t-eth0")
 *         .mac("02:00:00:74:17:75")
 *         .mtu(1450)
 *         .build();
 * String xml = InterfaceXml.toXml(spec);
 * }</pre>
 */
public final class InterfaceSpec {
    /** The default device model: virtio 1.0 only, so it needs no legacy I/O ports (like KubeVirt). */
    public static final String DEFAULT_MODEL = "virtio-non-transitional";
    /** libvirt keeps aliases that start with this prefix as given (user aliases); others it replaces. */
    public static final String ALIAS_PREFIX = "ua-";
    /** The kernel's limit on queues of one tap device (MAX_TAP_QUEUES). */
    public static final int MAX_QUEUES = 256;

    /** The {@code type} attribute of the {@code <interface>} element. */
    public enum Type {
        /** An existing tap, opened by name and left alone by libvirt ({@code managed='no'}). */
        ETHERNET("ethernet"),
        /** A tap that libvirt creates and enslaves to a bridge. */
        BRIDGE("bridge");

        private final String xmlName;

        Type(String xmlName) {
            this.xmlName = xmlName;
        }

        /** The attribute value, {@code ethernet} or {@code bridge}. */
        public String xmlName() {
            return xmlName;
        }
    }

    private final String name;
    private final Type type;
    private final String device;
    private final String mac;
    private final String model;
    private final int mtu;
    private final int queues;
    private final int bootOrder;
    private final boolean linkDown;
    private final PciAddress pciAddress;

    private InterfaceSpec(Builder b) {
        this.name = b.name;
        this.type = b.type;
        this.device = b.device;
        this.mac = b.mac;
        this.model = b.model;
        this.mtu = b.mtu;
        this.queues = b.queues;
        this.bootOrder = b.bootOrder;
        this.linkDown = b.linkDown;
        this.pciAddress = b.pciAddress;
    }

    /** A builder with the defaults: model {@value #DEFAULT_MODEL}, one queue, ROM disabled, link up. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this spec's values. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.name = name;
        b.type = type;
        b.device = device;
        b.mac = mac;
        b.model = model;
        b.mtu = mtu;
        b.queues = queues;
        b.bootOrder = bootOrder;
        b.linkDown = linkDown;
        b.pciAddress = pciAddress;
        return b;
    }

    /** The interface name, e.g. {@code default}; the alias is {@code ua-<name>}. */
    public String name() {
        return name;
    }

    /** The user alias libvirt keeps, {@code ua-<name>}: how attach, detach and edits find the interface. */
    public String alias() {
        return ALIAS_PREFIX + name;
    }

    /** Ethernet (existing tap) or bridge. */
    public Type type() {
        return type;
    }

    /** The tap name for {@link Type#ETHERNET}, else empty. */
    public Optional<String> targetDevice() {
        return type == Type.ETHERNET ? Optional.of(device) : Optional.empty();
    }

    /** The bridge name for {@link Type#BRIDGE}, else empty. */
    public Optional<String> sourceBridge() {
        return type == Type.BRIDGE ? Optional.of(device) : Optional.empty();
    }

    /** The guest MAC in lower case; empty lets libvirt generate one (52:54:00:…). */
    public Optional<String> mac() {
        return Optional.ofNullable(mac);
    }

    /** The device model, {@value #DEFAULT_MODEL} unless set. */
    public String model() {
        return model;
    }

    /** The MTU the guest is told (virtio {@code host_mtu}); empty for the device default. */
    public OptionalInt mtu() {
        return mtu == 0 ? OptionalInt.empty() : OptionalInt.of(mtu);
    }

    /** Queue pairs; above 1 the XML carries {@code <driver name='vhost' queues='N'/>}. */
    public int queues() {
        return queues;
    }

    /** The boot order; when empty the interface's option ROM is disabled ({@code <rom enabled='no'/>}). */
    public OptionalInt bootOrder() {
        return bootOrder == 0 ? OptionalInt.empty() : OptionalInt.of(bootOrder);
    }

    /** Whether the guest sees the link down ({@code <link state='down'/>}). */
    public boolean linkDown() {
        return linkDown;
    }

    /** The guest PCI address; empty lets libvirt choose. */
    public Optional<PciAddress> pciAddress() {
        return Optional.ofNullable(pciAddress);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof InterfaceSpec other
                && name.equals(other.name)
                && type == other.type
                && device.equals(other.device)
                && Objects.equals(mac, other.mac)
                && model.equals(other.model)
                && mtu == other.mtu
                && queues == other.queues
                && bootOrder == other.bootOrder
                && linkDown == other.linkDown
                && Objects.equals(pciAddress, other.pciAddress);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, type, device, mac, model, mtu, queues, bootOrder, linkDown, pciAddress);
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("InterfaceSpec{").append(alias()).append(' ').append(type.xmlName())
                .append(type == Type.ETHERNET ? " tap=" : " bridge=").append(device)
                .append(" model=").append(model);
        if (mac != null) {
            s.append(" mac=").append(mac);
        }
        if (mtu != 0) {
            s.append(" mtu=").append(mtu);
        }
        if (queues > 1) {
            s.append(" queues=").append(queues);
        }
        s.append(bootOrder != 0 ? " boot=" + bootOrder : " rom=off");
        if (linkDown) {
            s.append(" link=down");
        }
        if (pciAddress != null) {
            s.append(" pci=").append(pciAddress);
        }
        return s.append('}').toString();
    }

    /** Collects and checks the values; {@link #build()} checks that name and type were set. */
    public static final class Builder {
        private String name;
        private Type type;
        private String device;
        private String mac;
        private String model = DEFAULT_MODEL;
        private int mtu;
        private int queues = 1;
        private int bootOrder;
        private boolean linkDown;
        private PciAddress pciAddress;

        private Builder() {
        }

        /** The interface name: 1 to 60 of {@code [A-Za-z0-9_.-]}; the alias becomes {@code ua-<name>}. */
        public Builder name(String name) {
            this.name = Validation.aliasName("name", name);
            return this;
        }

        /**
         * {@code type='ethernet'} on the existing tap {@code tapName} ({@code <target dev=… managed='no'/>}).
         * Names starting with {@code vnet}, {@code macvtap} or {@code macvlan} are refused: libvirt
         * treats them as names it generated.
         */
        public Builder ethernet(String tapName) {
            this.device = Validation.tapName("targetDevice", tapName);
            this.type = Type.ETHERNET;
            return this;
        }

        /** {@code type='bridge'} with {@code <source bridge=…/>}; libvirt creates the tap. */
        public Builder bridge(String bridgeName) {
            this.device = Validation.linkName("sourceBridge", bridgeName);
            this.type = Type.BRIDGE;
            return this;
        }

        /** The guest MAC: unicast, not all zero, {@code xx:xx:xx:xx:xx:xx}; stored in lower case. */
        public Builder mac(String mac) {
            this.mac = Validation.mac("mac", mac);
            return this;
        }

        /** Lets libvirt generate the MAC again (the default). */
        public Builder anyMac() {
            this.mac = null;
            return this;
        }

        /** The device model, e.g. {@code virtio-non-transitional} (default), {@code virtio}, {@code e1000e}. */
        public Builder model(String model) {
            this.model = Validation.model("model", model);
            return this;
        }

        /** The guest MTU, 68 (the IPv4 minimum) to 65535. */
        public Builder mtu(int mtu) {
            this.mtu = Validation.range("mtu", mtu, 68, 65535);
            return this;
        }

        /** Queue pairs, 1 to {@value InterfaceSpec#MAX_QUEUES}; a tap for more than one needs multi_queue. */
        public Builder queues(int queues) {
            this.queues = Validation.range("queues", queues, 1, MAX_QUEUES);
            return this;
        }

        /** Boot from this interface at position {@code order} (1 = first), instead of disabling its ROM. */
        public Builder bootOrder(int order) {
            this.bootOrder = Validation.range("bootOrder", order, 1, 65535);
            return this;
        }

        /** Disables booting from this interface again: {@code <rom enabled='no'/>} (the default). */
        public Builder noBoot() {
            this.bootOrder = 0;
            return this;
        }

        /** Whether the guest sees the link down. */
        public Builder linkDown(boolean down) {
            this.linkDown = down;
            return this;
        }

        /** A fixed guest PCI address. */
        public Builder pciAddress(PciAddress address) {
            this.pciAddress = Objects.requireNonNull(address, "address");
            return this;
        }

        /** Lets libvirt choose the PCI address again (the default). */
        public Builder anyPciAddress() {
            this.pciAddress = null;
            return this;
        }

        /**
         * The spec.
         *
         * @throws InvalidInterfaceSpecException if the name or the source (tap or bridge) was not set
         */
        public InterfaceSpec build() {
            if (name == null) {
                throw new InvalidInterfaceSpecException("name", "absent", "a name, e.g. default");
            }
            if (type == null) {
                throw new InvalidInterfaceSpecException("source", "absent",
                        "ethernet(tapName) or bridge(bridgeName)");
            }
            return new InterfaceSpec(this);
        }
    }
}
