package io.k6t.net.dhcp.v6;

/** Checks for the unsigned 32-bit times of IA options. */
final class Lifetimes {
    /** {@code 0xffffffff}: infinity (RFC 8415 section 7.7). */
    static final long INFINITY = 0xffffffffL;

    private Lifetimes() {
    }

    static void check(String field, long value) {
        if (value < 0 || value > INFINITY) {
            throw new IllegalArgumentException(field + ": " + value + " (expected: 0..4294967295)");
        }
    }
}
