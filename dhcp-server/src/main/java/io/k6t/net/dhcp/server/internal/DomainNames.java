package io.k6t.net.dhcp.server.internal;

import java.util.Locale;
import java.util.Optional;

/** Validation of DNS names for options 15 and 119 and of the host name for option 12. */
public final class DomainNames {
    /** RFC 1035 section 2.3.4: a name is at most 255 octets on the wire, i.e. 253 characters as text. */
    private static final int MAX_NAME = 253;
    private static final int MAX_LABEL = 63;

    private DomainNames() {
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
        if (lower.isEmpty() || lower.length() > MAX_NAME) {
            return Optional.empty();
        }
        for (String label : lower.split("\\.", -1)) {
            if (!isLabel(label)) {
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
        String result = label.length() > MAX_LABEL ? label.substring(0, MAX_LABEL) : label.toString();
        while (result.endsWith("-")) {
            result = result.substring(0, result.length() - 1);
        }
        return result.isEmpty() ? Optional.empty() : Optional.of(result);
    }

    private static boolean isLabel(String label) {
        if (label.isEmpty() || label.length() > MAX_LABEL || label.startsWith("-") || label.endsWith("-")) {
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
