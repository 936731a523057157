package io.k6t.net.launcher.netlink;

/** A Linux bridge (kind {@code bridge}). */
public record Bridge(LinkAttributes attributes) implements Link {
}
