package io.k6t.net.launcher.binding.internal;

import io.k6t.net.launcher.binding.BindingException;
import io.k6t.net.launcher.binding.BindingException.Reason;
import io.k6t.net.launcher.binding.InterfacePlan;
import io.k6t.net.launcher.binding.Phase;
import io.k6t.net.launcher.binding.PodKernel;
import io.k6t.net.launcher.binding.Step;
import io.k6t.net.launcher.binding.StepHook;
import io.k6t.net.launcher.binding.StepKind;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the steps of interface plans forward and backward, one {@link BindingStep} per kind. A failing
 * forward step rolls back, in reverse, every step this run did (the failing one included, as it may be
 * half done); an interface whose rollback fails keeps its state file, phase {@code started}, so the
 * next run resumes it.
 */
public final class BindingExecutor {
    private static final Logger LOG = LoggerFactory.getLogger(BindingExecutor.class);
    private static final Map<StepKind, BindingStep> STEPS = new EnumMap<>(StepKind.class);

    static {
        for (BindingStep step : List.of(new PersistStartedStep(), new BridgeStep(), new PodLinkStep(), new TapStep(),
                new PlaceholderStep(), new GuestRouteStep(), new Ipv6RoutingStep(),
                new DhcpIsolationStep(), new PersistFinishedStep())) {
            STEPS.put(step.kind(), step);
        }
    }

    private final StepContext context;
    private final StepHook hook;

    public BindingExecutor(PodKernel kernel, StateStore store, StepHook hook) {
        this(kernel, store, hook, Clock.systemUTC());
    }

    /** With the clock that ages recorded address lifetimes. */
    public BindingExecutor(PodKernel kernel, StateStore store, StepHook hook, Clock clock) {
        this.context = new StepContext(kernel, store, clock);
        this.hook = hook;
    }

    /** The step implementing {@code kind}. */
    public static BindingStep step(StepKind kind) {
        return STEPS.get(kind);
    }

    private record Done(InterfacePlan plan, StepKind kind) {
    }

    /**
     * Applies {@code plans} (with their recorded phases). New and started interfaces run every step;
     * finished ones are checked step by step (a no-op when nothing drifted) and never rolled back.
     */
    public void apply(List<InterfacePlan> plans, Map<String, Phase> phases) {
        List<Done> done = new ArrayList<>();
        int number = 0;
        for (InterfacePlan plan : plans) {
            Phase phase = phases.getOrDefault(plan.podInterface(), Phase.NEW);
            if (phase == Phase.NEW) {
                plan.warnings().forEach(w -> LOG.warn("{}", w));
            } else if (phase == Phase.STARTED) {
                LOG.info("{}: resuming an interrupted setup (phase started)", plan.podInterface());
                // Steps before the crash may all have been done: undo them all if the resume fails.
                for (Step step : plan.steps()) {
                    done.add(new Done(plan, step.kind()));
                }
            }
            for (Step local : plan.steps()) {
                Step step = local.renumbered(++number);
                if (phase == Phase.FINISHED && step.kind() == StepKind.PERSIST_STARTED) {
                    continue;
                }
                if (phase != Phase.STARTED) {
                    done.add(new Done(plan, step.kind()));
                }
                try {
                    hook.before(step);
                    step(step.kind()).forward(context, plan);
                    hook.after(step);
                } catch (RuntimeException e) {
                    BindingException failure = new BindingException(Reason.STEP_FAILED, plan.podInterface()
                            + ": step " + step.number() + " (" + step.summary() + ") failed: " + e.getMessage()
                            + (phase == Phase.FINISHED ? "" : "; rolled back"), step, e);
                    if (phase == Phase.FINISHED) {
                        throw failure;
                    }
                    rollBack(done.stream().filter(d -> phases.getOrDefault(d.plan().podInterface(), Phase.NEW)
                            != Phase.FINISHED).toList(), failure);
                    throw failure;
                }
            }
            if (phase == Phase.FINISHED) {
                done.removeIf(d -> d.plan() == plan);
            }
        }
    }

    /** Undoes every step of {@code plans}, last interface first, and removes their state files. */
    public void teardown(List<InterfacePlan> plans) {
        List<Done> all = new ArrayList<>();
        for (InterfacePlan plan : plans) {
            for (Step step : plan.steps()) {
                all.add(new Done(plan, step.kind()));
            }
        }
        BindingException failure = new BindingException(Reason.STEP_FAILED, "teardown failed");
        rollBack(all, failure);
        if (failure.getSuppressed().length > 0) {
            throw failure;
        }
    }

    private void rollBack(List<Done> done, BindingException failure) {
        List<String> failed = new ArrayList<>();
        for (int i = done.size() - 1; i >= 0; i--) {
            Done d = done.get(i);
            String pod = d.plan().podInterface();
            // Each undo relies on the later steps being undone (a placeholder holds the name the pod
            // link gets back): after a failure the rest of this interface waits for the next run,
            // which finds the state file and undoes it all again, rather than failing step after step.
            if (failed.contains(pod)) {
                continue;
            }
            try {
                step(d.kind()).undo(context, d.plan());
            } catch (RuntimeException e) {
                // Keep the state file (phase started): the next run resumes this interface.
                failed.add(pod);
                failure.addSuppressed(e);
                LOG.error("{}: undoing {} failed; state kept for the next run", pod, d.kind(), e);
            }
        }
    }
}
