package io.k6t.net.launcher.binding.internal;

import io.k6t.net.launcher.binding.InterfacePlan;
import io.k6t.net.launcher.netlink.internal.NftBatch;
import java.util.List;

/**
 * The nftables scripts of the DHCP isolation (design step 8): in table {@code bridge k6t}, three
 * base chains per interface, named after its bridge, holding one rule each. Every script is one
 * transaction and idempotent: chains are added (a no-op when present) and flushed before use, and
 * deleted only after being added and flushed, because nft 1.0.6 has no {@code destroy}.
 *
 * <p>{@link #addBatch} and {@link #removeBatch} are the same scripts as nf_tables netlink batches,
 * message for message what {@code nft -f} sends for them (golden-tested against its capture): k6t-net
 * commits those over its own socket; the texts stay for plans, docs and the benchmark's shell variant.
 */
public final class NftScripts {
    private static final String TABLE = "bridge " + InterfacePlan.NFT_TABLE;

    private NftScripts() {
    }

    private static final int DHCP_SERVER_PORT = 67;

    private record Chain(String suffix, String hook, String rule, int hookNumber, int ifnameKey, int portOffset) {
    }

    private static List<Chain> chains(String nicName) {
        String nic = "\"" + nicName + "\"";
        return List.of(
                new Chain("in", "input", "iifname " + nic + " udp dport 67 drop", NftBatch.HOOK_INPUT,
                        NftBatch.META_IIFNAME, NftBatch.UDP_DPORT),
                new Chain("fwd", "forward", "iifname " + nic + " udp dport 67 drop", NftBatch.HOOK_FORWARD,
                        NftBatch.META_IIFNAME, NftBatch.UDP_DPORT),
                new Chain("out", "output", "oifname " + nic + " udp sport 67 drop", NftBatch.HOOK_OUTPUT,
                        NftBatch.META_OIFNAME, NftBatch.UDP_SPORT));
    }

    private static List<Chain> chains(InterfacePlan plan) {
        return chains(plan.names().nic());
    }

    /** {@link #add} as an nf_tables batch for bridge {@code bridge} and nic {@code nic}, from {@code sequence}. */
    public static NftBatch addBatch(String bridge, String nic, int sequence, boolean ack) {
        NftBatch batch = new NftBatch(sequence, ack).addTable(NftBatch.FAMILY_BRIDGE, InterfacePlan.NFT_TABLE);
        for (Chain c : chains(nic)) {
            declare(batch, bridge + "-" + c.suffix(), c);
            batch.appendUdpDropRule(NftBatch.FAMILY_BRIDGE, InterfacePlan.NFT_TABLE, bridge + "-" + c.suffix(),
                    c.ifnameKey(), nic, c.portOffset(), DHCP_SERVER_PORT);
        }
        return batch;
    }

    /** {@link #remove} as an nf_tables batch, from {@code sequence}. */
    public static NftBatch removeBatch(String bridge, String nic, boolean last, int sequence, boolean ack) {
        NftBatch batch = new NftBatch(sequence, ack).addTable(NftBatch.FAMILY_BRIDGE, InterfacePlan.NFT_TABLE);
        if (last) {
            return batch.deleteTable(NftBatch.FAMILY_BRIDGE, InterfacePlan.NFT_TABLE);
        }
        for (Chain c : chains(nic)) {
            declare(batch, bridge + "-" + c.suffix(), c);
            batch.deleteChain(NftBatch.FAMILY_BRIDGE, InterfacePlan.NFT_TABLE, bridge + "-" + c.suffix());
        }
        return batch;
    }

    private static void declare(NftBatch batch, String chain, Chain c) {
        batch.addFilterChain(NftBatch.FAMILY_BRIDGE, InterfacePlan.NFT_TABLE, chain, c.hookNumber())
                .flushChain(NftBatch.FAMILY_BRIDGE, InterfacePlan.NFT_TABLE, chain);
    }

    private static String declare(InterfacePlan plan, Chain c) {
        return "add chain " + TABLE + " " + plan.names().bridge() + "-" + c.suffix() + " { type filter hook "
                + c.hook() + " priority 0; policy accept; }\n"
                + "flush chain " + TABLE + " " + plan.names().bridge() + "-" + c.suffix() + "\n";
    }

    /** Creates (or recreates) the interface's chains and rules. */
    public static String add(InterfacePlan plan) {
        StringBuilder sb = new StringBuilder("add table " + TABLE + "\n");
        for (Chain c : chains(plan)) {
            sb.append(declare(plan, c));
            sb.append("add rule ").append(TABLE).append(' ').append(plan.names().bridge()).append('-')
                    .append(c.suffix()).append(' ').append(c.rule()).append('\n');
        }
        return sb.toString();
    }

    /** Removes the interface's chains; with {@code last}, the whole table. */
    public static String remove(InterfacePlan plan, boolean last) {
        StringBuilder sb = new StringBuilder("add table " + TABLE + "\n");
        if (last) {
            return sb.append("delete table ").append(TABLE).append('\n').toString();
        }
        for (Chain c : chains(plan)) {
            sb.append(declare(plan, c));
            sb.append("delete chain ").append(TABLE).append(' ').append(plan.names().bridge()).append('-')
                    .append(c.suffix()).append('\n');
        }
        return sb.toString();
    }
}
