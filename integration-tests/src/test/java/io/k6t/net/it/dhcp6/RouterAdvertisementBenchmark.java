package io.k6t.net.it.dhcp6;

import com.google.common.io.MoreFiles;
import com.google.common.io.RecursiveDeleteOption;
import io.k6t.net.it.support.TestNetwork;
import io.k6t.net.launcher.binding.internal.LeaseFiles;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Router solicitation to advertisement time of k6t-net's router advertiser against radvd's with the same
 * configuration ({@link Radvd#config}), in one run on one machine (scripts/bench-ra.sh runs it as root). Two
 * IPv6-only pods bound the same way ({@link Ipv6Pod}; in radvd's, k6t-net's DHCP is off and radvd advertises
 * on the bridge); in each guest {@code rs-rtt.py} sends a solicitation and times the unicast advertisement
 * that answers it, one at a time, from a raw socket (the same client for both). Rounds alternate between the
 * two so a change of load hits both; the first round of each is a warm-up and is not counted. Prints a
 * Markdown table: median, 90th percentile and mean per advertiser, and radvd's over k6t-net's.
 */
public final class RouterAdvertisementBenchmark {
    private RouterAdvertisementBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int perRound = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        Path dir = Files.createTempDirectory(Path.of("/dev/shm"), "k6t-bench-ra-");
        Path script = dir.resolve("rs-rtt.py");
        try (InputStream in = RouterAdvertisementBenchmark.class.getResourceAsStream("rs-rtt.py")) {
            Files.copy(in, script);
        }
        List<Double> k6tNet = new ArrayList<>();
        List<Double> radvd = new ArrayList<>();
        int[] timeouts = new int[2];
        try {
            run(dir, script, rounds, perRound, k6tNet, radvd, timeouts);
        } finally {
            MoreFiles.deleteRecursively(dir, RecursiveDeleteOption.ALLOW_INSECURE);
        }
        System.out.println("| advertiser | solicitations | median (ms) | p90 (ms) | mean (ms) | unanswered |");
        System.out.println("|---|---:|---:|---:|---:|---:|");
        row("k6t-net", k6tNet, timeouts[0]);
        row("radvd 2.19", radvd, timeouts[1]);
        System.out.printf("%nradvd / k6t-net: median %.1fx, p90 %.1fx, mean %.1fx%n",
                percentile(radvd, 50) / percentile(k6tNet, 50), percentile(radvd, 90) / percentile(k6tNet, 90),
                mean(radvd) / mean(k6tNet));
    }

    private static void run(Path dir, Path script, int rounds, int perRound, List<Double> k6tNet, List<Double> radvd,
            int[] timeouts) throws Exception {
        try (Ipv6Pod ours = Ipv6Pod.create(Files.createDirectories(dir.resolve("k6t-net")), 3600);
                Ipv6Pod theirs = Ipv6Pod.create(Files.createDirectories(dir.resolve("radvd")), 3600, false, false);
                Radvd peer = Radvd.start(theirs.net, "pod", Ipv6Pod.BRIDGE, LeaseFiles.advertisement(
                        theirs.podNetwork().plan().interfaces().get(0)), dir.resolve("radvd"))) {
            ours.net.linkLocal("guest", "eth0");
            theirs.net.linkLocal("guest", "eth0");
            for (int round = 0; round <= rounds; round++) {
                boolean warmUp = round == 0;
                int[] unanswered = warmUp ? new int[2] : timeouts;
                measure(ours.net, script, perRound, warmUp ? new ArrayList<>() : k6tNet, unanswered, 0);
                measure(theirs.net, script, perRound, warmUp ? new ArrayList<>() : radvd, unanswered, 1);
            }
        }
    }

    private static void measure(TestNetwork net, Path script, int count, List<Double> into, int[] timeouts,
            int which) {
        for (String line : net.exec("guest", "python3", script.toString(), "eth0", Integer.toString(count))
                .strip().split("\n")) {
            if (line.equals("timeout")) {
                timeouts[which]++;
            } else {
                into.add(Double.parseDouble(line));
            }
        }
    }

    private static void row(String name, List<Double> samples, int unanswered) {
        System.out.printf("| %s | %d | %.3f | %.3f | %.3f | %d |%n", name, samples.size() + unanswered,
                percentile(samples, 50), percentile(samples, 90), mean(samples), unanswered);
    }

    /** Nearest-rank percentile. */
    private static double percentile(List<Double> samples, int p) {
        List<Double> sorted = samples.stream().sorted().toList();
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, rank - 1));
    }

    private static double mean(List<Double> samples) {
        return samples.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }
}
