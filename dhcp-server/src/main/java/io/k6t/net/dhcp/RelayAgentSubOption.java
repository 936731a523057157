package io.k6t.net.dhcp;

import io.k6t.net.dhcp.internal.Hex;
import java.util.Arrays;

/**
 * One sub-option of option 82, relay agent information (RFC 3046): 1 circuit id, 2 remote id,
 * 5 link selection, 6 subscriber id, ...; the value is kept as raw bytes.
 */
public final class RelayAgentSubOption {
    /** Agent Circuit ID (RFC 3046). */
    public static final int CIRCUIT_ID = 1;
    /** Agent Remote ID (RFC 3046). */
    public static final int REMOTE_ID = 2;
    /** Subscriber ID (RFC 3993). */
    public static final int SUBSCRIBER_ID = 6;

    private final int code;
    private final byte[] value;

    private RelayAgentSubOption(int code, byte[] value) {
        this.code = code;
        this.value = value;
    }

    /**
     * A sub-option (the value is copied).
     *
     * @throws IllegalArgumentException if the code is outside 0..255 or the value longer than 255 bytes
     */
    public static RelayAgentSubOption of(int code, byte[] value) {
        if (code < 0 || code > 255) {
            throw new IllegalArgumentException("relay agent sub-option code: " + code + " (expected: 0..255)");
        }
        if (value.length > 255) {
            throw new IllegalArgumentException("relay agent sub-option " + code + ": " + value.length
                    + " bytes (expected: <= 255)");
        }
        return new RelayAgentSubOption(code, value.clone());
    }

    /** The sub-option code. */
    public int code() {
        return code;
    }

    /** The value (a copy). */
    public byte[] value() {
        return value.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RelayAgentSubOption && ((RelayAgentSubOption) o).code == code
                && Arrays.equals(((RelayAgentSubOption) o).value, value);
    }

    @Override
    public int hashCode() {
        return code * 31 + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return code + "=" + Hex.encode(value, 0, value.length);
    }
}
