package io.k6t.net.it.kubevirt;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.k6t.net.it.netlink.Ip;
import io.k6t.net.it.support.Poll;
import io.k6t.net.it.support.TestNetwork;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bin/k6t-net-cni forwarding to the node daemon ({@code k6t-net cni-daemon}, run by the test inside the
 * "node" namespace as a DaemonSet runs it on a node), driven exactly as a runtime drives the plugin,
 * chained after Debian's {@code ptp} with {@code host-local}: every command and its errors through the
 * daemon, the in-process fallback without one, a daemon killed in the middle of ADD, and two pods at
 * once. Each test reads the daemon's log to know the request went through it.
 */
class CniDaemonIT {
    private static final Duration START = Duration.ofSeconds(90);
    @TempDir
    Path dir;

    private TestNetwork net;
    private CniRuntime runtime;
    private Path socket;
    private Path k6t;
    private final List<Process> daemons = new ArrayList<>();

    @BeforeEach
    void setUp() {
        net = TestNetwork.create("node", "pod", "pod2");
        socket = dir.resolve("run/cni.sock");
        runtime = new CniRuntime(net, dir, Optional.of(socket));
        k6t = CniRuntime.k6tNet();
    }

    @AfterEach
    void tearDown() throws InterruptedException {
        for (Process daemon : daemons) {
            daemon.destroyForcibly().waitFor();
        }
        net.close();
    }

    @Test
    void everyCommandAndItsErrorsGoThroughTheDaemonAndDelRestoresThePod() throws Exception {
        Path log = startDaemon();
        String netns = netns("pod");
        JsonNode prev = ptpAdd("c1", "pod", "10.244.1.0/24");
        String before = PodSnapshot.of(net, "pod");
        String config = k6tConfig("1.1.0", prev);

        CniRuntime.Result add = runtime.run(k6t, "ADD", "c1", "eth0", Optional.of(netns), config);

        assertThat(add.exitCode()).as(add.stdout()).isZero();
        List<String> names = new ArrayList<>();
        add.json().get("interfaces").forEach(i -> names.add(i.get("name").asText()));
        assertThat(names).containsSubsequence("k6t-eth0", "eth0-nic", "tap0");
        assertThat(add.json().get("ips")).isEqualTo(prev.get("ips"));
        assertThat(new Ip(net, "pod").link("k6t-eth0").orElseThrow().get("ifalias").asText())
                .startsWith("k6t-net/1 eth0 1/1 ");
        assertThat(runtime.run(k6t, "CHECK", "c1", "eth0", Optional.of(netns), k6tConfig("1.1.0", add.json())))
                .isEqualTo(new CniRuntime.Result(0, ""));
        net.exec("pod", "ip", "link", "set", "dev", "tap0", "nomaster");
        assertError(runtime.run(k6t, "CHECK", "c1", "eth0", Optional.of(netns), k6tConfig("1.1.0", add.json())),
                103, "tap0 is not a port of k6t-eth0");
        assertThat(runtime.run(k6t, "ADD", "c1", "eth0", Optional.of(netns), config).exitCode()).isZero();

        // The errors a runtime can provoke, as the spec's JSON with its codes, from the daemon.
        assertError(runtime.run(k6t, "ADD", "", "eth0", Optional.of(netns), config), 4, "CNI_CONTAINERID");
        assertError(runtime.run(k6t, "ADD", "c9", "eth0", Optional.of(netns), "{\"cniVersion\": "), 6, "");
        assertError(runtime.run(k6t, "ADD", "c9", "eth0", Optional.of(netns), config.replace("1.1.0", "0.3.1")), 1,
                "0.3.1");
        assertError(runtime.run(k6t, "ADD", "c9", "eth0", Optional.of(netns), config.replace("\"stateDir\"",
                "\"mtu\": 9000, \"stateDir\"")), 2, "mtu=9000");
        assertError(runtime.run(k6t, "ADD", "c9", "eth0", Optional.of(dir.resolve("gone").toString()), config), 3,
                "gone");
        assertError(runtime.run(k6t, "ADD", "c9", "eth9", Optional.of(netns), config), 101, "eth9");
        Path lock = Files.createDirectories(dir.resolve("state/podnet")).resolve("c9-eth0.lock");
        try (FileChannel channel = FileChannel.open(lock, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock held = channel.lock()) {
            assertError(runtime.run(k6t, "ADD", "c9", "eth0", Optional.of(netns), config), 11, "locked");
        }
        assertThat(runtime.run(k6t, "STATUS", "", "", Optional.empty(), config))
                .isEqualTo(new CniRuntime.Result(0, ""));
        CniRuntime.Result version = runtime.run(k6t, "VERSION", "", "", Optional.empty(), "{\"cniVersion\":\"0.4.0\"}");
        assertThat(version.json().get("supportedVersions").toString()).isEqualTo("[\"0.4.0\",\"1.0.0\",\"1.1.0\"]");
        Files.createDirectories(dir.resolve("state/podnet/old-eth0"));
        assertThat(runtime.run(k6t, "GC", "", "", Optional.empty(), config.replace("\"stateDir\"",
                "\"cni.dev/valid-attachments\": [{\"containerID\": \"c1\", \"ifname\": \"eth0\"}], \"stateDir\"")))
                .isEqualTo(new CniRuntime.Result(0, ""));
        assertThat(dir.resolve("state/podnet/old-eth0")).doesNotExist();

        CniRuntime.Result del = runtime.run(k6t, "DEL", "c1", "eth0", Optional.of(netns), config);
        CniRuntime.Result again = runtime.run(k6t, "DEL", "c1", "eth0", Optional.of(netns), config);

        assertThat(del).isEqualTo(new CniRuntime.Result(0, ""));
        assertThat(again).isEqualTo(new CniRuntime.Result(0, ""));
        assertThat(PodSnapshot.of(net, "pod")).isEqualTo(before);
        assertThat(dir.resolve("state/podnet/c1-eth0")).doesNotExist();
        String requests = read(log);
        for (String line : List.of("ADD c1 eth0 " + netns + ": exit 0", "CHECK c1 eth0 " + netns + ": exit 1",
                "ADD - eth0 " + netns + ": exit 1", "ADD c9 eth9 " + netns + ": exit 1", "STATUS - - -: exit 0",
                "VERSION - - -: exit 0", "GC - - -: exit 0", "DEL c1 eth0 " + netns + ": exit 0")) {
            assertThat(requests).as("the daemon's log").contains(line);
        }
        assertThat(requests.lines().filter(l -> l.contains(": exit ")).count()).as(requests).isEqualTo(16);
    }

    private Path startDaemon() {
        Path log = dir.resolve("daemon-" + daemons.size() + ".log");
        Process daemon = runtime.start(List.of("env", "-i", "PATH=/usr/sbin:/usr/bin:/sbin:/bin",
                "JAVA_HOME=" + System.getProperty("java.home"), CniRuntime.k6tNetCommand().toString(), "cni-daemon",
                "--socket", socket.toString()), log);
        daemons.add(daemon);
        Poll.untilTrue(START, "the daemon to serve " + socket + " (log " + log + ")",
                () -> read(log).contains("serving CNI requests on " + socket) || !daemon.isAlive());
        assertThat(daemon.isAlive()).as(read(log)).isTrue();
        return log;
    }

    private void assertError(CniRuntime.Result result, int code, String detail) {
        assertThat(result.exitCode()).as(result.stdout()).isEqualTo(1);
        assertThat(result.stdout().strip()).as("one JSON object and nothing else").startsWith("{").endsWith("}")
                .doesNotContain("\n");
        JsonNode error = result.json();
        assertThat(error.get("code").asInt()).as(result.stdout()).isEqualTo(code);
        assertThat(error.get("msg").asText()).isNotBlank();
        assertThat(error.get("details").asText()).contains(detail);
    }

    private JsonNode ptpAdd(String containerId, String pod, String subnet) {
        CniRuntime.Result add = runtime.run(CniRuntime.reference("ptp"), "ADD", containerId, "eth0",
                Optional.of(netns(pod)), CniRuntime.config("1.0.0", "podnet", CniRuntime.ptp(subnet,
                        dir.resolve("ipam")), Optional.empty()));
        assertThat(add.exitCode()).as(add.stdout()).isZero();
        return add.json();
    }

    private String k6tConfig(String version, JsonNode prev) {
        return CniRuntime.config(version, "podnet", "{\"type\": \"k6t-net\", \"stateDir\": \"" + dir.resolve("state")
                + "\"}", Optional.ofNullable(prev));
    }

    private String netns(String pod) {
        return net.path(pod).toString();
    }

    private static String read(Path log) {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
