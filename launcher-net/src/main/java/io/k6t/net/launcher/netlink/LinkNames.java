package io.k6t.net.launcher.netlink;

import java.nio.charset.StandardCharsets;

/** The kernel's rules for interface names ({@code dev_valid_name}), checked before any request. */
public final class LinkNames {
    /** {@code IFNAMSIZ - 1}. */
    public static final int MAX_BYTES = 15;

    private LinkNames() {
    }

    /** Returns {@code name} if the kernel would accept it; throws naming it and the rule otherwise. */
    public static String requireValid(String name) {
        int bytes = name.getBytes(StandardCharsets.UTF_8).length;
        if (bytes == 0 || bytes > MAX_BYTES) {
            throw new IllegalArgumentException("link name '" + name + "' is " + bytes + " bytes (expected: 1.."
                    + MAX_BYTES + ")");
        }
        if (name.equals(".") || name.equals("..")) {
            throw new IllegalArgumentException("link name '" + name + "' is reserved");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '/' || c == ':' || c == 0 || Character.isWhitespace(c)) {
                throw new IllegalArgumentException("link name '" + name + "' contains '" + (c == 0 ? "\\0" : c)
                        + "' (not allowed: '/', ':', NUL, whitespace)");
            }
        }
        return name;
    }
}
