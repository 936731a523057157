package io.k6t.net.launcher.netlink;

import java.util.Map;

/** Reading back the names the kernel's small enumerations print as ({@code ip route}'s words). */
final class Names {
    private Names() {
    }

    /** The number named {@code text} in {@code names}, or {@code text} as a number 0..255. */
    static int parse(String what, Map<Integer, String> names, String text) {
        for (Map.Entry<Integer, String> e : names.entrySet()) {
            if (e.getValue().equals(text)) {
                return e.getKey();
            }
        }
        if (!text.isEmpty() && text.length() <= 3 && text.chars().allMatch(Character::isDigit)) {
            int value = Integer.parseInt(text);
            if (value <= 255) {
                return value;
            }
        }
        throw new IllegalArgumentException(what + " '" + text + "' (expected one of " + names.values()
                + " or a number 0..255)");
    }
}
