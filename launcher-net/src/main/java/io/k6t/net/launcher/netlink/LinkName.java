package io.k6t.net.launcher.netlink;

import java.nio.charset.StandardCharsets;

/**
 * The one rule for the names of the links k6t-net creates, renames or looks up: 1..15 printable ASCII
 * characters without space, {@code /} or {@code :}, and not {@code .} or {@code ..}. That is the
 * kernel's {@code dev_valid_name} (at most {@code IFNAMSIZ - 1} bytes) restricted to ASCII, so that a
 * character is a byte and a name checked here never fails in the kernel for its length.
 */
public final class LinkName {
    /** Longest Linux link name in bytes ({@code IFNAMSIZ - 1}). */
    public static final int MAX_LENGTH = 15;

    private LinkName() {
    }

    /** Whether {@code name} follows the rule. */
    public static boolean isValid(String name) {
        if (name.isEmpty() || name.length() > MAX_LENGTH || name.equals(".") || name.equals("..")) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c <= ' ' || c > '~' || c == '/' || c == ':') {
                return false;
            }
        }
        return true;
    }

    /**
     * Returns {@code name} when it follows the rule.
     *
     * @throws IllegalArgumentException quoting the name and the rule otherwise
     */
    public static String requireValid(String name) {
        if (!isValid(name)) {
            int bytes = name.getBytes(StandardCharsets.UTF_8).length;
            throw new IllegalArgumentException("link name '" + name + "'" + (bytes > MAX_LENGTH ? " is " + bytes
                    + " bytes" : "") + " (expected: 1..15 printable ASCII characters, no space, '/' or ':', "
                    + "not '.' or '..')");
        }
        return name;
    }
}
