package io.k6t.net.launcher.binding;

import java.util.List;

/**
 * One step of a plan.
 *
 * @param number       1-based position in the plan
 * @param podInterface the pod interface the step belongs to
 * @param kind         what the step does
 * @param summary      one line in plain words
 * @param commands     the equivalent shell commands ({@code ip}, {@code nft}, {@code sysctl}), for people
 */
public record Step(int number, String podInterface, StepKind kind, String summary, List<String> commands) {
    public Step {
        commands = List.copyOf(commands);
    }

    /** This step with another number. */
    public Step renumbered(int n) {
        return new Step(n, podInterface, kind, summary, commands);
    }
}
