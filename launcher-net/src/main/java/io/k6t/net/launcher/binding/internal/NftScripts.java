package io.k6t.net.launcher.binding.internal;

import com.google.common.net.InetAddresses;
import io.k6t.net.dhcp.MacAddress;
import io.k6t.net.launcher.binding.InterfacePlan;
import io.k6t.net.launcher.netlink.internal.NftBatch;
import io.k6t.net.launcher.netlink.internal.NftRule;
import java.net.Inet4Address;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The nftables rules that isolate a served interface (the isolation step of the binding), in table {@code bridge k6t}:
 * base chains named after the interface's bridge.
 *
 * <ul>
 * <li>{@code -in}, {@code -out}: DHCPv4 and DHCPv6 requests from the node side never reach the pod's
 *     servers, and the pod's replies and router advertisements never leave through the pod link.</li>
 * <li>{@code -fwd}: no DHCPv4, DHCPv6 or router advertisement crosses the pod link between the node
 *     side and the guest in either direction, nor a router solicitation of the guest, so the guest
 *     hears only k6t-net (a DHCP server on the node side would otherwise hand it a foreign lease) and
 *     its requests never bother the node.</li>
 * <li>{@code -tap} (anti-spoofing, forward): frames from the guest leave the pod only with its MAC, and
 *     IPv4 and ARP only with its lease address (an ARP probe, sender {@code 0.0.0.0}, too). Frames to
 *     the pod itself are not filtered: a DHCP request from {@code 0.0.0.0} reaches the pod's server,
 *     which also still sees, counts and logs a guest with the wrong MAC.</li>
 * </ul>
 *
 * <p>Every script is one transaction and idempotent: chains are added (a no-op when present) and
 * flushed before use, and deleted only after being added and flushed, because nft 1.0.6 has no
 * {@code destroy}; without anti-spoofing the {@code -tap} chain is removed that way. {@link #addBatch}
 * and {@link #removeBatch} are the same scripts as nf_tables netlink batches, message for message what
 * {@code nft -f} sends for them (golden-tested against its capture): k6t-net commits those over its
 * own socket; the texts stay for plans, docs and the benchmark's shell variant. {@link #chains} is
 * what {@code explain} compares the live table with.
 */
public final class NftScripts {
    private static final String TABLE = "bridge " + InterfacePlan.NFT_TABLE;
    private static final int DHCP_SERVER = 67;
    private static final int DHCP_CLIENT = 68;
    private static final int DHCPV6_CLIENT = 546;
    private static final int DHCPV6_SERVER = 547;
    private static final int ROUTER_SOLICITATION = 133;
    private static final int ROUTER_ADVERTISEMENT = 134;
    private static final byte[] UNSPECIFIED = new byte[4];

    private NftScripts() {
    }

    /**
     * What the rules of one interface name.
     *
     * @param bridge the bridge (chain names)
     * @param nic    the renamed pod link
     * @param tap    the guest's tap
     * @param guest  the guest's MAC and lease address when anti-spoofing is on
     */
    public record Target(String bridge, String nic, String tap, Optional<Guest> guest) {
        /** The target of a served interface's plan. */
        public static Target of(InterfacePlan plan) {
            Optional<Guest> guest = plan.config().antiSpoofing()
                    ? plan.guestAddress().map(a -> new Guest(plan.guestMac(), (Inet4Address) a.address()))
                    : Optional.empty();
            return new Target(plan.names().bridge(), plan.names().nic(), plan.names().tap(), guest);
        }
    }

    /**
     * The guest as anti-spoofing knows it.
     *
     * @param mac     its MAC
     * @param address its lease address
     */
    public record Guest(MacAddress mac, Inet4Address address) {
        public Guest {
            Objects.requireNonNull(mac, "mac");
            Objects.requireNonNull(address, "address");
        }

        byte[] macBytes() {
            return mac.toBytes();
        }

        byte[] addressBytes() {
            return address.getAddress();
        }

        /** The address as nft writes it. */
        String addressText() {
            return InetAddresses.toAddrString(address);
        }
    }

    /**
     * One rule: its nft text and its expressions.
     *
     * @param text the rule as {@code nft add rule} takes it
     * @param rule its expressions
     */
    public record Rule(String text, NftRule rule) {
    }

    /**
     * One base chain with its rules.
     *
     * @param name       chain name ({@code <bridge>-in} ...)
     * @param hook       hook name ({@code input} ...)
     * @param hookNumber the bridge hook number
     * @param rules      the rules, in order
     */
    public record Chain(String name, String hook, int hookNumber, List<Rule> rules) {
        public Chain {
            rules = List.copyOf(rules);
        }
    }

    /** The chains the interface should have, in order (the {@code -tap} chain only with anti-spoofing). */
    public static List<Chain> chains(Target t) {
        String in = "iifname \"" + t.nic() + "\" ";
        String out = "oifname \"" + t.nic() + "\" ";
        List<Chain> chains = new ArrayList<>();
        chains.add(new Chain(t.bridge() + "-in", "input", NftBatch.HOOK_INPUT, List.of(
                new Rule(in + "udp dport 67 drop", from(t).udpDestinationPort(DHCP_SERVER).drop()),
                new Rule(in + "udp dport 547 drop", from(t).udpDestinationPort(DHCPV6_SERVER).drop()))));
        List<Rule> forward = new ArrayList<>();
        for (boolean inbound : new boolean[] {true, false}) {
            String prefix = inbound ? in : out;
            for (int port : new int[] {DHCP_SERVER, DHCP_CLIENT, DHCPV6_CLIENT, DHCPV6_SERVER}) {
                forward.add(new Rule(prefix + "udp dport " + port + " drop",
                        (inbound ? from(t) : to(t)).udpDestinationPort(port).drop()));
            }
            forward.add(new Rule(prefix + "icmpv6 type nd-router-advert drop",
                    (inbound ? from(t) : to(t)).icmpv6Type(ROUTER_ADVERTISEMENT).drop()));
        }
        // The guest's router solicitations are for k6t-net's advertiser, like its DHCPv6 for k6t-net's
        // server: a router on the node side would answer them with advertisements the rule above drops.
        forward.add(new Rule(out + "icmpv6 type nd-router-solicit drop",
                to(t).icmpv6Type(ROUTER_SOLICITATION).drop()));
        chains.add(new Chain(t.bridge() + "-fwd", "forward", NftBatch.HOOK_FORWARD, forward));
        chains.add(new Chain(t.bridge() + "-out", "output", NftBatch.HOOK_OUTPUT, List.of(
                new Rule(out + "udp sport 67 drop", to(t).udpSourcePort(DHCP_SERVER).drop()),
                new Rule(out + "udp sport 547 drop", to(t).udpSourcePort(DHCPV6_SERVER).drop()),
                new Rule(out + "icmpv6 type nd-router-advert drop", to(t).icmpv6Type(ROUTER_ADVERTISEMENT).drop()))));
        t.guest().ifPresent(g -> chains.add(antiSpoofing(t, g)));
        return List.copyOf(chains);
    }

    private static Chain antiSpoofing(Target t, Guest g) {
        String tap = "iifname \"" + t.tap() + "\" ";
        return new Chain(t.bridge() + "-tap", "forward", NftBatch.HOOK_FORWARD, List.of(
                new Rule(tap + "ether saddr != " + g.mac() + " drop", guest(t).etherSource(false, g.macBytes()).drop()),
                new Rule(tap + "arp saddr ether != " + g.mac() + " drop",
                        guest(t).arp().arpSenderMac(false, g.macBytes()).drop()),
                new Rule(tap + "ip saddr != " + g.addressText() + " drop",
                        guest(t).ipv4Source(false, g.addressBytes()).drop()),
                // An ARP probe (RFC 5227) has sender 0.0.0.0.
                new Rule(tap + "arp saddr ip != " + g.addressText() + " arp saddr ip != 0.0.0.0 drop",
                        guest(t).arp().arpSenderAddress(false, g.addressBytes())
                                .arpSenderAddress(false, UNSPECIFIED).drop())));
    }

    /** The {@code -tap} chain without rules: deleted when anti-spoofing is off. */
    private static Chain withoutAntiSpoofing(Target t) {
        return new Chain(t.bridge() + "-tap", "forward", NftBatch.HOOK_FORWARD, List.of());
    }

    private static NftRule.Builder guest(Target t) {
        return NftRule.builder().inputInterface(t.tap());
    }

    private static NftRule.Builder from(Target t) {
        return NftRule.builder().inputInterface(t.nic());
    }

    private static NftRule.Builder to(Target t) {
        return NftRule.builder().outputInterface(t.nic());
    }

    /** Every chain k6t-net may have made for the interface, wanted or not, with its hook. */
    private static List<Chain> everyChain(Target t) {
        List<Chain> chains = new ArrayList<>(chains(t));
        if (t.guest().isEmpty()) {
            chains.add(withoutAntiSpoofing(t));
        }
        return chains;
    }

    /** {@link #add} as an nf_tables batch, from {@code sequence}; with {@code ack} every command is acknowledged. */
    public static NftBatch addBatch(Target t, int sequence, boolean ack) {
        NftBatch batch = new NftBatch(sequence, ack).addTable(NftBatch.FAMILY_BRIDGE, InterfacePlan.NFT_TABLE);
        for (Chain c : chains(t)) {
            declare(batch, c);
            for (Rule r : c.rules()) {
                batch.appendRule(NftBatch.FAMILY_BRIDGE, InterfacePlan.NFT_TABLE, c.name(), r.rule());
            }
        }
        if (t.guest().isEmpty()) {
            Chain stale = withoutAntiSpoofing(t);
            declare(batch, stale);
            batch.deleteChain(NftBatch.FAMILY_BRIDGE, InterfacePlan.NFT_TABLE, stale.name());
        }
        return batch;
    }

    /** {@link #remove} as an nf_tables batch, from {@code sequence}. */
    public static NftBatch removeBatch(Target t, boolean last, int sequence, boolean ack) {
        NftBatch batch = new NftBatch(sequence, ack).addTable(NftBatch.FAMILY_BRIDGE, InterfacePlan.NFT_TABLE);
        if (last) {
            return batch.deleteTable(NftBatch.FAMILY_BRIDGE, InterfacePlan.NFT_TABLE);
        }
        for (Chain c : everyChain(t)) {
            declare(batch, c);
            batch.deleteChain(NftBatch.FAMILY_BRIDGE, InterfacePlan.NFT_TABLE, c.name());
        }
        return batch;
    }

    private static void declare(NftBatch batch, Chain c) {
        batch.addFilterChain(NftBatch.FAMILY_BRIDGE, InterfacePlan.NFT_TABLE, c.name(), c.hookNumber())
                .flushChain(NftBatch.FAMILY_BRIDGE, InterfacePlan.NFT_TABLE, c.name());
    }

    private static String declare(Chain c) {
        return "add chain " + TABLE + " " + c.name() + " { type filter hook " + c.hook()
                + " priority 0; policy accept; }\n" + "flush chain " + TABLE + " " + c.name() + "\n";
    }

    /** Creates (or recreates) the interface's chains and rules. */
    public static String add(Target t) {
        StringBuilder sb = new StringBuilder("add table " + TABLE + "\n");
        for (Chain c : chains(t)) {
            sb.append(declare(c));
            for (Rule r : c.rules()) {
                sb.append("add rule ").append(TABLE).append(' ').append(c.name()).append(' ').append(r.text())
                        .append('\n');
            }
        }
        if (t.guest().isEmpty()) {
            Chain stale = withoutAntiSpoofing(t);
            sb.append(declare(stale)).append("delete chain ").append(TABLE).append(' ').append(stale.name())
                    .append('\n');
        }
        return sb.toString();
    }

    /** Removes the interface's chains; with {@code last}, the whole table. */
    public static String remove(Target t, boolean last) {
        StringBuilder sb = new StringBuilder("add table " + TABLE + "\n");
        if (last) {
            return sb.append("delete table ").append(TABLE).append('\n').toString();
        }
        for (Chain c : everyChain(t)) {
            sb.append(declare(c));
            sb.append("delete chain ").append(TABLE).append(' ').append(c.name()).append('\n');
        }
        return sb.toString();
    }

    /** {@link #add} for a plan. */
    public static String add(InterfacePlan plan) {
        return add(Target.of(plan));
    }

    /** {@link #remove} for a plan. */
    public static String remove(InterfacePlan plan, boolean last) {
        return remove(Target.of(plan), last);
    }
}
