package io.k6t.net.dhcp.v6;

import com.google.common.io.BaseEncoding;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/**
 * One DHCPv6 option: a code and its raw value. The raw bytes are the truth for every option, known or
 * not, so decode then encode loses nothing; {@link Dhcp6Options} reads typed values out of them. Every
 * option has the format its code requires (checked by {@link #of} and by the decoder), so typed views
 * never fail.
 */
public final class Dhcp6Option {
    private final Dhcp6OptionCode code;
    private final byte[] value;

    Dhcp6Option(Dhcp6OptionCode code, byte[] value) {
        this.code = code;
        this.value = value;
    }

    /**
     * An option with this value, checked against its code's format.
     *
     * @throws IllegalArgumentException when the value is longer than 65535 bytes or does not have the
     *         format the code requires, naming the code and the problem
     */
    public static Dhcp6Option of(Dhcp6OptionCode code, byte[] value) {
        if (value.length > 0xffff) {
            throw new IllegalArgumentException("option " + code + ": " + value.length
                    + " bytes (expected: <= 65535)");
        }
        byte[] copy = value.clone();
        try {
            OptionFormats.check(code, copy, 0, copy.length, 0, 0);
        } catch (Dhcp6DecodeException e) {
            throw new IllegalArgumentException("option " + code + ": " + e.detail() + " (at byte " + e.offset()
                    + " of the value)", e);
        }
        return new Dhcp6Option(code, copy);
    }

    /** The option code. */
    public Dhcp6OptionCode code() {
        return code;
    }

    /** A copy of the value bytes. */
    public byte[] value() {
        return value.clone();
    }

    /** The value length in bytes. */
    public int length() {
        return value.length;
    }

    /** The value without copying, for the typed views of this package. */
    byte[] bytes() {
        return value;
    }

    void writeValueTo(ByteArrayOutputStream out) {
        out.writeBytes(value);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Dhcp6Option other && other.code.equals(code) && Arrays.equals(other.value, value);
    }

    @Override
    public int hashCode() {
        return 31 * code.hashCode() + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return code + "=" + BaseEncoding.base16().lowerCase().encode(value);
    }
}
