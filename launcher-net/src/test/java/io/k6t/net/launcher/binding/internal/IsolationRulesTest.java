package io.k6t.net.launcher.binding.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.k6t.net.launcher.binding.BridgeBinding;
import io.k6t.net.launcher.binding.InterfacePlan;
import io.k6t.net.launcher.binding.Phase;
import io.k6t.net.launcher.binding.Plan;
import io.k6t.net.launcher.binding.StepHook;
import io.k6t.net.launcher.config.InterfaceConfig;
import io.k6t.net.launcher.config.PodConfig;
import io.k6t.net.launcher.netlink.Address;
import io.k6t.net.launcher.netlink.AddressFlags;
import io.k6t.net.launcher.netlink.IpPrefix;
import io.k6t.net.launcher.netlink.RouteScope;
import io.k6t.net.launcher.netlink.internal.NftDump;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The live {@code bridge k6t} table against what the binding installs, one alteration at a time. */
class IsolationRulesTest {
    @TempDir
    Path tmp;

    private Plan plan(boolean antiSpoofing) throws IOException {
        return plan(antiSpoofing, List.of(Address.parse("10.244.1.5/24")));
    }

    /** eth0 with {@code addresses} (served) beside net2 without any (not served). */
    private Plan plan(boolean antiSpoofing, List<Address> addresses) throws IOException {
        FakePodKernel k = new FakePodKernel(false, BridgeBindingTest.CLOCK);
        k.addPodLink("eth0", "0a:58:0a:f4:01:05", 1450, addresses, i -> List.of());
        k.addPodLink("net2", "0a:58:00:00:00:09", 9000, List.of(), i -> List.of());
        Path resolv = tmp.resolve("resolv.conf");
        Files.writeString(resolv, "nameserver 10.96.0.10\n");
        return BridgeBinding.using(new PodConfig(tmp.resolve("state"), resolv, Optional.empty(), Optional.empty(),
                List.of(InterfaceConfig.of("default", "eth0").withAntiSpoofing(antiSpoofing),
                        InterfaceConfig.of("raw", "net2"))), k, StepHook.NONE).plan();
    }

    /** The table as the kernel would list it after the binding installed {@code chains}, altered by {@code edit}. */
    private static IsolationRules live(List<NftScripts.Chain> chains, UnaryOperator<List<NftDump.Rule>> edit) {
        List<NftDump.Chain> listed = new ArrayList<>();
        List<NftDump.Rule> rules = new ArrayList<>();
        long handle = 1;
        for (NftScripts.Chain c : chains) {
            listed.add(new NftDump.Chain("k6t", c.name(), OptionalInt.of(c.hookNumber()), 0, OptionalInt.of(1),
                    "filter"));
            for (NftScripts.Rule r : c.rules()) {
                rules.add(new NftDump.Rule("k6t", c.name(), handle++, r.rule()));
            }
        }
        return IsolationRules.of(listed, edit.apply(rules));
    }

    private static List<NftScripts.Chain> installed(InterfacePlan plan) {
        return NftScripts.chains(NftScripts.Target.of(plan));
    }

    @Test
    void theInstalledRuleSetHasNoDifferenceAndTheUnservedInterfaceWantsNone() throws IOException {
        Plan plan = plan(true);
        IsolationRules check = live(installed(plan.interfaces().get(0)), r -> r);
        assertThat(check.differences(plan.interfaces().get(0))).isEmpty();
        assertThat(check.differences(plan.interfaces().get(1))).isEmpty();
        assertThat(IsolationRules.chainNames(plan.interfaces().get(0)))
                .containsExactly("k6t-eth0-in", "k6t-eth0-fwd", "k6t-eth0-out", "k6t-eth0-tap");
        assertThat(IsolationRules.chainNames(plan.interfaces().get(1))).isEmpty();
    }

    @Test
    void aMissingTableIsEveryChainMissing() throws IOException {
        Plan plan = plan(true);
        String chain = "chain bridge k6t k6t-eth0";
        assertThat(IsolationRules.of(List.of(), List.of()).differences(plan.interfaces().get(0))).containsExactly(
                chain + "-in is missing (2 rules)", chain + "-fwd is missing (11 rules)",
                chain + "-out is missing (3 rules)", chain + "-tap is missing (8 rules)");
    }

    private static List<String> tapRules(InterfacePlan plan) {
        return installed(plan).stream().filter(c -> c.name().endsWith("-tap")).flatMap(c -> c.rules().stream())
                .map(NftScripts.Rule::text).toList();
    }

    @Test
    void theTapChainAllowsEachFamilyOnlyFromTheGuestsOwnAddresses() throws IOException {
        // the guest MAC 0a:58:0a:f4:01:05 makes the link-local fe80::858:aff:fef4:105 (EUI-64)
        String tap = "iifname \"tap0\" ";
        String link6 = "0xfe800000000000000858" + "0afffef40105";
        List<String> ipv6Tail = List.of(
                tap + "ip6 saddr :: icmpv6 type != nd-neighbor-solicit icmpv6 type != mld2-listener-report drop");
        Address pod6 = new Address(IpPrefix.parse("fd00:10:244::5/128"), Optional.empty(), Optional.empty(),
                Optional.empty(), RouteScope.UNIVERSE, new AddressFlags(AddressFlags.PERMANENT), Address.FOREVER,
                Address.FOREVER, OptionalInt.empty(), 0);
        String own6 = "0xfd000010024400000000000000000005";

        assertThat(tapRules(plan(true, List.of(Address.parse("10.244.1.5/24"), pod6)).interfaces().get(0)))
                .as("dual-stack").containsExactly(
                        tap + "ether saddr != 0a:58:0a:f4:01:05 drop",
                        tap + "arp saddr ether != 0a:58:0a:f4:01:05 drop",
                        tap + "ip saddr != 10.244.1.5 drop",
                        tap + "arp saddr ip != 10.244.1.5 arp saddr ip != 0.0.0.0 drop",
                        tap + "ip6 saddr != fd00:10:244::5 ip6 saddr != fe80::858:aff:fef4:105 ip6 saddr != :: drop",
                        ipv6Tail.get(0),
                        tap + "ip6 saddr :: icmpv6 type nd-neighbor-solicit @th,64,128 != " + own6 + " @th,64,128 != "
                                + link6 + " drop",
                        tap + "icmpv6 type nd-neighbor-advert @th,64,128 != " + own6 + " @th,64,128 != " + link6
                                + " drop");
        assertThat(tapRules(plan(true, List.of(pod6)).interfaces().get(0))).as("IPv6 only").containsExactly(
                tap + "ether saddr != 0a:58:0a:f4:01:05 drop",
                tap + "meta protocol ip drop",
                tap + "ether type arp drop",
                tap + "ip6 saddr != fd00:10:244::5 ip6 saddr != fe80::858:aff:fef4:105 ip6 saddr != :: drop",
                ipv6Tail.get(0),
                tap + "ip6 saddr :: icmpv6 type nd-neighbor-solicit @th,64,128 != " + own6 + " @th,64,128 != " + link6
                        + " drop",
                tap + "icmpv6 type nd-neighbor-advert @th,64,128 != " + own6 + " @th,64,128 != " + link6 + " drop");
        assertThat(tapRules(plan(true).interfaces().get(0))).as("IPv4 only: IPv6 from the link-local address")
                .contains(tap + "ip6 saddr != fe80::858:aff:fef4:105 ip6 saddr != :: drop",
                        tap + "icmpv6 type nd-neighbor-advert @th,64,128 != " + link6 + " drop");
        assertThat(tapRules(plan(false, List.of(pod6)).interfaces().get(0))).as("IPv6 only, antiSpoofing off")
                .isEmpty();
    }

    @Test
    void anIpv6OnlyPodsLiveRuleSetIsCheckedLikeAnyOther() throws IOException {
        Address pod6 = new Address(IpPrefix.parse("fd00:10:244::5/128"), Optional.empty(), Optional.empty(),
                Optional.empty(), RouteScope.UNIVERSE, new AddressFlags(AddressFlags.PERMANENT), Address.FOREVER,
                Address.FOREVER, OptionalInt.empty(), 0);
        InterfacePlan eth0 = plan(true, List.of(pod6)).interfaces().get(0);
        assertThat(IsolationRules.chainNames(eth0))
                .containsExactly("k6t-eth0-in", "k6t-eth0-fwd", "k6t-eth0-out", "k6t-eth0-tap");
        assertThat(live(installed(eth0), r -> r).differences(eth0)).isEmpty();
        assertThat(live(installed(eth0), rules -> {
            rules.removeIf(r -> r.chain().equals("k6t-eth0-tap") && r.rule().toString().contains("0x88"));
            return rules;
        }).differences(eth0)).singleElement().asString().startsWith("chain bridge k6t k6t-eth0-tap lacks the rule "
                + "'iifname \"tap0\" icmpv6 type nd-neighbor-advert @th,64,128 != 0xfd00");
    }

    @Test
    void aDeletedRuleIsNamedByItsText() throws IOException {
        Plan plan = plan(true);
        IsolationRules check = live(installed(plan.interfaces().get(0)), rules -> {
            rules.removeIf(r -> r.chain().equals("k6t-eth0-fwd") && r.handle() == 8);
            return rules;
        });
        assertThat(check.differences(plan.interfaces().get(0))).containsExactly(
                "chain bridge k6t k6t-eth0-fwd lacks the rule 'oifname \"eth0-nic\" udp dport 67 drop'");
    }

    @Test
    void aForeignRuleIsShownWithItsExpressions() throws IOException {
        Plan plan = plan(true);
        NftDump.Rule accept = new NftDump.Rule("k6t", "k6t-eth0-fwd", 99,
                io.k6t.net.launcher.netlink.internal.NftRule.builder().udpDestinationPort(68).accept());
        IsolationRules check = live(installed(plan.interfaces().get(0)), rules -> {
            rules.add(3, accept);
            return rules;
        });
        assertThat(check.differences(plan.interfaces().get(0))).singleElement().asString()
                .startsWith("chain bridge k6t k6t-eth0-fwd holds a rule k6t-net does not install (handle 99): "
                        + "[ meta load 16 => reg 1 ] [ cmp eq reg 1 0x11 ]")
                .endsWith("[ immediate reg 0 accept ]");
    }

    @Test
    void reorderedOrDuplicatedRulesAreSaidSo() throws IOException {
        Plan plan = plan(true);
        InterfacePlan eth0 = plan.interfaces().get(0);
        assertThat(live(installed(eth0), rules -> {
            rules.add(rules.remove(0));
            return rules;
        }).differences(eth0)).containsExactly("chain bridge k6t k6t-eth0-in holds its rules in another order than "
                + "k6t-net installs them");
        assertThat(live(installed(eth0), rules -> {
            rules.add(1, rules.get(0));
            return rules;
        }).differences(eth0)).containsExactly("chain bridge k6t k6t-eth0-in holds a rule more than once");
    }

    @Test
    void aChainWithAnotherPolicyOrHookIsDescribed() throws IOException {
        Plan plan = plan(true);
        InterfacePlan eth0 = plan.interfaces().get(0);
        List<NftScripts.Chain> chains = installed(eth0);
        List<NftDump.Chain> listed = new ArrayList<>();
        List<NftDump.Rule> rules = new ArrayList<>();
        for (NftScripts.Chain c : chains) {
            boolean fwd = c.name().endsWith("-fwd");
            listed.add(new NftDump.Chain("k6t", c.name(), OptionalInt.of(fwd ? 0 : c.hookNumber()), fwd ? -200 : 0,
                    OptionalInt.of(fwd ? 0 : 1), "filter"));
            c.rules().forEach(r -> rules.add(new NftDump.Rule("k6t", c.name(), 1, r.rule())));
        }
        assertThat(IsolationRules.of(listed, rules).differences(eth0)).containsExactly("chain bridge k6t k6t-eth0-fwd "
                + "is type filter hook prerouting priority -200 policy drop, not type filter hook forward priority 0 "
                + "policy accept");
    }

    @Test
    void chainsThatShouldNotExistAreFound() throws IOException {
        Plan guarded = plan(true);
        Plan open = plan(false);
        IsolationRules withTapChain = live(installed(guarded.interfaces().get(0)), r -> r);
        assertThat(withTapChain.differences(open.interfaces().get(0))).containsExactly("chain bridge k6t k6t-eth0-tap "
                + "exists but antiSpoofing is off for this interface: it filters the guest's traffic nobody asked to "
                + "filter");
        List<NftScripts.Chain> onUnserved = installed(guarded.interfaces().get(0)).stream()
                .map(c -> new NftScripts.Chain(c.name().replace("eth0", "net2"), c.hook(), c.hookNumber(), List.of()))
                .toList();
        assertThat(live(onUnserved, r -> r).differences(guarded.interfaces().get(1))).hasSize(4)
                .allMatch(d -> d.endsWith("exists but k6t-net does not serve this interface: it filters the guest's "
                        + "traffic nobody asked to filter"));
    }

    @Test
    void aStateFileWrittenBeforeAntiSpoofingExistedReadsAsOffAndWantsNoTapChain() throws IOException {
        InterfacePlan eth0 = plan(true).interfaces().get(0);
        StateStore store = new StateStore(tmp.resolve("state"));
        Files.createDirectories(store.dir());
        store.write(Phase.FINISHED, eth0);
        Path file = store.stateFile("eth0");
        String json = Files.readString(file);
        assertThat(json).contains("\"antiSpoofing\" : true");
        Files.writeString(file, json.replaceAll("\"antiSpoofing\" : true,\\s*", ""));

        InterfacePlan old = store.read("eth0").orElseThrow().plan();
        assertThat(old.config().antiSpoofing()).isFalse();
        assertThat(live(installed(old), r -> r).differences(old)).isEmpty();
        assertThat(IsolationRules.chainNames(old)).doesNotContain("k6t-eth0-tap");
    }
}
