package io.k6t.net.dhcp.v6;

import io.k6t.net.dhcp.internal.DomainNames;
import io.k6t.net.dhcp.v6.Dhcp6DecodeException.Reason;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import java.io.ByteArrayOutputStream;
import java.util.List;

/**
 * DHCPv6 wire codec entry points (RFC 8415 sections 8, 9 and 21). Pure: no sockets.
 *
 * <p>{@code decode} is total: any byte sequence decodes or throws {@link Dhcp6DecodeException}, with work
 * proportional to the input (relay messages nest at most 8 deep, RFC 8415 section 7.6). Every option is
 * checked against its code's format, also inside IAs and relayed messages. {@code encode} writes the
 * header and every option as it is, so decode then encode gives the same bytes.
 */
public final class Dhcp6Codec {
    /** Bytes before the options of a client/server message. */
    public static final int MESSAGE_HEADER_LENGTH = 4;
    /** Bytes before the options of a relay message. */
    public static final int RELAY_HEADER_LENGTH = 34;

    private Dhcp6Codec() {
    }

    /** Decodes a whole UDP payload. */
    public static Dhcp6Packet decode(byte[] data) throws Dhcp6DecodeException {
        return decode(data, 0, data.length);
    }

    /** Decodes {@code data[offset..offset+length)}; offsets in errors count from {@code offset}. */
    public static Dhcp6Packet decode(byte[] data, int offset, int length) throws Dhcp6DecodeException {
        if (offset < 0 || length < 0 || offset + length > data.length) {
            throw new IndexOutOfBoundsException("offset " + offset + ", length " + length + " of " + data.length);
        }
        return decodeAt(data, offset, length, 0, 0);
    }

    /** Decodes the readable bytes of a buffer without changing its indices. */
    public static Dhcp6Packet decode(ByteBuf buffer) throws Dhcp6DecodeException {
        return decode(ByteBufUtil.getBytes(buffer));
    }

    /** Decodes a client/server message; a relay message is refused as {@code BAD_OPTION_VALUE} at offset 0. */
    public static Dhcp6Message decodeMessage(byte[] data) throws Dhcp6DecodeException {
        Dhcp6Packet packet = decode(data);
        if (packet instanceof Dhcp6Message message) {
            return message;
        }
        throw new Dhcp6DecodeException(0, Reason.BAD_OPTION_VALUE, packet.type() + " where a client/server"
                + " message was expected");
    }

    static Dhcp6Packet decodeAt(byte[] data, int offset, int length, int base, int depth)
            throws Dhcp6DecodeException {
        if (length < 1) {
            throw new Dhcp6DecodeException(base, Reason.TRUNCATED_HEADER, "empty message");
        }
        Dhcp6MessageType type = Dhcp6MessageType.valueOf(data[offset] & 0xff);
        if (type.isRelay()) {
            if (depth > OptionFormats.MAX_RELAY_DEPTH) {
                throw new Dhcp6DecodeException(base, Reason.TOO_DEEP, "relay messages nested more than "
                        + OptionFormats.MAX_RELAY_DEPTH + " deep");
            }
            if (length < RELAY_HEADER_LENGTH) {
                throw new Dhcp6DecodeException(base + length, Reason.TRUNCATED_HEADER, type + " of " + length
                        + " bytes (expected: at least " + RELAY_HEADER_LENGTH + ")");
            }
            return new Dhcp6RelayMessage(type, data[offset + 1] & 0xff, OptionFormats.ipv6(data, offset + 2),
                    OptionFormats.ipv6(data, offset + 18), Dhcp6Options.of(OptionFormats.parse(data,
                            offset + RELAY_HEADER_LENGTH, length - RELAY_HEADER_LENGTH, base + RELAY_HEADER_LENGTH,
                            depth)));
        }
        if (length < MESSAGE_HEADER_LENGTH) {
            throw new Dhcp6DecodeException(base + length, Reason.TRUNCATED_HEADER, "message of " + length
                    + " bytes (expected: at least " + MESSAGE_HEADER_LENGTH + ")");
        }
        int xid = (data[offset + 1] & 0xff) << 16 | (data[offset + 2] & 0xff) << 8 | data[offset + 3] & 0xff;
        return new Dhcp6Message(type, xid, Dhcp6Options.of(OptionFormats.parse(data, offset + MESSAGE_HEADER_LENGTH,
                length - MESSAGE_HEADER_LENGTH, base + MESSAGE_HEADER_LENGTH, depth)));
    }

    /** The wire form of a message or relay message. */
    public static byte[] encode(Dhcp6Packet packet) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        out.write(packet.type().number());
        if (packet instanceof Dhcp6RelayMessage relay) {
            out.write(relay.hopCount());
            out.writeBytes(relay.linkAddress().getAddress());
            out.writeBytes(relay.peerAddress().getAddress());
        } else {
            int xid = ((Dhcp6Message) packet).transactionId();
            out.write(xid >>> 16);
            out.write(xid >>> 8);
            out.write(xid);
        }
        OptionFormats.putOptions(out, packet.options());
        return out.toByteArray();
    }

    /** The wire form in a new buffer from {@code allocator}; the caller releases it. */
    public static ByteBuf encode(Dhcp6Packet packet, ByteBufAllocator allocator) {
        byte[] bytes = encode(packet);
        ByteBuf buffer = allocator.buffer(bytes.length);
        return buffer.writeBytes(bytes);
    }

    /**
     * Names in uncompressed RFC 1035 wire form, each ending with the root label: the format of option 24
     * and of the DNSSL option of router advertisements (RFC 8106 section 5.2).
     *
     * @throws IllegalArgumentException naming the first invalid name
     */
    public static byte[] encodeDomainNames(List<String> names) {
        return OptionFormats.encodeDomainList(names);
    }

    /** Whether {@code name} can go into option 24 (see {@code DomainNames}). */
    public static boolean isValidDomainName(String name) {
        return DomainNames.isValid(name);
    }
}
