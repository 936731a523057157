package io.k6t.net.launcher.netlink;

/**
 * A network link, typed by its driver kind; {@link Device} for every other kind. Values are
 * snapshots: read the link again to see later changes.
 */
public sealed interface Link permits Bridge, Veth, Tuntap, Dummy, Device {

    LinkAttributes attributes();

    /** Shorthand for {@code attributes().name()}. */
    default String name() {
        return attributes().name();
    }

    /** Shorthand for {@code attributes().index()}. */
    default int index() {
        return attributes().index();
    }
}
