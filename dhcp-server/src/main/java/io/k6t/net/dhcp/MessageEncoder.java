package io.k6t.net.dhcp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.Arrays;

/**
 * Encodes one message. Values over 255 bytes are split into consecutive instances of 255 (RFC 3396);
 * options that do not fit the options field within {@link EncodeOptions#maxPayloadSize()} go, in
 * order, into {@code file} then {@code sname} (option 52) when that is allowed or the message carries
 * option 52 itself. An option of up to 255 bytes is never split across fields (clients without RFC
 * 3396 support would misread it); a long option moves on in whole 255-byte pieces.
 *
 * <p>The message is laid out in a per-thread scratch array and copied to the output in one call.
 */
final class MessageEncoder {
    private static final int MAX_CHUNK = 255;
    private static final int SNAME_START = 44;
    private static final int FILE_START = 108;
    private static final int FILE_REGION = 1;
    private static final int SNAME_REGION = 2;
    private static final ThreadLocal<byte[]> SCRATCH = ThreadLocal.withInitial(() -> new byte[1024]);

    private MessageEncoder() {
    }

    /** Appends the encoding of {@code m} to {@code out}. */
    static void encode(DhcpMessage m, EncodeOptions eo, ByteBuf out) throws DhcpEncodeException {
        int size = layoutInScratch(m, eo);
        out.writeBytes(SCRATCH.get(), 0, size);
    }

    /**
     * The encoding of {@code m} in a new buffer of exactly its size: laid out first, so the buffer is
     * allocated once (a buffer that has to grow is allocated twice, and the servers' allocator is unpooled).
     */
    static ByteBuf encode(DhcpMessage m, EncodeOptions eo, ByteBufAllocator allocator) throws DhcpEncodeException {
        int size = layoutInScratch(m, eo);
        ByteBuf buf = allocator.buffer(size, size);
        return buf.writeBytes(SCRATCH.get(), 0, size);
    }

    /** The encoding of {@code m} as a new array. */
    static byte[] encode(DhcpMessage m, EncodeOptions eo) throws DhcpEncodeException {
        int size = layoutInScratch(m, eo);
        return Arrays.copyOf(SCRATCH.get(), size);
    }

    /** Lays the message out at the start of this thread's scratch array (grown if needed); returns its size. */
    private static int layoutInScratch(DhcpMessage m, EncodeOptions eo) throws DhcpEncodeException {
        int size = layout(m, eo, SCRATCH.get());
        if (size < 0) {
            byte[] bigger = new byte[-size];
            SCRATCH.set(bigger);
            size = layout(m, eo, bigger);
        }
        return size;
    }

    /** Bytes a value of {@code length} takes on the wire, split per RFC 3396. */
    private static int wireSize(int length) {
        return 2 * chunks(length) + length;
    }

    private static int chunks(int length) {
        return Math.max(1, (length + MAX_CHUNK - 1) / MAX_CHUNK);
    }

    /** Writes the message into {@code buf}; returns its size, or minus the size needed if {@code buf} is too small. */
    private static int layout(DhcpMessage m, EncodeOptions eo, byte[] buf) throws DhcpEncodeException {
        DhcpOptions options = m.options();
        int count = options.size();
        int optionBytes = 1;
        for (int i = 0; i < count; i++) {
            optionBytes += wireSize(options.lengthAt(i));
        }
        int mainSpace = eo.maxPayloadSize() - MessageDecoder.OPTIONS_START;
        Overload explicit = options.overload().orElse(null);
        if (explicit == null && optionBytes <= mainSpace) {
            int trailing = m.trailingLength();
            int padding;
            if (trailing >= 0) {
                trailing = Math.min(trailing, mainSpace - optionBytes);
                padding = 0;
            } else {
                trailing = 0;
                padding = Math.max(0, eo.minimumSize() - MessageDecoder.OPTIONS_START - optionBytes);
            }
            int size = MessageDecoder.OPTIONS_START + optionBytes + trailing + padding;
            if (size > buf.length) {
                return -size;
            }
            writeHeader(m, buf, m.snameField(), m.fileField());
            int pos = MessageDecoder.OPTIONS_START;
            byte[] values = options.valueBytes();
            for (int i = 0; i < count; i++) {
                pos = writeOption(options.codeAt(i), values, options.offsetAt(i), options.lengthAt(i), buf, pos);
            }
            buf[pos++] = (byte) 255;
            writeTrailing(m, trailing, buf, pos);
            Arrays.fill(buf, pos + trailing, size, (byte) 0);
            return size;
        }
        if (explicit == null && !eo.overloadAllowed()) {
            throw new DhcpEncodeException(EncodeOptions.IP_UDP_HEADER_SIZE + MessageDecoder.OPTIONS_START + optionBytes,
                    eo.maxMessageSize(), "options need " + optionBytes + " bytes, the options field has " + mainSpace
                    + " and option overload is not allowed");
        }
        return layoutOverloaded(m, eo, explicit, optionBytes, buf);
    }

    private static int layoutOverloaded(DhcpMessage m, EncodeOptions eo, Overload explicit, int optionBytes,
            byte[] buf) throws DhcpEncodeException {
        DhcpOptions options = m.options();
        boolean fileFree = m.fileField() == DhcpMessage.ZERO_FILE;
        boolean snameFree = m.snameField() == DhcpMessage.ZERO_SNAME;
        boolean useFile;
        boolean useSname;
        if (explicit != null) {
            useFile = explicit.usesFile();
            useSname = explicit.usesSname();
            if (useFile && !fileFree || useSname && !snameFree) {
                throw new DhcpEncodeException(EncodeOptions.IP_UDP_HEADER_SIZE + MessageDecoder.OPTIONS_START
                        + optionBytes, eo.maxMessageSize(), "option 52 claims the "
                        + (useFile && !fileFree ? "file" : "sname") + " field for options, but it holds a name");
            }
        } else {
            useFile = fileFree;
            useSname = snameFree;
        }
        int mainSpace = eo.maxPayloadSize() - MessageDecoder.OPTIONS_START;
        // Space per region for option bytes, END excluded; auto overload also needs 3 bytes for option 52.
        int[] space = {mainSpace - 1 - (explicit == null ? 3 : 0),
            useFile ? DhcpMessage.FILE_LENGTH - 1 : -1, useSname ? DhcpMessage.SNAME_LENGTH - 1 : -1};
        int[] used = new int[3];
        int count = options.size();
        // Region of each 255-byte piece, in order; pieces never go back to an earlier region.
        int pieces = 0;
        for (int i = 0; i < count; i++) {
            pieces += chunks(options.lengthAt(i));
        }
        byte[] regionOf = new byte[pieces];
        int region = 0;
        int p = 0;
        for (int i = 0; i < count; i++) {
            int length = options.lengthAt(i);
            for (int c = 0; c < chunks(length); c++) {
                int size = 2 + Math.min(MAX_CHUNK, length - c * MAX_CHUNK);
                while (region < 3 && used[region] + size > space[region]) {
                    region++;
                }
                if (options.codeAt(i) == 52 && region != 0) {
                    throw new DhcpEncodeException(EncodeOptions.IP_UDP_HEADER_SIZE + MessageDecoder.OPTIONS_START
                            + optionBytes, eo.maxMessageSize(), "option 52 must be in the options field");
                }
                if (region == 3) {
                    int capacity = Math.max(0, space[0]) + Math.max(0, space[1]) + Math.max(0, space[2]);
                    throw new DhcpEncodeException(EncodeOptions.IP_UDP_HEADER_SIZE + MessageDecoder.OPTIONS_START
                            + optionBytes, eo.maxMessageSize(), "options need " + optionBytes + " bytes"
                            + " (overload " + (explicit == null ? "allowed" : explicit) + "), at most " + capacity
                            + " fit in the usable fields");
                }
                regionOf[p++] = (byte) region;
                used[region] += size;
            }
        }
        int overloadValue = explicit != null ? explicit.value()
                : (used[FILE_REGION] > 0 ? 1 : 0) | (used[SNAME_REGION] > 0 ? 2 : 0);
        boolean writeOwn52 = explicit == null && overloadValue != 0;
        int mainBytes = used[0] + 1 + (writeOwn52 ? 3 : 0);
        int trailing = Math.min(m.trailingLength(), mainSpace - mainBytes);
        int padding = trailing >= 0 ? 0 : Math.max(0, eo.minimumSize() - MessageDecoder.OPTIONS_START - mainBytes);
        int size = MessageDecoder.OPTIONS_START + mainBytes + Math.max(0, trailing) + padding;
        if (size > buf.length) {
            return -size;
        }
        writeHeader(m, buf, (overloadValue & 2) != 0 ? DhcpMessage.ZERO_SNAME : m.snameField(),
                (overloadValue & 1) != 0 ? DhcpMessage.ZERO_FILE : m.fileField());
        int[] cursor = {MessageDecoder.OPTIONS_START, FILE_START, SNAME_START};
        if (writeOwn52) {
            buf[cursor[0]++] = 52;
            buf[cursor[0]++] = 1;
            buf[cursor[0]++] = (byte) overloadValue;
        }
        p = 0;
        byte[] values = options.valueBytes();
        for (int i = 0; i < count; i++) {
            int length = options.lengthAt(i);
            for (int c = 0; c < chunks(length); c++) {
                int r = regionOf[p++];
                int from = c * MAX_CHUNK;
                int len = Math.min(MAX_CHUNK, length - from);
                int at = cursor[r];
                buf[at] = (byte) options.codeAt(i);
                buf[at + 1] = (byte) len;
                System.arraycopy(values, options.offsetAt(i) + from, buf, at + 2, len);
                cursor[r] = at + 2 + len;
            }
        }
        buf[cursor[0]++] = (byte) 255;
        writeTrailing(m, Math.max(0, trailing), buf, cursor[0]);
        Arrays.fill(buf, cursor[0] + Math.max(0, trailing), size, (byte) 0);
        if ((overloadValue & 1) != 0) {
            buf[cursor[FILE_REGION]] = (byte) 255;
        }
        if ((overloadValue & 2) != 0) {
            buf[cursor[SNAME_REGION]] = (byte) 255;
        }
        return size;
    }

    private static void writeTrailing(DhcpMessage m, int length, byte[] buf, int pos) {
        byte[] data = m.trailingData();
        if (data != null) {
            System.arraycopy(data, 0, buf, pos, length);
        } else {
            Arrays.fill(buf, pos, pos + length, (byte) 0);
        }
    }

    private static void writeHeader(DhcpMessage m, byte[] buf, byte[] sname, byte[] file) {
        buf[0] = (byte) m.op();
        buf[1] = (byte) m.htype();
        buf[2] = (byte) m.hlen();
        buf[3] = (byte) m.hops();
        putInt(buf, 4, m.xid());
        buf[8] = (byte) (m.secs() >> 8);
        buf[9] = (byte) m.secs();
        buf[10] = (byte) (m.flags() >> 8);
        buf[11] = (byte) m.flags();
        putInt(buf, 12, m.ciaddrValue());
        putInt(buf, 16, m.yiaddrValue());
        putInt(buf, 20, m.siaddrValue());
        putInt(buf, 24, m.giaddrValue());
        System.arraycopy(m.chaddrField(), 0, buf, 28, DhcpMessage.CHADDR_LENGTH);
        System.arraycopy(sname, 0, buf, SNAME_START, DhcpMessage.SNAME_LENGTH);
        System.arraycopy(file, 0, buf, FILE_START, DhcpMessage.FILE_LENGTH);
        putInt(buf, MessageDecoder.HEADER_LENGTH, MessageDecoder.MAGIC_COOKIE);
    }

    private static void putInt(byte[] buf, int at, int value) {
        buf[at] = (byte) (value >>> 24);
        buf[at + 1] = (byte) (value >>> 16);
        buf[at + 2] = (byte) (value >>> 8);
        buf[at + 3] = (byte) value;
    }

    /** Writes one option at {@code pos}, split in 255-byte instances; returns the position after it. */
    private static int writeOption(int code, byte[] values, int offset, int length, byte[] buf, int pos) {
        if (length == 0) {
            buf[pos] = (byte) code;
            buf[pos + 1] = 0;
            return pos + 2;
        }
        for (int off = 0; off < length; off += MAX_CHUNK) {
            int len = Math.min(MAX_CHUNK, length - off);
            buf[pos] = (byte) code;
            buf[pos + 1] = (byte) len;
            System.arraycopy(values, offset + off, buf, pos + 2, len);
            pos += 2 + len;
        }
        return pos;
    }
}
