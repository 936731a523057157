package io.k6t.net.launcher.netlink.internal;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One nf_tables transaction ({@code NETLINK_NETFILTER}, subsystem {@code NFNL_SUBSYS_NFTABLES}): the
 * messages between {@code NFNL_MSG_BATCH_BEGIN} and {@code NFNL_MSG_BATCH_END}, encoded as nft 1.0.6
 * encodes the same commands (attribute order, flags, big-endian values), so the kernel applies all or
 * nothing. Only what the DHCP isolation needs: tables, base chains, flushes and rules of the form
 * {@code iifname|oifname NAME udp dport|sport PORT drop}. Not thread-safe; one batch per transaction.
 */
public final class NftBatch {
    /** {@code NFPROTO_BRIDGE}. */
    public static final int FAMILY_BRIDGE = 7;
    /** Bridge hooks ({@code NF_BR_LOCAL_IN}, {@code NF_BR_FORWARD}, {@code NF_BR_LOCAL_OUT}). */
    public static final int HOOK_INPUT = 1;
    public static final int HOOK_FORWARD = 2;
    public static final int HOOK_OUTPUT = 3;
    /** {@code NFT_META_IIFNAME} and {@code NFT_META_OIFNAME}: the interface the rule matches. */
    public static final int META_IIFNAME = 6;
    public static final int META_OIFNAME = 7;
    /** Offsets of the UDP source and destination ports in the transport header. */
    public static final int UDP_SPORT = 0;
    public static final int UDP_DPORT = 2;

    private static final int NFNL_MSG_BATCH_BEGIN = 0x10;
    private static final int NFNL_MSG_BATCH_END = 0x11;
    private static final int SUBSYS = 10 << 8;
    private static final int NEWTABLE = 0;
    private static final int DELTABLE = 2;
    private static final int NEWCHAIN = 3;
    private static final int DELCHAIN = 5;
    private static final int NEWRULE = 6;
    private static final int DELRULE = 8;
    private static final int NLM_F_APPEND = 0x800;
    private static final int NESTED = 0x8000;
    private static final int IFNAMSIZ = 16;
    private static final int META_L4PROTO = 16;
    private static final int IPPROTO_UDP = 17;
    private static final int PAYLOAD_TRANSPORT = 2;
    private static final int NF_ACCEPT = 1;
    private static final int NF_DROP = 0;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final int firstSequence;
    private final int ackFlag;
    private int sequence;
    private boolean ended;

    /**
     * Starts a batch whose begin message has {@code firstSequence}; the following messages count up
     * from it. With {@code ack}, every command asks for an acknowledgement (nft asks for none).
     */
    public NftBatch(int firstSequence, boolean ack) {
        this.firstSequence = firstSequence;
        this.sequence = firstSequence;
        this.ackFlag = ack ? Rtnl.NLM_F_ACK : 0;
        append(new MessageBuilder(NFNL_MSG_BATCH_BEGIN, Rtnl.NLM_F_REQUEST, sequence).raw(nfgenmsg(0, SUBSYS >> 8)));
    }

    private static byte[] nfgenmsg(int family, int resourceId) {
        return ByteBuffer.allocate(4).order(ByteOrder.BIG_ENDIAN).put((byte) family).put((byte) 0)
                .putShort((short) resourceId).array();
    }

    private static byte[] be32(int value) {
        return ByteBuffer.allocate(4).order(ByteOrder.BIG_ENDIAN).putInt(value).array();
    }

    private MessageBuilder command(int type, int flags, int family) {
        if (ended) {
            throw new IllegalStateException("batch already ended");
        }
        sequence++;
        return new MessageBuilder(SUBSYS | type, Rtnl.NLM_F_REQUEST | ackFlag | flags, sequence)
                .raw(nfgenmsg(family, 0));
    }

    private void append(MessageBuilder message) {
        out.writeBytes(message.build());
    }

    /** {@code add table FAMILY NAME}: a no-op when it exists. */
    public NftBatch addTable(int family, String table) {
        append(command(NEWTABLE, 0, family).attribute(1, table).attribute(2, be32(0)));
        return this;
    }

    /** {@code delete table FAMILY NAME}, with every chain and rule in it. */
    public NftBatch deleteTable(int family, String table) {
        append(command(DELTABLE, 0, family).attribute(1, table));
        return this;
    }

    /** {@code add chain ... { type filter hook HOOK priority 0; policy accept; }}: a no-op when it exists. */
    public NftBatch addFilterChain(int family, String table, String chain, int hook) {
        MessageBuilder m = command(NEWCHAIN, Rtnl.NLM_F_CREATE, family).attribute(1, table).attribute(3, chain)
                .attribute(7, "filter").attribute(5, be32(NF_ACCEPT));
        int nest = m.beginNest(4 | NESTED);
        m.attribute(1, be32(hook)).attribute(2, be32(0)).endNest(nest);
        append(m);
        return this;
    }

    /** {@code flush chain}: deletes every rule of the chain. */
    public NftBatch flushChain(int family, String table, String chain) {
        append(command(DELRULE, 0, family).attribute(1, table).attribute(2, chain));
        return this;
    }

    /** {@code delete chain}. */
    public NftBatch deleteChain(int family, String table, String chain) {
        append(command(DELCHAIN, 0, family).attribute(1, table).attribute(3, chain));
        return this;
    }

    /**
     * {@code add rule ... iifname|oifname "LINK" udp dport|sport PORT drop}: meta (interface name)
     * compared with the name padded to {@code IFNAMSIZ}, meta l4proto compared with UDP, two bytes of
     * the transport header compared with the port, then an immediate drop verdict.
     */
    public NftBatch appendUdpDropRule(int family, String table, String chain, int ifnameKey, String link,
            int portOffset, int port) {
        byte[] name = link.getBytes(StandardCharsets.UTF_8);
        if (name.length >= IFNAMSIZ) {
            throw new IllegalArgumentException("interface name '" + link + "' is longer than 15 bytes");
        }
        if (port < 0 || port > 0xffff) {
            throw new IllegalArgumentException("port " + port + " (expected 0..65535)");
        }
        MessageBuilder m = command(NEWRULE, Rtnl.NLM_F_CREATE | NLM_F_APPEND, family).attribute(1, table)
                .attribute(2, chain);
        int expressions = m.beginNest(4 | NESTED);
        meta(m, ifnameKey);
        cmp(m, Arrays.copyOf(name, IFNAMSIZ));
        meta(m, META_L4PROTO);
        cmp(m, new byte[] {IPPROTO_UDP});
        Expression payload = expression(m, "payload");
        m.attribute(1, be32(1)).attribute(2, be32(PAYLOAD_TRANSPORT)).attribute(3, be32(portOffset))
                .attribute(4, be32(2));
        payload.end(m);
        cmp(m, new byte[] {(byte) (port >> 8), (byte) port});
        Expression immediate = expression(m, "immediate");
        m.attribute(1, be32(0));
        int value = m.beginNest(2 | NESTED);
        int verdict = m.beginNest(2 | NESTED);
        m.attribute(1, be32(NF_DROP)).endNest(verdict).endNest(value);
        immediate.end(m);
        m.endNest(expressions);
        append(m);
        return this;
    }

    /** The open nests of one expression: its list element and, inside, its data. */
    private record Expression(int element, int data) {
        void end(MessageBuilder m) {
            m.endNest(data).endNest(element);
        }
    }

    /** Opens a list element ({@code NFTA_LIST_ELEM}) with the expression's name and its data nest. */
    private static Expression expression(MessageBuilder m, String name) {
        int element = m.beginNest(1 | NESTED);
        m.attribute(1, name);
        return new Expression(element, m.beginNest(2 | NESTED));
    }

    /** {@code meta load KEY => reg 1}. */
    private static void meta(MessageBuilder m, int key) {
        Expression meta = expression(m, "meta");
        m.attribute(2, be32(key)).attribute(1, be32(1));
        meta.end(m);
    }

    /** {@code cmp eq reg 1 VALUE}. */
    private static void cmp(MessageBuilder m, byte[] value) {
        Expression cmp = expression(m, "cmp");
        m.attribute(1, be32(1)).attribute(2, be32(0));
        int nest = m.beginNest(3 | NESTED);
        m.attribute(1, value).endNest(nest);
        cmp.end(m);
    }

    /** The sequence of the last command (the one whose acknowledgement ends a successful commit). */
    public int lastCommandSequence() {
        return sequence;
    }

    /** The sequence of the batch-begin message (errors about the batch as a whole carry it). */
    public int firstSequence() {
        return firstSequence;
    }

    /** Ends the batch and returns every message as one datagram. */
    public byte[] end() {
        if (!ended) {
            ended = true;
            append(new MessageBuilder(NFNL_MSG_BATCH_END, Rtnl.NLM_F_REQUEST, sequence + 1)
                    .raw(nfgenmsg(0, SUBSYS >> 8)));
        }
        return out.toByteArray();
    }
}
