package io.k6t.net.launcher.config;

/** A site-specific DHCP option (RFC 2132 section 2: codes 224-254) sent as the given text. */
public record PrivateOption(int code, String value) {
    public PrivateOption {
        if (code < 224 || code > 254) {
            throw new IllegalArgumentException("code: " + code + " (expected: 224..254)");
        }
        if (value.isEmpty()) {
            throw new IllegalArgumentException("value: \"\" (expected: non-empty)");
        }
    }
}
