package io.k6t.net.dhcp.v6;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A DHCPv6 message type (RFC 8415 section 7.3, IANA "DHCPv6 Message Types"): a value class so that types
 * this registry does not name are kept ({@code TYPE_42}); equality by number, one instance per number.
 */
public final class Dhcp6MessageType {
    private static final Dhcp6MessageType[] BY_NUMBER = new Dhcp6MessageType[256];
    private static final Map<String, Dhcp6MessageType> BY_NAME = new LinkedHashMap<>();

    public static final Dhcp6MessageType SOLICIT = define(1, "SOLICIT");
    public static final Dhcp6MessageType ADVERTISE = define(2, "ADVERTISE");
    public static final Dhcp6MessageType REQUEST = define(3, "REQUEST");
    public static final Dhcp6MessageType CONFIRM = define(4, "CONFIRM");
    public static final Dhcp6MessageType RENEW = define(5, "RENEW");
    public static final Dhcp6MessageType REBIND = define(6, "REBIND");
    public static final Dhcp6MessageType REPLY = define(7, "REPLY");
    public static final Dhcp6MessageType RELEASE = define(8, "RELEASE");
    public static final Dhcp6MessageType DECLINE = define(9, "DECLINE");
    public static final Dhcp6MessageType RECONFIGURE = define(10, "RECONFIGURE");
    public static final Dhcp6MessageType INFORMATION_REQUEST = define(11, "INFORMATION_REQUEST");
    public static final Dhcp6MessageType RELAY_FORW = define(12, "RELAY_FORW");
    public static final Dhcp6MessageType RELAY_REPL = define(13, "RELAY_REPL");

    static {
        for (int i = 0; i < 256; i++) {
            if (BY_NUMBER[i] == null) {
                BY_NUMBER[i] = new Dhcp6MessageType(i, "TYPE_" + i);
            }
        }
    }

    private final int number;
    private final String name;

    private Dhcp6MessageType(int number, String name) {
        this.number = number;
        this.name = name;
    }

    private static Dhcp6MessageType define(int number, String name) {
        Dhcp6MessageType type = new Dhcp6MessageType(number, name);
        BY_NUMBER[number] = type;
        BY_NAME.put(name, type);
        return type;
    }

    /**
     * The type with this number, named or not.
     *
     * @throws IllegalArgumentException outside 0..255
     */
    public static Dhcp6MessageType valueOf(int number) {
        if (number < 0 || number > 255) {
            throw new IllegalArgumentException("DHCPv6 message type: " + number + " (expected: 0..255)");
        }
        return BY_NUMBER[number];
    }

    /**
     * The registered type with this name ({@code SOLICIT}, {@code INFORMATION_REQUEST}, ...).
     *
     * @throws IllegalArgumentException for a name not registered, listing the names
     */
    public static Dhcp6MessageType valueOf(String name) {
        Dhcp6MessageType type = BY_NAME.get(name);
        if (type == null) {
            throw new IllegalArgumentException("DHCPv6 message type: '" + name + "' (expected one of "
                    + BY_NAME.keySet() + ")");
        }
        return type;
    }

    /** The registered types, by number. */
    public static Map<String, Dhcp6MessageType> named() {
        return Collections.unmodifiableMap(BY_NAME);
    }

    /** The number on the wire. */
    public int number() {
        return number;
    }

    /** The registered name, or {@code TYPE_<n>}. */
    public String name() {
        return name;
    }

    /** Whether this is RELAY-FORW or RELAY-REPL, whose header is hop count, link and peer address. */
    public boolean isRelay() {
        return number == 12 || number == 13;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Dhcp6MessageType other && other.number == number;
    }

    @Override
    public int hashCode() {
        return number;
    }

    @Override
    public String toString() {
        return name;
    }
}
