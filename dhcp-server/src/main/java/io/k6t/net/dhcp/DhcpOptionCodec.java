package io.k6t.net.dhcp;

import java.util.Optional;

/**
 * How the value of one option code is read, written, checked and shown: the typed side of a
 * {@link DhcpOption}, whose raw bytes stay the source of truth. {@link DhcpOptionCodecs} holds one
 * codec per code and is the only place that says which code has which value type; the decoder asks it
 * to check every option it reads, {@link DhcpOptions} to read, {@link DhcpMessage.Builder#option(DhcpOptionCodec,
 * Object)} to write, and {@code k6t-net dhcp decode} to show.
 *
 * <p>Codecs are immutable and made only by {@link DhcpOptionCodecs}.
 *
 * @param <T> the typed value, e.g. {@code List<Inet4Address>} for option 3
 */
public abstract class DhcpOptionCodec<T> {
    private final DhcpOptionCode code;
    private final String valueName;

    DhcpOptionCodec(DhcpOptionCode code, String valueName) {
        this.code = code;
        this.valueName = valueName;
    }

    /** The option code this codec reads and writes. */
    public final DhcpOptionCode code() {
        return code;
    }

    /**
     * The name of the value in error messages and in {@link DhcpOptions}' accessor for it, e.g.
     * {@code interfaceMtu} for option 26.
     */
    public final String valueName() {
        return valueName;
    }

    /**
     * The typed value of {@code option}.
     *
     * @throws IllegalArgumentException if the option has another code or a value this code does not allow
     */
    public final T decode(DhcpOption option) {
        validate(option);
        return read(option.array(), option.offset(), option.length());
    }

    /**
     * The option carrying {@code value}.
     *
     * @throws IllegalArgumentException naming {@link #valueName()} and the value when it cannot be carried
     *         (out of range, not ISO-8859-1 text, an invalid domain name, ...)
     */
    public final DhcpOption encode(T value) {
        byte[] bytes = write(value);
        return DhcpOption.wrap(code, bytes, 0, bytes.length);
    }

    /**
     * Checks that {@code option} has this code and a value of the format the code requires.
     *
     * @throws IllegalArgumentException describing what is wrong
     */
    public final void validate(DhcpOption option) {
        if (!option.code().equals(code)) {
            throw new IllegalArgumentException("option " + option.code() + " given to the codec of " + code);
        }
        try {
            check(option.array(), option.offset(), option.length());
        } catch (DhcpDecodeException e) {
            throw new IllegalArgumentException("option " + code + ": " + e.detail(), e);
        }
    }

    /**
     * The value as {@code k6t-net dhcp decode} shows it: plain types that JSON and text both render
     * (a {@code Long}, a {@code String}, a {@code List} of them, route maps); empty to show the raw bytes
     * alone.
     */
    public final Optional<Object> format(DhcpOption option) {
        return show(option.array(), option.offset(), option.length());
    }

    /** Reads a value that {@link #check} accepted: never fails. */
    abstract T read(byte[] data, int offset, int length);

    /** The value bytes of {@code value}; throws {@link IllegalArgumentException} naming the value. */
    abstract byte[] write(T value);

    /**
     * Throws when {@code data[offset..offset+length)} is not a value of this code; the exception's
     * offset counts from the value's first byte.
     */
    abstract void check(byte[] data, int offset, int length) throws DhcpDecodeException;

    /** {@link #format}'s value of any bytes, validated or not; empty when they do not fit the type. */
    abstract Optional<Object> show(byte[] data, int offset, int length);

    /** {@code ROUTER(3) as routers}. */
    @Override
    public String toString() {
        return code + " as " + valueName;
    }
}
