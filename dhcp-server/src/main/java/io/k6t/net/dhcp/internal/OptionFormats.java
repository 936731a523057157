package io.k6t.net.dhcp.internal;

import io.k6t.net.dhcp.DhcpDecodeException;
import io.k6t.net.dhcp.DhcpDecodeException.Reason;

/**
 * The value format each option code requires (RFC 2132 and the RFCs of later options). Only what a
 * typed accessor relies on is checked, so every option of a {@code DhcpMessage} can be read without
 * failing; text and opaque options (12, 15, 43, 60, 61, ...) accept any bytes.
 */
public final class OptionFormats {
    private static final int ANY = 0;
    private static final int ADDRESS = 1;
    private static final int ADDRESSES = 2;
    private static final int ADDRESS_PAIRS = 3;
    private static final int BYTE = 4;
    private static final int SHORT = 5;
    private static final int INT = 6;
    private static final int SHORTS = 7;
    private static final int OVERLOAD = 8;
    private static final int DOMAIN_LIST = 9;
    private static final int ROUTES = 10;
    private static final int FQDN = 11;
    private static final int SUB_OPTIONS = 12;

    private static final int[] FORMAT = new int[256];

    static {
        set(ADDRESS, 1, 16, 28, 32, 50, 54, 118);
        set(ADDRESSES, 3, 4, 5, 6, 7, 8, 9, 10, 11, 41, 42, 44, 45, 48, 49, 65, 69, 70, 71, 72, 73, 74, 75, 76,
                150);
        set(ADDRESS_PAIRS, 21, 33);
        set(BYTE, 19, 20, 23, 27, 29, 30, 31, 34, 36, 37, 39, 46, 53);
        set(SHORT, 13, 22, 26, 57);
        set(INT, 2, 24, 35, 38, 51, 58, 59, 108);
        set(SHORTS, 25);
        set(OVERLOAD, 52);
        set(DOMAIN_LIST, 119);
        set(ROUTES, 121, 249);
        set(FQDN, 81);
        set(SUB_OPTIONS, 82);
    }

    private OptionFormats() {
    }

    private static void set(int format, int... codes) {
        for (int c : codes) {
            FORMAT[c] = format;
        }
    }

    /**
     * Checks {@code data[offset..offset+length)} as the value of option {@code code}.
     *
     * @throws DhcpDecodeException with an offset relative to the value's first byte
     */
    public static void validate(int code, byte[] data, int offset, int length) throws DhcpDecodeException {
        switch (FORMAT[code]) {
            case ANY:
                return;
            case ADDRESS:
                exactly(code, length, 4, "an IPv4 address");
                return;
            case ADDRESSES:
                multiple(code, length, 4, "IPv4 addresses");
                return;
            case ADDRESS_PAIRS:
                multiple(code, length, 8, "pairs of IPv4 addresses");
                return;
            case BYTE:
                exactly(code, length, 1, "1 byte");
                return;
            case SHORT:
                exactly(code, length, 2, "a 16-bit number");
                return;
            case INT:
                exactly(code, length, 4, "a 32-bit number");
                return;
            case SHORTS:
                multiple(code, length, 2, "16-bit numbers");
                return;
            case OVERLOAD:
                exactly(code, length, 1, "1 byte");
                int v = data[offset] & 0xff;
                if (v < 1 || v > 3) {
                    throw new DhcpDecodeException(0, Reason.BAD_OVERLOAD, "option 52 value " + v
                            + " (expected: 1, 2 or 3)");
                }
                return;
            case DOMAIN_LIST:
                DomainNames.validateList(data, offset, length);
                return;
            case ROUTES:
                ClasslessRoutes.validate(data, offset, length);
                return;
            case FQDN:
                Fqdn.validate(data, offset, length);
                return;
            case SUB_OPTIONS:
                validateSubOptions(code, data, offset, length);
                return;
            default:
                throw new AssertionError("format " + FORMAT[code]);
        }
    }

    private static void exactly(int code, int length, int expected, String what) throws DhcpDecodeException {
        if (length != expected) {
            throw new DhcpDecodeException(0, Reason.BAD_OPTION_VALUE, "option " + code + " has " + length
                    + " bytes (expected: " + what + ", " + expected + " bytes)");
        }
    }

    private static void multiple(int code, int length, int unit, String what) throws DhcpDecodeException {
        if (length == 0 || length % unit != 0) {
            throw new DhcpDecodeException(0, Reason.BAD_OPTION_VALUE, "option " + code + " has " + length
                    + " bytes (expected: " + what + ", a positive multiple of " + unit + ")");
        }
    }

    private static void validateSubOptions(int code, byte[] data, int offset, int length) throws DhcpDecodeException {
        int pos = 0;
        while (pos < length) {
            if (pos + 2 > length || pos + 2 + (data[offset + pos + 1] & 0xff) > length) {
                throw new DhcpDecodeException(pos, Reason.BAD_OPTION_VALUE, "option " + code + " sub-option "
                        + (data[offset + pos] & 0xff) + " runs past the end of the option");
            }
            pos += 2 + (data[offset + pos + 1] & 0xff);
        }
    }
}
