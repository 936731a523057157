package io.k6t.net.dhcp;

import java.net.Inet4Address;
import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.RandomAccess;

/**
 * The options of a {@link DhcpMessage}: an unmodifiable list of {@link DhcpOption}s in the order they
 * were received or set (no PAD or END), and typed reads of their values through {@link DhcpOptionCodecs}.
 * Every option has the format its code requires (the decoder and the builder check it), so typed reads
 * never fail. An option split over several instances or over the overloaded {@code file}/{@code sname}
 * fields (RFC 3396) appears once, concatenated, at the position of its first instance; option 52
 * (overload) stays in the list: the encoder honours it.
 *
 * <p>A view over the message's compact storage (one array of value bytes and one of code, offset and
 * length per option): {@link #get(int)} makes a light {@link DhcpOption} sharing those bytes, and typed
 * reads decode straight from them. Equality is the list's: codes and values in order.
 */
public final class DhcpOptions extends AbstractList<DhcpOption> implements RandomAccess {
    /** The option values; option {@code i} is {@code values[meta[3i+1] .. +meta[3i+2])}, code {@code meta[3i]}. */
    private final byte[] values;
    private final int[] meta;
    private final int count;

    DhcpOptions(byte[] values, int[] meta, int count) {
        this.values = values;
        this.meta = meta;
        this.count = count;
    }

    @Override
    public DhcpOption get(int index) {
        Objects.checkIndex(index, count);
        return DhcpOption.wrap(DhcpOptionCode.valueOf(meta[3 * index]), values, meta[3 * index + 1],
                meta[3 * index + 2]);
    }

    @Override
    public int size() {
        return count;
    }

    /** The option with this code, if present. */
    public Optional<DhcpOption> option(DhcpOptionCode code) {
        int i = indexOfCode(code.code());
        return i < 0 ? Optional.empty() : Optional.of(get(i));
    }

    /** Whether the option with this code is present. */
    public boolean hasOption(DhcpOptionCode code) {
        return indexOfCode(code.code()) >= 0;
    }

    /** The typed value of the option {@code codec} reads, if present. */
    public <T> Optional<T> value(DhcpOptionCodec<T> codec) {
        int i = indexOfCode(codec.code().code());
        return i < 0 ? Optional.empty() : Optional.of(codec.read(values, meta[3 * i + 1], meta[3 * i + 2]));
    }

    private <E> List<E> list(DhcpOptionCodec<List<E>> codec) {
        return value(codec).orElse(List.of());
    }

    private int indexOfCode(int code) {
        for (int i = 0; i < count; i++) {
            if (meta[3 * i] == code) {
                return i;
            }
        }
        return -1;
    }

    /** Option 53, the DHCP message type; empty for plain BOOTP. */
    public Optional<MessageType> messageType() {
        return value(DhcpOptionCodecs.DHCP_MESSAGE_TYPE);
    }

    /** Option 1, subnet mask. */
    public Optional<Inet4Address> subnetMask() {
        return value(DhcpOptionCodecs.SUBNET_MASK);
    }

    /** Option 3, routers, in preference order; empty if absent. */
    public List<Inet4Address> routers() {
        return list(DhcpOptionCodecs.ROUTER);
    }

    /** Option 6, DNS servers; empty if absent. */
    public List<Inet4Address> dnsServers() {
        return list(DhcpOptionCodecs.DOMAIN_NAME_SERVER);
    }

    /** Option 12, host name (ISO-8859-1, trailing NULs dropped). */
    public Optional<String> hostName() {
        return value(DhcpOptionCodecs.HOST_NAME);
    }

    /** Option 15, domain name (trailing NULs dropped). */
    public Optional<String> domainName() {
        return value(DhcpOptionCodecs.DOMAIN_NAME);
    }

    /** Option 26, interface MTU. */
    public OptionalInt interfaceMtu() {
        return unsignedShort(DhcpOptionCodecs.INTERFACE_MTU);
    }

    /** Option 28, broadcast address. */
    public Optional<Inet4Address> broadcastAddress() {
        return value(DhcpOptionCodecs.BROADCAST_ADDRESS);
    }

    /** Option 42, NTP servers; empty if absent. */
    public List<Inet4Address> ntpServers() {
        return list(DhcpOptionCodecs.NTP_SERVERS);
    }

    /** Option 50, requested IP address. */
    public Optional<Inet4Address> requestedIpAddress() {
        return value(DhcpOptionCodecs.REQUESTED_IP_ADDRESS);
    }

    /** Option 51, lease time in seconds (unsigned; 0xffffffff means infinite). */
    public OptionalLong leaseSeconds() {
        return unsignedInt(DhcpOptionCodecs.IP_ADDRESS_LEASE_TIME);
    }

    /** Option 52, which BOOTP fields carried (or are to carry) options. */
    public Optional<Overload> overload() {
        return value(DhcpOptionCodecs.OPTION_OVERLOAD);
    }

    /** Option 54, server identifier. */
    public Optional<Inet4Address> serverIdentifier() {
        return value(DhcpOptionCodecs.SERVER_IDENTIFIER);
    }

    /** Option 55, the parameter request list in the client's order (duplicates kept); empty if absent. */
    public List<DhcpOptionCode> parameterRequestList() {
        return list(DhcpOptionCodecs.PARAMETER_REQUEST_LIST);
    }

    /** Option 57, the maximum DHCP message size the client accepts (IP + UDP + DHCP), as sent. */
    public OptionalInt maxMessageSize() {
        return unsignedShort(DhcpOptionCodecs.MAXIMUM_DHCP_MESSAGE_SIZE);
    }

    /** Option 58, renewal (T1) time in seconds. */
    public OptionalLong renewalSeconds() {
        return unsignedInt(DhcpOptionCodecs.RENEWAL_TIME);
    }

    /** Option 59, rebinding (T2) time in seconds. */
    public OptionalLong rebindingSeconds() {
        return unsignedInt(DhcpOptionCodecs.REBINDING_TIME);
    }

    /** Option 60, vendor class identifier (trailing NULs dropped). */
    public Optional<String> vendorClassIdentifier() {
        return value(DhcpOptionCodecs.VENDOR_CLASS_IDENTIFIER);
    }

    /** Option 61, client identifier: the raw bytes (usually type 1 then the MAC), a copy. */
    public Optional<byte[]> clientIdentifier() {
        return value(DhcpOptionCodecs.CLIENT_IDENTIFIER);
    }

    /** Option 66, TFTP server name. */
    public Optional<String> tftpServerName() {
        return value(DhcpOptionCodecs.TFTP_SERVER_NAME);
    }

    /** Option 67, boot file name. */
    public Optional<String> bootFileName() {
        return value(DhcpOptionCodecs.BOOTFILE_NAME);
    }

    /** Option 81, client FQDN (RFC 4702). */
    public Optional<ClientFqdn> clientFqdn() {
        return value(DhcpOptionCodecs.CLIENT_FQDN);
    }

    /** Option 82, relay agent information (RFC 3046): its sub-options in order; empty if absent. */
    public List<RelayAgentSubOption> relayAgentInformation() {
        return list(DhcpOptionCodecs.RELAY_AGENT_INFORMATION);
    }

    /** Option 119, the domain search list (RFC 3397), compression resolved; empty if absent. */
    public List<String> domainSearch() {
        return list(DhcpOptionCodecs.DOMAIN_SEARCH);
    }

    /** Option 121, classless static routes (RFC 3442), in order; empty if absent. */
    public List<ClasslessRoute> classlessRoutes() {
        return list(DhcpOptionCodecs.CLASSLESS_STATIC_ROUTE);
    }

    /** Option 249, Microsoft's classless static routes (same format as 121); empty if absent. */
    public List<ClasslessRoute> msClasslessRoutes() {
        return list(DhcpOptionCodecs.MS_CLASSLESS_STATIC_ROUTE);
    }

    /** Option 252, the WPAD URL (trailing NULs dropped). */
    public Optional<String> wpadUrl() {
        return value(DhcpOptionCodecs.WPAD);
    }

    /**
     * A site-specific option (224..254): its raw value, a copy, whatever type a vendor gave the code.
     *
     * @throws IllegalArgumentException if {@code code} is not in 224..254
     */
    public Optional<byte[]> privateOption(int code) {
        checkPrivate(code);
        return option(DhcpOptionCode.valueOf(code)).map(DhcpOption::value);
    }

    static void checkPrivate(int code) {
        if (code < DhcpOptionCode.PRIVATE_FIRST || code > DhcpOptionCode.PRIVATE_LAST) {
            throw new IllegalArgumentException("private option code: " + code + " (expected: 224..254)");
        }
    }

    private OptionalInt unsignedShort(DhcpOptionCodec<Integer> codec) {
        Optional<Integer> v = value(codec);
        return v.isPresent() ? OptionalInt.of(v.get()) : OptionalInt.empty();
    }

    private OptionalLong unsignedInt(DhcpOptionCodec<Long> codec) {
        Optional<Long> v = value(codec);
        return v.isPresent() ? OptionalLong.of(v.get()) : OptionalLong.empty();
    }

    int codeAt(int i) {
        return meta[3 * i];
    }

    int offsetAt(int i) {
        return meta[3 * i + 1];
    }

    int lengthAt(int i) {
        return meta[3 * i + 2];
    }

    /** The shared value bytes; the caller never writes them. */
    byte[] valueBytes() {
        return values;
    }

    /** Equality without making option objects (the message's equality). */
    boolean sameAs(DhcpOptions other) {
        if (count != other.count) {
            return false;
        }
        for (int i = 0; i < count; i++) {
            int off = offsetAt(i);
            int len = lengthAt(i);
            int otherOff = other.offsetAt(i);
            if (codeAt(i) != other.codeAt(i) || len != other.lengthAt(i)
                    || !Arrays.equals(values, off, off + len, other.values, otherOff, otherOff + len)) {
                return false;
            }
        }
        return true;
    }

    /** A hash of codes and values without making option objects. */
    int contentHash() {
        int h = 0;
        for (int i = 0; i < count; i++) {
            h = 31 * h + codeAt(i);
            for (int k = offsetAt(i); k < offsetAt(i) + lengthAt(i); k++) {
                h = 31 * h + values[k];
            }
        }
        return h;
    }
}
