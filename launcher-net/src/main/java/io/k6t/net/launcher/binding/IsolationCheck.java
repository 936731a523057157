package io.k6t.net.launcher.binding;

import io.k6t.net.launcher.binding.internal.NftScripts;
import io.k6t.net.launcher.netlink.NetlinkException;
import io.k6t.net.launcher.netlink.NftablesHandle;
import io.k6t.net.launcher.netlink.internal.NftBatch;
import io.k6t.net.launcher.netlink.internal.NftDump;
import io.k6t.net.launcher.netlink.internal.NftExpression;
import io.k6t.net.launcher.netlink.internal.NftRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Collectors;

/**
 * The live {@code bridge k6t} table of a pod compared with the rules the binding installs for each
 * interface (the isolation and anti-spoofing chains, see {@code NftScripts}): what {@code explain}
 * reports as a missing or altered rule set. A snapshot: read it again to see later changes.
 */
public final class IsolationCheck {
    private static final List<String> SUFFIXES = List.of("-in", "-fwd", "-out", "-tap");
    private static final int NF_ACCEPT = 1;

    private final Map<String, NftDump.Chain> chains;
    private final Map<String, List<NftDump.Rule>> rules;

    private IsolationCheck(List<NftDump.Chain> chains, List<NftDump.Rule> rules) {
        this.chains = chains.stream().filter(c -> c.table().equals(InterfacePlan.NFT_TABLE))
                .collect(Collectors.toMap(NftDump.Chain::name, c -> c, (a, b) -> a));
        this.rules = rules.stream().collect(Collectors.groupingBy(NftDump.Rule::chain));
    }

    /** Reads the table through {@code nftables} (a handle opened in the pod's namespace). */
    public static IsolationCheck read(NftablesHandle nftables) throws NetlinkException {
        return new IsolationCheck(nftables.chains(NftBatch.FAMILY_BRIDGE),
                nftables.rules(NftBatch.FAMILY_BRIDGE, InterfacePlan.NFT_TABLE));
    }

    /** A check over chains and rules already read, of any table (those of others are ignored). */
    public static IsolationCheck of(List<NftDump.Chain> chains, List<NftDump.Rule> rules) {
        return new IsolationCheck(chains, rules);
    }

    /** The chains the binding installs for {@code plan}: none when k6t-net does not serve it. */
    private static List<NftScripts.Chain> wanted(InterfacePlan plan) {
        return plan.isolated() ? NftScripts.chains(NftScripts.Target.of(plan)) : List.of();
    }

    /** The names of the chains {@code plan} should have, for a person. */
    public static List<String> chainNames(InterfacePlan plan) {
        return wanted(plan).stream().map(NftScripts.Chain::name).toList();
    }

    /**
     * How the live table differs from what the binding installs for {@code plan}, one sentence each;
     * empty when the interface's chains hold exactly its rules, in order, and no chain of its bridge
     * exists that should not.
     */
    public List<String> differences(InterfacePlan plan) {
        List<String> found = new ArrayList<>();
        List<NftScripts.Chain> wanted = wanted(plan);
        for (NftScripts.Chain want : wanted) {
            String name = "chain bridge " + InterfacePlan.NFT_TABLE + " " + want.name();
            NftDump.Chain live = chains.get(want.name());
            if (live == null) {
                found.add(name + " is missing (" + want.rules().size() + " rules)");
                continue;
            }
            if (!live.hook().equals(OptionalInt.of(want.hookNumber())) || live.priority() != 0
                    || !live.policy().equals(OptionalInt.of(NF_ACCEPT)) || !live.type().equals("filter")) {
                found.add(name + " is " + describe(live) + ", not type filter hook " + want.hook()
                        + " priority 0 policy accept");
            }
            List<NftRule> have = rules.getOrDefault(want.name(), List.of()).stream().map(NftDump.Rule::rule)
                    .toList();
            List<NftRule> expected = want.rules().stream().map(NftScripts.Rule::rule).toList();
            if (have.equals(expected)) {
                continue;
            }
            for (NftScripts.Rule r : want.rules()) {
                if (!have.contains(r.rule())) {
                    found.add(name + " lacks the rule '" + r.text() + "'");
                }
            }
            for (NftDump.Rule r : rules.getOrDefault(want.name(), List.of())) {
                if (!expected.contains(r.rule())) {
                    found.add(name + " holds a rule k6t-net does not install (handle " + r.handle() + "): "
                            + r.rule().expressions().stream().map(NftExpression::toString)
                                    .collect(Collectors.joining(" ")));
                }
            }
            if (have.size() == expected.size() && have.containsAll(expected)) {
                found.add(name + " holds its rules in another order than k6t-net installs them");
            } else if (have.containsAll(expected) && expected.containsAll(have)) {
                found.add(name + " holds a rule more than once");
            }
        }
        for (String suffix : SUFFIXES) {
            String chain = plan.names().bridge() + suffix;
            if (chains.containsKey(chain) && wanted.stream().noneMatch(c -> c.name().equals(chain))) {
                found.add("chain bridge " + InterfacePlan.NFT_TABLE + " " + chain + " exists but "
                        + (plan.isolated() ? "antiSpoofing is off for this interface"
                                : "k6t-net does not serve this interface")
                        + ": it filters the guest's traffic nobody asked to filter");
            }
        }
        return found;
    }

    private static String describe(NftDump.Chain c) {
        if (c.hook().isEmpty()) {
            return "a regular chain (no hook)";
        }
        Optional<String> hook = hookName(c.hook().getAsInt());
        return "type " + (c.type().isEmpty() ? "?" : c.type()) + " hook "
                + hook.orElse(Integer.toString(c.hook().getAsInt())) + " priority " + c.priority() + " policy "
                + (c.policy().equals(OptionalInt.of(NF_ACCEPT)) ? "accept"
                        : c.policy().equals(OptionalInt.of(0)) ? "drop" : c.policy().toString());
    }

    private static Optional<String> hookName(int hook) {
        List<String> names = List.of("prerouting", "input", "forward", "output", "postrouting");
        return hook >= 0 && hook < names.size() ? Optional.of(names.get(hook)) : Optional.empty();
    }
}
