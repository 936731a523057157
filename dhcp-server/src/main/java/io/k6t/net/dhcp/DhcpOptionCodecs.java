package io.k6t.net.dhcp;

import io.k6t.net.dhcp.ValueCodecs.Address;
import io.k6t.net.dhcp.ValueCodecs.Addresses;
import io.k6t.net.dhcp.ValueCodecs.ClientFqdns;
import io.k6t.net.dhcp.ValueCodecs.Codes;
import io.k6t.net.dhcp.ValueCodecs.DomainList;
import io.k6t.net.dhcp.ValueCodecs.Int32;
import io.k6t.net.dhcp.ValueCodecs.MessageTypes;
import io.k6t.net.dhcp.ValueCodecs.Opaque;
import io.k6t.net.dhcp.ValueCodecs.Overloads;
import io.k6t.net.dhcp.ValueCodecs.Routes;
import io.k6t.net.dhcp.ValueCodecs.SubOptions;
import io.k6t.net.dhcp.ValueCodecs.Text;
import io.k6t.net.dhcp.ValueCodecs.UnsignedByte;
import io.k6t.net.dhcp.ValueCodecs.UnsignedShort;
import io.k6t.net.dhcp.ValueCodecs.UnsignedShorts;
import java.net.Inet4Address;
import java.util.List;
import java.util.Optional;

/**
 * The registry of option value codecs: which {@link DhcpOptionCode} has which value type (RFC 2132 and
 * the RFCs of later options). Every code 0..255 has exactly one codec; a code with no registered type
 * has an opaque one (any bytes, read as a copy), so unknown options keep their bytes.
 *
 * <p>The constants are the typed codecs the server and the tools read and write by name; the others
 * are reached through {@link #forCode}. A new option is one line here (a constant when code outside this
 * package reads or writes it, else a line in the static block), an accessor in {@link DhcpOptions}
 * when it is read often, and a {@link ValueCodecs} class when its shape is new.
 */
public final class DhcpOptionCodecs {
    private static final DhcpOptionCodec<?>[] BY_CODE = new DhcpOptionCodec<?>[256];

    /** Option 1. */
    public static final DhcpOptionCodec<Inet4Address> SUBNET_MASK =
            register(new Address(DhcpOptionCode.SUBNET_MASK, "subnetMask"));
    /** Option 3, in preference order. */
    public static final DhcpOptionCodec<List<Inet4Address>> ROUTER =
            register(new Addresses(DhcpOptionCode.ROUTER, "routers"));
    /** Option 6. */
    public static final DhcpOptionCodec<List<Inet4Address>> DOMAIN_NAME_SERVER =
            register(new Addresses(DhcpOptionCode.DOMAIN_NAME_SERVER, "dnsServers"));
    /** Option 12: ISO-8859-1 text, not empty. */
    public static final DhcpOptionCodec<String> HOST_NAME = register(new Text(DhcpOptionCode.HOST_NAME, "hostName"));
    /** Option 15: not empty. */
    public static final DhcpOptionCodec<String> DOMAIN_NAME =
            register(new Text(DhcpOptionCode.DOMAIN_NAME, "domainName"));
    /** Option 26: written 68..65535 (RFC 2132 5.1). */
    public static final DhcpOptionCodec<Integer> INTERFACE_MTU =
            register(new UnsignedShort(DhcpOptionCode.INTERFACE_MTU, "interfaceMtu", 68));
    /** Option 28. */
    public static final DhcpOptionCodec<Inet4Address> BROADCAST_ADDRESS =
            register(new Address(DhcpOptionCode.BROADCAST_ADDRESS, "broadcastAddress"));
    /** Option 42. */
    public static final DhcpOptionCodec<List<Inet4Address>> NTP_SERVERS =
            register(new Addresses(DhcpOptionCode.NTP_SERVERS, "ntpServers"));
    /** Option 50. */
    public static final DhcpOptionCodec<Inet4Address> REQUESTED_IP_ADDRESS =
            register(new Address(DhcpOptionCode.REQUESTED_IP_ADDRESS, "requestedIpAddress"));
    /** Option 51: seconds, 0..4294967295 (0xffffffff = infinite). */
    public static final DhcpOptionCodec<Long> IP_ADDRESS_LEASE_TIME =
            register(new Int32(DhcpOptionCode.IP_ADDRESS_LEASE_TIME, "leaseSeconds", false, true));
    /**
     * Option 52: the encoder then uses these fields as option space (they must hold no name), and
     * writes options there when the options field is full.
     */
    public static final DhcpOptionCodec<Overload> OPTION_OVERLOAD =
            register(new Overloads(DhcpOptionCode.OPTION_OVERLOAD, "overload"));
    /** Option 53. */
    public static final DhcpOptionCodec<MessageType> DHCP_MESSAGE_TYPE =
            register(new MessageTypes(DhcpOptionCode.DHCP_MESSAGE_TYPE, "messageType"));
    /** Option 54. */
    public static final DhcpOptionCodec<Inet4Address> SERVER_IDENTIFIER =
            register(new Address(DhcpOptionCode.SERVER_IDENTIFIER, "serverIdentifier"));
    /** Option 55, in the client's order (duplicates kept). */
    public static final DhcpOptionCodec<List<DhcpOptionCode>> PARAMETER_REQUEST_LIST =
            register(new Codes(DhcpOptionCode.PARAMETER_REQUEST_LIST, "parameterRequestList"));
    /** Option 57, IP + UDP + DHCP: written 576..65535 (RFC 2132 9.10). */
    public static final DhcpOptionCodec<Integer> MAXIMUM_DHCP_MESSAGE_SIZE =
            register(new UnsignedShort(DhcpOptionCode.MAXIMUM_DHCP_MESSAGE_SIZE, "maxMessageSize", 576));
    /** Option 58, T1 in seconds. */
    public static final DhcpOptionCodec<Long> RENEWAL_TIME =
            register(new Int32(DhcpOptionCode.RENEWAL_TIME, "renewalSeconds", false, true));
    /** Option 59, T2 in seconds. */
    public static final DhcpOptionCodec<Long> REBINDING_TIME =
            register(new Int32(DhcpOptionCode.REBINDING_TIME, "rebindingSeconds", false, true));
    /** Option 60. */
    public static final DhcpOptionCodec<String> VENDOR_CLASS_IDENTIFIER =
            register(new Text(DhcpOptionCode.VENDOR_CLASS_IDENTIFIER, "vendorClassIdentifier"));
    /** Option 61, raw (usually type 1 then the MAC; echoed back by servers, RFC 6842); at least 1 byte. */
    public static final DhcpOptionCodec<byte[]> CLIENT_IDENTIFIER =
            register(new Opaque(DhcpOptionCode.CLIENT_IDENTIFIER, "clientIdentifier", 1));
    /** Option 66. */
    public static final DhcpOptionCodec<String> TFTP_SERVER_NAME =
            register(new Text(DhcpOptionCode.TFTP_SERVER_NAME, "tftpServerName"));
    /** Option 67. */
    public static final DhcpOptionCodec<String> BOOTFILE_NAME =
            register(new Text(DhcpOptionCode.BOOTFILE_NAME, "bootFileName"));
    /** Option 81 (RFC 4702); writing fails if the name is not valid in wire form (flag E). */
    public static final DhcpOptionCodec<ClientFqdn> CLIENT_FQDN =
            register(new ClientFqdns(DhcpOptionCode.CLIENT_FQDN, "clientFqdn"));
    /** Option 82 (RFC 3046), its sub-options in order. */
    public static final DhcpOptionCodec<List<RelayAgentSubOption>> RELAY_AGENT_INFORMATION =
            register(new SubOptions(DhcpOptionCode.RELAY_AGENT_INFORMATION, "relayAgentInformation"));
    /**
     * Option 119 (RFC 3397), read with compression resolved, written with RFC 1035 compression; writing
     * fails naming the first invalid domain (see {@link DhcpCodec#isValidDomainName}).
     */
    public static final DhcpOptionCodec<List<String>> DOMAIN_SEARCH =
            register(new DomainList(DhcpOptionCode.DOMAIN_SEARCH, "domainSearch"));
    /** Option 121 (RFC 3442), routes in order. */
    public static final DhcpOptionCodec<List<ClasslessRoute>> CLASSLESS_STATIC_ROUTE =
            register(new Routes(DhcpOptionCode.CLASSLESS_STATIC_ROUTE, "classlessRoutes"));
    /** Option 249, Microsoft's classless static routes, same format as 121. */
    public static final DhcpOptionCodec<List<ClasslessRoute>> MS_CLASSLESS_STATIC_ROUTE =
            register(new Routes(DhcpOptionCode.MS_CLASSLESS_STATIC_ROUTE, "msClasslessRoutes"));
    /** Option 252, the WPAD URL. */
    public static final DhcpOptionCodec<String> WPAD = register(new Text(DhcpOptionCode.WPAD, "wpadUrl"));

    static {
        for (int c : new int[] {16, 32, 118}) {
            register(new Address(code(c), valueName(c)));
        }
        for (int c : new int[] {4, 5, 7, 8, 9, 10, 11, 41, 44, 45, 48, 49, 65, 69, 70, 71, 72, 73, 74, 75, 76, 150}) {
            register(new Addresses(code(c), valueName(c)));
        }
        // RFC 2132 3.14 allows an empty list of mobile IP home agents.
        register(Addresses.anyNumber(code(68), valueName(68)));
        for (int c : new int[] {21, 33}) {
            register(Addresses.pairs(code(c), valueName(c)));
        }
        for (int c : new int[] {19, 20, 23, 27, 29, 30, 31, 34, 36, 37, 39, 46}) {
            register(new UnsignedByte(code(c), valueName(c)));
        }
        for (int c : new int[] {13, 22}) {
            register(new UnsignedShort(code(c), valueName(c), 0));
        }
        register(new UnsignedShorts(code(25), valueName(25)));
        // Option 2 is the client's offset from UTC, the one signed number of RFC 2132.
        register(new Int32(code(2), valueName(2), true, true));
        for (int c : new int[] {24, 35, 38}) {
            register(new Int32(code(c), valueName(c), false, true));
        }
        register(new Int32(code(108), valueName(108), false, false));
        for (int c : new int[] {14, 17, 18, 40, 47, 56, 64, 100, 101, 114}) {
            register(new Text(code(c), valueName(c)));
        }
        for (int c = 0; c < BY_CODE.length; c++) {
            if (BY_CODE[c] == null) {
                BY_CODE[c] = new Opaque(code(c), valueName(c), 0);
            }
        }
    }

    private DhcpOptionCodecs() {
    }

    private static <T> DhcpOptionCodec<T> register(DhcpOptionCodec<T> codec) {
        if (BY_CODE[codec.code().code()] != null) {
            throw new IllegalStateException("two codecs for " + codec.code());
        }
        BY_CODE[codec.code().code()] = codec;
        return codec;
    }

    private static DhcpOptionCode code(int c) {
        return DhcpOptionCode.valueOf(c);
    }

    /** {@code TIME_OFFSET} as {@code timeOffset}, {@code OPTION_200} as {@code option200}. */
    private static String valueName(int c) {
        StringBuilder name = new StringBuilder();
        boolean upper = false;
        for (char ch : code(c).name().toCharArray()) {
            if (ch == '_') {
                upper = true;
            } else {
                name.append(upper ? ch : Character.toLowerCase(ch));
                upper = false;
            }
        }
        return name.toString();
    }

    /** The codec of {@code code}: its registered type, or opaque bytes. */
    public static DhcpOptionCodec<?> forCode(DhcpOptionCode code) {
        return BY_CODE[code.code()];
    }

    /**
     * The value of {@code option} as {@code k6t-net dhcp decode} shows it ({@link DhcpOptionCodec#format});
     * empty for a code the registry does not name and for a site-specific one (224..254): their meaning
     * is the site's, even where a vendor gave one a shape (249, 252), so the bytes alone are shown.
     */
    public static Optional<Object> format(DhcpOption option) {
        DhcpOptionCode code = option.code();
        if (code.isPrivate() || !code.isKnown()) {
            return Optional.empty();
        }
        return forCode(code).format(option);
    }

    /** Checks a value the decoder or the builder is about to accept; offsets relative to the value. */
    static void check(int code, byte[] data, int offset, int length) throws DhcpDecodeException {
        BY_CODE[code].check(data, offset, length);
    }
}
