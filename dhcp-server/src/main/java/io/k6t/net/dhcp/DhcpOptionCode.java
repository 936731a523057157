package io.k6t.net.dhcp;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A DHCPv4 option code (RFC 2132 and later, IANA "BOOTP Vendor Extensions and DHCP Options"): a
 * value class, not an enum, so that codes this registry does not name are still represented and kept
 * (like Netty's {@code DnsRecordType}). Equality is by {@link #code() number}; every code 0..255 has
 * exactly one instance, so {@link #valueOf(int)} never allocates.
 */
public final class DhcpOptionCode implements Comparable<DhcpOptionCode> {
    private static final DhcpOptionCode[] BY_NUMBER = new DhcpOptionCode[256];
    private static final Map<String, DhcpOptionCode> BY_NAME = new LinkedHashMap<>();

    public static final DhcpOptionCode PAD = define(0, "PAD");
    public static final DhcpOptionCode SUBNET_MASK = define(1, "SUBNET_MASK");
    public static final DhcpOptionCode TIME_OFFSET = define(2, "TIME_OFFSET");
    public static final DhcpOptionCode ROUTER = define(3, "ROUTER");
    public static final DhcpOptionCode TIME_SERVER = define(4, "TIME_SERVER");
    public static final DhcpOptionCode NAME_SERVER = define(5, "NAME_SERVER");
    public static final DhcpOptionCode DOMAIN_NAME_SERVER = define(6, "DOMAIN_NAME_SERVER");
    public static final DhcpOptionCode LOG_SERVER = define(7, "LOG_SERVER");
    public static final DhcpOptionCode COOKIE_SERVER = define(8, "COOKIE_SERVER");
    public static final DhcpOptionCode LPR_SERVER = define(9, "LPR_SERVER");
    public static final DhcpOptionCode IMPRESS_SERVER = define(10, "IMPRESS_SERVER");
    public static final DhcpOptionCode RESOURCE_LOCATION_SERVER = define(11, "RESOURCE_LOCATION_SERVER");
    public static final DhcpOptionCode HOST_NAME = define(12, "HOST_NAME");
    public static final DhcpOptionCode BOOT_FILE_SIZE = define(13, "BOOT_FILE_SIZE");
    public static final DhcpOptionCode MERIT_DUMP_FILE = define(14, "MERIT_DUMP_FILE");
    public static final DhcpOptionCode DOMAIN_NAME = define(15, "DOMAIN_NAME");
    public static final DhcpOptionCode SWAP_SERVER = define(16, "SWAP_SERVER");
    public static final DhcpOptionCode ROOT_PATH = define(17, "ROOT_PATH");
    public static final DhcpOptionCode EXTENSIONS_PATH = define(18, "EXTENSIONS_PATH");
    public static final DhcpOptionCode IP_FORWARDING = define(19, "IP_FORWARDING");
    public static final DhcpOptionCode NON_LOCAL_SOURCE_ROUTING = define(20, "NON_LOCAL_SOURCE_ROUTING");
    public static final DhcpOptionCode POLICY_FILTER = define(21, "POLICY_FILTER");
    public static final DhcpOptionCode MAX_DATAGRAM_REASSEMBLY_SIZE = define(22, "MAX_DATAGRAM_REASSEMBLY_SIZE");
    public static final DhcpOptionCode DEFAULT_IP_TTL = define(23, "DEFAULT_IP_TTL");
    public static final DhcpOptionCode PATH_MTU_AGING_TIMEOUT = define(24, "PATH_MTU_AGING_TIMEOUT");
    public static final DhcpOptionCode PATH_MTU_PLATEAU_TABLE = define(25, "PATH_MTU_PLATEAU_TABLE");
    public static final DhcpOptionCode INTERFACE_MTU = define(26, "INTERFACE_MTU");
    public static final DhcpOptionCode ALL_SUBNETS_LOCAL = define(27, "ALL_SUBNETS_LOCAL");
    public static final DhcpOptionCode BROADCAST_ADDRESS = define(28, "BROADCAST_ADDRESS");
    public static final DhcpOptionCode PERFORM_MASK_DISCOVERY = define(29, "PERFORM_MASK_DISCOVERY");
    public static final DhcpOptionCode MASK_SUPPLIER = define(30, "MASK_SUPPLIER");
    public static final DhcpOptionCode PERFORM_ROUTER_DISCOVERY = define(31, "PERFORM_ROUTER_DISCOVERY");
    public static final DhcpOptionCode ROUTER_SOLICITATION_ADDRESS = define(32, "ROUTER_SOLICITATION_ADDRESS");
    public static final DhcpOptionCode STATIC_ROUTE = define(33, "STATIC_ROUTE");
    public static final DhcpOptionCode TRAILER_ENCAPSULATION = define(34, "TRAILER_ENCAPSULATION");
    public static final DhcpOptionCode ARP_CACHE_TIMEOUT = define(35, "ARP_CACHE_TIMEOUT");
    public static final DhcpOptionCode ETHERNET_ENCAPSULATION = define(36, "ETHERNET_ENCAPSULATION");
    public static final DhcpOptionCode TCP_DEFAULT_TTL = define(37, "TCP_DEFAULT_TTL");
    public static final DhcpOptionCode TCP_KEEPALIVE_INTERVAL = define(38, "TCP_KEEPALIVE_INTERVAL");
    public static final DhcpOptionCode TCP_KEEPALIVE_GARBAGE = define(39, "TCP_KEEPALIVE_GARBAGE");
    public static final DhcpOptionCode NIS_DOMAIN = define(40, "NIS_DOMAIN");
    public static final DhcpOptionCode NIS_SERVERS = define(41, "NIS_SERVERS");
    public static final DhcpOptionCode NTP_SERVERS = define(42, "NTP_SERVERS");
    public static final DhcpOptionCode VENDOR_SPECIFIC_INFORMATION = define(43, "VENDOR_SPECIFIC_INFORMATION");
    public static final DhcpOptionCode NETBIOS_NAME_SERVER = define(44, "NETBIOS_NAME_SERVER");
    public static final DhcpOptionCode NETBIOS_DATAGRAM_DISTRIBUTION_SERVER =
            define(45, "NETBIOS_DATAGRAM_DISTRIBUTION_SERVER");
    public static final DhcpOptionCode NETBIOS_NODE_TYPE = define(46, "NETBIOS_NODE_TYPE");
    public static final DhcpOptionCode NETBIOS_SCOPE = define(47, "NETBIOS_SCOPE");
    public static final DhcpOptionCode X_WINDOW_FONT_SERVER = define(48, "X_WINDOW_FONT_SERVER");
    public static final DhcpOptionCode X_WINDOW_DISPLAY_MANAGER = define(49, "X_WINDOW_DISPLAY_MANAGER");
    public static final DhcpOptionCode REQUESTED_IP_ADDRESS = define(50, "REQUESTED_IP_ADDRESS");
    public static final DhcpOptionCode IP_ADDRESS_LEASE_TIME = define(51, "IP_ADDRESS_LEASE_TIME");
    public static final DhcpOptionCode OPTION_OVERLOAD = define(52, "OPTION_OVERLOAD");
    public static final DhcpOptionCode DHCP_MESSAGE_TYPE = define(53, "DHCP_MESSAGE_TYPE");
    public static final DhcpOptionCode SERVER_IDENTIFIER = define(54, "SERVER_IDENTIFIER");
    public static final DhcpOptionCode PARAMETER_REQUEST_LIST = define(55, "PARAMETER_REQUEST_LIST");
    public static final DhcpOptionCode MESSAGE = define(56, "MESSAGE");
    public static final DhcpOptionCode MAXIMUM_DHCP_MESSAGE_SIZE = define(57, "MAXIMUM_DHCP_MESSAGE_SIZE");
    public static final DhcpOptionCode RENEWAL_TIME = define(58, "RENEWAL_TIME");
    public static final DhcpOptionCode REBINDING_TIME = define(59, "REBINDING_TIME");
    public static final DhcpOptionCode VENDOR_CLASS_IDENTIFIER = define(60, "VENDOR_CLASS_IDENTIFIER");
    public static final DhcpOptionCode CLIENT_IDENTIFIER = define(61, "CLIENT_IDENTIFIER");
    public static final DhcpOptionCode NISPLUS_DOMAIN = define(64, "NISPLUS_DOMAIN");
    public static final DhcpOptionCode NISPLUS_SERVERS = define(65, "NISPLUS_SERVERS");
    public static final DhcpOptionCode TFTP_SERVER_NAME = define(66, "TFTP_SERVER_NAME");
    public static final DhcpOptionCode BOOTFILE_NAME = define(67, "BOOTFILE_NAME");
    public static final DhcpOptionCode MOBILE_IP_HOME_AGENT = define(68, "MOBILE_IP_HOME_AGENT");
    public static final DhcpOptionCode SMTP_SERVER = define(69, "SMTP_SERVER");
    public static final DhcpOptionCode POP3_SERVER = define(70, "POP3_SERVER");
    public static final DhcpOptionCode NNTP_SERVER = define(71, "NNTP_SERVER");
    public static final DhcpOptionCode WWW_SERVER = define(72, "WWW_SERVER");
    public static final DhcpOptionCode FINGER_SERVER = define(73, "FINGER_SERVER");
    public static final DhcpOptionCode IRC_SERVER = define(74, "IRC_SERVER");
    public static final DhcpOptionCode STREETTALK_SERVER = define(75, "STREETTALK_SERVER");
    public static final DhcpOptionCode STDA_SERVER = define(76, "STDA_SERVER");
    public static final DhcpOptionCode USER_CLASS = define(77, "USER_CLASS");
    public static final DhcpOptionCode RAPID_COMMIT = define(80, "RAPID_COMMIT");
    public static final DhcpOptionCode CLIENT_FQDN = define(81, "CLIENT_FQDN");
    public static final DhcpOptionCode RELAY_AGENT_INFORMATION = define(82, "RELAY_AGENT_INFORMATION");
    public static final DhcpOptionCode AUTHENTICATION = define(90, "AUTHENTICATION");
    public static final DhcpOptionCode CLIENT_LAST_TRANSACTION_TIME = define(91, "CLIENT_LAST_TRANSACTION_TIME");
    public static final DhcpOptionCode ASSOCIATED_IP = define(92, "ASSOCIATED_IP");
    public static final DhcpOptionCode CLIENT_SYSTEM_ARCHITECTURE = define(93, "CLIENT_SYSTEM_ARCHITECTURE");
    public static final DhcpOptionCode CLIENT_NETWORK_INTERFACE_ID = define(94, "CLIENT_NETWORK_INTERFACE_ID");
    public static final DhcpOptionCode CLIENT_MACHINE_ID = define(97, "CLIENT_MACHINE_ID");
    public static final DhcpOptionCode PCODE = define(100, "PCODE");
    public static final DhcpOptionCode TCODE = define(101, "TCODE");
    public static final DhcpOptionCode IPV6_ONLY_PREFERRED = define(108, "IPV6_ONLY_PREFERRED");
    public static final DhcpOptionCode CAPTIVE_PORTAL = define(114, "CAPTIVE_PORTAL");
    public static final DhcpOptionCode AUTO_CONFIGURE = define(116, "AUTO_CONFIGURE");
    public static final DhcpOptionCode SUBNET_SELECTION = define(118, "SUBNET_SELECTION");
    public static final DhcpOptionCode DOMAIN_SEARCH = define(119, "DOMAIN_SEARCH");
    public static final DhcpOptionCode CLASSLESS_STATIC_ROUTE = define(121, "CLASSLESS_STATIC_ROUTE");
    public static final DhcpOptionCode VENDOR_IDENTIFYING_VENDOR_CLASS = define(124, "VENDOR_IDENTIFYING_VENDOR_CLASS");
    public static final DhcpOptionCode VENDOR_IDENTIFYING_VENDOR_SPECIFIC =
            define(125, "VENDOR_IDENTIFYING_VENDOR_SPECIFIC");
    public static final DhcpOptionCode FORCERENEW_NONCE_CAPABLE = define(145, "FORCERENEW_NONCE_CAPABLE");
    public static final DhcpOptionCode TFTP_SERVER_ADDRESS = define(150, "TFTP_SERVER_ADDRESS");
    public static final DhcpOptionCode MUD_URL = define(161, "MUD_URL");
    /** Microsoft's pre-standard copy of option 121, same format; sent only when a client asks for it. */
    public static final DhcpOptionCode MS_CLASSLESS_STATIC_ROUTE = define(249, "MS_CLASSLESS_STATIC_ROUTE");
    /** Web Proxy Auto-Discovery URL (draft-ietf-wrec-wpad), in the private range but widely known. */
    public static final DhcpOptionCode WPAD = define(252, "WPAD");
    public static final DhcpOptionCode END = define(255, "END");

    /** First code of the site-specific (private) range, RFC 2132 section 2 / RFC 3942. */
    public static final int PRIVATE_FIRST = 224;
    /** Last code of the site-specific (private) range. */
    public static final int PRIVATE_LAST = 254;

    static {
        for (int i = 0; i < BY_NUMBER.length; i++) {
            if (BY_NUMBER[i] == null) {
                BY_NUMBER[i] = new DhcpOptionCode(i, (i >= PRIVATE_FIRST && i <= PRIVATE_LAST ? "PRIVATE_" : "OPTION_")
                        + i, false);
            }
        }
    }

    private final int code;
    private final String name;
    private final boolean known;

    private DhcpOptionCode(int code, String name, boolean known) {
        this.code = code;
        this.name = name;
        this.known = known;
    }

    private static DhcpOptionCode define(int code, String name) {
        DhcpOptionCode c = new DhcpOptionCode(code, name, true);
        BY_NUMBER[code] = c;
        BY_NAME.put(name, c);
        return c;
    }

    /**
     * The code with this number; codes the registry does not name are returned too (named
     * {@code OPTION_<n>}, or {@code PRIVATE_<n>} in 224..254).
     *
     * @throws IllegalArgumentException if {@code code} is not in 0..255
     */
    public static DhcpOptionCode valueOf(int code) {
        if (code < 0 || code > 255) {
            throw new IllegalArgumentException("option code: " + code + " (expected: 0..255)");
        }
        return BY_NUMBER[code];
    }

    /**
     * The registered code with this name, e.g. {@code "CLASSLESS_STATIC_ROUTE"}.
     *
     * @throws IllegalArgumentException naming the known names if {@code name} is not one of them
     */
    public static DhcpOptionCode valueOf(String name) {
        DhcpOptionCode c = BY_NAME.get(name);
        if (c == null) {
            throw new IllegalArgumentException("unknown DHCP option name: '" + name + "' (known: "
                    + String.join(", ", BY_NAME.keySet()) + ")");
        }
        return c;
    }

    /** The names {@link #valueOf(String)} accepts, in code order. */
    public static Set<String> knownNames() {
        return Collections.unmodifiableSet(BY_NAME.keySet());
    }

    /** The option number, 0..255. */
    public int code() {
        return code;
    }

    /** The registry name, or {@code OPTION_<n>} / {@code PRIVATE_<n>} for codes it does not name. */
    public String name() {
        return name;
    }

    /** Whether the registry names this code. */
    public boolean isKnown() {
        return known;
    }

    /** Whether this code is in the site-specific range 224..254 (RFC 3942). */
    public boolean isPrivate() {
        return code >= PRIVATE_FIRST && code <= PRIVATE_LAST;
    }

    @Override
    public int compareTo(DhcpOptionCode other) {
        return Integer.compare(code, other.code);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DhcpOptionCode && ((DhcpOptionCode) o).code == code;
    }

    @Override
    public int hashCode() {
        return code;
    }

    /** {@code NAME(n)}, e.g. {@code ROUTER(3)}. */
    @Override
    public String toString() {
        return name + "(" + code + ")";
    }
}
