package io.k6t.net.launcher.netlink;

import java.util.Map;

/**
 * A route type ({@code rtm_type}); unknown numbers are kept. Names as {@code ip route} prints them.
 *
 * @param value the kernel's number, 0..255
 */
public record RouteType(int value) {
    public static final RouteType UNSPEC = new RouteType(0);
    public static final RouteType UNICAST = new RouteType(1);
    public static final RouteType LOCAL = new RouteType(2);
    public static final RouteType BROADCAST = new RouteType(3);
    public static final RouteType ANYCAST = new RouteType(4);
    public static final RouteType MULTICAST = new RouteType(5);
    public static final RouteType BLACKHOLE = new RouteType(6);
    public static final RouteType UNREACHABLE = new RouteType(7);
    public static final RouteType PROHIBIT = new RouteType(8);
    public static final RouteType THROW = new RouteType(9);
    public static final RouteType NAT = new RouteType(10);

    private static final Map<Integer, String> NAMES = Map.ofEntries(Map.entry(0, "unspec"), Map.entry(1, "unicast"),
            Map.entry(2, "local"), Map.entry(3, "broadcast"), Map.entry(4, "anycast"), Map.entry(5, "multicast"),
            Map.entry(6, "blackhole"), Map.entry(7, "unreachable"), Map.entry(8, "prohibit"), Map.entry(9, "throw"),
            Map.entry(10, "nat"));

    public RouteType {
        if (value < 0 || value > 255) {
            throw new IllegalArgumentException("route type " + value + " (expected: 0..255)");
        }
    }

    /** Parses what {@link #toString()} returns: a name or a number. */
    public static RouteType parse(String text) {
        return new RouteType(Names.parse("route type", NAMES, text));
    }

    /** {@code unicast}, {@code local}, ... or the number. */
    @Override
    public String toString() {
        return NAMES.getOrDefault(value, Integer.toString(value));
    }
}
