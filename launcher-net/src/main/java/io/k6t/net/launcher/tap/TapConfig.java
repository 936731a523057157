package io.k6t.net.launcher.tap;

import io.k6t.net.launcher.netlink.LinkName;
import java.util.OptionalInt;

/**
 * What {@link TapDevices#create} makes: a persistent tap without packet information
 * ({@code IFF_TAP | IFF_NO_PI}), multi-queue when {@code queues > 1}, optionally with virtio-net
 * headers ({@code IFF_VNET_HDR}) and an owner/group allowed to open it without CAP_NET_ADMIN.
 */
public final class TapConfig {
    /** {@code MAX_TAP_QUEUES} of the kernel. */
    public static final int MAX_QUEUES = 256;

    private final String name;
    private final int queues;
    private final boolean vnetHeader;
    private final OptionalInt owner;
    private final OptionalInt group;

    private TapConfig(Builder builder) {
        this.name = builder.name;
        this.queues = builder.queues;
        this.vnetHeader = builder.vnetHeader;
        this.owner = builder.owner;
        this.group = builder.group;
    }

    /** A builder for a single-queue tap named {@code name}, no vnet header, no owner or group. */
    public static Builder builder(String name) {
        return new Builder(LinkName.requireValid(name));
    }

    public String name() {
        return name;
    }

    public int queues() {
        return queues;
    }

    public boolean multiQueue() {
        return queues > 1;
    }

    public boolean vnetHeader() {
        return vnetHeader;
    }

    /** The uid allowed to attach ({@code TUNSETOWNER}); empty: only CAP_NET_ADMIN. */
    public OptionalInt owner() {
        return owner;
    }

    /** The gid allowed to attach ({@code TUNSETGROUP}). */
    public OptionalInt group() {
        return group;
    }

    /** {@code ip tuntap add dev tap0 mode tap multi_queue vnet_hdr user 107 group 107}. */
    @Override
    public String toString() {
        return "ip tuntap add dev " + name + " mode tap" + (multiQueue() ? " multi_queue" : "")
                + (vnetHeader ? " vnet_hdr" : "") + (owner.isPresent() ? " user " + owner.getAsInt() : "")
                + (group.isPresent() ? " group " + group.getAsInt() : "");
    }

    /** Validates each value as it is set. */
    public static final class Builder {
        private final String name;
        private int queues = 1;
        private boolean vnetHeader;
        private OptionalInt owner = OptionalInt.empty();
        private OptionalInt group = OptionalInt.empty();

        private Builder(String name) {
            this.name = name;
        }

        /** Number of queues, 1..256; more than 1 makes a multi-queue tap. */
        public Builder queues(int value) {
            if (value < 1 || value > MAX_QUEUES) {
                throw new IllegalArgumentException("tap " + name + ": queues " + value + " (expected: 1.."
                        + MAX_QUEUES + ")");
            }
            this.queues = value;
            return this;
        }

        public Builder vnetHeader(boolean value) {
            this.vnetHeader = value;
            return this;
        }

        public Builder owner(int uid) {
            if (uid < 0) {
                throw new IllegalArgumentException("tap " + name + ": owner uid " + uid + " (expected: >= 0)");
            }
            this.owner = OptionalInt.of(uid);
            return this;
        }

        public Builder group(int gid) {
            if (gid < 0) {
                throw new IllegalArgumentException("tap " + name + ": group gid " + gid + " (expected: >= 0)");
            }
            this.group = OptionalInt.of(gid);
            return this;
        }

        public TapConfig build() {
            return new TapConfig(this);
        }
    }
}
