package io.k6t.net.launcher.netlink;

/** A tun or tap device (kind {@code tun}), see {@code io.k6t.net.launcher.tap}. */
public record Tuntap(LinkAttributes attributes) implements Link {
}
