package io.k6t.net.launcher.binding.internal;

import com.google.common.net.InetAddresses;
import io.k6t.net.dhcp.MacAddress;
import io.k6t.net.launcher.binding.InterfacePlan;
import io.k6t.net.launcher.netlink.internal.NftBatch;
import io.k6t.net.launcher.netlink.internal.NftRule;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HexFormat;
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
 * <li>{@code -tap} (anti-spoofing, forward): frames from the guest leave the pod only with its MAC;
 *     IPv4 and ARP only with its lease address (an ARP probe, sender {@code 0.0.0.0}, too), none at all
 *     when the pod has no IPv4; IPv6 only from its pod address or its EUI-64 link-local address, or from
 *     {@code ::} for duplicate address detection and MLDv2 reports; and neighbour discovery claims
 *     (an advertisement's target, a detection probe's target) only those addresses. Frames to the pod
 *     itself are not filtered: a DHCP request from {@code 0.0.0.0} reaches the pod's server, which also
 *     still sees, counts and logs a guest with the wrong MAC, and the guest's router solicitations and
 *     DHCPv6 reach k6t-net from any link-local address.</li>
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
    private static final int NEIGHBOUR_SOLICITATION = 135;
    private static final int NEIGHBOUR_ADVERTISEMENT = 136;
    private static final int MLD2_REPORT = 143;
    private static final byte[] UNSPECIFIED = new byte[4];
    private static final byte[] UNSPECIFIED6 = new byte[16];

    private NftScripts() {
    }

    /**
     * What the rules of one interface name.
     *
     * @param bridge the bridge (chain names)
     * @param nic    the renamed pod link
     * @param tap    the guest's tap
     * @param guest  the guest's MAC and addresses when anti-spoofing is on
     */
    public record Target(String bridge, String nic, String tap, Optional<Guest> guest) {
        /** The target of a served interface's plan. */
        public static Target of(InterfacePlan plan) {
            Optional<Inet4Address> address = plan.guestAddress().map(a -> (Inet4Address) a.address());
            Optional<Inet6Address> address6 = plan.guestAddress6().map(a -> (Inet6Address) a.address());
            Optional<Guest> guest = plan.pinsGuest()
                    ? Optional.of(new Guest(plan.guestMac(), address, address6))
                    : Optional.empty();
            return new Target(plan.names().bridge(), plan.names().nic(), plan.names().tap(), guest);
        }
    }

    /**
     * The guest as anti-spoofing knows it.
     *
     * @param mac      its MAC
     * @param address  its IPv4 lease address; none: the guest may send no IPv4 or ARP out of the pod
     * @param address6 its IPv6 pod address; none: IPv6 only from its link-local address
     */
    public record Guest(MacAddress mac, Optional<Inet4Address> address, Optional<Inet6Address> address6) {
        public Guest {
            Objects.requireNonNull(mac, "mac");
            Objects.requireNonNull(address, "address");
            Objects.requireNonNull(address6, "address6");
        }

        byte[] macBytes() {
            return mac.toBytes();
        }

        /**
         * The IPv6 sources the guest may use: its pod address, then the link-local address the kernel makes
         * from its MAC (modified EUI-64), as OVN's and Neutron's port security allow.
         */
        List<Inet6Address> ipv6Sources() {
            List<Inet6Address> sources = new ArrayList<>();
            address6.ifPresent(sources::add);
            sources.add(mac.eui64LinkLocal());
            return List.copyOf(sources);
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
        List<Rule> rules = new ArrayList<>();
        rules.add(new Rule(tap + "ether saddr != " + g.mac() + " drop",
                guest(t).etherSource(false, g.macBytes()).drop()));
        if (g.address().isPresent()) {
            Inet4Address own = g.address().get();
            String text = InetAddresses.toAddrString(own);
            rules.add(new Rule(tap + "arp saddr ether != " + g.mac() + " drop",
                    guest(t).arp().arpSenderMac(false, g.macBytes()).drop()));
            rules.add(new Rule(tap + "ip saddr != " + text + " drop",
                    guest(t).ipv4Source(false, own.getAddress()).drop()));
            // An ARP probe (RFC 5227) has sender 0.0.0.0.
            rules.add(new Rule(tap + "arp saddr ip != " + text + " arp saddr ip != 0.0.0.0 drop",
                    guest(t).arp().arpSenderAddress(false, own.getAddress())
                            .arpSenderAddress(false, UNSPECIFIED).drop()));
        } else {
            // The pod has no IPv4: neither has the guest, so none of its IPv4 or ARP may leave.
            rules.add(new Rule(tap + "meta protocol ip drop", guest(t).ipv4().drop()));
            rules.add(new Rule(tap + "ether type arp drop", guest(t).arp().drop()));
        }
        List<Inet6Address> own6 = g.ipv6Sources();
        StringBuilder sourceText = new StringBuilder(tap);
        NftRule.Builder source = guest(t);
        for (Inet6Address a : own6) {
            sourceText.append("ip6 saddr != ").append(InetAddresses.toAddrString(a)).append(' ');
            source.ipv6Source(false, a.getAddress());
        }
        // Duplicate address detection (RFC 4862) probes from ::, and MLDv2 reports may come from :: before the
        // link-local address is valid (RFC 3810 section 5.2.13); nothing else may.
        rules.add(new Rule(sourceText + "ip6 saddr != :: drop", source.ipv6Source(false, UNSPECIFIED6).drop()));
        rules.add(new Rule(tap + "ip6 saddr :: icmpv6 type != nd-neighbor-solicit"
                + " icmpv6 type != mld2-listener-report drop",
                guest(t).ipv6Source(true, UNSPECIFIED6).icmpv6Type(false, NEIGHBOUR_SOLICITATION)
                        .icmpv6Type(false, MLD2_REPORT).drop()));
        // A detection probe for an address claims it (its owner's own detection then fails), an advertisement
        // for an address points the neighbours' caches at the guest: both only for the guest's own addresses.
        // A solicitation from the guest's own address may ask for anyone.
        rules.add(new Rule(targets(tap + "ip6 saddr :: icmpv6 type nd-neighbor-solicit ", own6),
                targets(guest(t).ipv6Source(true, UNSPECIFIED6).icmpv6Type(true, NEIGHBOUR_SOLICITATION), own6)));
        rules.add(new Rule(targets(tap + "icmpv6 type nd-neighbor-advert ", own6),
                targets(guest(t).icmpv6Type(true, NEIGHBOUR_ADVERTISEMENT), own6)));
        return new Chain(t.bridge() + "-tap", "forward", NftBatch.HOOK_FORWARD, rules);
    }

    /** {@code prefix} + a neighbour-target inequality per address + {@code drop}, as nft text. */
    private static String targets(String prefix, List<Inet6Address> own) {
        StringBuilder sb = new StringBuilder(prefix);
        for (InetAddress a : own) {
            sb.append("@th,64,128 != 0x").append(HexFormat.of().formatHex(a.getAddress())).append(' ');
        }
        return sb.append("drop").toString();
    }

    /** {@code rule} + a neighbour-target inequality per address + drop. */
    private static NftRule targets(NftRule.Builder rule, List<Inet6Address> own) {
        for (InetAddress a : own) {
            rule.neighbourTarget(false, a.getAddress());
        }
        return rule.drop();
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
