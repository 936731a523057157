package io.k6t.net.launcher.netlink;

import java.util.Map;

/**
 * Who installed a route ({@code rtm_protocol}); unknown numbers are kept. Names as {@code ip route}
 * prints them.
 *
 * @param value the kernel's number, 0..255
 */
public record RouteProtocol(int value) {
    public static final RouteProtocol UNSPEC = new RouteProtocol(0);
    public static final RouteProtocol KERNEL = new RouteProtocol(2);
    /** iproute2's default for {@code ip route add}. */
    public static final RouteProtocol BOOT = new RouteProtocol(3);
    public static final RouteProtocol STATIC = new RouteProtocol(4);
    public static final RouteProtocol RA = new RouteProtocol(9);
    public static final RouteProtocol DHCP = new RouteProtocol(16);

    private static final Map<Integer, String> NAMES =
            Map.of(0, "unspec", 2, "kernel", 3, "boot", 4, "static", 9, "ra", 16, "dhcp");

    public RouteProtocol {
        if (value < 0 || value > 255) {
            throw new IllegalArgumentException("route protocol " + value + " (expected: 0..255)");
        }
    }

    /** Parses what {@link #toString()} returns: a name or a number. */
    public static RouteProtocol parse(String text) {
        return new RouteProtocol(Names.parse("route protocol", NAMES, text));
    }

    /** {@code kernel}, {@code static}, ... or the number. */
    @Override
    public String toString() {
        return NAMES.getOrDefault(value, Integer.toString(value));
    }
}
