package io.k6t.net.launcher.netlink.internal;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * One nf_tables transaction ({@code NETLINK_NETFILTER}, subsystem {@code NFNL_SUBSYS_NFTABLES}): the
 * messages between {@code NFNL_MSG_BATCH_BEGIN} and {@code NFNL_MSG_BATCH_END}, encoded as nft 1.0.6
 * encodes the same commands (attribute order, flags, big-endian values), so the kernel applies all or
 * nothing. Only what the isolation rules need: tables, base chains, flushes and rules of
 * {@link NftRule}s. Not thread-safe; one batch per transaction.
 */
public final class NftBatch {
    /** {@code NFPROTO_BRIDGE}. */
    public static final int FAMILY_BRIDGE = 7;
    /** Bridge hooks: NF_BR_LOCAL_IN, NF_BR_FORWARD, NF_BR_LOCAL_OUT. */
    public static final int HOOK_INPUT = 1;
    public static final int HOOK_FORWARD = 2;
    public static final int HOOK_OUTPUT = 3;

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
    private static final int NF_ACCEPT = 1;

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
     * {@code add rule TABLE CHAIN ...}: appends a rule made of {@code expressions} (see {@link NftRule}
     * for the matches k6t-net builds from them).
     */
    public NftBatch appendRule(int family, String table, String chain, NftRule rule) {
        MessageBuilder m = command(NEWRULE, Rtnl.NLM_F_CREATE | NLM_F_APPEND, family).attribute(1, table)
                .attribute(2, chain);
        int expressions = m.beginNest(4 | NESTED);
        for (NftExpression e : rule.expressions()) {
            encode(m, e);
        }
        m.endNest(expressions);
        append(m);
        return this;
    }

    private static void encode(MessageBuilder m, NftExpression e) {
        if (e instanceof NftExpression.Meta meta) {
            Expression x = expression(m, "meta");
            m.attribute(2, be32(meta.key())).attribute(1, be32(1));
            x.end(m);
        } else if (e instanceof NftExpression.Payload p) {
            Expression x = expression(m, "payload");
            m.attribute(1, be32(1)).attribute(2, be32(p.base())).attribute(3, be32(p.offset()))
                    .attribute(4, be32(p.length()));
            x.end(m);
        } else if (e instanceof NftExpression.Cmp cmp) {
            Expression x = expression(m, "cmp");
            m.attribute(1, be32(1)).attribute(2, be32(cmp.op()));
            int nest = m.beginNest(3 | NESTED);
            m.attribute(1, cmp.value()).endNest(nest);
            x.end(m);
        } else if (e instanceof NftExpression.Verdict verdict) {
            Expression x = expression(m, "immediate");
            m.attribute(1, be32(0));
            int value = m.beginNest(2 | NESTED);
            int code = m.beginNest(2 | NESTED);
            m.attribute(1, be32(verdict.code())).endNest(code).endNest(value);
            x.end(m);
        } else {
            throw new IllegalArgumentException("cannot encode " + e + ": k6t-net writes meta, payload, cmp and "
                    + "verdicts only");
        }
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
