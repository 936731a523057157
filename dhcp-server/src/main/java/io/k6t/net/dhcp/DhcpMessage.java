package io.k6t.net.dhcp;

import io.k6t.net.dhcp.internal.Hex;
import io.k6t.net.dhcp.internal.Ipv4;
import java.net.Inet4Address;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An immutable DHCPv4 message (RFC 2131 section 2): the fixed BOOTP header, the options in the order they
 * were received or set, and the bytes that followed the END option.
 *
 * <p>The message holds the header and the options' bytes in compact form; {@link #options()} is the
 * view that lists them as {@link DhcpOption}s and reads their typed values ({@code
 * message.options().routers()}), and {@link DhcpOptionCodecs} is the registry that says which code has
 * which value type. Every option in a message has the format its code requires (the decoder and the
 * builder check it), so typed reads never fail.
 *
 * <p>{@link #trailingBytes()}: what came after END in the options field (usually zero padding up to
 * 300 or 548 bytes), so that a decoded message re-encodes to the bytes it came from. Messages built
 * from scratch have none and are padded by {@link EncodeOptions#minimumSize()} instead.
 *
 * <p>Equality: all header fields, the option list (order included) and the trailing bytes.
 */
public final class DhcpMessage {
    /** {@code op} of a client message. */
    public static final int BOOTREQUEST = 1;
    /** {@code op} of a server message. */
    public static final int BOOTREPLY = 2;
    /** {@code htype} of Ethernet (ARP hardware type 1). */
    public static final int HTYPE_ETHERNET = 1;
    /** The broadcast bit of {@code flags} (RFC 2131 figure 2). */
    public static final int FLAG_BROADCAST = 0x8000;
    /** Length of {@code chaddr}. */
    public static final int CHADDR_LENGTH = 16;
    /** Length of {@code sname}. */
    public static final int SNAME_LENGTH = 64;
    /** Length of {@code file}. */
    public static final int FILE_LENGTH = 128;

    static final byte[] ZERO_SNAME = new byte[SNAME_LENGTH];
    static final byte[] ZERO_FILE = new byte[FILE_LENGTH];

    private final int op;
    private final int htype;
    private final int hlen;
    private final int hops;
    private final int xid;
    private final int secs;
    private final int flags;
    private final int ciaddr;
    private final int yiaddr;
    private final int siaddr;
    private final int giaddr;
    private final byte[] chaddr;
    private final byte[] sname;
    private final byte[] file;
    private final DhcpOptions options;
    /** -1: none (pad to the encoder's minimum); else the count of bytes after END. */
    private final int trailingLength;
    /** The bytes after END, or null when they are all zero. */
    private final byte[] trailingData;

    DhcpMessage(int op, int htype, int hlen, int hops, int xid, int secs, int flags, int ciaddr, int yiaddr,
            int siaddr, int giaddr, byte[] chaddr, byte[] sname, byte[] file, DhcpOptions options,
            int trailingLength, byte[] trailingData) {
        this.op = op;
        this.htype = htype;
        this.hlen = hlen;
        this.hops = hops;
        this.xid = xid;
        this.secs = secs;
        this.flags = flags;
        this.ciaddr = ciaddr;
        this.yiaddr = yiaddr;
        this.siaddr = siaddr;
        this.giaddr = giaddr;
        this.chaddr = chaddr;
        this.sname = sname;
        this.file = file;
        this.options = options;
        this.trailingLength = trailingLength;
        this.trailingData = trailingData;
    }

    /** A builder for a new message: BOOTREQUEST, Ethernet ({@code htype 1, hlen 6}), everything else zero. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder for the reply to {@code request} (RFC 2131 section 4.3.1, table 3): BOOTREPLY with the
     * request's {@code xid}, {@code flags}, {@code giaddr}, {@code htype}, {@code hlen} and {@code chaddr};
     * no options.
     */
    public static Builder replyTo(DhcpMessage request) {
        Builder b = new Builder();
        b.op = BOOTREPLY;
        b.htype = request.htype;
        b.hlen = request.hlen;
        b.xid = request.xid;
        b.flags = request.flags;
        b.giaddr = request.giaddr;
        b.chaddr = request.chaddr;
        return b;
    }

    /** A builder holding this message's values. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    // ---- header ----

    /** {@code op}: {@link #BOOTREQUEST} or {@link #BOOTREPLY} (others are kept as received). */
    public int op() {
        return op;
    }

    /** Whether {@code op} is BOOTREQUEST. */
    public boolean isRequest() {
        return op == BOOTREQUEST;
    }

    /** Whether {@code op} is BOOTREPLY. */
    public boolean isReply() {
        return op == BOOTREPLY;
    }

    /** {@code htype}, the ARP hardware type (1 = Ethernet). */
    public int htype() {
        return htype;
    }

    /** {@code hlen}, the hardware address length (0..16). */
    public int hlen() {
        return hlen;
    }

    /** {@code hops}, incremented by relays. */
    public int hops() {
        return hops;
    }

    /** {@code xid}, the transaction id. */
    public int xid() {
        return xid;
    }

    /** {@code secs}, seconds since the client began (some Windows versions send it little-endian). */
    public int secs() {
        return secs;
    }

    /** The 16-bit {@code flags} field. */
    public int flags() {
        return flags;
    }

    /** Whether the broadcast bit of {@code flags} is set: the client cannot receive unicast before it is configured. */
    public boolean broadcast() {
        return (flags & FLAG_BROADCAST) != 0;
    }

    /** {@code ciaddr}, the client's address when it already has one. */
    public Inet4Address ciaddr() {
        return Ipv4.fromInt(ciaddr);
    }

    /** {@code yiaddr}, "your" address: what the server assigns. */
    public Inet4Address yiaddr() {
        return Ipv4.fromInt(yiaddr);
    }

    /** {@code siaddr}, the next server (TFTP) address. */
    public Inet4Address siaddr() {
        return Ipv4.fromInt(siaddr);
    }

    /** {@code giaddr}, the relay agent address, {@code 0.0.0.0} when not relayed. */
    public Inet4Address giaddr() {
        return Ipv4.fromInt(giaddr);
    }

    /** Whether {@code giaddr} is set (the message went through a relay). */
    public boolean isRelayed() {
        return giaddr != 0;
    }

    /** Whether {@code ciaddr} is set (not 0.0.0.0): a bound client's own address. */
    public boolean hasCiaddr() {
        return ciaddr != 0;
    }

    /** All 16 bytes of {@code chaddr} (a copy), including any bytes beyond {@code hlen}. */
    public byte[] chaddr() {
        return chaddr.clone();
    }

    /** The first {@code hlen} bytes of {@code chaddr}: the client's hardware address. */
    public byte[] clientHardwareAddress() {
        return Arrays.copyOf(chaddr, hlen);
    }

    /**
     * The client's hardware address for logs and drop reasons: at least one byte of {@code chaddr}
     * even when {@code hlen} is 0, so a client that leaves it empty still shows what it sent.
     */
    public String clientHardwareAddressText() {
        return MacAddress.toString(Arrays.copyOf(chaddr, Math.min(Math.max(hlen, 1), chaddr.length)));
    }

    /** The client's MAC when {@code htype} is 1 (Ethernet) and {@code hlen} 6, else empty. */
    public Optional<MacAddress> clientMac() {
        if (htype != HTYPE_ETHERNET || hlen != 6) {
            return Optional.empty();
        }
        return Optional.of(MacAddress.fromBytes(Arrays.copyOf(chaddr, 6)));
    }

    /** The {@code sname} field as text up to its first NUL; empty if overloaded with options. */
    public String sname() {
        return cString(sname);
    }

    /** All 64 bytes of {@code sname} (a copy); zeros when it carried options (overload). */
    public byte[] snameBytes() {
        return sname.clone();
    }

    /** The {@code file} field as text up to its first NUL; empty if overloaded with options. */
    public String file() {
        return cString(file);
    }

    /** All 128 bytes of {@code file} (a copy); zeros when it carried options (overload). */
    public byte[] fileBytes() {
        return file.clone();
    }

    static boolean allZero(byte[] bytes) {
        for (byte b : bytes) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    private static String cString(byte[] field) {
        int n = 0;
        while (n < field.length && field[n] != 0) {
            n++;
        }
        return new String(field, 0, n, StandardCharsets.ISO_8859_1);
    }

    byte[] snameField() {
        return sname;
    }

    byte[] fileField() {
        return file;
    }

    int ciaddrValue() {
        return ciaddr;
    }

    int yiaddrValue() {
        return yiaddr;
    }

    int siaddrValue() {
        return siaddr;
    }

    int giaddrValue() {
        return giaddr;
    }

    byte[] chaddrField() {
        return chaddr;
    }

    int trailingLength() {
        return trailingLength;
    }

    /** Null when the trailing bytes are all zero. */
    byte[] trailingData() {
        return trailingData;
    }

    // ---- options ----

    /** The options, in order, with typed reads of their values. */
    public DhcpOptions options() {
        return options;
    }

    /**
     * The bytes that followed the END option in the options field, as received (a copy); empty
     * Optional for a message built without them, which the encoder pads to the minimum size instead.
     */
    public Optional<byte[]> trailingBytes() {
        if (trailingLength < 0) {
            return Optional.empty();
        }
        return Optional.of(trailingData == null ? new byte[trailingLength] : trailingData.clone());
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof DhcpMessage)) {
            return false;
        }
        DhcpMessage m = (DhcpMessage) o;
        return op == m.op && htype == m.htype && hlen == m.hlen && hops == m.hops && xid == m.xid && secs == m.secs
                && flags == m.flags && ciaddr == m.ciaddr && yiaddr == m.yiaddr && siaddr == m.siaddr
                && giaddr == m.giaddr && Arrays.equals(chaddr, m.chaddr) && Arrays.equals(sname, m.sname)
                && Arrays.equals(file, m.file) && options.sameAs(m.options) && trailingLength == m.trailingLength
                && Arrays.equals(trailingData, m.trailingData);
    }

    @Override
    public int hashCode() {
        return Objects.hash(op, xid, ciaddr, yiaddr, Arrays.hashCode(chaddr), options.contentHash());
    }

    /** A one-line summary: type, xid, chaddr, addresses and options. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("DhcpMessage{");
        sb.append(options.messageType().map(MessageType::toString)
                        .orElse(op == BOOTREQUEST ? "BOOTREQUEST" : "BOOTREPLY"))
                .append(", xid=0x").append(String.format("%08x", xid))
                .append(", chaddr=").append(Hex.encode(chaddr, 0, Math.min(hlen, CHADDR_LENGTH)));
        appendAddress(sb, "ciaddr", ciaddr);
        appendAddress(sb, "yiaddr", yiaddr);
        appendAddress(sb, "siaddr", siaddr);
        appendAddress(sb, "giaddr", giaddr);
        if (broadcast()) {
            sb.append(", broadcast");
        }
        sb.append(", options=").append(options()).append('}');
        return sb.toString();
    }

    private static void appendAddress(StringBuilder sb, String name, int value) {
        if (value != 0) {
            sb.append(", ").append(name).append('=').append(Ipv4.fromInt(value).getHostAddress());
        }
    }

    /**
     * Builds a {@link DhcpMessage}. Every setter checks its argument and throws
     * {@link IllegalArgumentException} naming the field and the value. Options are set raw
     * ({@link #option(DhcpOption)}) or typed through their codec ({@code option(DhcpOptionCodecs.ROUTER,
     * routers)}); either replaces an option already present at its position, or appends it. Setting an
     * empty list removes the option.
     */
    public static final class Builder {
        private int op = BOOTREQUEST;
        private int htype = HTYPE_ETHERNET;
        private int hlen = 6;
        private int hops;
        private int xid;
        private int secs;
        private int flags;
        private int ciaddr;
        private int yiaddr;
        private int siaddr;
        private int giaddr;
        private byte[] chaddr = new byte[CHADDR_LENGTH];
        private byte[] sname = ZERO_SNAME;
        private byte[] file = ZERO_FILE;
        private final ArrayList<DhcpOption> options = new ArrayList<>();
        private int trailingLength = -1;
        private byte[] trailingData;

        private Builder() {
        }

        private Builder(DhcpMessage m) {
            op = m.op;
            htype = m.htype;
            hlen = m.hlen;
            hops = m.hops;
            xid = m.xid;
            secs = m.secs;
            flags = m.flags;
            ciaddr = m.ciaddr;
            yiaddr = m.yiaddr;
            siaddr = m.siaddr;
            giaddr = m.giaddr;
            chaddr = m.chaddr;
            sname = m.sname;
            file = m.file;
            options.addAll(m.options());
            trailingLength = m.trailingLength;
            trailingData = m.trailingData;
        }

        private static int checkRange(String what, int value, int min, int max) {
            if (value < min || value > max) {
                throw new IllegalArgumentException(what + ": " + value + " (expected: " + min + ".." + max + ")");
            }
            return value;
        }

        /** {@code op}: {@link #BOOTREQUEST} or {@link #BOOTREPLY}; 0..255 accepted. */
        public Builder op(int op) {
            this.op = checkRange("op", op, 0, 255);
            return this;
        }

        /** {@code htype}, 0..255. */
        public Builder htype(int htype) {
            this.htype = checkRange("htype", htype, 0, 255);
            return this;
        }

        /** {@code hlen}, 0..16. */
        public Builder hlen(int hlen) {
            this.hlen = checkRange("hlen", hlen, 0, CHADDR_LENGTH);
            return this;
        }

        /** {@code hops}, 0..255. */
        public Builder hops(int hops) {
            this.hops = checkRange("hops", hops, 0, 255);
            return this;
        }

        /** {@code xid}, any 32-bit value. */
        public Builder xid(int xid) {
            this.xid = xid;
            return this;
        }

        /** {@code secs}, 0..65535. */
        public Builder secs(int secs) {
            this.secs = checkRange("secs", secs, 0, 0xffff);
            return this;
        }

        /** The whole {@code flags} field, 0..65535. */
        public Builder flags(int flags) {
            this.flags = checkRange("flags", flags, 0, 0xffff);
            return this;
        }

        /** Sets or clears the broadcast bit of {@code flags}, leaving the others. */
        public Builder broadcast(boolean broadcast) {
            this.flags = broadcast ? flags | FLAG_BROADCAST : flags & ~FLAG_BROADCAST;
            return this;
        }

        /** {@code ciaddr}. */
        public Builder ciaddr(Inet4Address address) {
            this.ciaddr = Ipv4.toInt(address);
            return this;
        }

        /** {@code yiaddr}. */
        public Builder yiaddr(Inet4Address address) {
            this.yiaddr = Ipv4.toInt(address);
            return this;
        }

        /** {@code siaddr}. */
        public Builder siaddr(Inet4Address address) {
            this.siaddr = Ipv4.toInt(address);
            return this;
        }

        /** {@code giaddr}. */
        public Builder giaddr(Inet4Address address) {
            this.giaddr = Ipv4.toInt(address);
            return this;
        }

        /** {@code htype} 1, {@code hlen} 6 and {@code chaddr} = the MAC followed by zeros. */
        public Builder clientMac(MacAddress mac) {
            byte[] c = new byte[CHADDR_LENGTH];
            System.arraycopy(mac.toBytes(), 0, c, 0, 6);
            this.htype = HTYPE_ETHERNET;
            this.hlen = 6;
            this.chaddr = c;
            return this;
        }

        /** {@code chaddr}: up to 16 bytes, zero-filled to 16 ({@code hlen} is not changed). */
        public Builder chaddr(byte[] chaddr) {
            if (chaddr.length > CHADDR_LENGTH) {
                throw new IllegalArgumentException("chaddr: " + chaddr.length + " bytes (expected: <= 16)");
            }
            this.chaddr = Arrays.copyOf(chaddr, CHADDR_LENGTH);
            return this;
        }

        /** {@code sname} as text: ISO-8859-1, at most 63 characters (NUL-terminated in the field). */
        public Builder sname(String sname) {
            this.sname = field("sname", sname, SNAME_LENGTH);
            return this;
        }

        /** {@code sname} raw: up to 64 bytes, zero-filled. */
        public Builder snameBytes(byte[] sname) {
            this.sname = rawField("sname", sname, SNAME_LENGTH, ZERO_SNAME);
            return this;
        }

        /** {@code file} as text: ISO-8859-1, at most 127 characters (NUL-terminated in the field). */
        public Builder file(String file) {
            this.file = field("file", file, FILE_LENGTH);
            return this;
        }

        /** {@code file} raw: up to 128 bytes, zero-filled. */
        public Builder fileBytes(byte[] file) {
            this.file = rawField("file", file, FILE_LENGTH, ZERO_FILE);
            return this;
        }

        private static byte[] field(String what, String text, int size) {
            byte[] b = ValueCodecs.latin1(what, text);
            if (b.length > size - 1) {
                throw new IllegalArgumentException(what + ": '" + text + "' is " + b.length + " bytes (expected: <= "
                        + (size - 1) + ")");
            }
            return rawField(what, b, size, size == SNAME_LENGTH ? ZERO_SNAME : ZERO_FILE);
        }

        private static byte[] rawField(String what, byte[] value, int size, byte[] zero) {
            if (value.length > size) {
                throw new IllegalArgumentException(what + ": " + value.length + " bytes (expected: <= " + size + ")");
            }
            byte[] f = Arrays.copyOf(value, size);
            return Arrays.equals(f, zero) ? zero : f;
        }

        /**
         * The bytes to write after END in the options field (a copy), as {@link DhcpMessage#trailingBytes()}
         * describes; {@code null} to pad to the encoder's minimum size instead.
         */
        public Builder trailingBytes(byte[] trailing) {
            if (trailing != null && trailing.length > DhcpOption.MAX_VALUE_LENGTH) {
                throw new IllegalArgumentException("trailingBytes: " + trailing.length + " bytes (expected: <= "
                        + DhcpOption.MAX_VALUE_LENGTH + ")");
            }
            if (trailing == null) {
                trailingLength = -1;
                trailingData = null;
            } else {
                trailingLength = trailing.length;
                trailingData = allZero(trailing) ? null : trailing.clone();
            }
            return this;
        }

        /**
         * Adds or replaces an option, checking its value has the format its code requires (e.g. option 53:
         * 1 byte, option 121: valid RFC 3442 routes).
         *
         * @throws IllegalArgumentException describing the format error
         */
        public Builder option(DhcpOption option) {
            check(option);
            return put(option);
        }

        private static void check(DhcpOption option) {
            try {
                DhcpOptionCodecs.check(option.code().code(), option.array(), option.offset(), option.length());
            } catch (DhcpDecodeException e) {
                throw new IllegalArgumentException("option " + option.code() + ": " + e.detail(), e);
            }
        }

        private Builder put(DhcpOption option) {
            put(options, option);
            return this;
        }

        /** Replaces the option of the same code in {@code list}, else appends. */
        private static void put(List<DhcpOption> list, DhcpOption option) {
            for (int i = 0; i < list.size(); i++) {
                if (list.get(i).code().equals(option.code())) {
                    list.set(i, option);
                    return;
                }
            }
            list.add(option);
        }

        /** Removes the option with this code, if present. */
        public Builder removeOption(DhcpOptionCode code) {
            options.removeIf(o -> o.code().equals(code));
            return this;
        }

        /**
         * Replaces all options, in this order; each is checked as by {@link #option(DhcpOption)} before any
         * is set, so on failure the builder is unchanged. A code given twice keeps the last value at the
         * first position.
         */
        public Builder options(List<DhcpOption> newOptions) {
            // Sized once: the server sets a reply's dozen options this way for every request.
            List<DhcpOption> checked = new ArrayList<>(newOptions.size());
            for (DhcpOption o : newOptions) {
                check(o);
                put(checked, o);
            }
            options.clear();
            options.ensureCapacity(checked.size());
            options.addAll(checked);
            return this;
        }

        /**
         * Adds or replaces the option {@code codec} writes, with {@code value}; an empty list removes it.
         *
         * @throws IllegalArgumentException naming the value when the codec cannot carry it (see
         *         {@link DhcpOptionCodecs})
         */
        public <T> Builder option(DhcpOptionCodec<T> codec, T value) {
            if (value instanceof List<?> list && list.isEmpty()) {
                return removeOption(codec.code());
            }
            return put(codec.encode(value));
        }

        /**
         * A site-specific option 224..254 with a raw value (copied).
         *
         * @throws IllegalArgumentException if {@code code} is outside 224..254
         */
        public Builder privateOption(int code, byte[] value) {
            DhcpOptions.checkPrivate(code);
            return option(DhcpOption.of(code, value));
        }

        /** The message. */
        public DhcpMessage build() {
            int total = 0;
            for (DhcpOption o : options) {
                total += o.length();
            }
            byte[] values = new byte[total];
            int[] meta = new int[3 * options.size()];
            int pos = 0;
            for (int i = 0; i < options.size(); i++) {
                DhcpOption o = options.get(i);
                System.arraycopy(o.array(), o.offset(), values, pos, o.length());
                meta[3 * i] = o.code().code();
                meta[3 * i + 1] = pos;
                meta[3 * i + 2] = o.length();
                pos += o.length();
            }
            return new DhcpMessage(op, htype, hlen, hops, xid, secs, flags, ciaddr, yiaddr, siaddr, giaddr, chaddr,
                    sname, file, new DhcpOptions(values, meta, options.size()), trailingLength, trailingData);
        }
    }
}
