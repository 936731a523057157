package io.k6t.net.dhcp.v6;

import io.k6t.net.dhcp.DhcpDecodeException;
import io.k6t.net.dhcp.internal.DomainNames;
import io.k6t.net.dhcp.v6.Dhcp6DecodeException.Reason;
import java.io.ByteArrayOutputStream;
import java.net.Inet6Address;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * The formats each option code requires, and the option list parser shared by messages, relay
 * messages and the options nested in IA_NA, IA_TA, IAADDR, IA_PD and IAPREFIX. Offsets in exceptions
 * count from the first byte of the outermost UDP payload ({@code base} is where {@code data[offset]}
 * sits in it).
 */
final class OptionFormats {
    /** Relay nesting limit: RFC 8415 section 7.6 HOP_COUNT_LIMIT. */
    static final int MAX_RELAY_DEPTH = 8;

    private OptionFormats() {
    }

    /** Parses and checks the options in {@code data[offset..offset+length)}. */
    static List<Dhcp6Option> parse(byte[] data, int offset, int length, int base, int depth)
            throws Dhcp6DecodeException {
        List<Dhcp6Option> options = new ArrayList<>();
        int pos = 0;
        while (pos < length) {
            if (pos + 4 > length) {
                throw new Dhcp6DecodeException(base + pos, Reason.OPTION_PAST_END, "option header of "
                        + (length - pos) + " bytes (expected: 4)");
            }
            int code = u16(data, offset + pos);
            int len = u16(data, offset + pos + 2);
            if (pos + 4 + len > length) {
                throw new Dhcp6DecodeException(base + pos, Reason.OPTION_PAST_END, "option " + code + " of " + len
                        + " bytes runs past the end (" + (length - pos - 4) + " bytes left)");
            }
            Dhcp6OptionCode optionCode = Dhcp6OptionCode.valueOf(code);
            check(optionCode, data, offset + pos + 4, len, base + pos + 4, depth);
            byte[] value = new byte[len];
            System.arraycopy(data, offset + pos + 4, value, 0, len);
            options.add(new Dhcp6Option(optionCode, value));
            pos += 4 + len;
        }
        return options;
    }

    /** Checks one option value against the format of its code; {@code base} is the value's offset. */
    static void check(Dhcp6OptionCode code, byte[] data, int offset, int len, int base, int depth)
            throws Dhcp6DecodeException {
        switch (code.code()) {
            case 1, 2 -> range(code, len, 3, 130, base, "a DUID: 2-byte type and 1..128 bytes");
            case 3, 25 -> nested(code, data, offset, len, 12, base, depth);
            case 4 -> nested(code, data, offset, len, 4, base, depth);
            case 5 -> nested(code, data, offset, len, 24, base, depth);
            case 26 -> nested(code, data, offset, len, 25, base, depth);
            case 6 -> multiple(code, len, 2, base);
            case 7 -> exactly(code, len, 1, base);
            case 8 -> exactly(code, len, 2, base);
            case 9 -> Dhcp6Codec.decodeAt(data, offset, len, base, depth + 1);
            case 12 -> exactly(code, len, 16, base);
            case 13 -> range(code, len, 2, 0xffff, base, "a 2-byte status and a message");
            case 14, 20 -> exactly(code, len, 0, base);
            case 23, 31 -> {
                multiple(code, len, 16, base);
                range(code, len, 16, 0xffff, base, "at least one IPv6 address");
            }
            case 24 -> checkDomainList(data, offset, len, base);
            case 32, 82, 83 -> exactly(code, len, 4, base);
            case 79 -> range(code, len, 3, 0xffff, base, "a 2-byte hardware type and an address");
            default -> {
                // Unknown and opaque options: any bytes, kept as they are.
            }
        }
    }

    private static void nested(Dhcp6OptionCode code, byte[] data, int offset, int len, int fixed, int base, int depth)
            throws Dhcp6DecodeException {
        range(code, len, fixed, 0xffff, base, fixed + " fixed bytes, then options");
        parse(data, offset + fixed, len - fixed, base + fixed, depth);
    }

    private static void exactly(Dhcp6OptionCode code, int len, int expected, int base) throws Dhcp6DecodeException {
        if (len != expected) {
            throw new Dhcp6DecodeException(base, Reason.BAD_OPTION_VALUE, code.name() + " of " + len
                    + " bytes (expected: " + expected + ")");
        }
    }

    private static void multiple(Dhcp6OptionCode code, int len, int unit, int base) throws Dhcp6DecodeException {
        if (len % unit != 0) {
            throw new Dhcp6DecodeException(base, Reason.BAD_OPTION_VALUE, code.name() + " of " + len
                    + " bytes (expected: a multiple of " + unit + ")");
        }
    }

    private static void range(Dhcp6OptionCode code, int len, int min, int max, int base, String expected)
            throws Dhcp6DecodeException {
        if (len < min || len > max) {
            throw new Dhcp6DecodeException(base, Reason.BAD_OPTION_VALUE, code.name() + " of " + len
                    + " bytes (expected: " + expected + ")");
        }
    }

    /**
     * Option 24: a sequence of uncompressed RFC 1035 names, each ending with the root label (RFC 8415
     * section 10 forbids compression).
     */
    private static void checkDomainList(byte[] data, int offset, int len, int base) throws Dhcp6DecodeException {
        int pos = 0;
        int nameStart = 0;
        while (pos < len) {
            int labelLength = data[offset + pos] & 0xff;
            if ((labelLength & 0xc0) != 0) {
                throw new Dhcp6DecodeException(base + pos, Reason.BAD_DOMAIN_NAME, "label length byte 0x"
                        + Integer.toHexString(labelLength) + " (compression pointers and extended labels are not"
                        + " allowed in DHCPv6)");
            }
            if (pos + 1 + labelLength > len) {
                throw new Dhcp6DecodeException(base + pos, Reason.BAD_DOMAIN_NAME, "label of " + labelLength
                        + " bytes runs past the end of the option");
            }
            pos += 1 + labelLength;
            if (pos - nameStart > DomainNames.MAX_NAME_LENGTH) {
                throw new Dhcp6DecodeException(base + nameStart, Reason.BAD_DOMAIN_NAME,
                        "domain name longer than 255 bytes");
            }
            if (labelLength == 0) {
                nameStart = pos;
            }
        }
        if (nameStart != len) {
            throw new Dhcp6DecodeException(base + nameStart, Reason.BAD_DOMAIN_NAME,
                    "domain name does not end with the root label");
        }
    }

    /** The names of a checked option 24 value, in the text form of {@link DomainNames}. */
    static List<String> domainList(byte[] value) {
        try {
            return DomainNames.decodeList(value, 0, value.length);
        } catch (DhcpDecodeException e) {
            throw new IllegalStateException("option 24 was checked when it was made: " + e.getMessage(), e);
        }
    }

    /**
     * The wire form of names for option 24, without compression.
     *
     * @throws IllegalArgumentException naming the first invalid name
     */
    static byte[] encodeDomainList(List<String> names) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String name : names) {
            for (byte[] label : DomainNames.labels(name)) {
                out.write(label.length);
                out.writeBytes(label);
            }
            out.write(0);
        }
        return out.toByteArray();
    }

    static int u16(byte[] data, int offset) {
        return (data[offset] & 0xff) << 8 | data[offset + 1] & 0xff;
    }

    static long u32(byte[] data, int offset) {
        return ((long) u16(data, offset) << 16 | u16(data, offset + 2)) & 0xffffffffL;
    }

    /** An IPv6 address from 16 bytes; never an {@code Inet4Address}, even for a v4-mapped address. */
    static Inet6Address ipv6(byte[] data, int offset) {
        byte[] bytes = new byte[16];
        System.arraycopy(data, offset, bytes, 0, 16);
        try {
            return Inet6Address.getByAddress(null, bytes, -1);
        } catch (UnknownHostException e) {
            throw new AssertionError("16 bytes are always an IPv6 address", e);
        }
    }

    static void putU16(ByteArrayOutputStream out, int value) {
        out.write(value >>> 8);
        out.write(value);
    }

    static void putU32(ByteArrayOutputStream out, long value) {
        putU16(out, (int) (value >>> 16) & 0xffff);
        putU16(out, (int) value & 0xffff);
    }

    static void putOptions(ByteArrayOutputStream out, Iterable<Dhcp6Option> options) {
        for (Dhcp6Option option : options) {
            putU16(out, option.code().code());
            putU16(out, option.length());
            option.writeValueTo(out);
        }
    }
}
