package io.k6t.net.launcher.netlink;

/** A dummy link (kind {@code dummy}); needs the kernel's dummy driver. */
public record Dummy(LinkAttributes attributes) implements Link {
}
