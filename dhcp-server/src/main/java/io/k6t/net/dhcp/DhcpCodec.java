package io.k6t.net.dhcp;

import io.k6t.net.dhcp.internal.DomainNames;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * Entry points of the DHCPv4 wire codec.
 *
 * <p>Decoding is total: any byte sequence either decodes into a {@link DhcpMessage} or raises
 * {@link DhcpDecodeException} with the offset and what was wrong; no other exception, no unbounded
 * work or allocation. Split options (RFC 3396) are concatenated and option overload (52) is honoured.
 * The input is never retained or modified.
 *
 * <p>Encoding writes the message as laid out by its option list and {@link EncodeOptions}: values
 * over 255 bytes are split, options move to {@code file} then {@code sname} when they do not fit the
 * maximum message size and overload is allowed (or the message carries option 52), and a message that
 * still cannot fit raises {@link DhcpEncodeException}. A decoded message that fits re-encodes to the same
 * bytes, padding included, unless the original split an option at other points than 255-byte
 * boundaries, repeated options non-contiguously, used PAD between options or used overload.
 */
public final class DhcpCodec {
    /** A datagram up to this size is copied into the thread's scratch array instead of a new one. */
    private static final int SCRATCH_BYTES = 4096;
    private static final ThreadLocal<byte[]> SCRATCH = ThreadLocal.withInitial(() -> new byte[SCRATCH_BYTES]);

    private DhcpCodec() {
    }

    /** Decodes a whole UDP payload. */
    public static DhcpMessage decode(byte[] payload) throws DhcpDecodeException {
        return MessageDecoder.decode(payload, 0, payload.length);
    }

    /** Decodes {@code payload[offset..offset+length)}; error offsets count from {@code offset}. */
    public static DhcpMessage decode(byte[] payload, int offset, int length) throws DhcpDecodeException {
        if (offset < 0 || length < 0 || offset + length > payload.length) {
            throw new IndexOutOfBoundsException("offset " + offset + ", length " + length + " of " + payload.length);
        }
        return MessageDecoder.decode(payload, offset, length);
    }

    /**
     * Decodes the readable bytes of {@code payload} (reader to writer index); the buffer's indices and
     * reference count are not changed.
     */
    public static DhcpMessage decode(ByteBuf payload) throws DhcpDecodeException {
        int length = payload.readableBytes();
        if (payload.hasArray()) {
            return MessageDecoder.decode(payload.array(), payload.arrayOffset() + payload.readerIndex(), length);
        }
        // A direct buffer (the servers') has no array: its bytes are copied into this thread's scratch array,
        // which the decoder may share because it never keeps its input.
        byte[] copy = length <= SCRATCH_BYTES ? SCRATCH.get() : new byte[length];
        payload.getBytes(payload.readerIndex(), copy, 0, length);
        return MessageDecoder.decode(copy, 0, length);
    }

    /** Encodes with {@link EncodeOptions#DEFAULT} (576 bytes, overload allowed, padded to 300). */
    public static byte[] encode(DhcpMessage message) throws DhcpEncodeException {
        return encode(message, EncodeOptions.DEFAULT);
    }

    /** Encodes into a new array. */
    public static byte[] encode(DhcpMessage message, EncodeOptions options) throws DhcpEncodeException {
        return MessageEncoder.encode(message, options);
    }

    /**
     * Appends the encoded message to {@code out} at its writer index. On failure nothing is written
     * (the writer index is restored).
     */
    public static void encode(DhcpMessage message, EncodeOptions options, ByteBuf out) throws DhcpEncodeException {
        int writerIndex = out.writerIndex();
        boolean success = false;
        try {
            MessageEncoder.encode(message, options, out);
            success = true;
        } finally {
            if (!success) {
                out.writerIndex(writerIndex);
            }
        }
    }

    /** Encodes into a new buffer from {@code allocator}; the caller owns (releases) it. */
    public static ByteBuf encode(DhcpMessage message, EncodeOptions options, ByteBufAllocator allocator)
            throws DhcpEncodeException {
        return MessageEncoder.encode(message, options, allocator);
    }

    /**
     * Whether {@code name} can go into option 119 (or 81 with the E flag): labels of 1..63 bytes of
     * printable ASCII (or {@code \DDD} escapes) separated by dots, at most 255 bytes in wire form. Servers
     * drop invalid search domains with a warning instead of failing.
     */
    public static boolean isValidDomainName(String name) {
        return DomainNames.isValid(name);
    }
}
