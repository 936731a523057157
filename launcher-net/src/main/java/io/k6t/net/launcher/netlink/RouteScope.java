package io.k6t.net.launcher.netlink;

import java.util.Map;

/**
 * A route scope ({@code rtm_scope}); unknown numbers are kept. Names as {@code ip route} prints them.
 *
 * @param value the kernel's number, 0..255
 */
public record RouteScope(int value) {
    public static final RouteScope UNIVERSE = new RouteScope(0);
    public static final RouteScope SITE = new RouteScope(200);
    public static final RouteScope LINK = new RouteScope(253);
    public static final RouteScope HOST = new RouteScope(254);
    public static final RouteScope NOWHERE = new RouteScope(255);

    private static final Map<Integer, String> NAMES =
            Map.of(0, "global", 200, "site", 253, "link", 254, "host", 255, "nowhere");

    public RouteScope {
        if (value < 0 || value > 255) {
            throw new IllegalArgumentException("route scope " + value + " (expected: 0..255)");
        }
    }

    /** Parses what {@link #toString()} returns: a name or a number. */
    public static RouteScope parse(String text) {
        return new RouteScope(Names.parse("route scope", NAMES, text));
    }

    /** {@code global}, {@code link}, ... or the number. */
    @Override
    public String toString() {
        return NAMES.getOrDefault(value, Integer.toString(value));
    }
}
