package io.k6t.net.dhcp;

import io.k6t.net.dhcp.DhcpDecodeException.Reason;
import io.k6t.net.dhcp.internal.ClasslessRoutes;
import io.k6t.net.dhcp.internal.DomainNames;
import io.k6t.net.dhcp.internal.Fqdn;
import io.k6t.net.dhcp.internal.Ipv4;
import java.net.Inet4Address;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The value shapes of RFC 2132 and later option RFCs, one {@link DhcpOptionCodec} class each. Checks
 * cover only what reading relies on, so every option of a {@link DhcpMessage} reads without failing;
 * text and opaque values accept any bytes.
 */
final class ValueCodecs {
    private ValueCodecs() {
    }

    private static DhcpDecodeException badLength(DhcpOptionCode code, int length, String expected) {
        return new DhcpDecodeException(0, Reason.BAD_OPTION_VALUE, "option " + code.code() + " has " + length
                + " bytes (expected: " + expected + ")");
    }

    private static void exactly(DhcpOptionCode code, int length, int expected, String what)
            throws DhcpDecodeException {
        if (length != expected) {
            throw badLength(code, length, what + ", " + expected + " bytes");
        }
    }

    private static void multiple(DhcpOptionCode code, int length, int unit, String what) throws DhcpDecodeException {
        if (length == 0 || length % unit != 0) {
            throw badLength(code, length, what + ", a positive multiple of " + unit);
        }
    }

    private static long unsigned(byte[] data, int offset, int length) {
        long number = 0;
        for (int i = offset; i < offset + length; i++) {
            number = number << 8 | data[i] & 0xff;
        }
        return number;
    }

    private static byte[] bigEndian(long value, int bytes) {
        byte[] b = new byte[bytes];
        for (int i = 0; i < bytes; i++) {
            b[i] = (byte) (value >> 8 * (bytes - 1 - i));
        }
        return b;
    }

    static byte[] latin1(String what, String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) > 0xff) {
                throw new IllegalArgumentException(what + ": '" + text + "' has character U+"
                        + String.format("%04X", (int) text.charAt(i)) + " (expected: ISO-8859-1 text)");
            }
        }
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String dotted(byte[] data, int offset) {
        return (data[offset] & 0xff) + "." + (data[offset + 1] & 0xff) + "." + (data[offset + 2] & 0xff) + "."
                + (data[offset + 3] & 0xff);
    }

    /** Any bytes, read as a copy; shown as bytes. */
    static final class Opaque extends DhcpOptionCodec<byte[]> {
        private final int minLength;

        Opaque(DhcpOptionCode code, String valueName, int minLength) {
            super(code, valueName);
            this.minLength = minLength;
        }

        @Override
        byte[] read(byte[] data, int offset, int length) {
            return Arrays.copyOfRange(data, offset, offset + length);
        }

        @Override
        byte[] write(byte[] value) {
            if (value.length < minLength || value.length > DhcpOption.MAX_VALUE_LENGTH) {
                throw new IllegalArgumentException(valueName() + ": " + value.length + " bytes (expected: >= "
                        + minLength + ")");
            }
            return value.clone();
        }

        @Override
        void check(byte[] data, int offset, int length) {
        }

        @Override
        Optional<Object> show(byte[] data, int offset, int length) {
            return Optional.empty();
        }
    }

    /**
     * Text, trailing NULs dropped (some clients count a C string's terminator). The typed value is
     * ISO-8859-1, a character per byte, so that it writes back the bytes it came from; it is shown as
     * UTF-8, which is what clients that send non-ASCII names use.
     */
    static final class Text extends DhcpOptionCodec<String> {
        Text(DhcpOptionCode code, String valueName) {
            super(code, valueName);
        }

        private static int trimmed(byte[] data, int offset, int length) {
            int n = length;
            while (n > 0 && data[offset + n - 1] == 0) {
                n--;
            }
            return n;
        }

        @Override
        String read(byte[] data, int offset, int length) {
            return new String(data, offset, trimmed(data, offset, length), StandardCharsets.ISO_8859_1);
        }

        @Override
        byte[] write(String text) {
            byte[] b = latin1(valueName(), text);
            if (b.length == 0 || b.length > DhcpOption.MAX_VALUE_LENGTH) {
                throw new IllegalArgumentException(valueName() + ": '" + text + "' (expected: 1.."
                        + DhcpOption.MAX_VALUE_LENGTH + " characters)");
            }
            return b;
        }

        @Override
        void check(byte[] data, int offset, int length) {
        }

        @Override
        Optional<Object> show(byte[] data, int offset, int length) {
            return Optional.of(new String(data, offset, trimmed(data, offset, length), StandardCharsets.UTF_8));
        }
    }

    /** One IPv4 address, shown dotted. */
    static final class Address extends DhcpOptionCodec<Inet4Address> {
        Address(DhcpOptionCode code, String valueName) {
            super(code, valueName);
        }

        @Override
        Inet4Address read(byte[] data, int offset, int length) {
            return Ipv4.fromBytes(data, offset);
        }

        @Override
        byte[] write(Inet4Address address) {
            return address.getAddress();
        }

        @Override
        void check(byte[] data, int offset, int length) throws DhcpDecodeException {
            exactly(code(), length, 4, "an IPv4 address");
        }

        @Override
        Optional<Object> show(byte[] data, int offset, int length) {
            return length == 4 ? Optional.of(dotted(data, offset)) : Optional.empty();
        }
    }

    /**
     * IPv4 addresses in order: at least one (RFC 2132 lists), or pairs of them (options 21 and 33,
     * read flat and shown as bytes), or any number (option 68, whose value may be empty: checked
     * only when shown).
     */
    static final class Addresses extends DhcpOptionCodec<List<Inet4Address>> {
        private final int unit;
        private final String what;
        private final boolean lenient;

        Addresses(DhcpOptionCode code, String valueName) {
            this(code, valueName, 4, "IPv4 addresses", false);
        }

        Addresses(DhcpOptionCode code, String valueName, int unit, String what, boolean lenient) {
            super(code, valueName);
            this.unit = unit;
            this.what = what;
            this.lenient = lenient;
        }

        static Addresses pairs(DhcpOptionCode code, String valueName) {
            return new Addresses(code, valueName, 8, "pairs of IPv4 addresses", false);
        }

        static Addresses anyNumber(DhcpOptionCode code, String valueName) {
            return new Addresses(code, valueName, 4, "IPv4 addresses", true);
        }

        @Override
        List<Inet4Address> read(byte[] data, int offset, int length) {
            Inet4Address[] out = new Inet4Address[length / 4];
            for (int i = 0; i < out.length; i++) {
                out[i] = Ipv4.fromBytes(data, offset + 4 * i);
            }
            return List.of(out);
        }

        @Override
        byte[] write(List<Inet4Address> addresses) {
            if (addresses.size() * 4 % unit != 0) {
                throw new IllegalArgumentException(valueName() + ": " + addresses.size() + " addresses (expected: "
                        + what + ")");
            }
            byte[] b = new byte[addresses.size() * 4];
            for (int i = 0; i < addresses.size(); i++) {
                System.arraycopy(addresses.get(i).getAddress(), 0, b, 4 * i, 4);
            }
            return b;
        }

        @Override
        void check(byte[] data, int offset, int length) throws DhcpDecodeException {
            if (!lenient) {
                multiple(code(), length, unit, what);
            }
        }

        @Override
        Optional<Object> show(byte[] data, int offset, int length) {
            if (unit != 4 || length == 0 || length % 4 != 0) {
                return Optional.empty();
            }
            List<String> addresses = new ArrayList<>();
            for (int i = 0; i < length; i += 4) {
                addresses.add(dotted(data, offset + i));
            }
            return Optional.of(addresses);
        }
    }

    /** An unsigned number of 1 byte (flags, TTLs), shown as a number. */
    static final class UnsignedByte extends DhcpOptionCodec<Integer> {
        UnsignedByte(DhcpOptionCode code, String valueName) {
            super(code, valueName);
        }

        @Override
        Integer read(byte[] data, int offset, int length) {
            return data[offset] & 0xff;
        }

        @Override
        byte[] write(Integer value) {
            if (value < 0 || value > 0xff) {
                throw new IllegalArgumentException(valueName() + ": " + value + " (expected: 0..255)");
            }
            return new byte[] {(byte) (int) value};
        }

        @Override
        void check(byte[] data, int offset, int length) throws DhcpDecodeException {
            exactly(code(), length, 1, "1 byte");
        }

        @Override
        Optional<Object> show(byte[] data, int offset, int length) {
            return length == 1 ? Optional.of(unsigned(data, offset, length)) : Optional.empty();
        }
    }

    /** An unsigned 16-bit number with a lower bound for writing (RFC 2132 sizes), shown as a number. */
    static final class UnsignedShort extends DhcpOptionCodec<Integer> {
        private final int min;

        UnsignedShort(DhcpOptionCode code, String valueName, int min) {
            super(code, valueName);
            this.min = min;
        }

        @Override
        Integer read(byte[] data, int offset, int length) {
            return (int) unsigned(data, offset, 2);
        }

        @Override
        byte[] write(Integer value) {
            if (value < min || value > 0xffff) {
                throw new IllegalArgumentException(valueName() + ": " + value + " (expected: " + min + "..65535)");
            }
            return bigEndian(value, 2);
        }

        @Override
        void check(byte[] data, int offset, int length) throws DhcpDecodeException {
            exactly(code(), length, 2, "a 16-bit number");
        }

        @Override
        Optional<Object> show(byte[] data, int offset, int length) {
            return length == 2 ? Optional.of(unsigned(data, offset, length)) : Optional.empty();
        }
    }

    /**
     * A 32-bit number: unsigned (times in seconds, 0xffffffff for infinity) or signed (option 2, the
     * offset from UTC). Option 108 is not shown as a number: the CLI contract gives it none.
     */
    static final class Int32 extends DhcpOptionCodec<Long> {
        private final boolean signed;
        private final boolean shown;

        Int32(DhcpOptionCode code, String valueName, boolean signed, boolean shown) {
            super(code, valueName);
            this.signed = signed;
            this.shown = shown;
        }

        @Override
        Long read(byte[] data, int offset, int length) {
            long value = unsigned(data, offset, 4);
            return signed ? (long) (int) value : value;
        }

        @Override
        byte[] write(Long value) {
            long min = signed ? Integer.MIN_VALUE : 0;
            long max = signed ? Integer.MAX_VALUE : 0xffffffffL;
            if (value < min || value > max) {
                throw new IllegalArgumentException(valueName() + ": " + value + " (expected: " + min + ".." + max
                        + ")");
            }
            return bigEndian(value, 4);
        }

        @Override
        void check(byte[] data, int offset, int length) throws DhcpDecodeException {
            exactly(code(), length, 4, "a 32-bit number");
        }

        @Override
        Optional<Object> show(byte[] data, int offset, int length) {
            return shown && length == 4 ? Optional.of(read(data, offset, length)) : Optional.empty();
        }
    }

    /** Option 25, the path MTU plateau table: 16-bit numbers, shown as bytes. */
    static final class UnsignedShorts extends DhcpOptionCodec<List<Integer>> {
        UnsignedShorts(DhcpOptionCode code, String valueName) {
            super(code, valueName);
        }

        @Override
        List<Integer> read(byte[] data, int offset, int length) {
            Integer[] out = new Integer[length / 2];
            for (int i = 0; i < out.length; i++) {
                out[i] = (int) unsigned(data, offset + 2 * i, 2);
            }
            return List.of(out);
        }

        @Override
        byte[] write(List<Integer> values) {
            byte[] b = new byte[2 * values.size()];
            for (int i = 0; i < values.size(); i++) {
                int v = values.get(i);
                if (v < 0 || v > 0xffff) {
                    throw new IllegalArgumentException(valueName() + ": " + v + " (expected: 0..65535)");
                }
                b[2 * i] = (byte) (v >> 8);
                b[2 * i + 1] = (byte) v;
            }
            return b;
        }

        @Override
        void check(byte[] data, int offset, int length) throws DhcpDecodeException {
            multiple(code(), length, 2, "16-bit numbers");
        }

        @Override
        Optional<Object> show(byte[] data, int offset, int length) {
            return Optional.empty();
        }
    }

    /** Option 53, shown by its name. */
    static final class MessageTypes extends DhcpOptionCodec<MessageType> {
        MessageTypes(DhcpOptionCode code, String valueName) {
            super(code, valueName);
        }

        @Override
        MessageType read(byte[] data, int offset, int length) {
            return MessageType.valueOf(data[offset] & 0xff);
        }

        @Override
        byte[] write(MessageType type) {
            return new byte[] {(byte) type.code()};
        }

        @Override
        void check(byte[] data, int offset, int length) throws DhcpDecodeException {
            exactly(code(), length, 1, "1 byte");
        }

        @Override
        Optional<Object> show(byte[] data, int offset, int length) {
            return length == 1 ? Optional.of(read(data, offset, length).name()) : Optional.empty();
        }
    }

    /** Option 52: 1, 2 or 3 (RFC 2132 9.3), shown as the number. */
    static final class Overloads extends DhcpOptionCodec<Overload> {
        Overloads(DhcpOptionCode code, String valueName) {
            super(code, valueName);
        }

        @Override
        Overload read(byte[] data, int offset, int length) {
            return Overload.valueOf(data[offset] & 0xff);
        }

        @Override
        byte[] write(Overload overload) {
            return new byte[] {(byte) overload.value()};
        }

        @Override
        void check(byte[] data, int offset, int length) throws DhcpDecodeException {
            exactly(code(), length, 1, "1 byte");
            int v = data[offset] & 0xff;
            if (v < 1 || v > 3) {
                throw new DhcpDecodeException(0, Reason.BAD_OVERLOAD, "option 52 value " + v
                        + " (expected: 1, 2 or 3)");
            }
        }

        @Override
        Optional<Object> show(byte[] data, int offset, int length) {
            return length == 1 ? Optional.of(unsigned(data, offset, length)) : Optional.empty();
        }
    }

    /** Option 55: codes in the client's order, duplicates kept, shown as numbers. */
    static final class Codes extends DhcpOptionCodec<List<DhcpOptionCode>> {
        Codes(DhcpOptionCode code, String valueName) {
            super(code, valueName);
        }

        @Override
        List<DhcpOptionCode> read(byte[] data, int offset, int length) {
            DhcpOptionCode[] out = new DhcpOptionCode[length];
            for (int i = 0; i < length; i++) {
                out[i] = DhcpOptionCode.valueOf(data[offset + i] & 0xff);
            }
            return List.of(out);
        }

        @Override
        byte[] write(List<DhcpOptionCode> codes) {
            byte[] b = new byte[codes.size()];
            for (int i = 0; i < b.length; i++) {
                b[i] = (byte) codes.get(i).code();
            }
            return b;
        }

        @Override
        void check(byte[] data, int offset, int length) {
        }

        @Override
        Optional<Object> show(byte[] data, int offset, int length) {
            List<Integer> codes = new ArrayList<>();
            for (int i = offset; i < offset + length; i++) {
                codes.add(data[i] & 0xff);
            }
            return Optional.of(codes);
        }
    }

    /**
     * A value read by a parser that can fail (the wire helpers of options 119, 121 and 249): read only
     * after {@link #check} accepted the bytes, shown as nothing when they do not parse.
     */
    abstract static class Parsed<T> extends DhcpOptionCodec<T> {
        Parsed(DhcpOptionCode code, String valueName) {
            super(code, valueName);
        }

        abstract T parse(byte[] data, int offset, int length) throws DhcpDecodeException;

        /** {@link #show}'s value of a parsed value. */
        abstract Object display(T value);

        @Override
        final T read(byte[] data, int offset, int length) {
            try {
                return parse(data, offset, length);
            } catch (DhcpDecodeException e) {
                throw new IllegalStateException("option " + code().code() + " was validated when the message was made",
                        e);
            }
        }

        @Override
        final Optional<Object> show(byte[] data, int offset, int length) {
            try {
                return Optional.of(display(parse(data, offset, length)));
            } catch (DhcpDecodeException malformed) {
                return Optional.empty();
            }
        }
    }

    /** Option 119 (RFC 3397): domain names, compression resolved when read and used when written. */
    static final class DomainList extends Parsed<List<String>> {
        DomainList(DhcpOptionCode code, String valueName) {
            super(code, valueName);
        }

        @Override
        List<String> parse(byte[] data, int offset, int length) throws DhcpDecodeException {
            return Collections.unmodifiableList(DomainNames.decodeList(data, offset, length));
        }

        @Override
        Object display(List<String> domains) {
            return List.copyOf(domains);
        }

        @Override
        byte[] write(List<String> domains) {
            return DomainNames.encodeList(domains);
        }

        @Override
        void check(byte[] data, int offset, int length) throws DhcpDecodeException {
            DomainNames.validateList(data, offset, length);
        }
    }

    /** Options 121 and 249 (RFC 3442): classless routes in order, shown as {@code {destination, gateway}}. */
    static final class Routes extends Parsed<List<ClasslessRoute>> {
        Routes(DhcpOptionCode code, String valueName) {
            super(code, valueName);
        }

        @Override
        List<ClasslessRoute> parse(byte[] data, int offset, int length) throws DhcpDecodeException {
            return Collections.unmodifiableList(ClasslessRoutes.decode(data, offset, length));
        }

        @Override
        Object display(List<ClasslessRoute> routes) {
            List<Map<String, String>> out = new ArrayList<>();
            for (ClasslessRoute route : routes) {
                Map<String, String> entry = new LinkedHashMap<>();
                entry.put("destination", route.destination().getHostAddress() + "/" + route.prefixLength());
                entry.put("gateway", route.gateway().getHostAddress());
                out.add(entry);
            }
            return out;
        }

        @Override
        byte[] write(List<ClasslessRoute> routes) {
            return ClasslessRoutes.encode(routes);
        }

        @Override
        void check(byte[] data, int offset, int length) throws DhcpDecodeException {
            ClasslessRoutes.validate(data, offset, length);
        }
    }

    /** Option 81 (RFC 4702): flags, two RCODEs and the name; shown as bytes. */
    static final class ClientFqdns extends DhcpOptionCodec<ClientFqdn> {
        ClientFqdns(DhcpOptionCode code, String valueName) {
            super(code, valueName);
        }

        @Override
        ClientFqdn read(byte[] data, int offset, int length) {
            return Fqdn.decode(data, offset, length);
        }

        @Override
        byte[] write(ClientFqdn fqdn) {
            return Fqdn.encode(fqdn);
        }

        @Override
        void check(byte[] data, int offset, int length) throws DhcpDecodeException {
            Fqdn.validate(data, offset, length);
        }

        @Override
        Optional<Object> show(byte[] data, int offset, int length) {
            return Optional.empty();
        }
    }

    /** Option 82 (RFC 3046): sub-options in order; shown as bytes. */
    static final class SubOptions extends DhcpOptionCodec<List<RelayAgentSubOption>> {
        SubOptions(DhcpOptionCode code, String valueName) {
            super(code, valueName);
        }

        @Override
        List<RelayAgentSubOption> read(byte[] data, int offset, int length) {
            List<RelayAgentSubOption> out = new ArrayList<>();
            int pos = offset;
            int end = offset + length;
            while (pos < end) {
                int len = data[pos + 1] & 0xff;
                out.add(RelayAgentSubOption.of(data[pos] & 0xff, Arrays.copyOfRange(data, pos + 2, pos + 2 + len)));
                pos += 2 + len;
            }
            return Collections.unmodifiableList(out);
        }

        @Override
        byte[] write(List<RelayAgentSubOption> subOptions) {
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
            return b;
        }

        @Override
        void check(byte[] data, int offset, int length) throws DhcpDecodeException {
            int pos = 0;
            while (pos < length) {
                if (pos + 2 > length || pos + 2 + (data[offset + pos + 1] & 0xff) > length) {
                    throw new DhcpDecodeException(pos, Reason.BAD_OPTION_VALUE, "option " + code().code()
                            + " sub-option " + (data[offset + pos] & 0xff) + " runs past the end of the option");
                }
                pos += 2 + (data[offset + pos + 1] & 0xff);
            }
        }

        @Override
        Optional<Object> show(byte[] data, int offset, int length) {
            return Optional.empty();
        }
    }
}
