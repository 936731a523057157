package io.k6t.net.launcher.netlink;

/** Any other link: {@code lo}, physical NICs, and kinds k6t-net has no type for (see {@code kind}). */
public record Device(LinkAttributes attributes) implements Link {
}
