package io.k6t.net.dhcp.server;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/**
 * A site-specific option (RFC 2132 section 2: codes 224-254) sent in every reply.
 */
public final class PrivateOption {
    /** Lowest site-specific option code. */
    public static final int MIN_CODE = 224;
    /** Highest site-specific option code (255 is END). */
    public static final int MAX_CODE = 254;

    private final int code;
    private final byte[] value;

    private PrivateOption(int code, byte[] value) {
        if (code < MIN_CODE || code > MAX_CODE) {
            throw new IllegalArgumentException("code: " + code + " (expected: " + MIN_CODE + ".." + MAX_CODE + ")");
        }
        this.code = code;
        this.value = value.clone();
    }

    /** An option whose value is the UTF-8 bytes of {@code text}. */
    public static PrivateOption ofText(int code, String text) {
        return new PrivateOption(code, text.getBytes(StandardCharsets.UTF_8));
    }

    /** An option with raw bytes. */
    public static PrivateOption ofBytes(int code, byte[] value) {
        return new PrivateOption(code, value);
    }

    public int code() {
        return code;
    }

    /** A copy of the value bytes. */
    public byte[] value() {
        return value.clone();
    }

    /**
     * The value as text when it is UTF-8 without control characters (what {@link #ofText} makes);
     * empty for other bytes, which files then write as hex.
     */
    public Optional<String> text() {
        try {
            String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(value)).toString();
            return text.chars().anyMatch(c -> c < ' ') ? Optional.empty() : Optional.of(text);
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PrivateOption other && other.code == code && Arrays.equals(other.value, value);
    }

    @Override
    public int hashCode() {
        return 31 * code + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return "option " + code + " (" + value.length + " bytes)";
    }
}
