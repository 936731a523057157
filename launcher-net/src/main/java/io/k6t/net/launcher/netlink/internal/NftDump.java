package io.k6t.net.launcher.netlink.internal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;

/**
 * Reading nf_tables back: the dump requests for chains and rules ({@code NFT_MSG_GETCHAIN},
 * {@code NFT_MSG_GETRULE} with {@code NLM_F_DUMP}) and the decoders of their replies into
 * {@link Chain}s and {@link Rule}s whose expressions compare equal to the {@link NftRule}s k6t-net
 * writes, whatever order the kernel puts their attributes in. nf_tables values are big-endian.
 */
public final class NftDump {
    private static final int SUBSYS = 10 << 8;
    private static final int NEWCHAIN = 3;
    private static final int GETCHAIN = 4;
    private static final int NEWRULE = 6;
    private static final int GETRULE = 7;
    private static final int LIST_ELEM = 1;

    private NftDump() {
    }

    /**
     * A base or regular chain.
     *
     * @param table    its table
     * @param name     its name
     * @param hook     the hook number of a base chain
     * @param priority the base chain's priority (0 for a regular chain)
     * @param policy   the base chain's policy verdict ({@code NF_ACCEPT} is 1), empty for a regular chain
     * @param type     {@code filter}, {@code nat}, {@code route}; empty for a regular chain
     */
    public record Chain(String table, String name, OptionalInt hook, int priority, OptionalInt policy,
            String type) {
    }

    /**
     * One rule, in the chain's order.
     *
     * @param table  its table
     * @param chain  its chain
     * @param handle the kernel's handle
     * @param rule   its expressions
     */
    public record Rule(String table, String chain, long handle, NftRule rule) {
    }

    /** The dump request for every chain of {@code family}. */
    public static byte[] chainsRequest(int sequence, int family) {
        return new MessageBuilder(SUBSYS | GETCHAIN, Rtnl.NLM_F_REQUEST | Rtnl.NLM_F_DUMP, sequence)
                .raw(nfgenmsg(family)).build();
    }

    /** The dump request for every rule of {@code table} in {@code family}. */
    public static byte[] rulesRequest(int sequence, int family, String table) {
        return new MessageBuilder(SUBSYS | GETRULE, Rtnl.NLM_F_REQUEST | Rtnl.NLM_F_DUMP, sequence)
                .raw(nfgenmsg(family)).attribute(1, table).build();
    }

    private static byte[] nfgenmsg(int family) {
        return new byte[] {(byte) family, 0, 0, 0};
    }

    /** A chain from an {@code NFT_MSG_NEWCHAIN} reply; empty for other messages. */
    public static Optional<Chain> chain(NetlinkMessage message) {
        if (message.type() != (SUBSYS | NEWCHAIN)) {
            return Optional.empty();
        }
        Map<Integer, ByteBuffer> a = attributes(message.bodyFrom(4));
        Map<Integer, ByteBuffer> hook = nested(a, 4);
        return Optional.of(new Chain(string(a, 1), string(a, 3), be32(hook, 1), be32(hook, 2).orElse(0),
                be32(a, 5), a.containsKey(7) ? string(a, 7) : ""));
    }

    /** A rule from an {@code NFT_MSG_NEWRULE} reply; empty for other messages. */
    public static Optional<Rule> rule(NetlinkMessage message) {
        if (message.type() != (SUBSYS | NEWRULE)) {
            return Optional.empty();
        }
        Map<Integer, ByteBuffer> a = attributes(message.bodyFrom(4));
        ByteBuffer handle = a.get(3);
        if (handle == null || handle.remaining() != 8) {
            throw new MalformedMessageException("rule without an 8-byte handle", 0);
        }
        List<NftExpression> expressions = new ArrayList<>();
        ByteBuffer list = a.get(4);
        if (list != null) {
            for (ByteBuffer element : elements(list)) {
                expressions.add(expression(attributes(element)));
            }
        }
        return Optional.of(new Rule(string(a, 1), string(a, 2), handle.duplicate().order(ByteOrder.BIG_ENDIAN)
                .getLong(0), new NftRule(expressions)));
    }

    private static NftExpression expression(Map<Integer, ByteBuffer> element) {
        String name = string(element, 1);
        Map<Integer, ByteBuffer> data = nested(element, 2);
        OptionalInt r1 = be32(data, 1);
        switch (name) {
            case "meta":
                if (data.size() == 2 && r1.equals(OptionalInt.of(1)) && be32(data, 2).isPresent()) {
                    return new NftExpression.Meta(be32(data, 2).getAsInt());
                }
                break;
            case "payload":
                if (data.size() == 4 && r1.equals(OptionalInt.of(1)) && be32(data, 4).isPresent()) {
                    return new NftExpression.Payload(be32(data, 2).orElse(-1), be32(data, 3).orElse(-1),
                            be32(data, 4).getAsInt());
                }
                break;
            case "cmp":
                Map<Integer, ByteBuffer> value = nested(data, 3);
                if (data.size() == 3 && r1.equals(OptionalInt.of(1)) && be32(data, 2).isPresent()
                        && value.containsKey(1)) {
                    return new NftExpression.Cmp(be32(data, 2).getAsInt(), bytes(value.get(1)));
                }
                break;
            case "immediate":
                Map<Integer, ByteBuffer> verdict = nested(nested(data, 2), 2);
                if (data.size() == 2 && r1.equals(OptionalInt.of(0)) && verdict.size() == 1
                        && be32(verdict, 1).isPresent()) {
                    return new NftExpression.Verdict(be32(verdict, 1).getAsInt());
                }
                break;
            default:
                break;
        }
        ByteBuffer raw = element.get(2);
        return new NftExpression.Other(name, raw == null ? "" : HexFormat.of().formatHex(bytes(raw)));
    }

    /** Every attribute of a run, by type (flags masked); the first of a repeated type wins. */
    private static Map<Integer, ByteBuffer> attributes(ByteBuffer run) {
        Map<Integer, ByteBuffer> map = new TreeMap<>();
        for (Map.Entry<Integer, ByteBuffer> e : list(run)) {
            map.putIfAbsent(e.getKey(), e.getValue());
        }
        return map;
    }

    private static List<ByteBuffer> elements(ByteBuffer run) {
        List<ByteBuffer> elements = new ArrayList<>();
        for (Map.Entry<Integer, ByteBuffer> e : list(run)) {
            if (e.getKey() == LIST_ELEM) {
                elements.add(e.getValue());
            }
        }
        return elements;
    }

    private static List<Map.Entry<Integer, ByteBuffer>> list(ByteBuffer run) {
        ByteBuffer in = run.slice().order(ByteOrder.nativeOrder());
        List<Map.Entry<Integer, ByteBuffer>> entries = new ArrayList<>();
        while (in.remaining() >= 4) {
            int start = in.position();
            int length = Short.toUnsignedInt(in.getShort(start));
            int type = Short.toUnsignedInt(in.getShort(start + 2)) & Rtnl.NLA_TYPE_MASK;
            if (length < 4 || length > in.remaining()) {
                throw new MalformedMessageException("attribute type " + type + " has length " + length
                        + " with " + in.remaining() + " bytes left", start);
            }
            entries.add(Map.entry(type, in.duplicate().position(start + 4).limit(start + length).slice()));
            in.position(Math.min(in.limit(), start + Rtnl.align(length)));
        }
        return entries;
    }

    private static Map<Integer, ByteBuffer> nested(Map<Integer, ByteBuffer> a, int type) {
        ByteBuffer value = a.get(type);
        return value == null ? Map.of() : attributes(value);
    }

    private static OptionalInt be32(Map<Integer, ByteBuffer> a, int type) {
        ByteBuffer value = a.get(type);
        if (value == null) {
            return OptionalInt.empty();
        }
        if (value.remaining() != 4) {
            throw new MalformedMessageException("attribute " + type + " of " + value.remaining()
                    + " bytes (expected: 4)", 0);
        }
        return OptionalInt.of(value.duplicate().order(ByteOrder.BIG_ENDIAN).getInt(0));
    }

    private static String string(Map<Integer, ByteBuffer> a, int type) {
        ByteBuffer value = a.get(type);
        if (value == null) {
            throw new MalformedMessageException("missing string attribute " + type, 0);
        }
        byte[] b = bytes(value);
        int end = 0;
        while (end < b.length && b[end] != 0) {
            end++;
        }
        return new String(b, 0, end, StandardCharsets.UTF_8);
    }

    private static byte[] bytes(ByteBuffer value) {
        byte[] b = new byte[value.remaining()];
        value.duplicate().get(b);
        return b;
    }
}
