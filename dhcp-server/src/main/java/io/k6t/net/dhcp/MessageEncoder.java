package io.k6t.net.dhcp;

import io.netty.buffer.ByteBuf;
import java.util.List;

/**
 * Encodes one message. Values over 255 bytes are split into consecutive instances of 255 (RFC 3396);
 * options that do not fit the options field within {@link EncodeOptions#maxPayloadSize()} go, in
 * order, into {@code file} then {@code sname} (option 52) when that is allowed or the message carries
 * option 52 itself. An option of up to 255 bytes is never split across fields (clients without RFC
 * 3396 support would misread it); a long option moves on in whole 255-byte pieces.
 */
final class MessageEncoder {
    private static final int MAX_CHUNK = 255;
    private static final int FILE_REGION = 1;
    private static final int SNAME_REGION = 2;

    private MessageEncoder() {
    }

    /** Bytes option {@code o} takes on the wire, split per RFC 3396. */
    private static int wireSize(DhcpOption o) {
        int chunks = Math.max(1, (o.length() + MAX_CHUNK - 1) / MAX_CHUNK);
        return 2 * chunks + o.length();
    }

    static void encode(DhcpMessage m, EncodeOptions eo, ByteBuf out) throws DhcpEncodeException {
        List<DhcpOption> options = m.options();
        int optionBytes = 1;
        for (int i = 0; i < options.size(); i++) {
            optionBytes += wireSize(options.get(i));
        }
        int limit = eo.maxPayloadSize();
        int mainSpace = limit - MessageDecoder.OPTIONS_START;
        Overload explicit = m.overload().orElse(null);
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
            out.ensureWritable(MessageDecoder.OPTIONS_START + optionBytes + trailing + padding);
            writeHeader(m, out, m.snameField(), m.fileField());
            for (int i = 0; i < options.size(); i++) {
                writeOption(options.get(i), 0, options.get(i).length(), out);
            }
            out.writeByte(255);
            writeTrailing(m, trailing, out);
            out.writeZero(padding);
            return;
        }
        if (explicit == null && !eo.overloadAllowed()) {
            throw new DhcpEncodeException(EncodeOptions.IP_UDP_HEADER_SIZE + MessageDecoder.OPTIONS_START + optionBytes,
                    eo.maxMessageSize(), "options need " + optionBytes + " bytes, the options field has " + mainSpace
                    + " and option overload is not allowed");
        }
        encodeOverloaded(m, eo, explicit, optionBytes, out);
    }

    private static void encodeOverloaded(DhcpMessage m, EncodeOptions eo, Overload explicit, int optionBytes,
            ByteBuf out) throws DhcpEncodeException {
        boolean fileFree = m.fileField() == DhcpMessage.ZERO_FILE;
        boolean snameFree = m.snameField() == DhcpMessage.ZERO_SNAME;
        boolean useFile;
        boolean useSname;
        if (explicit != null) {
            useFile = explicit.usesFile();
            useSname = explicit.usesSname();
            if (useFile && !fileFree || useSname && !snameFree) {
                throw new DhcpEncodeException(0, eo.maxMessageSize(), "option 52 claims the "
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
        List<DhcpOption> options = m.options();
        // Region of each 255-byte piece, in order; pieces never go back to an earlier region.
        int pieces = 0;
        for (DhcpOption o : options) {
            pieces += Math.max(1, (o.length() + MAX_CHUNK - 1) / MAX_CHUNK);
        }
        byte[] regionOf = new byte[pieces];
        int region = 0;
        int p = 0;
        for (DhcpOption o : options) {
            int chunks = Math.max(1, (o.length() + MAX_CHUNK - 1) / MAX_CHUNK);
            for (int c = 0; c < chunks; c++) {
                int size = 2 + Math.min(MAX_CHUNK, o.length() - c * MAX_CHUNK);
                while (region < 3 && used[region] + size > space[region]) {
                    region++;
                }
                if (o.code().code() == 52 && region != 0) {
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
        out.ensureWritable(MessageDecoder.OPTIONS_START + mainBytes + Math.max(0, trailing) + padding);
        int start = out.writerIndex();
        writeHeader(m, out, (overloadValue & 2) != 0 ? DhcpMessage.ZERO_SNAME : m.snameField(),
                (overloadValue & 1) != 0 ? DhcpMessage.ZERO_FILE : m.fileField());
        int[] cursor = {start + MessageDecoder.OPTIONS_START, start + 108, start + 44};
        if (writeOwn52) {
            out.writeByte(52).writeByte(1).writeByte(overloadValue);
            cursor[0] += 3;
        }
        p = 0;
        for (DhcpOption o : options) {
            int chunks = Math.max(1, (o.length() + MAX_CHUNK - 1) / MAX_CHUNK);
            for (int c = 0; c < chunks; c++) {
                int r = regionOf[p++];
                int from = c * MAX_CHUNK;
                int len = Math.min(MAX_CHUNK, o.length() - from);
                int at = cursor[r];
                out.setByte(at, o.code().code());
                out.setByte(at + 1, len);
                out.setBytes(at + 2, o.array(), o.offset() + from, len);
                cursor[r] = at + 2 + len;
            }
        }
        out.writerIndex(cursor[0]);
        out.writeByte(255);
        writeTrailing(m, trailing, out);
        out.writeZero(padding);
        if ((overloadValue & 1) != 0) {
            out.setByte(cursor[FILE_REGION], 255);
        }
        if ((overloadValue & 2) != 0) {
            out.setByte(cursor[SNAME_REGION], 255);
        }
    }

    private static void writeTrailing(DhcpMessage m, int length, ByteBuf out) {
        if (length <= 0) {
            return;
        }
        byte[] data = m.trailingData();
        if (data != null) {
            out.writeBytes(data, 0, length);
        } else {
            out.writeZero(length);
        }
    }

    private static void writeHeader(DhcpMessage m, ByteBuf out, byte[] sname, byte[] file) {
        out.writeByte(m.op());
        out.writeByte(m.htype());
        out.writeByte(m.hlen());
        out.writeByte(m.hops());
        out.writeInt(m.xid());
        out.writeShort(m.secs());
        out.writeShort(m.flags());
        out.writeInt(m.ciaddrValue());
        out.writeInt(m.yiaddrValue());
        out.writeInt(m.siaddrValue());
        out.writeInt(m.giaddrValue());
        out.writeBytes(m.chaddrField());
        out.writeBytes(sname);
        out.writeBytes(file);
        out.writeInt(MessageDecoder.MAGIC_COOKIE);
    }

    private static void writeOption(DhcpOption o, int from, int length, ByteBuf out) {
        int code = o.code().code();
        if (length == 0) {
            out.writeByte(code).writeByte(0);
            return;
        }
        for (int off = from; off < from + length; off += MAX_CHUNK) {
            int len = Math.min(MAX_CHUNK, from + length - off);
            out.writeByte(code).writeByte(len);
            out.writeBytes(o.array(), o.offset() + off, len);
        }
    }
}
