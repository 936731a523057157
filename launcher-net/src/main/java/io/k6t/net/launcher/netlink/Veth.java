package io.k6t.net.launcher.netlink;

import java.util.OptionalInt;

/**
 * One end of a veth pair (kind {@code veth}).
 *
 * @param peerIndex index of the other end ({@code IFLA_LINK}); it may live in another namespace
 */
public record Veth(LinkAttributes attributes, OptionalInt peerIndex) implements Link {
}
