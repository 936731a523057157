package io.k6t.net.dhcp;

import io.k6t.net.dhcp.internal.ClasslessRoutes;
import io.k6t.net.dhcp.internal.DomainNames;
import io.k6t.net.dhcp.internal.Fqdn;
import io.k6t.net.dhcp.internal.Hex;
import io.k6t.net.dhcp.internal.Ipv4;
import java.net.Inet4Address;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * An immutable DHCPv4 message (RFC 2131 section 2): the fixed BOOTP header, the options in the order they
 * were received or set, and the bytes that followed the END option.
 *
 * <p>Options are {@link DhcpOption}s holding raw bytes; the typed accessors ({@link #routers()},
 * {@link #classlessRoutes()}, ...) read them. Every option in a message has the format its code
 * requires (the decoder and the builder check it), so typed accessors never fail. An option split over
 * several instances or over the overloaded {@code file}/{@code sname} fields (RFC 3396) appears once,
 * concatenated, at the position of its first instance. Option 52 (overload) stays in the list: the
 * encoder honours it.
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
    /** The option values; option {@code i} is {@code values[meta[3i+1] .. +meta[3i+2])}, code {@code meta[3i]}. */
    private final byte[] values;
    private final int[] meta;
    private final int optionCount;
    /** {@link #options()}, made on first use (decoded messages never need the objects otherwise). */
    private volatile List<DhcpOption> optionList;
    /** -1: none (pad to the encoder's minimum); else the count of bytes after END. */
    private final int trailingLength;
    /** The bytes after END, or null when they are all zero. */
    private final byte[] trailingData;

    DhcpMessage(int op, int htype, int hlen, int hops, int xid, int secs, int flags, int ciaddr, int yiaddr,
            int siaddr, int giaddr, byte[] chaddr, byte[] sname, byte[] file, byte[] values, int[] meta,
            int optionCount, List<DhcpOption> optionList, int trailingLength, byte[] trailingData) {
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
        this.values = values;
        this.meta = meta;
        this.optionCount = optionCount;
        this.optionList = optionList;
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

    /** The options, in order, unmodifiable (no PAD or END). */
    public List<DhcpOption> options() {
        List<DhcpOption> list = optionList;
        if (list == null) {
            DhcpOption[] array = new DhcpOption[optionCount];
            for (int i = 0; i < optionCount; i++) {
                array[i] = optionAt(i);
            }
            list = Collections.unmodifiableList(Arrays.asList(array));
            optionList = list;
        }
        return list;
    }

    private DhcpOption optionAt(int i) {
        return DhcpOption.wrap(DhcpOptionCode.valueOf(meta[3 * i]), values, meta[3 * i + 1], meta[3 * i + 2]);
    }

    /** The option with this code, if present. */
    public Optional<DhcpOption> option(DhcpOptionCode code) {
        int i = indexOf(code.code());
        return i < 0 ? Optional.empty() : Optional.of(optionAt(i));
    }

    /** Whether the option with this code is present. */
    public boolean hasOption(DhcpOptionCode code) {
        return indexOf(code.code()) >= 0;
    }

    private int indexOf(int code) {
        for (int i = 0; i < optionCount; i++) {
            if (meta[3 * i] == code) {
                return i;
            }
        }
        return -1;
    }

    int optionCount() {
        return optionCount;
    }

    int optionCodeAt(int i) {
        return meta[3 * i];
    }

    int optionOffsetAt(int i) {
        return meta[3 * i + 1];
    }

    int optionLengthAt(int i) {
        return meta[3 * i + 2];
    }

    byte[] optionValues() {
        return values;
    }

    /** The option with this code as a light view (no copy), or null. */
    private DhcpOption find(int code) {
        int i = indexOf(code);
        return i < 0 ? null : optionAt(i);
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

    private Optional<Inet4Address> address(int code) {
        DhcpOption o = find(code);
        return o == null ? Optional.empty() : Optional.of(Ipv4.fromBytes(o.array(), o.offset()));
    }

    private List<Inet4Address> addresses(int code) {
        DhcpOption o = find(code);
        if (o == null) {
            return List.of();
        }
        Inet4Address[] out = new Inet4Address[o.length() / 4];
        for (int i = 0; i < out.length; i++) {
            out[i] = Ipv4.fromBytes(o.array(), o.offset() + 4 * i);
        }
        return List.of(out);
    }

    private Optional<String> text(int code) {
        DhcpOption o = find(code);
        if (o == null) {
            return Optional.empty();
        }
        int n = o.length();
        while (n > 0 && o.array()[o.offset() + n - 1] == 0) {
            n--;
        }
        return Optional.of(new String(o.array(), o.offset(), n, StandardCharsets.ISO_8859_1));
    }

    private OptionalInt unsignedShort(int code) {
        DhcpOption o = find(code);
        return o == null ? OptionalInt.empty() : OptionalInt.of(o.byteAt(0) << 8 | o.byteAt(1));
    }

    private OptionalLong unsignedInt(int code) {
        DhcpOption o = find(code);
        return o == null ? OptionalLong.empty()
                : OptionalLong.of((long) o.byteAt(0) << 24 | o.byteAt(1) << 16 | o.byteAt(2) << 8 | o.byteAt(3));
    }

    /** Option 53, the DHCP message type; empty for plain BOOTP. */
    public Optional<MessageType> messageType() {
        DhcpOption o = find(53);
        return o == null ? Optional.empty() : Optional.of(MessageType.valueOf(o.byteAt(0)));
    }

    /** Option 1, subnet mask. */
    public Optional<Inet4Address> subnetMask() {
        return address(1);
    }

    /** Option 3, routers, in preference order; empty if absent. */
    public List<Inet4Address> routers() {
        return addresses(3);
    }

    /** Option 6, DNS servers; empty if absent. */
    public List<Inet4Address> dnsServers() {
        return addresses(6);
    }

    /** Option 12, host name (ISO-8859-1, trailing NULs dropped). */
    public Optional<String> hostName() {
        return text(12);
    }

    /** Option 15, domain name (trailing NULs dropped). */
    public Optional<String> domainName() {
        return text(15);
    }

    /** Option 26, interface MTU. */
    public OptionalInt interfaceMtu() {
        return unsignedShort(26);
    }

    /** Option 28, broadcast address. */
    public Optional<Inet4Address> broadcastAddress() {
        return address(28);
    }

    /** Option 42, NTP servers; empty if absent. */
    public List<Inet4Address> ntpServers() {
        return addresses(42);
    }

    /** Option 50, requested IP address. */
    public Optional<Inet4Address> requestedIpAddress() {
        return address(50);
    }

    /** Option 51, lease time in seconds (unsigned; 0xffffffff means infinite). */
    public OptionalLong leaseSeconds() {
        return unsignedInt(51);
    }

    /** Option 52, which BOOTP fields carried (or are to carry) options. */
    public Optional<Overload> overload() {
        DhcpOption o = find(52);
        return o == null ? Optional.empty() : Optional.of(Overload.valueOf(o.byteAt(0)));
    }

    /** Option 54, server identifier. */
    public Optional<Inet4Address> serverIdentifier() {
        return address(54);
    }

    /** Option 55, the parameter request list in the client's order (duplicates kept); empty if absent. */
    public List<DhcpOptionCode> parameterRequestList() {
        DhcpOption o = find(55);
        if (o == null) {
            return List.of();
        }
        DhcpOptionCode[] out = new DhcpOptionCode[o.length()];
        for (int i = 0; i < out.length; i++) {
            out[i] = DhcpOptionCode.valueOf(o.byteAt(i));
        }
        return List.of(out);
    }

    /** Option 57, the maximum DHCP message size the client accepts (IP + UDP + DHCP), as sent. */
    public OptionalInt maxMessageSize() {
        return unsignedShort(57);
    }

    /** Option 58, renewal (T1) time in seconds. */
    public OptionalLong renewalSeconds() {
        return unsignedInt(58);
    }

    /** Option 59, rebinding (T2) time in seconds. */
    public OptionalLong rebindingSeconds() {
        return unsignedInt(59);
    }

    /** Option 60, vendor class identifier (trailing NULs dropped). */
    public Optional<String> vendorClassIdentifier() {
        return text(60);
    }

    /** Option 61, client identifier: the raw bytes (usually type 1 then the MAC), a copy. */
    public Optional<byte[]> clientIdentifier() {
        DhcpOption o = find(61);
        return o == null ? Optional.empty() : Optional.of(o.value());
    }

    /** Option 66, TFTP server name. */
    public Optional<String> tftpServerName() {
        return text(66);
    }

    /** Option 67, boot file name. */
    public Optional<String> bootFileName() {
        return text(67);
    }

    /** Option 81, client FQDN (RFC 4702). */
    public Optional<ClientFqdn> clientFqdn() {
        DhcpOption o = find(81);
        return o == null ? Optional.empty() : Optional.of(Fqdn.decode(o.array(), o.offset(), o.length()));
    }

    /** Option 82, relay agent information (RFC 3046): its sub-options in order; empty if absent. */
    public List<RelayAgentSubOption> relayAgentInformation() {
        DhcpOption o = find(82);
        if (o == null) {
            return List.of();
        }
        List<RelayAgentSubOption> out = new ArrayList<>();
        byte[] a = o.array();
        int pos = o.offset();
        int end = o.offset() + o.length();
        while (pos < end) {
            int len = a[pos + 1] & 0xff;
            out.add(RelayAgentSubOption.of(a[pos] & 0xff, Arrays.copyOfRange(a, pos + 2, pos + 2 + len)));
            pos += 2 + len;
        }
        return Collections.unmodifiableList(out);
    }

    /** Option 119, the domain search list (RFC 3397), compression resolved; empty if absent. */
    public List<String> domainSearch() {
        DhcpOption o = find(119);
        if (o == null) {
            return List.of();
        }
        try {
            return Collections.unmodifiableList(DomainNames.decodeList(o.array(), o.offset(), o.length()));
        } catch (DhcpDecodeException e) {
            throw new IllegalStateException("option 119 was validated when the message was made", e);
        }
    }

    /** Option 121, classless static routes (RFC 3442), in order; empty if absent. */
    public List<ClasslessRoute> classlessRoutes() {
        return routes(121);
    }

    /** Option 249, Microsoft's classless static routes (same format as 121); empty if absent. */
    public List<ClasslessRoute> msClasslessRoutes() {
        return routes(249);
    }

    private List<ClasslessRoute> routes(int code) {
        DhcpOption o = find(code);
        if (o == null) {
            return List.of();
        }
        try {
            return Collections.unmodifiableList(ClasslessRoutes.decode(o.array(), o.offset(), o.length()));
        } catch (DhcpDecodeException e) {
            throw new IllegalStateException("option " + code + " was validated when the message was made", e);
        }
    }

    /** Option 252, the WPAD URL (trailing NULs dropped). */
    public Optional<String> wpadUrl() {
        return text(252);
    }

    /**
     * A site-specific option (224..254): its raw value, a copy.
     *
     * @throws IllegalArgumentException if {@code code} is not in 224..254
     */
    public Optional<byte[]> privateOption(int code) {
        checkPrivate(code);
        DhcpOption o = find(code);
        return o == null ? Optional.empty() : Optional.of(o.value());
    }

    private static void checkPrivate(int code) {
        if (code < DhcpOptionCode.PRIVATE_FIRST || code > DhcpOptionCode.PRIVATE_LAST) {
            throw new IllegalArgumentException("private option code: " + code + " (expected: 224..254)");
        }
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
                && Arrays.equals(file, m.file) && sameOptions(m) && trailingLength == m.trailingLength
                && Arrays.equals(trailingData, m.trailingData);
    }

    private boolean sameOptions(DhcpMessage m) {
        if (optionCount != m.optionCount) {
            return false;
        }
        for (int i = 0; i < optionCount; i++) {
            int off = meta[3 * i + 1];
            int len = meta[3 * i + 2];
            int otherOff = m.meta[3 * i + 1];
            if (meta[3 * i] != m.meta[3 * i] || len != m.meta[3 * i + 2]
                    || !Arrays.equals(values, off, off + len, m.values, otherOff, otherOff + len)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int h = 0;
        for (int i = 0; i < optionCount; i++) {
            h = 31 * h + meta[3 * i];
            for (int k = meta[3 * i + 1]; k < meta[3 * i + 1] + meta[3 * i + 2]; k++) {
                h = 31 * h + values[k];
            }
        }
        return Objects.hash(op, xid, ciaddr, yiaddr, Arrays.hashCode(chaddr), h);
    }

    /** A one-line summary: type, xid, chaddr, addresses and options. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("DhcpMessage{");
        sb.append(messageType().map(MessageType::toString).orElse(op == BOOTREQUEST ? "BOOTREQUEST" : "BOOTREPLY"))
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
     * {@link IllegalArgumentException} naming the field and the value; a typed option setter replaces an
     * option already present at its position, or appends it. Setting an empty list removes the option.
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
        private final List<DhcpOption> options = new ArrayList<>();
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
            byte[] b = latin1(what, text);
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

        private static byte[] latin1(String what, String text) {
            for (int i = 0; i < text.length(); i++) {
                if (text.charAt(i) > 0xff) {
                    throw new IllegalArgumentException(what + ": '" + text + "' has character U+"
                            + String.format("%04X", (int) text.charAt(i)) + " (expected: ISO-8859-1 text)");
                }
            }
            return text.getBytes(StandardCharsets.ISO_8859_1);
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
            try {
                DhcpOptionCodecs.check(option.code().code(), option.array(), option.offset(), option.length());
            } catch (DhcpDecodeException e) {
                throw new IllegalArgumentException("option " + option.code() + ": " + e.detail(), e);
            }
            return put(option);
        }

        private Builder put(DhcpOption option) {
            for (int i = 0; i < options.size(); i++) {
                if (options.get(i).code().equals(option.code())) {
                    options.set(i, option);
                    return this;
                }
            }
            options.add(option);
            return this;
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
            Builder checked = new Builder();
            for (DhcpOption o : newOptions) {
                checked.option(o);
            }
            options.clear();
            options.addAll(checked.options);
            return this;
        }

        private Builder raw(int code, byte[] value) {
            return put(DhcpOption.wrap(DhcpOptionCode.valueOf(code), value, 0, value.length));
        }

        private Builder addressOption(int code, Inet4Address address) {
            return raw(code, address.getAddress());
        }

        private Builder addressList(int code, List<Inet4Address> addresses) {
            if (addresses.isEmpty()) {
                return removeOption(DhcpOptionCode.valueOf(code));
            }
            byte[] b = new byte[addresses.size() * 4];
            for (int i = 0; i < addresses.size(); i++) {
                System.arraycopy(addresses.get(i).getAddress(), 0, b, 4 * i, 4);
            }
            return raw(code, b);
        }

        private Builder textOption(int code, String what, String text) {
            byte[] b = latin1(what, text);
            if (b.length == 0 || b.length > DhcpOption.MAX_VALUE_LENGTH) {
                throw new IllegalArgumentException(what + ": '" + text + "' (expected: 1.."
                        + DhcpOption.MAX_VALUE_LENGTH + " characters)");
            }
            return raw(code, b);
        }

        private Builder unsignedShort(int code, String what, int value, int min) {
            checkRange(what, value, min, 0xffff);
            return raw(code, new byte[] {(byte) (value >> 8), (byte) value});
        }

        private Builder unsignedInt(int code, String what, long value) {
            if (value < 0 || value > 0xffffffffL) {
                throw new IllegalArgumentException(what + ": " + value + " (expected: 0..4294967295)");
            }
            return raw(code, new byte[] {(byte) (value >> 24), (byte) (value >> 16), (byte) (value >> 8),
                (byte) value});
        }

        /** Option 53. */
        public Builder messageType(MessageType type) {
            return raw(53, new byte[] {(byte) type.code()});
        }

        /** Option 1. */
        public Builder subnetMask(Inet4Address mask) {
            return addressOption(1, mask);
        }

        /** Option 3; an empty list removes it. */
        public Builder routers(List<Inet4Address> routers) {
            return addressList(3, routers);
        }

        /** Option 6; an empty list removes it. */
        public Builder dnsServers(List<Inet4Address> servers) {
            return addressList(6, servers);
        }

        /** Option 12: ISO-8859-1 text, not empty. */
        public Builder hostName(String hostName) {
            return textOption(12, "hostName", hostName);
        }

        /** Option 15: not empty. */
        public Builder domainName(String domainName) {
            return textOption(15, "domainName", domainName);
        }

        /** Option 26: 68..65535 (RFC 2132 5.1). */
        public Builder interfaceMtu(int mtu) {
            return unsignedShort(26, "interfaceMtu", mtu, 68);
        }

        /** Option 28. */
        public Builder broadcastAddress(Inet4Address address) {
            return addressOption(28, address);
        }

        /** Option 42; an empty list removes it. */
        public Builder ntpServers(List<Inet4Address> servers) {
            return addressList(42, servers);
        }

        /** Option 50. */
        public Builder requestedIpAddress(Inet4Address address) {
            return addressOption(50, address);
        }

        /** Option 51: 0..4294967295 seconds (0xffffffff = infinite). */
        public Builder leaseSeconds(long seconds) {
            return unsignedInt(51, "leaseSeconds", seconds);
        }

        /**
         * Option 52: the encoder then uses these fields as option space (they must hold no name), and writes
         * options there when the options field is full.
         */
        public Builder overload(Overload overload) {
            return raw(52, new byte[] {(byte) overload.value()});
        }

        /** Option 54. */
        public Builder serverIdentifier(Inet4Address address) {
            return addressOption(54, address);
        }

        /** Option 55, in the given order; an empty list removes it. */
        public Builder parameterRequestList(List<DhcpOptionCode> codes) {
            if (codes.isEmpty()) {
                return removeOption(DhcpOptionCode.PARAMETER_REQUEST_LIST);
            }
            byte[] b = new byte[codes.size()];
            for (int i = 0; i < b.length; i++) {
                b[i] = (byte) codes.get(i).code();
            }
            return raw(55, b);
        }

        /** Option 57: 576..65535 (RFC 2132 9.10). */
        public Builder maxMessageSize(int size) {
            return unsignedShort(57, "maxMessageSize", size, 576);
        }

        /** Option 58, T1. */
        public Builder renewalSeconds(long seconds) {
            return unsignedInt(58, "renewalSeconds", seconds);
        }

        /** Option 59, T2. */
        public Builder rebindingSeconds(long seconds) {
            return unsignedInt(59, "rebindingSeconds", seconds);
        }

        /** Option 60. */
        public Builder vendorClassIdentifier(String vendorClass) {
            return textOption(60, "vendorClassIdentifier", vendorClass);
        }

        /** Option 61, raw (echoed back by servers, RFC 6842); at least 1 byte. */
        public Builder clientIdentifier(byte[] clientId) {
            if (clientId.length == 0 || clientId.length > DhcpOption.MAX_VALUE_LENGTH) {
                throw new IllegalArgumentException("clientIdentifier: " + clientId.length + " bytes (expected: >= 1)");
            }
            return raw(61, clientId.clone());
        }

        /** Option 66. */
        public Builder tftpServerName(String name) {
            return textOption(66, "tftpServerName", name);
        }

        /** Option 67. */
        public Builder bootFileName(String name) {
            return textOption(67, "bootFileName", name);
        }

        /** Option 81. @throws IllegalArgumentException if the name is not valid in wire form (flag E) */
        public Builder clientFqdn(ClientFqdn fqdn) {
            return raw(81, Fqdn.encode(fqdn));
        }

        /** Option 82, its sub-options in order; an empty list removes it. */
        public Builder relayAgentInformation(List<RelayAgentSubOption> subOptions) {
            if (subOptions.isEmpty()) {
                return removeOption(DhcpOptionCode.RELAY_AGENT_INFORMATION);
            }
            int n = 0;
            for (RelayAgentSubOption s : subOptions) {
                n += 2 + s.value().length;
            }
            byte[] b = new byte[n];
            int pos = 0;
            for (RelayAgentSubOption s : subOptions) {
                byte[] v = s.value();
                b[pos] = (byte) s.code();
                b[pos + 1] = (byte) v.length;
                System.arraycopy(v, 0, b, pos + 2, v.length);
                pos += 2 + v.length;
            }
            return raw(82, b);
        }

        /**
         * Option 119 (RFC 3397), encoded with RFC 1035 compression; an empty list removes it.
         *
         * @throws IllegalArgumentException naming the first invalid domain (see {@link DhcpCodec#isValidDomainName})
         */
        public Builder domainSearch(List<String> domains) {
            if (domains.isEmpty()) {
                return removeOption(DhcpOptionCode.DOMAIN_SEARCH);
            }
            return raw(119, DomainNames.encodeList(domains));
        }

        /** Option 121 (RFC 3442), routes in this order; an empty list removes it. */
        public Builder classlessRoutes(List<ClasslessRoute> routes) {
            return routes(121, routes);
        }

        /** Option 249, same format as 121; an empty list removes it. */
        public Builder msClasslessRoutes(List<ClasslessRoute> routes) {
            return routes(249, routes);
        }

        private Builder routes(int code, List<ClasslessRoute> routes) {
            if (routes.isEmpty()) {
                return removeOption(DhcpOptionCode.valueOf(code));
            }
            return raw(code, ClasslessRoutes.encode(routes));
        }

        /** Option 252. */
        public Builder wpadUrl(String url) {
            return textOption(252, "wpadUrl", url);
        }

        /**
         * A site-specific option 224..254 with a raw value (copied).
         *
         * @throws IllegalArgumentException if {@code code} is outside 224..254
         */
        public Builder privateOption(int code, byte[] value) {
            checkPrivate(code);
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
                    sname, file, values, meta, options.size(), Collections.unmodifiableList(new ArrayList<>(options)),
                    trailingLength, trailingData);
        }
    }
}
