package io.k6t.net.dhcp.internal;

import io.k6t.net.dhcp.DhcpDecodeException;
import io.k6t.net.dhcp.DhcpDecodeException.Reason;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Domain names: the wire form of option 119 (RFC 3397), and the text checks of the names a lease
 * configures (options 12, 15 and 119).
 *
 * <p>Wire form: RFC 1035 domain names as option 119 carries them: a sequence of names, compressed with
 * pointers whose offsets count from the first byte of the (RFC 3396 concatenated) option value.
 *
 * <p>Text form: labels joined by {@code .} without a trailing dot; the root name is {@code "."}. Bytes
 * outside {@code !..~}, and {@code .} and {@code \} inside a label, are written {@code \DDD} (decimal),
 * as {@code dig} does, so any label survives text and back.
 *
 * <p>Decoding is bounded: a pointer must point strictly before the start of its name and before every
 * pointer already followed for this name, so following always ends (no loops); at most 127 pointers
 * are followed per name, and a name longer than 255 wire bytes is rejected, so the work per name is
 * bounded whatever the input.
 */
public final class DomainNames {
    /** The longest name in wire form (RFC 1035 2.3.4). */
    public static final int MAX_NAME_LENGTH = 255;
    /** The longest label (RFC 1035 2.3.4). */
    public static final int MAX_LABEL_LENGTH = 63;
    /** Most compression pointers followed for one name: as many as a 255-byte name can have labels. */
    public static final int MAX_POINTERS = 127;
    /** The longest name as text without the trailing dot: 255 wire bytes less the length bytes. */
    private static final int MAX_TEXT_LENGTH = 253;

    private DomainNames() {
    }

    /**
     * Decodes every name in {@code data[offset..offset+length)}; error offsets are relative to {@code offset}.
     *
     * @throws DhcpDecodeException (reason {@link Reason#BAD_DOMAIN_NAME}) for a label running past the end,
     *         a reserved label type, a pointer forward, out of range or looping, or a name over 255 bytes
     */
    public static List<String> decodeList(byte[] data, int offset, int length) throws DhcpDecodeException {
        List<String> names = new ArrayList<>();
        int pos = 0;
        StringBuilder sb = new StringBuilder();
        while (pos < length) {
            sb.setLength(0);
            pos = decodeName(data, offset, length, pos, sb);
            names.add(sb.toString());
        }
        return names;
    }

    /** Checks every name like {@link #decodeList} without building text (the decoder's fast path). */
    public static void validateList(byte[] data, int offset, int length) throws DhcpDecodeException {
        int pos = 0;
        while (pos < length) {
            pos = decodeName(data, offset, length, pos, null);
        }
    }

    /**
     * Decodes one name starting at relative {@code start} into {@code out} (null: only check it);
     * returns the relative position after it.
     */
    private static int decodeName(byte[] data, int offset, int length, int start, StringBuilder out)
            throws DhcpDecodeException {
        int pos = start;
        int next = -1;
        int limit = start;
        int wire = 0;
        int pointers = 0;
        while (true) {
            if (pos >= length) {
                throw new DhcpDecodeException(pos, Reason.BAD_DOMAIN_NAME,
                        "domain name runs past the end of the option");
            }
            int len = data[offset + pos] & 0xff;
            if (len == 0) {
                if (out != null && out.length() == 0) {
                    out.append('.');
                }
                return next >= 0 ? next : pos + 1;
            }
            int type = len & 0xc0;
            if (type == 0xc0) {
                if (pos + 1 >= length) {
                    throw new DhcpDecodeException(pos, Reason.BAD_DOMAIN_NAME, "compression pointer truncated");
                }
                int target = (len & 0x3f) << 8 | data[offset + pos + 1] & 0xff;
                if (target >= limit) {
                    throw new DhcpDecodeException(pos, Reason.BAD_DOMAIN_NAME, "compression pointer to " + target
                            + (target >= length ? " is out of range" : " does not point backwards (loop or forward)"));
                }
                if (++pointers > MAX_POINTERS) {
                    throw new DhcpDecodeException(pos, Reason.BAD_DOMAIN_NAME, "more than " + MAX_POINTERS
                            + " compression pointers in one name");
                }
                if (next < 0) {
                    next = pos + 2;
                }
                limit = target;
                pos = target;
                continue;
            }
            if (type != 0) {
                throw new DhcpDecodeException(pos, Reason.BAD_DOMAIN_NAME, "reserved label type 0x"
                        + Integer.toHexString(type));
            }
            if (pos + 1 + len > length) {
                throw new DhcpDecodeException(pos, Reason.BAD_DOMAIN_NAME, "label of " + len
                        + " bytes runs past the end of the option");
            }
            wire += 1 + len;
            if (wire + 1 > MAX_NAME_LENGTH) {
                throw new DhcpDecodeException(pos, Reason.BAD_DOMAIN_NAME, "domain name longer than 255 bytes");
            }
            if (out != null) {
                if (out.length() > 0) {
                    out.append('.');
                }
                appendLabel(data, offset + pos + 1, len, out);
            }
            pos += 1 + len;
        }
    }

    private static void appendLabel(byte[] data, int from, int len, StringBuilder out) {
        for (int i = from; i < from + len; i++) {
            int b = data[i] & 0xff;
            if (b > 0x20 && b < 0x7f && b != '.' && b != '\\') {
                out.append((char) b);
            } else {
                out.append('\\').append((char) ('0' + b / 100)).append((char) ('0' + b / 10 % 10))
                        .append((char) ('0' + b % 10));
            }
        }
    }

    /**
     * The labels of a text name in wire form (each label's bytes), or an explanation why it is not a
     * valid name.
     *
     * @throws IllegalArgumentException naming the domain and what is wrong with it
     */
    public static List<byte[]> labels(String name) {
        List<byte[]> labels = new ArrayList<>();
        if (name.equals(".")) {
            return labels;
        }
        String text = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
        if (text.isEmpty()) {
            throw new IllegalArgumentException("domain name: '' (expected: labels separated by '.', or '.')");
        }
        ByteArrayOutputStream label = new ByteArrayOutputStream();
        int wire = 1;
        for (int i = 0; i <= text.length(); i++) {
            char c = i < text.length() ? text.charAt(i) : '.';
            if (c == '.') {
                if (label.size() == 0) {
                    throw new IllegalArgumentException("domain name: '" + name + "' has an empty label");
                }
                if (label.size() > MAX_LABEL_LENGTH) {
                    throw new IllegalArgumentException("domain name: '" + name + "' has a label of " + label.size()
                            + " bytes (expected: <= 63)");
                }
                wire += 1 + label.size();
                labels.add(label.toByteArray());
                label.reset();
            } else if (c == '\\') {
                if (i + 3 >= text.length() + 0 || !isDigits(text, i + 1)) {
                    throw new IllegalArgumentException("domain name: '" + name + "' has a bad escape at index " + i
                            + " (expected: \\DDD)");
                }
                int v = Integer.parseInt(text.substring(i + 1, i + 4));
                if (v > 255) {
                    throw new IllegalArgumentException("domain name: '" + name + "' escape \\" + v + " > 255");
                }
                label.write(v);
                i += 3;
            } else if (c > 0x20 && c < 0x7f) {
                label.write(c);
            } else {
                throw new IllegalArgumentException("domain name: '" + name + "' has character U+"
                        + String.format("%04X", (int) c) + " (expected: printable ASCII or \\DDD)");
            }
        }
        if (wire > MAX_NAME_LENGTH) {
            throw new IllegalArgumentException("domain name: '" + name + "' is " + wire
                    + " bytes in wire form (expected: <= 255)");
        }
        return labels;
    }

    private static boolean isDigits(String s, int from) {
        for (int i = from; i < from + 3; i++) {
            if (i >= s.length() || s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    /**
     * Encodes names as option 119 value with RFC 1035 compression: a suffix already written is replaced
     * by a pointer to it. Matching is exact (byte-for-byte), so decoding gives back the same names.
     *
     * @throws IllegalArgumentException naming the first invalid domain
     */
    public static byte[] encodeList(List<String> names) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Map<String, Integer> suffixes = new HashMap<>();
        for (String name : names) {
            List<byte[]> labels = labels(name);
            int i = 0;
            for (; i < labels.size(); i++) {
                Integer at = suffixes.get(suffixKey(labels, i));
                if (at != null) {
                    out.write(0xc0 | at >> 8);
                    out.write(at & 0xff);
                    break;
                }
                if (out.size() <= 0x3fff) {
                    suffixes.put(suffixKey(labels, i), out.size());
                }
                out.write(labels.get(i).length);
                out.write(labels.get(i), 0, labels.get(i).length);
            }
            if (i == labels.size()) {
                out.write(0);
            }
        }
        return out.toByteArray();
    }

    private static String suffixKey(List<byte[]> labels, int from) {
        StringBuilder sb = new StringBuilder();
        for (int i = from; i < labels.size(); i++) {
            sb.append(labels.get(i).length).append(':');
            for (byte b : labels.get(i)) {
                sb.append((char) (b & 0xff));
            }
        }
        return sb.toString();
    }

    /** Whether {@code name} is a valid text domain name for {@link #encodeList}. */
    public static boolean isValid(String name) {
        try {
            labels(name);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * The lower-cased name without a trailing dot, if every label is 1-63 letters, digits, hyphens
     * or underscores (not starting or ending with a hyphen) and the whole name fits on the wire.
     */
    public static Optional<String> normalize(String name) {
        String lower = name.trim().toLowerCase(Locale.ROOT);
        if (lower.endsWith(".")) {
            lower = lower.substring(0, lower.length() - 1);
        }
        if (lower.isEmpty() || lower.length() > MAX_TEXT_LENGTH) {
            return Optional.empty();
        }
        for (String label : lower.split("\\.", -1)) {
            if (!isHostLabel(label)) {
                return Optional.empty();
            }
        }
        return Optional.of(lower);
    }

    /**
     * A valid host-name label (RFC 952/1123) made from {@code hostname}: the part before the first
     * dot, every character other than a letter, digit or hyphen replaced by a hyphen, runs of
     * hyphens collapsed, leading and trailing hyphens removed, at most 63 characters. Empty when
     * nothing usable remains.
     */
    public static Optional<String> sanitizeHostname(String hostname) {
        String first = hostname.trim();
        int dot = first.indexOf('.');
        if (dot >= 0) {
            first = first.substring(0, dot);
        }
        StringBuilder label = new StringBuilder(first.length());
        for (int i = 0; i < first.length(); i++) {
            char c = first.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
            char out = ok ? c : '-';
            if (out == '-' && (label.length() == 0 || label.charAt(label.length() - 1) == '-')) {
                continue;
            }
            label.append(out);
        }
        String result = label.length() > MAX_LABEL_LENGTH ? label.substring(0, MAX_LABEL_LENGTH) : label.toString();
        while (result.endsWith("-")) {
            result = result.substring(0, result.length() - 1);
        }
        return result.isEmpty() ? Optional.empty() : Optional.of(result);
    }

    private static boolean isHostLabel(String label) {
        if (label.isEmpty() || label.length() > MAX_LABEL_LENGTH || label.startsWith("-") || label.endsWith("-")) {
            return false;
        }
        for (int i = 0; i < label.length(); i++) {
            char c = label.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_')) {
                return false;
            }
        }
        return true;
    }
}
