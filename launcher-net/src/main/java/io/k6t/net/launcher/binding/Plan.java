package io.k6t.net.launcher.binding;

import io.k6t.net.launcher.binding.internal.PlanFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What {@link BridgeBinding#apply} would do: the interfaces as discovered (or as their state files
 * recorded them), their phases and the exact steps. Rendered with {@link #toText()},
 * {@link #toJson()} and {@link #toDot()}.
 *
 * @param interfaces the interfaces, in configuration order
 * @param phases     each pod interface's phase, by pod interface name
 */
public record Plan(List<InterfacePlan> interfaces, Map<String, Phase> phases) {
    public Plan {
        interfaces = List.copyOf(interfaces);
        phases = Map.copyOf(phases);
    }

    /** Every step, numbered through the whole plan. */
    public List<Step> steps() {
        List<Step> all = new ArrayList<>();
        for (InterfacePlan iface : interfaces) {
            for (Step step : iface.steps()) {
                all.add(step.renumbered(all.size() + 1));
            }
        }
        return all;
    }

    /** Warnings for a person (keepPodAddress and renewals, IPv6 the guest will not get, no IPv4). */
    public List<String> warnings() {
        return interfaces.stream().flatMap(i -> i.warnings().stream()).toList();
    }

    /** The phase of {@code podInterface}. */
    public Phase phase(String podInterface) {
        return phases.getOrDefault(podInterface, Phase.NEW);
    }

    /** A plain-text rendering for people. */
    public String toText() {
        return PlanFormat.text(this);
    }

    /** A JSON rendering: {@code interfaces}, {@code phases}, {@code steps}, {@code warnings}. */
    public String toJson() {
        return PlanFormat.json(this);
    }

    /** A Graphviz dot rendering of the topology after setup (node side, pod link, bridge, tap, guest). */
    public String toDot() {
        return PlanFormat.dot(this);
    }
}
