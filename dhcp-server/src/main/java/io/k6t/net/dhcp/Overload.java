package io.k6t.net.dhcp;

/**
 * The value of option 52, option overload (RFC 2132 9.3): which of the BOOTP {@code file} and
 * {@code sname} fields carry options instead of names. Options are read from the options field,
 * then {@code file}, then {@code sname} (RFC 3396 section 7).
 */
public enum Overload {
    /** The {@code file} field holds options (value 1). */
    FILE(1),
    /** The {@code sname} field holds options (value 2). */
    SNAME(2),
    /** Both fields hold options (value 3). */
    BOTH(3);

    private final int value;

    Overload(int value) {
        this.value = value;
    }

    /** The option 52 value, 1..3. */
    public int value() {
        return value;
    }

    /** Whether {@code file} holds options. */
    public boolean usesFile() {
        return (value & 1) != 0;
    }

    /** Whether {@code sname} holds options. */
    public boolean usesSname() {
        return (value & 2) != 0;
    }

    /**
     * The constant for an option 52 value.
     *
     * @throws IllegalArgumentException if {@code value} is not 1, 2 or 3
     */
    public static Overload valueOf(int value) {
        switch (value) {
            case 1:
                return FILE;
            case 2:
                return SNAME;
            case 3:
                return BOTH;
            default:
                throw new IllegalArgumentException("option overload: " + value + " (expected: 1, 2 or 3)");
        }
    }
}
