package io.k6t.net.dhcp;

import io.k6t.net.dhcp.DhcpDecodeException.Reason;
import java.util.Arrays;

/**
 * Decodes one BOOTP/DHCP message. Total: every input either decodes or raises
 * {@link DhcpDecodeException}; it reads each byte a bounded number of times and allocates at most the
 * input's size plus per-option objects.
 *
 * <p>The input is scanned in place and never retained: the option values are copied into one private
 * array (concatenating RFC 3396 split options on the way) that the {@link DhcpOption}s then share.
 */
final class MessageDecoder {
    static final int HEADER_LENGTH = 236;
    static final int OPTIONS_START = 240;
    static final int MAGIC_COOKIE = 0x63825363;
    private static final int SNAME_START = 44;
    private static final int FILE_START = 108;

    private static final String[] FIELD = {"options", "file", "sname"};

    private final byte[] src;
    private final int base;
    private final int length;
    /** Per-thread scratch for {@link #spans}: decoding allocates no bookkeeping. */
    private static final ThreadLocal<int[]> SCRATCH = ThreadLocal.withInitial(() -> new int[4 * 128]);

    /** Per option instance: code, value offset (relative to base), value length, region. */
    private int[] spans = SCRATCH.get();
    private int count;
    private byte[] values;
    private int[] meta;

    private MessageDecoder(byte[] src, int base, int length) {
        this.src = src;
        this.base = base;
        this.length = length;
    }

    static DhcpMessage decode(byte[] src, int offset, int length) throws DhcpDecodeException {
        return new MessageDecoder(src, offset, length).decode();
    }

    private int u8(int pos) {
        return src[base + pos] & 0xff;
    }

    private int u16(int pos) {
        return u8(pos) << 8 | u8(pos + 1);
    }

    private int i32(int pos) {
        return u8(pos) << 24 | u8(pos + 1) << 16 | u8(pos + 2) << 8 | u8(pos + 3);
    }

    private DhcpMessage decode() throws DhcpDecodeException {
        if (length < HEADER_LENGTH) {
            throw new DhcpDecodeException(length, Reason.TRUNCATED_HEADER, "message of " + length
                    + " bytes is shorter than the 236-byte BOOTP header");
        }
        int hlen = u8(2);
        if (hlen > DhcpMessage.CHADDR_LENGTH) {
            throw new DhcpDecodeException(2, Reason.BAD_HARDWARE_LENGTH, "hlen " + hlen + " (expected: <= 16)");
        }
        if (length < OPTIONS_START) {
            throw new DhcpDecodeException(HEADER_LENGTH, Reason.BAD_MAGIC_COOKIE, "no magic cookie: message ends after "
                    + length + " bytes (plain BOOTP, not DHCP)");
        }
        int cookie = i32(HEADER_LENGTH);
        if (cookie != MAGIC_COOKIE) {
            throw new DhcpDecodeException(HEADER_LENGTH, Reason.BAD_MAGIC_COOKIE, String.format(
                    "magic cookie 0x%08x (expected: 0x63825363)", cookie));
        }
        int end = scan(OPTIONS_START, length, 0);
        int overloadValue = overloadValue();
        if ((overloadValue & 1) != 0) {
            scan(FILE_START, HEADER_LENGTH, 1);
        }
        if ((overloadValue & 2) != 0) {
            scan(SNAME_START, FILE_START, 2);
        }
        int optionCount = buildOptions();

        int trailingLength = end < 0 ? 0 : length - end - 1;
        byte[] trailingData = null;
        if (trailingLength > 0 && !isZero(end + 1, length)) {
            trailingData = Arrays.copyOfRange(src, base + end + 1, base + length);
        }
        byte[] sname = (overloadValue & 2) != 0 || isZero(SNAME_START, FILE_START) ? DhcpMessage.ZERO_SNAME
                : Arrays.copyOfRange(src, base + SNAME_START, base + FILE_START);
        byte[] file = (overloadValue & 1) != 0 || isZero(FILE_START, HEADER_LENGTH) ? DhcpMessage.ZERO_FILE
                : Arrays.copyOfRange(src, base + FILE_START, base + HEADER_LENGTH);
        byte[] chaddr = Arrays.copyOfRange(src, base + 28, base + SNAME_START);
        return new DhcpMessage(u8(0), u8(1), hlen, u8(3), i32(4), u16(8), u16(10), i32(12), i32(16), i32(20),
                i32(24), chaddr, sname, file, new DhcpOptions(values, meta, optionCount), trailingLength, trailingData);
    }

    private boolean isZero(int from, int to) {
        for (int i = base + from; i < base + to; i++) {
            if (src[i] != 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * Records the options in {@code [start, stop)}; returns the offset of END, or -1 if the field ends
     * without one (accepted: some clients omit END when the options fill the packet).
     */
    private int scan(int start, int stop, int region) throws DhcpDecodeException {
        int pos = start;
        while (pos < stop) {
            int code = u8(pos);
            if (code == 0) {
                pos++;
                continue;
            }
            if (code == 255) {
                return pos;
            }
            if (pos + 1 >= stop) {
                throw new DhcpDecodeException(pos, Reason.OPTION_PAST_END, "option " + code
                        + ": length byte past the end of the " + FIELD[region] + " field");
            }
            int len = u8(pos + 1);
            if (pos + 2 + len > stop) {
                throw new DhcpDecodeException(pos, Reason.OPTION_PAST_END, "option " + code + " of length " + len
                        + " runs past the end of the " + FIELD[region] + " field (" + (stop - pos - 2)
                        + " bytes left)");
            }
            if (code == 52 && region != 0) {
                throw new DhcpDecodeException(pos, Reason.BAD_OVERLOAD, "option 52 inside the overloaded "
                        + FIELD[region] + " field (it may only appear in the options field)");
            }
            if (count * 4 == spans.length) {
                spans = Arrays.copyOf(spans, spans.length * 2);
                SCRATCH.set(spans);
            }
            spans[count * 4] = code;
            spans[count * 4 + 1] = pos + 2;
            spans[count * 4 + 2] = len;
            spans[count * 4 + 3] = region;
            count++;
            pos += 2 + len;
        }
        return -1;
    }

    /** The option 52 value (0 if absent), checked. */
    private int overloadValue() throws DhcpDecodeException {
        int found = -1;
        for (int i = 0; i < count; i++) {
            if (spans[i * 4] == 52) {
                if (found >= 0) {
                    throw new DhcpDecodeException(spans[i * 4 + 1] - 2, Reason.BAD_OVERLOAD, "option 52 appears twice");
                }
                found = i;
            }
        }
        if (found < 0) {
            return 0;
        }
        int at = spans[found * 4 + 1];
        if (spans[found * 4 + 2] != 1 || u8(at) < 1 || u8(at) > 3) {
            throw new DhcpDecodeException(at - 2, Reason.BAD_OVERLOAD, "option 52 must be 1 byte of value 1, 2 or 3");
        }
        return u8(at);
    }

    /** Fills {@link #values} and {@link #meta} (concatenating split options); returns the option count. */
    private int buildOptions() throws DhcpDecodeException {
        int total = 0;
        long seen0 = 0;
        long seen1 = 0;
        long seen2 = 0;
        long seen3 = 0;
        boolean duplicates = false;
        for (int i = 0; i < count; i++) {
            int code = spans[i * 4];
            total += spans[i * 4 + 2];
            long bit = 1L << (code & 63);
            switch (code >> 6) {
                case 0:
                    duplicates |= (seen0 & bit) != 0;
                    seen0 |= bit;
                    break;
                case 1:
                    duplicates |= (seen1 & bit) != 0;
                    seen1 |= bit;
                    break;
                case 2:
                    duplicates |= (seen2 & bit) != 0;
                    seen2 |= bit;
                    break;
                default:
                    duplicates |= (seen3 & bit) != 0;
                    seen3 |= bit;
                    break;
            }
        }
        values = new byte[total];
        meta = new int[3 * count];
        int n = 0;
        int pos = 0;
        for (int i = 0; i < count; i++) {
            int code = spans[i * 4];
            if (code < 0) {
                continue;
            }
            int start = pos;
            System.arraycopy(src, base + spans[i * 4 + 1], values, pos, spans[i * 4 + 2]);
            pos += spans[i * 4 + 2];
            if (duplicates) {
                for (int j = i + 1; j < count; j++) {
                    if (spans[j * 4] == code) {
                        System.arraycopy(src, base + spans[j * 4 + 1], values, pos, spans[j * 4 + 2]);
                        pos += spans[j * 4 + 2];
                        spans[j * 4] = -1;
                    }
                }
            }
            try {
                DhcpOptionCodecs.check(code, values, start, pos - start);
            } catch (DhcpDecodeException e) {
                throw new DhcpDecodeException(wireOffset(i, code, e.offset()), e.reason(), e.detail());
            }
            meta[3 * n] = code;
            meta[3 * n + 1] = start;
            meta[3 * n + 2] = pos - start;
            n++;
        }
        return n;
    }

    /** The message offset of byte {@code rel} of the concatenated value of {@code code}, first instance {@code i}. */
    private int wireOffset(int i, int code, int rel) {
        int remaining = rel;
        int lastEnd = spans[i * 4 + 1];
        for (int j = i; j < count; j++) {
            if (j == i || spans[j * 4] == -1 && sameCodeAt(j, code)) {
                if (remaining < spans[j * 4 + 2]) {
                    return spans[j * 4 + 1] + remaining;
                }
                remaining -= spans[j * 4 + 2];
                lastEnd = spans[j * 4 + 1] + spans[j * 4 + 2];
            }
        }
        return lastEnd + remaining;
    }

    private boolean sameCodeAt(int j, int code) {
        return u8(spans[j * 4 + 1] - 2) == code;
    }
}
