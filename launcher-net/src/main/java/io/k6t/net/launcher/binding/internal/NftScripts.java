package io.k6t.net.launcher.binding.internal;

import io.k6t.net.launcher.binding.InterfacePlan;
import java.util.List;

/**
 * The nftables scripts of the DHCP isolation (design step 8): in table {@code bridge k6t}, three
 * base chains per interface, named after its bridge, holding one rule each. Every script is one
 * transaction and idempotent: chains are added (a no-op when present) and flushed before use, and
 * deleted only after being added and flushed, because nft 1.0.6 has no {@code destroy}.
 */
public final class NftScripts {
    private static final String TABLE = "bridge " + InterfacePlan.NFT_TABLE;

    private NftScripts() {
    }

    private record Chain(String suffix, String hook, String rule) {
    }

    private static List<Chain> chains(InterfacePlan plan) {
        String nic = "\"" + plan.names().nic() + "\"";
        return List.of(new Chain("in", "input", "iifname " + nic + " udp dport 67 drop"),
                new Chain("fwd", "forward", "iifname " + nic + " udp dport 67 drop"),
                new Chain("out", "output", "oifname " + nic + " udp sport 67 drop"));
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
