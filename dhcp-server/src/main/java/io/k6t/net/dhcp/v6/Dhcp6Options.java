package io.k6t.net.dhcp.v6;

import java.net.Inet6Address;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * An immutable, ordered list of DHCPv6 options with typed views: the options of a message, of a relay
 * message, or nested in an IA or IA Address. Order is wire order. Every option was checked against its
 * code's format when it was made, so the typed views never fail; a typed view reads the first option of
 * its code.
 */
public final class Dhcp6Options implements Iterable<Dhcp6Option> {
    private static final Dhcp6Options EMPTY = new Dhcp6Options(List.of());

    private final List<Dhcp6Option> list;

    private Dhcp6Options(List<Dhcp6Option> list) {
        this.list = list;
    }

    /** No options. */
    public static Dhcp6Options empty() {
        return EMPTY;
    }

    /** These options, in this order. */
    public static Dhcp6Options of(List<Dhcp6Option> options) {
        return options.isEmpty() ? EMPTY : new Dhcp6Options(List.copyOf(options));
    }

    /** These options, in this order. */
    public static Dhcp6Options of(Dhcp6Option... options) {
        return of(List.of(options));
    }

    /** The options nested in a value already checked, from {@code from} to its end. */
    static Dhcp6Options trusted(byte[] value, int from) {
        try {
            return of(OptionFormats.parse(value, from, value.length - from, from, 0));
        } catch (Dhcp6DecodeException e) {
            throw new IllegalStateException("nested options were checked when they were made: " + e.getMessage(), e);
        }
    }

    /** A builder starting empty. */
    public static Builder builder() {
        return new Builder(new ArrayList<>());
    }

    /** A builder starting with these options. */
    public Builder toBuilder() {
        return new Builder(new ArrayList<>(list));
    }

    /** The options in wire order. */
    public List<Dhcp6Option> list() {
        return list;
    }

    @Override
    public Iterator<Dhcp6Option> iterator() {
        return list.iterator();
    }

    /** How many options. */
    public int size() {
        return list.size();
    }

    /** Whether there is no option. */
    public boolean isEmpty() {
        return list.isEmpty();
    }

    /** Whether an option of this code is present. */
    public boolean has(Dhcp6OptionCode code) {
        return first(code).isPresent();
    }

    /** The first option of this code. */
    public Optional<Dhcp6Option> first(Dhcp6OptionCode code) {
        for (Dhcp6Option option : list) {
            if (option.code().equals(code)) {
                return Optional.of(option);
            }
        }
        return Optional.empty();
    }

    /** Every option of this code, in order. */
    public List<Dhcp6Option> all(Dhcp6OptionCode code) {
        List<Dhcp6Option> out = new ArrayList<>();
        for (Dhcp6Option option : list) {
            if (option.code().equals(code)) {
                out.add(option);
            }
        }
        return out;
    }

    /** Option 1. */
    public Optional<Duid> clientId() {
        return first(Dhcp6OptionCode.CLIENTID).map(o -> Duid.fromBytes(o.bytes()));
    }

    /** Option 2. */
    public Optional<Duid> serverId() {
        return first(Dhcp6OptionCode.SERVERID).map(o -> Duid.fromBytes(o.bytes()));
    }

    /** Every option 3, in order. */
    public List<IaNa> iaNas() {
        return all(Dhcp6OptionCode.IA_NA).stream().map(o -> IaNa.from(o.bytes())).toList();
    }

    /** Every option 5 (inside an IA), in order. */
    public List<IaAddress> iaAddresses() {
        return all(Dhcp6OptionCode.IAADDR).stream().map(o -> IaAddress.from(o.bytes())).toList();
    }

    /** Option 6, the Option Request Option: the codes the client asks for, in its order. */
    public List<Dhcp6OptionCode> requestedOptions() {
        List<Dhcp6OptionCode> codes = new ArrayList<>();
        first(Dhcp6OptionCode.ORO).ifPresent(o -> {
            byte[] v = o.bytes();
            for (int i = 0; i < v.length; i += 2) {
                codes.add(Dhcp6OptionCode.valueOf(OptionFormats.u16(v, i)));
            }
        });
        return codes;
    }

    /** Option 7, the server's preference 0..255. */
    public OptionalInt preference() {
        return first(Dhcp6OptionCode.PREFERENCE).map(o -> OptionalInt.of(o.bytes()[0] & 0xff))
                .orElse(OptionalInt.empty());
    }

    /** Option 8: hundredths of a second since the client began this exchange (0xffff: longer). */
    public OptionalInt elapsedTime() {
        return first(Dhcp6OptionCode.ELAPSED_TIME).map(o -> OptionalInt.of(OptionFormats.u16(o.bytes(), 0)))
                .orElse(OptionalInt.empty());
    }

    /** Option 9 as bytes: the relayed message (a checked message; decode it with {@link Dhcp6Codec}). */
    public Optional<byte[]> relayMessage() {
        return first(Dhcp6OptionCode.RELAY_MSG).map(Dhcp6Option::value);
    }

    /** Option 12, the server unicast address. */
    public Optional<Inet6Address> unicast() {
        return first(Dhcp6OptionCode.UNICAST).map(o -> OptionFormats.ipv6(o.bytes(), 0));
    }

    /** Option 13. */
    public Optional<StatusCode> statusCode() {
        return first(Dhcp6OptionCode.STATUS_CODE).map(o -> StatusCode.from(o.bytes()));
    }

    /** Whether option 14, Rapid Commit, is present. */
    public boolean rapidCommit() {
        return has(Dhcp6OptionCode.RAPID_COMMIT);
    }

    /** Option 18, the relay's interface id. */
    public Optional<byte[]> interfaceId() {
        return first(Dhcp6OptionCode.INTERFACE_ID).map(Dhcp6Option::value);
    }

    /** Option 23, DNS recursive name servers (RFC 3646). */
    public List<Inet6Address> dnsServers() {
        return addresses(Dhcp6OptionCode.DNS_SERVERS);
    }

    /** Option 24, the domain search list (RFC 3646), in the text form of {@code DomainNames}. */
    public List<String> domainList() {
        return first(Dhcp6OptionCode.DOMAIN_LIST).map(o -> OptionFormats.domainList(o.bytes())).orElse(List.of());
    }

    /** Option 32, seconds until an Information-request client asks again. */
    public Optional<Long> informationRefreshTime() {
        return first(Dhcp6OptionCode.INFORMATION_REFRESH_TIME).map(o -> OptionFormats.u32(o.bytes(), 0));
    }

    /** Option 79 (RFC 6939). */
    public Optional<LinkLayerAddress> clientLinkLayerAddress() {
        return first(Dhcp6OptionCode.CLIENT_LINKLAYER_ADDR).map(o -> LinkLayerAddress.from(o.bytes()));
    }

    private List<Inet6Address> addresses(Dhcp6OptionCode code) {
        List<Inet6Address> out = new ArrayList<>();
        first(code).ifPresent(o -> {
            byte[] v = o.bytes();
            for (int i = 0; i < v.length; i += 16) {
                out.add(OptionFormats.ipv6(v, i));
            }
        });
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Dhcp6Options other && other.list.equals(list);
    }

    @Override
    public int hashCode() {
        return list.hashCode();
    }

    @Override
    public String toString() {
        return list.toString();
    }

    /**
     * Builds an option list. {@link #add} appends; a typed setter replaces the first option of its code
     * in place (and drops the others of that code), else appends, so the order of calls is the wire
     * order.
     */
    public static final class Builder {
        private final List<Dhcp6Option> list;

        private Builder(List<Dhcp6Option> list) {
            this.list = list;
        }

        /** Appends an option (another of the same code may already be there). */
        public Builder add(Dhcp6Option option) {
            list.add(option);
            return this;
        }

        /** Replaces the first option of this code in place, and drops the others of that code; else appends. */
        public Builder set(Dhcp6Option option) {
            int at = -1;
            for (int i = list.size() - 1; i >= 0; i--) {
                if (list.get(i).code().equals(option.code())) {
                    list.remove(i);
                    at = i;
                }
            }
            if (at < 0) {
                list.add(option);
            } else {
                list.add(at, option);
            }
            return this;
        }

        /** Removes every option of this code. */
        public Builder remove(Dhcp6OptionCode code) {
            list.removeIf(o -> o.code().equals(code));
            return this;
        }

        public Builder clientId(Duid duid) {
            return set(Dhcp6Option.of(Dhcp6OptionCode.CLIENTID, duid.toBytes()));
        }

        public Builder serverId(Duid duid) {
            return set(Dhcp6Option.of(Dhcp6OptionCode.SERVERID, duid.toBytes()));
        }

        /** Appends an IA_NA (a message may hold several, each with its own IAID). */
        public Builder addIaNa(IaNa ia) {
            return add(ia.toOption());
        }

        /** Appends an IA Address (inside an IA). */
        public Builder addIaAddress(IaAddress address) {
            return add(address.toOption());
        }

        public Builder requestedOptions(List<Dhcp6OptionCode> codes) {
            byte[] v = new byte[codes.size() * 2];
            for (int i = 0; i < codes.size(); i++) {
                v[2 * i] = (byte) (codes.get(i).code() >>> 8);
                v[2 * i + 1] = (byte) codes.get(i).code();
            }
            return set(Dhcp6Option.of(Dhcp6OptionCode.ORO, v));
        }

        /**
         * @throws IllegalArgumentException outside 0..255
         */
        public Builder preference(int preference) {
            if (preference < 0 || preference > 255) {
                throw new IllegalArgumentException("preference: " + preference + " (expected: 0..255)");
            }
            return set(Dhcp6Option.of(Dhcp6OptionCode.PREFERENCE, new byte[] {(byte) preference}));
        }

        /**
         * @throws IllegalArgumentException outside 0..65535
         */
        public Builder elapsedTime(int hundredths) {
            if (hundredths < 0 || hundredths > 0xffff) {
                throw new IllegalArgumentException("elapsedTime: " + hundredths + " (expected: 0..65535)");
            }
            return set(Dhcp6Option.of(Dhcp6OptionCode.ELAPSED_TIME,
                    new byte[] {(byte) (hundredths >>> 8), (byte) hundredths}));
        }

        /** Option 9 holding this message's wire form. */
        public Builder relayMessage(Dhcp6Packet relayed) {
            return set(Dhcp6Option.of(Dhcp6OptionCode.RELAY_MSG, Dhcp6Codec.encode(relayed)));
        }

        public Builder statusCode(StatusCode status) {
            return set(status.toOption());
        }

        public Builder rapidCommit() {
            return set(Dhcp6Option.of(Dhcp6OptionCode.RAPID_COMMIT, new byte[0]));
        }

        public Builder interfaceId(byte[] id) {
            return set(Dhcp6Option.of(Dhcp6OptionCode.INTERFACE_ID, id));
        }

        /**
         * @throws IllegalArgumentException for an empty list (RFC 3646 requires at least one)
         */
        public Builder dnsServers(List<Inet6Address> servers) {
            byte[] v = new byte[servers.size() * 16];
            for (int i = 0; i < servers.size(); i++) {
                System.arraycopy(servers.get(i).getAddress(), 0, v, 16 * i, 16);
            }
            return set(Dhcp6Option.of(Dhcp6OptionCode.DNS_SERVERS, v));
        }

        /**
         * @throws IllegalArgumentException naming the first name that is not a valid domain name
         */
        public Builder domainList(List<String> names) {
            return set(Dhcp6Option.of(Dhcp6OptionCode.DOMAIN_LIST, OptionFormats.encodeDomainList(names)));
        }

        /**
         * @throws IllegalArgumentException outside 0..0xffffffff
         */
        public Builder informationRefreshTime(long seconds) {
            Lifetimes.check("informationRefreshTime", seconds);
            byte[] v = {(byte) (seconds >>> 24), (byte) (seconds >>> 16), (byte) (seconds >>> 8), (byte) seconds};
            return set(Dhcp6Option.of(Dhcp6OptionCode.INFORMATION_REFRESH_TIME, v));
        }

        public Builder clientLinkLayerAddress(LinkLayerAddress address) {
            return set(address.toOption());
        }

        public Dhcp6Options build() {
            return of(list);
        }
    }
}
