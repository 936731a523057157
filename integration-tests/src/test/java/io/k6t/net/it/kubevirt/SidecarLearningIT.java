package io.k6t.net.it.kubevirt;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.k6t.net.it.guest.Dnsmasq;
import io.k6t.net.it.support.Poll;
import io.k6t.net.it.support.Prerequisites;
import io.k6t.net.it.support.TestNetwork;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The sidecar's status and metrics on a pod with a served interface ({@code eth0}, the hand-off's
 * lease) and a pass-through one ({@code net1}, no IPv4: a secondary L2 without IPAM whose DHCP server,
 * dnsmasq on {@code br1} in a "node" namespace, answers the guest's {@code eth1} across the bridge).
 * The sidecar runs as nobody with {@code CAP_NET_BIND_SERVICE} and {@code CAP_NET_RAW} (the capture).
 */
class SidecarLearningIT {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final String METRICS = "127.0.0.1:9100";
    private static final String L2_ADDRESS = "192.168.50.20";
    private static final Path K6T_NET = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().resolve("..")
            .normalize().resolve("bin/k6t-net");

    @Test
    void statusAndMetricsReportTheL2LeaseUntilTheGuestReleasesIt() throws Exception {
        Path promtool = Prerequisites.requireTool("promtool", "prometheus");
        Prerequisites.requireTool("curl", "curl");
        try (SidecarPod pod = SidecarPod.create(true, "node")) {
            pod.net.exec("node", "ip", "link", "add", "br1", "type", "bridge");
            pod.net.exec("node", "ip", "addr", "add", "192.168.50.1/24", "dev", "br1");
            pod.net.exec("node", "ip", "link", "set", "br1", "up");
            pod.addPassThrough("node", "br1");
            Process dnsmasq = Dnsmasq.on("br1", "192.168.50.0", "255.255.255.0")
                    .host(SidecarPod.NET1_MAC, L2_ADDRESS, "db").start(pod.net, "node", pod.dir);
            pod.net.exec("guest", "ip", "link", "set", "eth0", "address", SidecarPod.POD_MAC);
            Process sidecar = pod.startSidecarWith(SidecarPod.SIDECAR_CAPS + ",net_raw", pod.dir.resolve("sidecar.log"),
                    "--metrics", METRICS);
            try {
                assertThat(pod.net.exec("guest", "udhcpc", "-i", "eth0", "-f", "-q", "-n", "-t", "5", "-T", "1",
                        "-s", "/bin/true")).contains("lease of " + SidecarPod.GUEST_ADDRESS);
                // The hook configures the address: udhcpc sends its RELEASE from a socket bound to it.
                Process eth1 = pod.net.start("guest", pod.dir.resolve("udhcpc-eth1.log"), "udhcpc", "-i", "eth1",
                        "-f", "-n", "-t", "5", "-T", "1", "-s", hook(pod).toString());

                JsonNode learned = Poll.until(TIMEOUT, "status to report the address dnsmasq gave",
                        () -> learned(pod, L2_ADDRESS));
                JsonNode status = status(pod);
                assertThat(status.get("servingPid").asLong()).as("the sidecar's java, under setpriv")
                        .isIn(sidecar.pid(), sidecar.descendants().map(ProcessHandle::pid).toArray());
                JsonNode eth0 = iface(status, "eth0");
                assertThat(eth0.get("name").asText()).isEqualTo("default");
                assertThat(eth0.get("guestMac").asText()).isEqualTo(SidecarPod.POD_MAC);
                assertThat(eth0.get("served").get("address").asText()).isEqualTo(SidecarPod.GUEST_ADDRESS + "/24");
                assertThat(eth0.get("served").get("lastExchange").get("decision").asText()).isEqualTo("ACK");
                assertThat(eth0.get("served").get("counters").get("acked").asLong()).isEqualTo(1);
                assertThat(eth0.get("tap").get("master").asText()).isEqualTo("k6t-eth0");
                JsonNode net1 = iface(status, "net1");
                assertThat(net1.get("name").asText()).isEqualTo("l2");
                assertThat(net1.get("guestMac").asText()).isEqualTo(SidecarPod.NET1_MAC);
                assertThat(net1.get("served").isNull()).isTrue();
                assertThat(net1.get("bridge").get("up").asBoolean()).isTrue();
                assertThat(net1.get("tap").get("master").asText()).isEqualTo("k6t-net1");
                assertThat(learned.get("source").asText()).isEqualTo("DHCPV4");
                Instant expiry = Instant.parse(learned.get("expiry").asText());
                assertThat(Duration.between(Instant.parse(learned.get("lastSeen").asText()), expiry))
                        .as("dnsmasq's lease time, 1 h").isEqualTo(Duration.ofHours(1));

                String text = metrics(pod);
                String series = "k6t_learned_address_expiry_timestamp_seconds{address=\"" + L2_ADDRESS
                        + "\",family=\"ipv4\",interface=\"k6t-net1\",network=\"l2\",source=\"dhcpv4\"} ";
                assertThat(text).contains(series,
                        "k6t_interface_info{guest_mac=\"" + SidecarPod.NET1_MAC
                                + "\",interface=\"k6t-net1\",network=\"l2\",pod_interface=\"net1\"} 1",
                        "k6t_link_up{interface=\"k6t-net1\",link=\"tapnet1\",network=\"l2\",role=\"tap\"} 1",
                        "k6t_dhcp_lease_expiry_timestamp_seconds{interface=\"k6t-eth0\",network=\"default\"} ");
                assertThat(sample(text, series)).isEqualTo(expiry.toEpochMilli() / 1000.0);
                promtoolAccepts(promtool, pod, text);

                // SIGUSR2: udhcpc sends a RELEASE across the bridge.
                TestNetwork.run(List.of("kill", "-USR2", Long.toString(eth1.pid())));
                Poll.untilTrue(TIMEOUT, "status to drop the released address",
                        () -> learned(pod, L2_ADDRESS).isEmpty());
                String after = metrics(pod);
                assertThat(after).doesNotContain("k6t_learned_address_expiry_timestamp_seconds{")
                        .contains("k6t_interface_info{guest_mac=\"" + SidecarPod.NET1_MAC);
                promtoolAccepts(promtool, pod, after);
                TestNetwork.stop(eth1);
            } finally {
                TestNetwork.stop(sidecar);
                TestNetwork.stop(dnsmasq);
            }
            assertThat(pod.hooks.resolve("k6t-status").resolve("status.json")).as("removed when the sidecar stops")
                    .doesNotExist();
        }
    }

    private static Path hook(SidecarPod pod) throws IOException {
        Path hook = pod.dir.resolve("udhcpc-hook");
        Files.writeString(hook, "#!/bin/sh\ncase \"$1\" in\n"
                + "  bound|renew) ip addr replace $ip/$mask dev $interface ;;\n"
                + "  deconfig) ip -4 addr flush dev $interface ;;\nesac\nexit 0\n");
        assertThat(hook.toFile().setExecutable(true)).isTrue();
        return hook;
    }

    private static String metrics(SidecarPod pod) {
        return pod.net.exec("pod", "curl", "-sf", "http://" + METRICS + "/metrics");
    }

    private static void promtoolAccepts(Path promtool, SidecarPod pod, String text) throws IOException {
        Path exposition = Files.createTempFile(pod.dir, "metrics", ".txt");
        Files.writeString(exposition, text);
        TestNetwork.Result check = TestNetwork.runForResult(List.of("sh", "-c", promtool + " check metrics < "
                + exposition));
        assertThat(check.exitCode()).as(check.output()).isZero();
    }

    /** The value of the one sample whose line starts with {@code series}. */
    private static double sample(String text, String series) {
        return text.lines().filter(l -> l.startsWith(series)).map(l -> Double.parseDouble(l.substring(series.length())))
                .findFirst().orElseThrow(() -> new AssertionError("no " + series + " in\n" + text));
    }

    /** {@code k6t-net status --json --hooks-dir} as root from the test's namespace; stderr to a file. */
    private static JsonNode status(SidecarPod pod) {
        Path stderr = pod.dir.resolve("status.err");
        try {
            Process p = new ProcessBuilder(K6T_NET.toString(), "status", "--json", "--hooks-dir", pod.hooks.toString(),
                    "--netns", pod.net.name("pod")).redirectError(stderr.toFile()).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("status ends").isTrue();
            assertThat(p.exitValue()).as("%s%s", out, Files.readString(stderr)).isZero();
            return MAPPER.readTree(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static JsonNode iface(JsonNode status, String podInterface) {
        for (JsonNode i : status.get("interfaces")) {
            if (i.get("podInterface").asText().equals(podInterface)) {
                return i;
            }
        }
        throw new AssertionError("no " + podInterface + " in " + status);
    }

    private static Optional<JsonNode> learned(SidecarPod pod, String address) {
        for (JsonNode a : iface(status(pod), "net1").get("learned")) {
            if (a.get("address").asText().equals(address)) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }
}
