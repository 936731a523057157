package io.k6t.net.it.cli;

import static io.k6t.net.it.cli.CliAssertions.assertFailsWithOneLine;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.k6t.net.it.support.Poll;
import io.k6t.net.it.support.Prerequisites;
import io.k6t.net.it.support.TestNetwork;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** plan, setup, teardown, run, serve and libvirt-xml as processes against a real pod namespace. */
class PodCommandsIT {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    /** The pod's global IPv6 address in the dual-stack test, the guest's once bound. */
    private static final String GUEST6 = "fd00:10:244::5";

    @TempDir
    Path tmp;

    @Test
    void planChangesNothingAndRendersTextJsonAndDot() throws Exception {
        Prerequisites.requireTool("dot", "graphviz");
        try (TestNetwork net = TestNetwork.create("node", "pod")) {
            CliPod.wire(net);
            Path config = CliPod.config(tmp, "");
            String before = net.exec("pod", "ip", "-4", "-d", "addr") + net.exec("pod", "ip", "-br", "link");

            K6tNetCli.Run text = K6tNetCli.run("plan", "--config", config.toString(), "--netns", net.name("pod"));
            K6tNetCli.Run json = K6tNetCli.run("plan", "--config", config.toString(), "--netns", net.name("pod"),
                    "--format", "json");
            K6tNetCli.Run dot = K6tNetCli.run("plan", "--config", config.toString(), "--netns", net.name("pod"),
                    "--format", "dot");

            assertThat(net.exec("pod", "ip", "-4", "-d", "addr") + net.exec("pod", "ip", "-br", "link"))
                    .isEqualTo(before);
            assertThat(Files.exists(tmp.resolve("state"))).as("plan writes no state").isFalse();
            assertThat(text.exitCode()).as("%s", text).isZero();
            assertThat(text.stdout()).contains("ip link add k6t-eth0", "ip tuntap add dev tap0",
                    "ip route add 10.244.1.5/32 dev k6t-eth0");
            assertThat(json.exitCode()).as("%s", json).isZero();
            JsonNode plan = MAPPER.readTree(json.stdout());
            assertThat(plan.has("interfaces")).isTrue();
            assertThat(plan.get("steps").size()).isGreaterThan(3);
            assertThat(dot.exitCode()).as("%s", dot).isZero();
            Path dotFile = DhcpPod.write(tmp.resolve("pod.dot"), dot.stdout());
            String svg = TestNetwork.run(List.of("dot", "-Tsvg", dotFile.toString()));
            // Graphviz writes '-' in SVG text as a character reference.
            assertThat(svg.replace("&#45;", "-")).contains("<svg", "k6t-eth0 (bridge)", "tap0", "eth0-nic",
                    "10.244.1.5/24");
        }
    }

    @Test
    void setupIsIdempotentLibvirtXmlNamesTheTapAndTeardownRestoresThePod() {
        try (TestNetwork net = TestNetwork.create("node", "pod")) {
            String mac = CliPod.wire(net);
            Path config = CliPod.config(tmp, "");
            String[] pod = {"--config", config.toString(), "--netns", net.name("pod")};

            K6tNetCli.Run setup = K6tNetCli.run(concat("setup", pod));
            assertThat(setup.exitCode()).as("%s", setup).isZero();
            assertThat(setup.stdout()).contains("eth0: guest 10.244.1.5/24 mac " + mac);
            assertThat(net.exec("pod", "ip", "-br", "link")).contains("k6t-eth0", "tap0", "eth0-nic");
            K6tNetCli.Run again = K6tNetCli.run(concat("setup", pod));
            assertThat(again.exitCode()).as("rerun converges: %s", again).isZero();

            K6tNetCli.Run xml = K6tNetCli.run(concat("libvirt-xml", pod));
            assertThat(xml.exitCode()).as("%s", xml).isZero();
            assertThat(xml.stdout()).contains("<interface type=\"ethernet\">", "<target dev=\"tap0\" managed=\"no\"/>",
                    "<mac address=\"" + mac + "\"/>", "<mtu size=\"1450\"/>", "<alias name=\"ua-default\"/>");

            K6tNetCli.Run teardown = K6tNetCli.run(concat("teardown", pod));
            assertThat(teardown.exitCode()).as("%s", teardown).isZero();
            String links = net.exec("pod", "ip", "-br", "addr");
            assertThat(links).contains("eth0", "10.244.1.5/24").doesNotContain("k6t-eth0", "tap0", "eth0-nic");
        }
    }

    @Test
    void runWiresThePodAndServesTheGuestUntilSigterm() throws Exception {
        Prerequisites.requireTool("udhcpc", "udhcpc");
        try (TestNetwork net = TestNetwork.create("node", "pod", "guest")) {
            String mac = CliPod.wire(net);
            Path config = CliPod.config(tmp, "");
            Path ready = tmp.resolve("ready");
            Path log = tmp.resolve("run.log");
            Process run = K6tNetCli.startIn(net, "pod", log, "run", "--config", config.toString(), "--ready-file",
                    ready.toString());
            try {
                Poll.untilTrue(TIMEOUT, "ready file", () -> Files.exists(ready) || !run.isAlive());
                assertThat(run.isAlive()).as("run alive: %s", read(log)).isTrue();
                CliPod.plugGuest(net, mac);
                Map<String, String> lease = DhcpPod.udhcpc(net, tmp);
                assertThat(lease.get("ip")).isEqualTo(CliPod.ADDRESS);
                assertThat(lease.get("router")).isEqualTo("10.244.1.1");
                assertThat(lease.get("hostname")).isEqualTo("vm1");
                assertThat(lease.get("search")).contains("ns1.svc.cluster.local");
                assertThat(lease.get("mtu")).isEqualTo("1450");
            } finally {
                TestNetwork.stop(run);
            }
            assertThat(run.exitValue()).as("SIGTERM ends run normally").isEqualTo(0);
            assertThat(ready).doesNotExist();
            assertThat(read(log)).contains("k6t-eth0: received ", "acked 1");

            // serve alone restarts the DHCP server from the state dir run left behind.
            Path serveLog = tmp.resolve("serve.log");
            Process serve = K6tNetCli.start(serveLog, "serve", "--config", config.toString(), "--netns",
                    net.name("pod"), "--ready-file", ready.toString());
            try {
                Poll.untilTrue(TIMEOUT, "serve ready", () -> Files.exists(ready) || !serve.isAlive());
                assertThat(serve.isAlive()).as("serve alive: %s", read(serveLog)).isTrue();
            } finally {
                TestNetwork.stop(serve);
            }
            assertThat(serve.waitFor(5, TimeUnit.SECONDS)).isTrue();
        }
    }

    /**
     * A dual-stack pod (IPv4 and a global IPv6 /64 with {@code default via <node's link-local>}, as CNIs leave
     * it) bound by {@code run}: udhcpc gets the IPv4 lease, a real dhcpcd the IPv6 address (router
     * solicitation, then DHCPv6); at SIGTERM run prints the counters of both families and of the router
     * advertisements. Then {@code serve} restarts both servers from the state directory.
     */
    @Test
    void runServesADualStackGuestBothAddressesAndPrintsTheCountersOfBothFamilies() throws Exception {
        Prerequisites.requireTool("udhcpc", "udhcpc");
        Prerequisites.requireTool("dhcpcd", "dhcpcd-base");
        try (TestNetwork net = TestNetwork.create("node", "pod", "guest")) {
            for (String role : List.of("node", "pod", "guest")) {
                net.exec(role, "sysctl", "-qw", "net.ipv6.conf.all.accept_dad=0",
                        "net.ipv6.conf.default.accept_dad=0");
            }
            String mac = CliPod.wire(net);
            net.exec("node", "ip", "-6", "route", "add", GUEST6 + "/128", "dev", "veth-pod");
            net.exec("pod", "ip", "addr", "add", GUEST6 + "/64", "dev", "eth0", "nodad");
            net.exec("pod", "ip", "-6", "route", "add", "default", "via", net.linkLocal("node", "veth-pod"), "dev",
                    "eth0");
            Path config = CliPod.config(tmp, "");
            DhcpPod.write(tmp.resolve("resolv.conf"), "nameserver 10.96.0.10\nnameserver fd00:10:96::a\n"
                    + "search ns1.svc.cluster.local cluster.local\n");
            Path ready = tmp.resolve("ready");
            Path log = tmp.resolve("run.log");
            Process run = K6tNetCli.startIn(net, "pod", log, "run", "--config", config.toString(), "--ready-file",
                    ready.toString());
            Path conf = DhcpPod.write(tmp.resolve("dhcpcd.conf"),
                    "ipv6rs\nia_na 1\noption dhcp6_name_servers, dhcp6_domain_search\n");
            Path hook = DhcpPod.write(tmp.resolve("dhcpcd.hook"), "#!/bin/sh\nenv >> " + tmp.resolve("hook.env")
                    + "\nexit 0\n");
            hook.toFile().setExecutable(true);
            Files.createDirectories(tmp.resolve("db"));
            Process dhcpcd;
            try {
                Poll.untilTrue(TIMEOUT, "ready file", () -> Files.exists(ready) || !run.isAlive());
                assertThat(run.isAlive()).as("run alive: %s", read(log)).isTrue();
                assertThat(read(ready)).isEqualTo("k6t-eth0\n");
                CliPod.plugGuest(net, mac);
                Map<String, String> lease = DhcpPod.udhcpc(net, tmp);
                assertThat(lease.get("ip")).isEqualTo(CliPod.ADDRESS);

                dhcpcd = net.start("guest", tmp.resolve("dhcpcd.log"), "sh", "-c", "mount --bind " + tmp.resolve("db")
                        + " /var/lib/dhcpcd && mount -t tmpfs tmpfs /run && exec dhcpcd -f " + conf + " -c " + hook
                        + " -6 -B eth0");
                Poll.untilTrue(Duration.ofSeconds(40), "dhcpcd to install " + GUEST6, () -> net.execAllowingFailure(
                        "guest", "ip", "-6", "addr", "show", "dev", "eth0", "scope", "global").output()
                        .contains("inet6 " + GUEST6 + "/"));
                // dhcpcd runs its hook after installing the address.
                Poll.untilTrue(TIMEOUT, "dhcpcd's BOUND6 hook", () -> read(tmp.resolve("hook.env"))
                        .contains("reason=BOUND6"));
                assertThat(read(tmp.resolve("hook.env"))).contains("new_dhcp6_name_servers=fd00:10:96::a");
                assertThat(net.exec("pod", "ip", "-6", "addr", "show", "scope", "global")).as("the pod keeps no "
                        + "global IPv6").doesNotContain("inet6");
            } finally {
                TestNetwork.stop(run);
            }
            TestNetwork.stop(dhcpcd);
            assertThat(run.exitValue()).as("SIGTERM ends run normally").isEqualTo(0);
            String out = read(log);
            assertThat(out).contains("k6t-eth0: received ", "acked 1, naked 0");
            assertThat(out).containsPattern("k6t-eth0: DHCPv6 received [1-9]\\d*, advertised 1, replied [1-9]\\d*, "
                    + "dropped 0");
            assertThat(out).containsPattern("k6t-eth0: router solicitations [1-9]\\d*, advertisements [1-9]\\d*");

            Path serveLog = tmp.resolve("serve.log");
            Process serve = K6tNetCli.start(serveLog, "serve", "--config", config.toString(), "--netns",
                    net.name("pod"), "--ready-file", ready.toString());
            try {
                Poll.untilTrue(TIMEOUT, "serve ready", () -> Files.exists(ready) || !serve.isAlive());
                assertThat(serve.isAlive()).as("serve alive: %s", read(serveLog)).isTrue();
            } finally {
                TestNetwork.stop(serve);
            }
            assertThat(serve.exitValue()).isZero();
            assertThat(read(serveLog)).contains("k6t-eth0: received 0, ", "k6t-eth0: DHCPv6 received 0, advertised 0, "
                    + "replied 0, dropped 0", "k6t-eth0: router solicitations 0, advertisements ");
        }
    }

    @Test
    void badInputExitsWithOneClearLine() {
        try (TestNetwork net = TestNetwork.create("node", "pod")) {
            CliPod.wire(net);
            Path good = CliPod.config(tmp, "");
            assertFailsWithOneLine(K6tNetCli.run("plan", "--config", tmp.resolve("none.json").toString()), 2,
                    "none.json: no such file");
            Path unknown = DhcpPod.write(tmp.resolve("unknown.json"), read(good).replace("\"hostname\"",
                    "\"colour\": \"red\", \"hostname\""));
            assertFailsWithOneLine(K6tNetCli.run("setup", "--config", unknown.toString(), "--netns", net.name("pod")),
                    2, "colour");
            Path invalid = DhcpPod.write(tmp.resolve("invalid.json"), read(good).replace("\"bridge\" }",
                    "\"bridge\", \"queues\": 0 }"));
            assertFailsWithOneLine(K6tNetCli.run("plan", "--config", invalid.toString(), "--netns", net.name("pod")),
                    2, "queues");
            Path notJson = DhcpPod.write(tmp.resolve("broken.json"), "{ \"stateDir\": ");
            assertFailsWithOneLine(K6tNetCli.run("plan", "--config", notJson.toString()), 2, "broken.json");
            Path net1 = DhcpPod.write(tmp.resolve("net1.json"), read(good).replace("\"eth0\"", "\"net1\""));
            assertFailsWithOneLine(K6tNetCli.run("setup", "--config", net1.toString(), "--netns", net.name("pod")),
                    1, "net1");
            assertFailsWithOneLine(K6tNetCli.run("plan", "--config", good.toString(), "--netns", "k6tit-no-such-ns"),
                    2, "network namespace 'k6tit-no-such-ns' does not exist");
            assertThat(net.exec("pod", "ip", "-br", "link")).doesNotContain("k6t-");
        }
    }

    static String[] concat(String command, String... rest) {
        String[] all = new String[rest.length + 1];
        all[0] = command;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }

    static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
