package io.k6t.net.launcher.netlink.internal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A decoded run of {@code struct nlattr}, by type (the NESTED and NET_BYTEORDER bits masked off).
 * The first occurrence of a type wins; values are read-only slices of the source buffer.
 */
public final class Attributes {
    private final Map<Integer, ByteBuffer> values;

    private Attributes(Map<Integer, ByteBuffer> values) {
        this.values = values;
    }

    /** Decodes every attribute from the buffer's position to its limit. */
    public static Attributes decode(ByteBuffer source) {
        ByteBuffer in = source.slice().order(ByteOrder.nativeOrder());
        Map<Integer, ByteBuffer> values = new HashMap<>();
        while (in.remaining() >= 4) {
            int start = in.position();
            int length = Short.toUnsignedInt(in.getShort(start));
            int type = Short.toUnsignedInt(in.getShort(start + 2)) & Rtnl.NLA_TYPE_MASK;
            if (length < 4 || length > in.remaining()) {
                throw new MalformedMessageException("attribute type " + type + " has length " + length
                        + " with " + in.remaining() + " bytes left", start);
            }
            ByteBuffer value = in.duplicate().position(start + 4).limit(start + length).slice()
                    .order(ByteOrder.nativeOrder());
            values.putIfAbsent(type, value.asReadOnlyBuffer().order(ByteOrder.nativeOrder()));
            in.position(Math.min(in.limit(), start + Rtnl.align(length)));
        }
        return new Attributes(values);
    }

    public boolean has(int type) {
        return values.containsKey(type);
    }

    /** The raw value bytes, if present. */
    public Optional<byte[]> bytes(int type) {
        ByteBuffer value = values.get(type);
        if (value == null) {
            return Optional.empty();
        }
        byte[] copy = new byte[value.remaining()];
        value.duplicate().get(copy);
        return Optional.of(copy);
    }

    /** A string value without its terminating NUL (and anything after it). */
    public Optional<String> string(int type) {
        return bytes(type).map(b -> {
            int end = 0;
            while (end < b.length && b[end] != 0) {
                end++;
            }
            return new String(b, 0, end, StandardCharsets.UTF_8);
        });
    }

    /** A 32-bit value in host byte order. */
    public OptionalInt u32(int type) {
        ByteBuffer value = values.get(type);
        if (value == null) {
            return OptionalInt.empty();
        }
        if (value.remaining() < 4) {
            throw new MalformedMessageException("attribute type " + type + " holds " + value.remaining()
                    + " bytes, expected 4", 0);
        }
        return OptionalInt.of(value.getInt(0));
    }

    /** An 8-bit value. */
    public OptionalInt u8(int type) {
        ByteBuffer value = values.get(type);
        if (value == null || value.remaining() < 1) {
            return OptionalInt.empty();
        }
        return OptionalInt.of(Byte.toUnsignedInt(value.get(0)));
    }

    /** The attributes nested inside {@code type}, empty when absent. */
    public Attributes nested(int type) {
        ByteBuffer value = values.get(type);
        return value == null ? new Attributes(Map.of()) : decode(value.duplicate());
    }

    /** The value as a buffer (read-only, positioned at 0), for values with a header of their own. */
    public Optional<ByteBuffer> buffer(int type) {
        return Optional.ofNullable(values.get(type)).map(b -> b.duplicate().order(ByteOrder.nativeOrder()));
    }
}
