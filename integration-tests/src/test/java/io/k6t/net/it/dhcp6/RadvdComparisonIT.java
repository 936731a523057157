package io.k6t.net.it.dhcp6;

import static org.assertj.core.api.Assertions.assertThat;

import io.k6t.net.it.support.Poll;
import io.k6t.net.it.support.Prerequisites;
import io.k6t.net.it.support.TestNetwork;
import io.k6t.net.launcher.binding.internal.LeaseFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * k6t-net's router advertisements against radvd's with the same configuration ({@link Radvd#config}, made
 * from the advertisement k6t-net sends for the pod), each on the bridge of a pod bound the same way
 * ({@link Ipv6Pod}, IPv6-only, the guest's link at MTU 9000 so the advertised 1500 shows). Two real clients
 * read them: the guest's kernel (its routes: the default route and the on-link prefix; the IPv6 MTU of the
 * link) and then dhcpcd 9 with router solicitation only (what its hook is told: router, flags, hop limit,
 * lifetime, MTU, prefix, RDNSS, DNSSL; and the prefix route it installs: without DHCPv6 it has no global
 * address, and dhcpcd adds no default route then). What each ends up with is the same, apart from the times
 * dhcpcd stamps.
 */
class RadvdComparisonIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    /** What a guest ends up with. */
    record Outcome(String kernelRoutes, String linkMtu, Map<String, String> dhcpcdAdvertisement, String dhcpcdRoutes) {
    }

    @Test
    void theKernelAndDhcpcdEndUpWithTheSameRouteMtuAndDnsFromK6tNetAsFromRadvd() throws Exception {
        Prerequisites.requireTool("radvd", "radvd");
        Prerequisites.requireTool("dhcpcd", "dhcpcd-base");
        Outcome k6tNet;
        String bridgeLinkLocal;
        try (Ipv6Pod pod = Ipv6Pod.create(Files.createDirectories(dir.resolve("k6t-net")), 3600)) {
            bridgeLinkLocal = pod.bridgeLinkLocal;
            k6tNet = observe(pod, dir.resolve("k6t-net"));
        }
        Outcome radvd;
        try (Ipv6Pod pod = Ipv6Pod.create(Files.createDirectories(dir.resolve("radvd")), 3600, false, false);
                Radvd peer = Radvd.start(pod.net, "pod", Ipv6Pod.BRIDGE,
                        LeaseFiles.advertisement(pod.podNetwork().plan().interfaces().get(0)), dir.resolve("radvd"))) {
            assertThat(pod.bridgeLinkLocal).as("the bridge's link-local address, the same in both pods")
                    .isEqualTo(bridgeLinkLocal);
            radvd = observe(pod, dir.resolve("radvd"));
        }

        assertThat(k6tNet.kernelRoutes()).contains("fd00:10:244::/64 proto kernel",
                "default via " + bridgeLinkLocal + " proto ra metric 1024 mtu 1500 hoplimit 64 pref medium");
        assertThat(k6tNet.linkMtu()).isEqualTo("1500");
        assertThat(k6tNet.dhcpcdAdvertisement()).containsEntry("nd1_rdnss1_servers", Ipv6Pod.DNS)
                .containsEntry("nd1_dnssl1_search", String.join(" ", Ipv6Pod.SEARCH))
                .containsEntry("nd1_mtu", "1500").containsEntry("nd1_from", bridgeLinkLocal);
        assertThat(k6tNet.dhcpcdAdvertisement()).containsEntry("nd1_flags", "MO").containsEntry("nd1_lifetime", "1800")
                .containsEntry("nd1_prefix_information1_prefix", "fd00:10:244::")
                .containsEntry("nd1_prefix_information1_flags", "L");
        assertThat(k6tNet.dhcpcdRoutes()).startsWith("fd00:10:244::/64 metric ").contains(" mtu 1500 ");
        assertThat(radvd).as("what the guest ends up with from radvd, against k6t-net").isEqualTo(k6tNet);
    }

    /** The kernel's view, then dhcpcd's, of the advertisements on {@code pod}'s bridge. */
    private static Outcome observe(Ipv6Pod pod, Path dir) throws IOException {
        TestNetwork net = pod.net;
        net.exec("pod", "ip", "link", "set", "tapg", "mtu", "9000");
        net.exec("guest", "ip", "link", "set", "eth0", "down");
        net.exec("guest", "ip", "link", "set", "eth0", "mtu", "9000", "up");
        String kernelRoutes = Poll.until(TIMEOUT, "the guest kernel's default route from an advertisement",
                () -> Optional.of(routes(net)).filter(r -> r.contains("default via ")));
        String mtu = net.exec("guest", "sysctl", "-n", "net.ipv6.conf.eth0.mtu").strip();

        // dhcpcd handles advertisements itself: the kernel's route goes, so the one polled for next is dhcpcd's.
        net.exec("guest", "sysctl", "-qw", "net.ipv6.conf.eth0.accept_ra=0");
        net.exec("guest", "ip", "-6", "route", "flush", "dev", "eth0", "proto", "ra");
        Path conf = dir.resolve("dhcpcd.conf");
        Files.writeString(conf, "ipv6rs\nnodhcp6\n");
        Path env = dir.resolve("dhcpcd-ra.env");
        Path hook = dir.resolve("dhcpcd.hook");
        Files.writeString(hook, "#!/bin/sh\n[ \"$reason\" = ROUTERADVERT ] && env > " + env + ".tmp && mv " + env
                + ".tmp " + env + "\nexit 0\n");
        Files.setPosixFilePermissions(hook, PosixFilePermissions.fromString("rwx------"));
        Path db = Files.createDirectories(dir.resolve("dhcpcd-db"));
        Process dhcpcd = net.start("guest", dir.resolve("dhcpcd.log"), "sh", "-c", "mount --bind " + db
                + " /var/lib/dhcpcd && mount -t tmpfs tmpfs /run && exec dhcpcd -f " + conf + " -c " + hook
                + " -6 -B eth0");
        try {
            Poll.untilTrue(TIMEOUT, "dhcpcd's hook called for an advertisement", () -> Files.exists(env));
            String dhcpcdRoutes = Poll.until(TIMEOUT, "dhcpcd's route to the advertised prefix",
                    () -> Optional.of(routes(net, "proto", "ra")).filter(r -> !r.isEmpty()));
            Map<String, String> advertisement = new TreeMap<>();
            for (String line : Files.readAllLines(env)) {
                int eq = line.indexOf('=');
                // the times dhcpcd stamps (acquired, now) differ between two runs of anything
                if (line.startsWith("nd1_") && eq > 0 && !line.startsWith("nd1_acquired=")
                        && !line.startsWith("nd1_now=")) {
                    advertisement.put(line.substring(0, eq), line.substring(eq + 1));
                }
            }
            return new Outcome(kernelRoutes, mtu, advertisement, dhcpcdRoutes);
        } finally {
            TestNetwork.stop(dhcpcd);
        }
    }

    /** The guest's IPv6 routes on eth0 (main table, {@code filter} added), without the countdown of lifetimes. */
    private static String routes(TestNetwork net, String... filter) {
        List<String> command = new ArrayList<>(List.of("ip", "-6", "route", "show", "dev", "eth0"));
        command.addAll(List.of(filter));
        return net.exec("guest", command.toArray(String[]::new)).strip().replaceAll(" expires \\d+sec", "");
    }
}
