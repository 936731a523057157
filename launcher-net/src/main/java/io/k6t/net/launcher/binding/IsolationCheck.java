package io.k6t.net.launcher.binding;

import io.k6t.net.launcher.binding.internal.IsolationRules;
import io.k6t.net.launcher.netlink.NetlinkException;
import io.k6t.net.launcher.netlink.internal.NftablesHandle;
import java.util.List;

/**
 * The live {@code bridge k6t} table of a pod compared with the rules the binding installs for each
 * interface (the isolation and anti-spoofing chains): what {@code explain} reports as a missing or
 * altered rule set. A snapshot: read it again to see later changes.
 */
public final class IsolationCheck {
    private final IsolationRules rules;

    private IsolationCheck(IsolationRules rules) {
        this.rules = rules;
    }

    /** Reads the table of the calling thread's network namespace (enter the pod's first). */
    public static IsolationCheck read() throws NetlinkException {
        try (NftablesHandle nftables = NftablesHandle.open()) {
            return new IsolationCheck(IsolationRules.read(nftables));
        }
    }

    /** The names of the chains {@code plan} should have, for a person. */
    public static List<String> chainNames(InterfacePlan plan) {
        return IsolationRules.chainNames(plan);
    }

    /**
     * How the live table differs from what the binding installs for {@code plan}, one sentence each;
     * empty when the interface's chains hold exactly its rules, in order, and no chain of its bridge
     * exists that should not.
     */
    public List<String> differences(InterfacePlan plan) {
        return rules.differences(plan);
    }
}
