package io.k6t.net.launcher.netlink.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The expressions of one nf_tables rule, built match by match in the order nft 1.0.6 emits them for
 * the same rule text in the bridge family (each match loads into register 1 and compares; the
 * protocol dependency nft adds comes first), ending in a verdict. Immutable.
 *
 * @param expressions the rule's expressions, in order
 */
public record NftRule(List<NftExpression> expressions) {
    private static final int IFNAMSIZ = 16;
    private static final int IPPROTO_UDP = 17;
    private static final int IPPROTO_ICMPV6 = 58;
    private static final byte[] ETH_P_IP = {0x08, 0x00};
    private static final byte[] ETH_P_ARP = {0x08, 0x06};
    private static final byte[] ETH_P_IPV6 = {(byte) 0x86, (byte) 0xdd};

    public NftRule {
        expressions = List.copyOf(expressions);
    }

    /** A rule built from its matches. */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds the matches of one rule; {@link #drop()} or {@link #accept()} ends it. */
    public static final class Builder {
        private final List<NftExpression> expressions = new ArrayList<>();
        /** The rule already holds a match that implies IPv6 (nft adds the dependency once per rule). */
        private boolean ipv6;
        /** The rule already holds the ICMPv6 dependency. */
        private boolean icmpv6;

        private Builder() {
        }

        private Builder match(NftExpression load, int op, byte[] value) {
            expressions.add(load);
            expressions.add(new NftExpression.Cmp(op, value));
            return this;
        }

        private static int op(boolean equal) {
            return equal ? NftExpression.CMP_EQ : NftExpression.CMP_NEQ;
        }

        /** {@code iifname "NAME"}: the frame came in on link {@code name}. */
        public Builder inputInterface(String name) {
            return match(new NftExpression.Meta(NftExpression.META_IIFNAME), NftExpression.CMP_EQ, ifname(name));
        }

        /** {@code oifname "NAME"}: the frame leaves through link {@code name}. */
        public Builder outputInterface(String name) {
            return match(new NftExpression.Meta(NftExpression.META_OIFNAME), NftExpression.CMP_EQ, ifname(name));
        }

        private static byte[] ifname(String name) {
            byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
            if (bytes.length == 0 || bytes.length >= IFNAMSIZ) {
                throw new IllegalArgumentException("interface name '" + name + "' (expected: 1..15 bytes)");
            }
            return Arrays.copyOf(bytes, IFNAMSIZ);
        }

        /** {@code udp dport PORT}. */
        public Builder udpDestinationPort(int port) {
            return udpPort(2, port);
        }

        /** {@code udp sport PORT}. */
        public Builder udpSourcePort(int port) {
            return udpPort(0, port);
        }

        private Builder udpPort(int offset, int port) {
            if (port < 0 || port > 0xffff) {
                throw new IllegalArgumentException("port " + port + " (expected 0..65535)");
            }
            match(new NftExpression.Meta(NftExpression.META_L4PROTO), NftExpression.CMP_EQ, new byte[] {IPPROTO_UDP});
            return match(new NftExpression.Payload(NftExpression.BASE_TRANSPORT, offset, 2), NftExpression.CMP_EQ,
                    new byte[] {(byte) (port >> 8), (byte) port});
        }

        /** {@code icmpv6 type TYPE} (nft checks the ethertype first in the bridge family). */
        public Builder icmpv6Type(int type) {
            return icmpv6Type(true, type);
        }

        /**
         * {@code icmpv6 type [!=] TYPE}: the ethertype dependency unless an IPv6 match came before (then
         * {@code meta protocol} already holds it), and {@code meta l4proto} once per rule.
         */
        public Builder icmpv6Type(boolean equal, int type) {
            if (type < 0 || type > 0xff) {
                throw new IllegalArgumentException("ICMPv6 type " + type + " (expected 0..255)");
            }
            if (!ipv6) {
                match(new NftExpression.Payload(NftExpression.BASE_LINK, 12, 2), NftExpression.CMP_EQ, ETH_P_IPV6);
                ipv6 = true;
            }
            if (!icmpv6) {
                match(new NftExpression.Meta(NftExpression.META_L4PROTO), NftExpression.CMP_EQ,
                        new byte[] {IPPROTO_ICMPV6});
                icmpv6 = true;
            }
            return match(new NftExpression.Payload(NftExpression.BASE_TRANSPORT, 0, 1), op(equal),
                    new byte[] {(byte) type});
        }

        /**
         * {@code @th,64,128 [!=] ADDRESS} (after {@link #icmpv6Type}): the target address of a neighbour
         * solicitation or advertisement, 8 bytes into the ICMPv6 message (nft 1.0.6 has no name for it).
         */
        public Builder neighbourTarget(boolean equal, byte[] address) {
            return match(new NftExpression.Payload(NftExpression.BASE_TRANSPORT, 8, 16), op(equal),
                    length(address, 16, "IPv6 address"));
        }

        /** {@code ip6 saddr [!=] ADDRESS} (nft checks {@code meta protocol ip6} first, once per rule). */
        public Builder ipv6Source(boolean equal, byte[] address) {
            if (!ipv6) {
                match(new NftExpression.Meta(NftExpression.META_PROTOCOL), NftExpression.CMP_EQ, ETH_P_IPV6);
                ipv6 = true;
            }
            return match(new NftExpression.Payload(NftExpression.BASE_NETWORK, 8, 16), op(equal),
                    length(address, 16, "IPv6 address"));
        }

        /** {@code meta protocol ip}: any IPv4 packet. */
        public Builder ipv4() {
            return match(new NftExpression.Meta(NftExpression.META_PROTOCOL), NftExpression.CMP_EQ, ETH_P_IP);
        }

        /** {@code ether saddr [!=] MAC}. */
        public Builder etherSource(boolean equal, byte[] mac) {
            return match(new NftExpression.Payload(NftExpression.BASE_LINK, 6, 6), op(equal), length(mac, 6, "MAC"));
        }

        /** {@code ip saddr [!=] ADDRESS} (nft checks {@code meta protocol ip} first). */
        public Builder ipv4Source(boolean equal, byte[] address) {
            match(new NftExpression.Meta(NftExpression.META_PROTOCOL), NftExpression.CMP_EQ, ETH_P_IP);
            return match(new NftExpression.Payload(NftExpression.BASE_NETWORK, 12, 4), op(equal),
                    length(address, 4, "IPv4 address"));
        }

        /** {@code ether type arp}: the dependency of the ARP matches below, once per rule. */
        public Builder arp() {
            return match(new NftExpression.Payload(NftExpression.BASE_LINK, 12, 2), NftExpression.CMP_EQ, ETH_P_ARP);
        }

        /** {@code arp saddr ip [!=] ADDRESS} (after {@link #arp()}): the sender protocol address. */
        public Builder arpSenderAddress(boolean equal, byte[] address) {
            return match(new NftExpression.Payload(NftExpression.BASE_NETWORK, 14, 4), op(equal),
                    length(address, 4, "IPv4 address"));
        }

        /** {@code arp saddr ether [!=] MAC} (after {@link #arp()}): the sender hardware address. */
        public Builder arpSenderMac(boolean equal, byte[] mac) {
            return match(new NftExpression.Payload(NftExpression.BASE_NETWORK, 8, 6), op(equal),
                    length(mac, 6, "MAC"));
        }

        private static byte[] length(byte[] value, int length, String what) {
            if (value.length != length) {
                throw new IllegalArgumentException(what + " of " + value.length + " bytes (expected: " + length + ")");
            }
            return value;
        }

        /** Ends the rule with {@code drop}. */
        public NftRule drop() {
            expressions.add(new NftExpression.Verdict(NftExpression.DROP));
            return new NftRule(expressions);
        }

        /** Ends the rule with {@code accept}. */
        public NftRule accept() {
            expressions.add(new NftExpression.Verdict(NftExpression.ACCEPT));
            return new NftRule(expressions);
        }
    }
}
