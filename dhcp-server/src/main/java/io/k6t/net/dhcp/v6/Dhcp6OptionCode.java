package io.k6t.net.dhcp.v6;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A DHCPv6 option code (16 bits; IANA "DHCPv6 Option Codes"): a value class, not an enum, so that codes
 * this registry does not name are still represented and kept ({@code OPTION_1234}). Equality is by
 * {@link #code() number}; named codes have one instance each.
 */
public final class Dhcp6OptionCode implements Comparable<Dhcp6OptionCode> {
    private static final Map<Integer, Dhcp6OptionCode> BY_NUMBER = new LinkedHashMap<>();
    private static final Map<String, Dhcp6OptionCode> BY_NAME = new LinkedHashMap<>();

    public static final Dhcp6OptionCode CLIENTID = define(1, "CLIENTID");
    public static final Dhcp6OptionCode SERVERID = define(2, "SERVERID");
    public static final Dhcp6OptionCode IA_NA = define(3, "IA_NA");
    public static final Dhcp6OptionCode IA_TA = define(4, "IA_TA");
    public static final Dhcp6OptionCode IAADDR = define(5, "IAADDR");
    public static final Dhcp6OptionCode ORO = define(6, "ORO");
    public static final Dhcp6OptionCode PREFERENCE = define(7, "PREFERENCE");
    public static final Dhcp6OptionCode ELAPSED_TIME = define(8, "ELAPSED_TIME");
    public static final Dhcp6OptionCode RELAY_MSG = define(9, "RELAY_MSG");
    public static final Dhcp6OptionCode AUTH = define(11, "AUTH");
    public static final Dhcp6OptionCode UNICAST = define(12, "UNICAST");
    public static final Dhcp6OptionCode STATUS_CODE = define(13, "STATUS_CODE");
    public static final Dhcp6OptionCode RAPID_COMMIT = define(14, "RAPID_COMMIT");
    public static final Dhcp6OptionCode USER_CLASS = define(15, "USER_CLASS");
    public static final Dhcp6OptionCode VENDOR_CLASS = define(16, "VENDOR_CLASS");
    public static final Dhcp6OptionCode VENDOR_OPTS = define(17, "VENDOR_OPTS");
    public static final Dhcp6OptionCode INTERFACE_ID = define(18, "INTERFACE_ID");
    public static final Dhcp6OptionCode RECONF_MSG = define(19, "RECONF_MSG");
    public static final Dhcp6OptionCode RECONF_ACCEPT = define(20, "RECONF_ACCEPT");
    public static final Dhcp6OptionCode DNS_SERVERS = define(23, "DNS_SERVERS");
    public static final Dhcp6OptionCode DOMAIN_LIST = define(24, "DOMAIN_LIST");
    public static final Dhcp6OptionCode IA_PD = define(25, "IA_PD");
    public static final Dhcp6OptionCode IAPREFIX = define(26, "IAPREFIX");
    public static final Dhcp6OptionCode SNTP_SERVERS = define(31, "SNTP_SERVERS");
    public static final Dhcp6OptionCode INFORMATION_REFRESH_TIME = define(32, "INFORMATION_REFRESH_TIME");
    public static final Dhcp6OptionCode REMOTE_ID = define(37, "REMOTE_ID");
    public static final Dhcp6OptionCode SUBSCRIBER_ID = define(38, "SUBSCRIBER_ID");
    public static final Dhcp6OptionCode CLIENT_FQDN = define(39, "CLIENT_FQDN");
    public static final Dhcp6OptionCode NTP_SERVER = define(56, "NTP_SERVER");
    public static final Dhcp6OptionCode CLIENT_LINKLAYER_ADDR = define(79, "CLIENT_LINKLAYER_ADDR");
    public static final Dhcp6OptionCode SOL_MAX_RT = define(82, "SOL_MAX_RT");
    public static final Dhcp6OptionCode INF_MAX_RT = define(83, "INF_MAX_RT");

    private final int code;
    private final String name;

    private Dhcp6OptionCode(int code, String name) {
        this.code = code;
        this.name = name;
    }

    private static Dhcp6OptionCode define(int code, String name) {
        Dhcp6OptionCode c = new Dhcp6OptionCode(code, name);
        BY_NUMBER.put(code, c);
        BY_NAME.put(name, c);
        return c;
    }

    /**
     * The code with this number: the registered instance, or a new unnamed one ({@code OPTION_<n>}).
     *
     * @throws IllegalArgumentException outside 0..65535
     */
    public static Dhcp6OptionCode valueOf(int code) {
        if (code < 0 || code > 0xffff) {
            throw new IllegalArgumentException("DHCPv6 option code: " + code + " (expected: 0..65535)");
        }
        Dhcp6OptionCode named = BY_NUMBER.get(code);
        return named != null ? named : new Dhcp6OptionCode(code, "OPTION_" + code);
    }

    /**
     * The registered code with this name.
     *
     * @throws IllegalArgumentException for a name not registered, listing the names
     */
    public static Dhcp6OptionCode valueOf(String name) {
        Dhcp6OptionCode c = BY_NAME.get(name);
        if (c == null) {
            throw new IllegalArgumentException("DHCPv6 option code: '" + name + "' (expected one of "
                    + BY_NAME.keySet() + ")");
        }
        return c;
    }

    /** The registered codes by name, in number order. */
    public static Map<String, Dhcp6OptionCode> named() {
        return Collections.unmodifiableMap(BY_NAME);
    }

    /** The number on the wire. */
    public int code() {
        return code;
    }

    /** The registered name, or {@code OPTION_<n>}. */
    public String name() {
        return name;
    }

    /** Whether this registry names the code. */
    public boolean isNamed() {
        return BY_NUMBER.containsKey(code);
    }

    @Override
    public int compareTo(Dhcp6OptionCode o) {
        return Integer.compare(code, o.code);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Dhcp6OptionCode other && other.code == code;
    }

    @Override
    public int hashCode() {
        return code;
    }

    @Override
    public String toString() {
        return name + "(" + code + ")";
    }
}
