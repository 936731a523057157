package io.k6t.net.it.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.k6t.net.it.support.Poll;
import io.k6t.net.it.support.Prerequisites;
import io.k6t.net.it.support.TestNetwork;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** explain on a real pod set up by k6t-net, broken on purpose one way at a time and repaired. */
class ExplainIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    /** The pod's global IPv6 address in the dual-stack test, the guest's once bound. */
    private static final String GUEST6 = "fd00:10:244::5";

    @TempDir
    Path tmp;

    @Test
    void eachBreakageIsFoundAndNamedThenTheRepairedPodIsHealthy() throws Exception {
        Prerequisites.requireTool("udhcpc", "udhcpc");
        try (TestNetwork net = TestNetwork.create("node", "pod", "guest")) {
            String mac = CliPod.wire(net);
            Path config = CliPod.config(tmp, "");
            String[] explain = {"explain", "--config", config.toString(), "--netns", net.name("pod")};
            assertThat(K6tNetCli.run("setup", "--config", config.toString(), "--netns", net.name("pod")).exitCode())
                    .isZero();

            // Set up but nobody serves DHCP yet.
            assertProblem(K6tNetCli.run(explain), "no DHCP server is listening");

            Path ready = tmp.resolve("ready");
            Process serve = K6tNetCli.start(tmp.resolve("serve.log"), "serve", "--config", config.toString(),
                    "--netns", net.name("pod"), "--ready-file", ready.toString());
            try {
                Poll.untilTrue(TIMEOUT, "serve ready", () -> Files.exists(ready) || !serve.isAlive());
                K6tNetCli.Run healthy = K6tNetCli.run(explain);
                assertThat(healthy.exitCode()).as("%s", healthy).isZero();
                assertThat(healthy.stdout()).contains("no problem found", "ok      eth0: bridge k6t-eth0 is up");

                breakAndRepair(net, explain, "pod link eth0-nic still holds [10.244.1.5/24]",
                        List.of("ip", "addr", "add", "10.244.1.5/24", "dev", "eth0-nic"),
                        List.of("ip", "addr", "flush", "dev", "eth0-nic"));
                breakAndRepair(net, explain, "MTU mismatch: the guest uses 1450 but tap0 1400",
                        List.of("ip", "link", "set", "tap0", "mtu", "1400"),
                        List.of("ip", "link", "set", "tap0", "mtu", "1450"));
                breakAndRepair(net, explain, "tap tap0 is not a port of k6t-eth0 (it has no master)",
                        List.of("ip", "link", "set", "tap0", "nomaster"),
                        List.of("ip", "link", "set", "tap0", "master", "k6t-eth0"));
                breakAndRepair(net, explain, "no route 10.244.1.5/32 dev k6t-eth0",
                        List.of("ip", "route", "del", "10.244.1.5/32", "dev", "k6t-eth0"),
                        List.of("ip", "route", "add", "10.244.1.5/32", "dev", "k6t-eth0", "scope", "link"));
                net.exec("pod", "ip", "link", "add", "k6t-hold", "type", "veth", "peer", "name", "k6t-hold-peer");
                breakAndRepair(net, explain, "k6t-hold in the pod holds the guest's address 10.244.1.5",
                        List.of("ip", "addr", "add", "10.244.1.5/24", "dev", "k6t-hold"),
                        List.of("ip", "link", "del", "k6t-hold"));

                // The MAC the domain really uses differs from the lease file's.
                Path domain = DhcpPod.write(tmp.resolve("domain.xml"), "<domain type='kvm'><devices>"
                        + "<interface type='ethernet'><mac address='02:00:00:00:00:99'/><target dev='tap0'/>"
                        + "<alias name='ua-default'/></interface></devices></domain>");
                assertProblem(K6tNetCli.run(PodCommandsIT.concat(explain[0], explain[1], explain[2], explain[3],
                        explain[4], "--libvirt-xml", domain.toString())), "the lease file serves MAC " + mac
                        + " but the libvirt XML has 02:00:00:00:00:99");

                // A traced exchange: the guest with the right MAC is served ...
                CliPod.plugGuest(net, mac);
                Path good = trace(net, tmp.resolve("good.pcap"), " ACK xid");
                K6tNetCli.Run served = K6tNetCli.run(PodCommandsIT.concat(explain[0], explain[1], explain[2],
                        explain[3], explain[4], "--capture", good.toString()));
                assertThat(served.stdout()).as("%s", served).containsPattern("ok {6}eth0: last exchange in good.pcap: "
                        + "frame \\d+ REQUEST xid 0x[0-9a-f]{8} -> ACK 10.244.1.5");
                // ... and one with another MAC is not, which explain says.
                net.exec("guest", "ip", "addr", "flush", "dev", "eth0");
                net.exec("guest", "ip", "link", "set", "eth0", "address", "02:00:00:00:00:99");
                Path wrong = trace(net, tmp.resolve("wrong.pcap"), " DISCOVER xid");
                assertProblem(K6tNetCli.run(PodCommandsIT.concat(explain[0], explain[1], explain[2], explain[3],
                        explain[4], "--capture", wrong.toString())), "wrong.pcap holds no DHCP request from the "
                        + "guest's MAC " + mac + " (only from 02:00:00:00:00:99)");
            } finally {
                TestNetwork.stop(serve);
            }

            net.exec("pod", "ip", "link", "del", "tap0");
            assertProblem(K6tNetCli.run(explain), "tap tap0 is missing");
            net.exec("pod", "ip", "link", "del", "k6t-eth0");
            assertProblem(K6tNetCli.run(explain), "no bridge k6t-eth0 in the pod");
        }
    }

    /**
     * The IPv6 checks on a dual-stack pod bound by setup and served by serve: each healthy (the guest's
     * /128 route, forwarding, port 547, no global IPv6 on the pod link), then broken one way at a time and
     * repaired: forwarding off, the /128 route gone, the guest's address back on the pod link, no server.
     */
    @Test
    void eachIpv6CheckIsOkOnAHealthyDualStackPodAndFindsItsBreakage() throws Exception {
        try (TestNetwork net = TestNetwork.create("node", "pod")) {
            for (String role : List.of("node", "pod")) {
                net.exec(role, "sysctl", "-qw", "net.ipv6.conf.all.accept_dad=0",
                        "net.ipv6.conf.default.accept_dad=0");
            }
            CliPod.wire(net);
            net.exec("pod", "ip", "addr", "add", GUEST6 + "/64", "dev", "eth0", "nodad");
            net.exec("pod", "ip", "-6", "route", "add", "default", "via", net.linkLocal("node", "veth-pod"), "dev",
                    "eth0");
            Path config = CliPod.config(tmp, "");
            String[] explain = {"explain", "--config", config.toString(), "--netns", net.name("pod")};
            assertThat(K6tNetCli.run("setup", "--config", config.toString(), "--netns", net.name("pod")).exitCode())
                    .isZero();
            assertProblem(K6tNetCli.run(explain), "no DHCPv6 server is listening (no UDP socket on port 547 in the "
                    + "pod): the guest gets no IPv6 address");

            Path ready = tmp.resolve("ready");
            Process serve = K6tNetCli.start(tmp.resolve("serve.log"), "serve", "--config", config.toString(),
                    "--netns", net.name("pod"), "--ready-file", ready.toString());
            try {
                Poll.untilTrue(TIMEOUT, "serve ready", () -> Files.exists(ready) || !serve.isAlive());
                K6tNetCli.Run healthy = K6tNetCli.run(explain);
                assertThat(healthy.exitCode()).as("%s", healthy).isZero();
                assertThat(healthy.stdout()).contains(
                        "ok      eth0: pod link eth0-nic holds no IPv4 or global IPv6 address",
                        "ok      eth0: route " + GUEST6 + "/128 dev k6t-eth0",
                        "ok      eth0: IPv6 forwarding is on in the pod (the bridge is the guest's router)",
                        "ok      eth0: a UDP socket is bound to port 547 in the pod", "no problem found");

                breakAndRepair(net, explain, "IPv6 forwarding is off in the pod: the guest's default router (the "
                        + "bridge) drops everything it should forward to the node",
                        List.of("sysctl", "-qw", "net.ipv6.conf.all.forwarding=0"),
                        List.of("sysctl", "-qw", "net.ipv6.conf.all.forwarding=1"));
                breakAndRepair(net, explain, "no route " + GUEST6 + "/128 dev k6t-eth0: the pod cannot forward the "
                        + "node's IPv6 traffic to the guest",
                        List.of("ip", "-6", "route", "del", GUEST6 + "/128", "dev", "k6t-eth0"),
                        List.of("ip", "-6", "route", "add", GUEST6 + "/128", "dev", "k6t-eth0", "proto", "static"));
                net.exec("pod", "ip", "addr", "add", GUEST6 + "/64", "dev", "eth0-nic", "nodad");
                K6tNetCli.Run held = K6tNetCli.run(explain);
                assertProblem(held, "pod link eth0-nic still holds [" + GUEST6 + "/64]");
                assertProblem(held, "eth0-nic in the pod holds the guest's IPv6 address " + GUEST6 + ": the pod "
                        + "answers for it and never forwards the guest's traffic");
                net.exec("pod", "ip", "addr", "del", GUEST6 + "/64", "dev", "eth0-nic");
                assertThat(K6tNetCli.run(explain).exitCode()).as("repaired").isZero();
            } finally {
                TestNetwork.stop(serve);
            }
            assertProblem(K6tNetCli.run(explain), "no DHCPv6 server is listening");
        }
    }

    @Test
    void tapOwnedByAnotherUidIsFound() {
        try (TestNetwork net = TestNetwork.create("node", "pod")) {
            CliPod.wire(net);
            Path config = CliPod.config(tmp, ", \"tapOwner\": {\"uid\": 107, \"gid\": 107}");
            String[] explain = {"explain", "--config", config.toString(), "--netns", net.name("pod")};
            assertThat(K6tNetCli.run("setup", "--config", config.toString(), "--netns", net.name("pod")).exitCode())
                    .isZero();
            assertThat(K6tNetCli.run(explain).stdout()).doesNotContain("is owned by");

            net.exec("pod", "ip", "link", "del", "tap0");
            net.exec("pod", "ip", "tuntap", "add", "dev", "tap0", "mode", "tap", "user", "0");
            net.exec("pod", "ip", "link", "set", "tap0", "mtu", "1450", "master", "k6t-eth0", "up");
            assertProblem(K6tNetCli.run(explain), "tap tap0 is owned by uid 0, not uid 107");
        }
    }

    @Test
    void missingOrAlteredNftablesRulesAreFoundAndSetupReinstallsThem() {
        Prerequisites.requireTool("nft", "nftables");
        try (TestNetwork net = TestNetwork.create("node", "pod")) {
            CliPod.wire(net);
            Path config = CliPod.config(tmp, "");
            String[] setup = {"setup", "--config", config.toString(), "--netns", net.name("pod")};
            String[] explain = {"explain", "--config", config.toString(), "--netns", net.name("pod")};
            assertThat(K6tNetCli.run(setup).exitCode()).isZero();
            String inPlace = "ok      eth0: nftables rules in place (table bridge k6t: k6t-eth0-in, k6t-eth0-fwd, "
                    + "k6t-eth0-out, k6t-eth0-tap)";
            assertThat(K6tNetCli.run(explain).stdout()).contains(inPlace).doesNotContain("PROBLEM eth0: chain");

            net.exec("pod", "nft", "flush", "chain", "bridge", "k6t", "k6t-eth0-fwd");
            assertProblem(K6tNetCli.run(explain), "chain bridge k6t k6t-eth0-fwd lacks the rule 'oifname \"eth0-nic\" "
                    + "udp dport 67 drop': DHCP from the node side may reach the guest");
            assertThat(K6tNetCli.run(setup).exitCode()).isZero();
            assertThat(K6tNetCli.run(explain).stdout()).contains(inPlace);

            net.exec("pod", "nft", "insert", "rule", "bridge", "k6t", "k6t-eth0-tap", "ip", "saddr", "10.0.0.9",
                    "accept");
            assertProblem(K6tNetCli.run(explain),
                    "chain bridge k6t k6t-eth0-tap holds a rule k6t-net does not install");
            net.exec("pod", "nft", "delete", "table", "bridge", "k6t");
            assertProblem(K6tNetCli.run(explain), "chain bridge k6t k6t-eth0-in is missing (2 rules)");
            assertThat(K6tNetCli.run(setup).exitCode()).isZero();
            assertThat(K6tNetCli.run(explain).stdout()).contains(inPlace).doesNotContain("PROBLEM eth0: chain");
        }
    }

    @Test
    void podNotSetUpIsSaidSo() {
        try (TestNetwork net = TestNetwork.create("node", "pod")) {
            CliPod.wire(net);
            Path config = CliPod.config(tmp, "");
            assertProblem(K6tNetCli.run("explain", "--config", config.toString(), "--netns", net.name("pod")),
                    "setup has not finished (phase NEW)");
        }
    }

    private static void breakAndRepair(TestNetwork net, String[] explain, String expected, List<String> breakIt,
            List<String> repair) {
        net.exec("pod", breakIt.toArray(String[]::new));
        assertProblem(K6tNetCli.run(explain), expected);
        net.exec("pod", repair.toArray(String[]::new));
        K6tNetCli.Run repaired = K6tNetCli.run(explain);
        assertThat(repaired.exitCode()).as("repaired after '%s': %s", expected, repaired).isZero();
    }

    private static void assertProblem(K6tNetCli.Run run, String expected) {
        assertThat(run.exitCode()).as("%s", run).isEqualTo(1);
        assertThat(run.stdout()).as("%s", run).contains("PROBLEM eth0: " + expected).contains("fix: ");
        assertThat(run.stderr()).as("%s", run).isEmpty();
    }

    /** Traces the pod's bridge to {@code out} while udhcpc in "guest" asks for a lease. */
    private Path trace(TestNetwork net, Path out, String lastSeen) throws Exception {
        Path log = tmp.resolve(out.getFileName() + ".log");
        Process trace = K6tNetCli.start(log, "dhcp", "trace", "--netns", net.name("pod"), "--interface", "k6t-eth0",
                "--write", out.toString());
        try {
            Poll.untilTrue(TIMEOUT, "trace listening", () -> PodCommandsIT.read(log).contains("listening on"));
            TestNetwork.runForResult(List.of("ip", "netns", "exec", net.name("guest"), "udhcpc", "-i", "eth0", "-f",
                    "-q", "-n", "-t", "3", "-T", "1", "-s", "/bin/true"));
            Poll.untilTrue(TIMEOUT, "trace saw" + lastSeen, () -> PodCommandsIT.read(log).contains(lastSeen));
        } finally {
            TestNetwork.stop(trace);
        }
        return out;
    }
}
