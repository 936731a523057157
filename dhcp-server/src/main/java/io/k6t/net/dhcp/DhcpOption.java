package io.k6t.net.dhcp;

import io.k6t.net.dhcp.internal.Hex;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * One DHCP option: a {@link DhcpOptionCode} and its value as raw bytes, exactly as carried on the wire
 * after RFC 3396 concatenation. Raw bytes are the source of truth for every option, known or not, so
 * decoding then encoding never loses anything; {@link DhcpOptions} reads them as typed values.
 * Immutable; equality is by code and value bytes.
 */
public final class DhcpOption {
    /** The longest value accepted (the largest UDP payload). */
    public static final int MAX_VALUE_LENGTH = 65_535;

    private final DhcpOptionCode code;
    private final byte[] array;
    private final int offset;
    private final int length;

    private DhcpOption(DhcpOptionCode code, byte[] array, int offset, int length) {
        this.code = code;
        this.array = array;
        this.offset = offset;
        this.length = length;
    }

    /**
     * An option with a copy of {@code value}. The value is not checked against the code's format here;
     * {@link DhcpMessage.Builder#option(DhcpOption)} does that.
     *
     * @throws IllegalArgumentException for PAD (0) or END (255), which are framing, not options, or a
     *         value longer than {@link #MAX_VALUE_LENGTH}
     */
    public static DhcpOption of(DhcpOptionCode code, byte[] value) {
        if (code.code() == 0 || code.code() == 255) {
            throw new IllegalArgumentException("option code: " + code + " (PAD and END are framing, not options)");
        }
        if (value.length > MAX_VALUE_LENGTH) {
            throw new IllegalArgumentException("option " + code + ": " + value.length + " bytes (expected: <= "
                    + MAX_VALUE_LENGTH + ")");
        }
        return new DhcpOption(code, value.clone(), 0, value.length);
    }

    /** {@link #of(DhcpOptionCode, byte[])} with {@code DhcpOptionCode.valueOf(code)}. */
    public static DhcpOption of(int code, byte[] value) {
        return of(DhcpOptionCode.valueOf(code), value);
    }

    /** Wraps a range the caller never writes again (the decoder's private copy of a packet). */
    static DhcpOption wrap(DhcpOptionCode code, byte[] array, int offset, int length) {
        return new DhcpOption(code, array, offset, length);
    }

    /** The option code. */
    public DhcpOptionCode code() {
        return code;
    }

    /** The value length in bytes (may exceed 255: split on the wire per RFC 3396). */
    public int length() {
        return length;
    }

    /** The value byte at {@code index}, 0..255. */
    public int byteAt(int index) {
        if (index < 0 || index >= length) {
            throw new IndexOutOfBoundsException("index " + index + " of option " + code + " (length " + length + ")");
        }
        return array[offset + index] & 0xff;
    }

    /** The value (a copy). */
    public byte[] value() {
        return Arrays.copyOfRange(array, offset, offset + length);
    }

    /** The value as a read-only buffer, without copying. */
    public ByteBuffer valueBuffer() {
        return ByteBuffer.wrap(array, offset, length).slice().asReadOnlyBuffer();
    }

    byte[] array() {
        return array;
    }

    int offset() {
        return offset;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof DhcpOption)) {
            return false;
        }
        DhcpOption other = (DhcpOption) o;
        return other.code.equals(code)
                && Arrays.equals(array, offset, offset + length,
                        other.array, other.offset, other.offset + other.length);
    }

    @Override
    public int hashCode() {
        int h = code.code();
        for (int i = offset; i < offset + length; i++) {
            h = 31 * h + array[i];
        }
        return h;
    }

    /** {@code HOST_NAME(12)=6e6f64656a73}. */
    @Override
    public String toString() {
        return code + "=" + Hex.encode(array, offset, length);
    }
}
