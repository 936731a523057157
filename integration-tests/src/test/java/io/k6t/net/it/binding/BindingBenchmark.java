package io.k6t.net.it.binding;

import io.k6t.net.it.support.TestNetwork;
import io.k6t.net.launcher.binding.BridgeBinding;
import io.k6t.net.launcher.binding.InterfacePlan;
import io.k6t.net.launcher.binding.Plan;
import io.k6t.net.launcher.binding.Step;
import io.k6t.net.launcher.binding.StepKind;
import io.k6t.net.launcher.binding.PodKernel;
import io.k6t.net.launcher.binding.internal.NftScripts;
import io.k6t.net.launcher.binding.StepHook;
import io.k6t.net.launcher.config.DhcpSettings;
import io.k6t.net.launcher.config.PodConfig;
import io.k6t.net.launcher.netlink.Route;
import io.k6t.net.launcher.netns.NetNamespace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Setup time of the bridge binding against the equivalent command scripts, in one run on one
 * machine (scripts/bench-binding.sh runs it as root). For 1, 8 and 32 interfaces: warm in-process
 * {@code apply} (rtnetlink, plus one nf_tables netlink batch per served interface), the same without
 * DHCP (no nftables rules, no lease file), a shell script of the plan's own
 * {@code ip}/{@code bridge}/{@code nft} commands, and the same as one {@code ip -batch} plus one
 * {@code nft -f}. Every process starts from the pod namespace's own thread, so no variant pays for
 * {@code nsenter}. Each
 * sample sets up a pod that a CNI just made and is torn down untimed; after as many untimed warm-up
 * samples, the median is reported.
 */
public final class BindingBenchmark {
    private BindingBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int[] counts = args.length > 0 ? Arrays.stream(args).mapToInt(Integer::parseInt).toArray()
                : new int[] {1, 8, 32};
        Path dir = Files.createTempDirectory(Path.of("/dev/shm"), "k6t-bench-");
        StringBuilder breakdown = new StringBuilder();
        System.out.println("| interfaces | k6t-net apply (ms) | apply without DHCP (ms) | shell script (ms) "
                + "| ip -batch + nft (ms) | script / apply | batch / apply |");
        System.out.println("|---:|---:|---:|---:|---:|---:|---:|");
        for (int n : counts) {
            int samples = n >= 32 ? 5 : n >= 8 ? 15 : 40;
            Path sub = Files.createDirectories(dir.resolve("n" + n));
            try (PodFixture f = PodFixture.create(sub, n, false);
                    NetNamespace ns = NetNamespace.open(f.net.name("pod"));
                    PodKernel kernel = PodKernel.in(ns)) {
                PodConfig served = f.config();
                PodConfig unserved = f.config(i -> i.withDhcp(new DhcpSettings(false,
                        DhcpSettings.DEFAULT_LEASE_SECONDS, List.of(), Optional.empty(), Optional.empty(), List.of(),
                        false)));
                Plan plan = BridgeBinding.using(served, kernel, StepHook.NONE).plan();
                Path script = sub.resolve("setup.sh");
                Files.writeString(script, shellScript(plan));
                Path batch = sub.resolve("setup.batch");
                Files.writeString(batch, ipBatch(plan));
                Path nft = sub.resolve("setup.nft");
                Files.writeString(nft, plan.interfaces().stream().filter(InterfacePlan::served)
                        .map(NftScripts::add).reduce("", String::concat));
                Path undo = sub.resolve("teardown.sh");
                Files.writeString(undo, undoScript(plan));

                double apply = median(samples, () -> timedApply(served, kernel));
                double applyNoNft = median(samples, () -> timedApply(unserved, kernel));
                double shell = median(samples, () -> {
                    long t = System.nanoTime();
                    ns.run(() -> TestNetwork.run(List.of("sh", "-e", script.toString())));
                    long elapsed = System.nanoTime() - t;
                    ns.run(() -> TestNetwork.run(List.of("sh", "-e", undo.toString())));
                    return elapsed;
                });
                double batched = median(samples, () -> {
                    long t = System.nanoTime();
                    ns.run(() -> TestNetwork.run(List.of("ip", "-batch", batch.toString())));
                    ns.run(() -> TestNetwork.run(List.of("nft", "-f", nft.toString())));
                    long elapsed = System.nanoTime() - t;
                    ns.run(() -> TestNetwork.run(List.of("sh", "-e", undo.toString())));
                    return elapsed;
                });
                System.out.printf(Locale.ROOT, "| %d | %.2f | %.2f | %.2f | %.2f | %.1f | %.1f |%n", n, apply,
                        applyNoNft, shell, batched, shell / apply, batched / apply);
                if (n == 1) {
                    breakdown.append(stepBreakdown(served, kernel, samples));
                }
            }
        }
        System.out.println();
        System.out.println("Median time per step, 1 interface (ms): " + breakdown);
        TestNetwork.run(List.of("rm", "-rf", dir.toString()));
    }

    /** Median time of each step kind over {@code samples} applies (after as many warm-up applies). */
    private static String stepBreakdown(PodConfig config, PodKernel kernel, int samples) {
        java.util.Map<StepKind, long[]> times = new java.util.EnumMap<>(StepKind.class);
        long[] started = new long[1];
        int[] round = new int[1];
        StepHook clock = new StepHook() {
            @Override
            public void before(Step step) {
                started[0] = System.nanoTime();
            }

            @Override
            public void after(Step step) {
                if (round[0] >= samples) {
                    times.computeIfAbsent(step.kind(), k -> new long[samples])[round[0] - samples] =
                            System.nanoTime() - started[0];
                }
            }
        };
        long[] plans = new long[samples];
        long[] totals = new long[samples];
        for (round[0] = 0; round[0] < 2 * samples; round[0]++) {
            long t = System.nanoTime();
            BridgeBinding.using(config, kernel, StepHook.NONE).plan();
            if (round[0] >= samples) {
                plans[round[0] - samples] = System.nanoTime() - t;
            }
            t = System.nanoTime();
            BridgeBinding.using(config, kernel, clock).apply();
            if (round[0] >= samples) {
                totals[round[0] - samples] = System.nanoTime() - t;
            }
            BridgeBinding.using(config, kernel, StepHook.NONE).teardown();
        }
        Arrays.sort(plans);
        Arrays.sort(totals);
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "whole apply %.2f; plan (discovery) %.2f; ",
                totals[samples / 2] / 1e6, plans[samples / 2] / 1e6));
        times.forEach((kind, t) -> {
            Arrays.sort(t);
            sb.append(String.format(Locale.ROOT, "%s %.2f; ", kind, t[samples / 2] / 1e6));
        });
        return sb.toString();
    }

    /** One apply, timed; the teardown after it is not. */
    private static long timedApply(PodConfig config, PodKernel kernel) {
        long t = System.nanoTime();
        BridgeBinding.using(config, kernel, StepHook.NONE).apply();
        long elapsed = System.nanoTime() - t;
        BridgeBinding.using(config, kernel, StepHook.NONE).teardown();
        return elapsed;
    }

    private interface Sample {
        long nanos() throws Exception;
    }

    /** Warms up with {@code samples} untimed runs, then returns the median of {@code samples} runs in ms. */
    private static double median(int samples, Sample sample) throws Exception {
        for (int i = 0; i < samples; i++) {
            sample.nanos();
        }
        long[] times = new long[samples];
        for (int i = 0; i < samples; i++) {
            times[i] = sample.nanos();
        }
        Arrays.sort(times);
        return times[samples / 2] / 1e6;
    }

    /** The plan's own commands, one process each; the nft rules as one {@code nft -f} per interface. */
    static String shellScript(Plan plan) {
        StringBuilder sb = new StringBuilder();
        for (InterfacePlan i : plan.interfaces()) {
            for (Step s : i.steps()) {
                if (s.kind() == StepKind.DHCP_ISOLATION) {
                    sb.append("nft -f - <<'EOF'\n").append(NftScripts.add(i)).append("EOF\n");
                } else if (s.kind() != StepKind.PERSIST_STARTED && s.kind() != StepKind.PERSIST_FINISHED) {
                    s.commands().forEach(c -> sb.append(c).append('\n'));
                }
            }
        }
        return sb.toString();
    }

    /** The same link, address and route commands as one {@code ip -batch} file. */
    static String ipBatch(Plan plan) {
        StringBuilder sb = new StringBuilder();
        for (InterfacePlan i : plan.interfaces()) {
            for (Step s : i.steps()) {
                if (s.kind() == StepKind.DHCP_ISOLATION || s.kind() == StepKind.PERSIST_STARTED
                        || s.kind() == StepKind.PERSIST_FINISHED) {
                    continue;
                }
                for (String c : s.commands()) {
                    if (c.startsWith("bridge link set dev ")) {
                        String dev = c.split(" ")[4];
                        sb.append("link set dev ").append(dev).append(" type bridge_slave learning off\n");
                    } else {
                        // A batch line takes no global options: "-4 addr flush" of a new bridge is "addr flush".
                        sb.append(c.substring("ip ".length()).replace("-4 addr flush", "addr flush")).append('\n');
                    }
                }
            }
        }
        return sb.toString();
    }

    /** Puts the pod back as the fixture made it (untimed). */
    static String undoScript(Plan plan) {
        StringBuilder sb = new StringBuilder("nft delete table bridge k6t 2>/dev/null || true\n");
        for (InterfacePlan i : plan.interfaces()) {
            String nic = i.names().nic();
            String pod = i.podInterface();
            sb.append("ip link del ").append(i.names().bridge()).append('\n');
            sb.append("ip link del ").append(i.names().tap()).append('\n');
            sb.append("ip link set ").append(nic).append(" down\n");
            sb.append("ip link set ").append(nic).append(" name ").append(pod).append('\n');
            sb.append("ip link set ").append(pod).append(" address ").append(i.original().mac().orElseThrow())
                    .append('\n');
            i.original().ipv4().forEach(a -> sb.append("ip addr add ").append(a.prefix()).append(" dev ").append(pod)
                    .append('\n'));
            sb.append("ip link set ").append(pod).append(" up\n");
            for (Route r : i.original().restorableRoutes()) {
                sb.append("ip route replace ").append(r.describe(i::linkName)).append('\n');
            }
        }
        return sb.toString();
    }
}
