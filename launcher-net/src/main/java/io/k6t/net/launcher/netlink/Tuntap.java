package io.k6t.net.launcher.netlink;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * A tun or tap device (kind {@code tun}), see {@code io.k6t.net.launcher.tap}.
 *
 * @param attributes the common link attributes
 * @param owner      the uid allowed to open it ({@code TUNSETOWNER}); empty when root only
 * @param group      the gid allowed to open it ({@code TUNSETGROUP}); empty when none
 */
public record Tuntap(LinkAttributes attributes, OptionalInt owner, OptionalInt group) implements Link {
    public Tuntap {
        Objects.requireNonNull(attributes, "attributes");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(group, "group");
    }

    /** A tap with neither owner nor group. */
    public Tuntap(LinkAttributes attributes) {
        this(attributes, OptionalInt.empty(), OptionalInt.empty());
    }
}
