package io.k6t.net.launcher.netlink.internal;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * One expression of an nf_tables rule, as k6t-net writes them (register 1 for loads and compares,
 * register 0 for the verdict) and as it reads them back from the kernel. Equality is by value, so a
 * rule read from the kernel compares equal to the rule k6t-net would write however the kernel orders
 * the attributes; an expression k6t-net never writes reads back as {@link Other}.
 */
public sealed interface NftExpression {
    /** {@code NFT_META_PROTOCOL}: the frame's ethertype. */
    int META_PROTOCOL = 1;
    /** {@code NFT_META_IIFNAME}: the name of the link a frame came in on. */
    int META_IIFNAME = 6;
    /** {@code NFT_META_OIFNAME}: the name of the link a frame leaves through. */
    int META_OIFNAME = 7;
    /** {@code NFT_META_L4PROTO}: the transport protocol number. */
    int META_L4PROTO = 16;
    /** {@code NFT_PAYLOAD_LL_HEADER}: offsets from the Ethernet header. */
    int BASE_LINK = 0;
    /** {@code NFT_PAYLOAD_NETWORK_HEADER}. */
    int BASE_NETWORK = 1;
    /** {@code NFT_PAYLOAD_TRANSPORT_HEADER}. */
    int BASE_TRANSPORT = 2;
    /** {@code NFT_CMP_EQ}. */
    int CMP_EQ = 0;
    /** {@code NFT_CMP_NEQ}. */
    int CMP_NEQ = 1;
    /** {@code NF_DROP}. */
    int DROP = 0;
    /** {@code NF_ACCEPT}. */
    int ACCEPT = 1;

    /** {@code meta load KEY => reg 1}. */
    record Meta(int key) implements NftExpression {
        @Override
        public String toString() {
            return "[ meta load " + key + " => reg 1 ]";
        }
    }

    /** {@code payload load LENGTHb @ BASE header + OFFSET => reg 1}. */
    record Payload(int base, int offset, int length) implements NftExpression {
        @Override
        public String toString() {
            return "[ payload load " + length + "b @ " + (base == BASE_LINK ? "link" : base == BASE_NETWORK
                    ? "network" : base == BASE_TRANSPORT ? "transport" : "base " + base) + " header + " + offset
                    + " => reg 1 ]";
        }
    }

    /** {@code cmp eq|neq reg 1 VALUE}. */
    final class Cmp implements NftExpression {
        private final int op;
        private final byte[] value;

        public Cmp(int op, byte[] value) {
            this.op = op;
            this.value = value.clone();
        }

        public int op() {
            return op;
        }

        /** A copy of the compared bytes. */
        public byte[] value() {
            return value.clone();
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Cmp c && c.op == op && Arrays.equals(c.value, value);
        }

        @Override
        public int hashCode() {
            return 31 * op + Arrays.hashCode(value);
        }

        @Override
        public String toString() {
            return "[ cmp " + (op == CMP_EQ ? "eq" : op == CMP_NEQ ? "neq" : "op " + op) + " reg 1 0x"
                    + HexFormat.of().formatHex(value) + " ]";
        }
    }

    /** {@code immediate reg 0 VERDICT} (drop, accept, ...). */
    record Verdict(int code) implements NftExpression {
        @Override
        public String toString() {
            return "[ immediate reg 0 " + (code == DROP ? "drop" : code == ACCEPT ? "accept" : "verdict " + code)
                    + " ]";
        }
    }

    /** Any other expression read from the kernel: its name and the hex of its data attributes. */
    record Other(String name, String hex) implements NftExpression {
        @Override
        public String toString() {
            return "[ " + name + " " + hex + " ]";
        }
    }
}
