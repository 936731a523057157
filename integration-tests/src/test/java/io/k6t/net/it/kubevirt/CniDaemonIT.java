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
import java.nio.channels.ServerSocketChannel;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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
    private final ExecutorService clients = Executors.newCachedThreadPool();

    @BeforeEach
    void setUp() {
        net = TestNetwork.create("node", "pod", "pod2");
        socket = dir.resolve("run/cni.sock");
        runtime = new CniRuntime(net, dir, Optional.of(socket));
        k6t = CniRuntime.k6tNet();
    }

    @AfterEach
    void tearDown() throws InterruptedException {
        clients.shutdownNow();
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
        // Refused by the client before anything reaches the daemon.
        assertError(runtime.run(k6t, "ADD", "c9", "eth0", Optional.of(netns), config + " ".repeat(4 << 20)), 5,
                "stdin exceeds 4 MiB");
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

    @Test
    void withoutADaemonOrWithAStaleSocketThePluginRunsInProcess() throws Exception {
        String netns = netns("pod");
        JsonNode prev = ptpAdd("c1", "pod", "10.244.1.0/24");
        String before = PodSnapshot.of(net, "pod");
        String config = k6tConfig("1.0.0", prev);

        assertThat(socket).doesNotExist();
        CniRuntime.Result add = runtime.run(k6t, "ADD", "c1", "eth0", Optional.of(netns), config);
        assertThat(add.exitCode()).as(add.stdout()).isZero();
        assertThat(new Ip(net, "pod").link("k6t-eth0")).isPresent();

        // A daemon that died leaves its socket file: nothing accepts, the plugin runs in-process.
        Files.createDirectories(socket.getParent());
        try (ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            dead.bind(UnixDomainSocketAddress.of(socket));
        }
        assertThat(socket).exists();
        assertThat(runtime.run(k6t, "CHECK", "c1", "eth0", Optional.of(netns), k6tConfig("1.0.0", add.json())))
                .isEqualTo(new CniRuntime.Result(0, ""));
        assertThat(runtime.run(k6t, "DEL", "c1", "eth0", Optional.of(netns), config))
                .isEqualTo(new CniRuntime.Result(0, ""));
        assertThat(PodSnapshot.of(net, "pod")).isEqualTo(before);
    }

    @Test
    void aCommandForABusyContainerWaitsAndADaemonKilledMidAddGivesError11ThenDelAndAddConverge()
            throws Exception {
        String netns = netns("pod");
        JsonNode prev = ptpAdd("c3", "pod", "10.244.3.0/24");
        String before = PodSnapshot.of(net, "pod");
        String config = k6tConfig("1.0.0", prev);
        Path release = Path.of(socket + ".release");
        Process held = startHookDaemon("hold", 3);
        Path log = dir.resolve("daemon-0.log");

        // The runtime's DEL arrives while the daemon still runs ADD (its client killed on a timeout, say):
        // the DEL waits for the ADD, then undoes it, where the attachment's lock alone would refuse it.
        Future<CniRuntime.Result> add = async(() -> runtime.run(k6t, "ADD", "c3", "eth0", Optional.of(netns), config));
        Poll.untilTrue(START, "ADD to finish step 3 in the daemon", () -> read(log).contains("DONE 3"));
        Future<CniRuntime.Result> del = async(() -> runtime.run(k6t, "DEL", "c3", "eth0", Optional.of(netns), config));
        Poll.untilTrue(START, "DEL to wait for ADD", () -> read(log).contains("DEL c3: waiting for the request"));
        Files.createFile(release);

        assertThat(add.get().exitCode()).as(add.get().stdout()).isZero();
        assertThat(del.get()).isEqualTo(new CniRuntime.Result(0, ""));
        assertThat(read(log).indexOf("ADD c3 eth0 " + netns + ": exit 0"))
                .isLessThan(read(log).indexOf("DEL c3 eth0 " + netns + ": exit 0"));
        assertThat(PodSnapshot.of(net, "pod")).isEqualTo(before);

        // The daemon dies in the middle of ADD: the runtime gets the spec's error 11, the pod is half bound.
        Files.delete(release);
        Future<CniRuntime.Result> killed = async(() -> runtime.run(k6t, "ADD", "c3", "eth0", Optional.of(netns),
                config));
        Poll.untilTrue(START, "the second ADD to finish step 3", () -> read(log).split("DONE 3", -1).length == 3);
        held.destroyForcibly().waitFor();
        CniRuntime.Result interrupted = killed.get();
        assertError(interrupted, 11, "");
        assertThat(interrupted.json().get("msg").asText()).isEqualTo("the k6t-net daemon ended before answering");
        assertThat(PodSnapshot.of(net, "pod")).isNotEqualTo(before);

        // DEL with the daemon gone runs in-process and restores the pod; a new daemon binds it again.
        assertThat(runtime.run(k6t, "DEL", "c3", "eth0", Optional.of(netns), config))
                .isEqualTo(new CniRuntime.Result(0, ""));
        assertThat(PodSnapshot.of(net, "pod")).isEqualTo(before);
        Path fresh = startDaemon();
        CniRuntime.Result readd = runtime.run(k6t, "ADD", "c3", "eth0", Optional.of(netns), config);
        assertThat(readd.exitCode()).as(readd.stdout()).isZero();
        assertThat(runtime.run(k6t, "CHECK", "c3", "eth0", Optional.of(netns), k6tConfig("1.0.0", readd.json())))
                .isEqualTo(new CniRuntime.Result(0, ""));
        assertThat(runtime.run(k6t, "DEL", "c3", "eth0", Optional.of(netns), config))
                .isEqualTo(new CniRuntime.Result(0, ""));
        assertThat(PodSnapshot.of(net, "pod")).isEqualTo(before);
        assertThat(read(fresh)).contains("ADD c3 eth0 " + netns + ": exit 0", "CHECK c3 eth0 " + netns + ": exit 0",
                "DEL c3 eth0 " + netns + ": exit 0");
    }

    @Test
    void twoPodsBindAtTheSameTimeInOneDaemon() throws Exception {
        JsonNode first = ptpAdd("c1", "pod", "10.244.1.0/24");
        JsonNode second = ptpAdd("c2", "pod2", "10.244.2.0/24");
        String before1 = PodSnapshot.of(net, "pod");
        String before2 = PodSnapshot.of(net, "pod2");
        startHookDaemon("pair", 1);

        // Each ADD waits after its first step until the other has reached it too: both finish only
        // when the daemon runs them side by side.
        Future<CniRuntime.Result> add1 = async(() -> runtime.run(k6t, "ADD", "c1", "eth0",
                Optional.of(netns("pod")), k6tConfig("1.0.0", first)));
        Future<CniRuntime.Result> add2 = async(() -> runtime.run(k6t, "ADD", "c2", "eth0",
                Optional.of(netns("pod2")), k6tConfig("1.0.0", second)));

        assertThat(add1.get().exitCode()).as(add1.get().stdout()).isZero();
        assertThat(add2.get().exitCode()).as(add2.get().stdout()).isZero();
        assertThat(read(dir.resolve("daemon-0.log"))).contains("PAIRED 1 0");
        assertThat(add1.get().json().get("ips")).isEqualTo(first.get("ips"));
        assertThat(add2.get().json().get("ips")).isEqualTo(second.get("ips"));
        assertThat(new Ip(net, "pod").link("k6t-eth0")).isPresent();
        assertThat(new Ip(net, "pod2").link("k6t-eth0")).isPresent();
        assertThat(runtime.run(k6t, "DEL", "c1", "eth0", Optional.of(netns("pod")), k6tConfig("1.0.0", first)))
                .isEqualTo(new CniRuntime.Result(0, ""));
        assertThat(runtime.run(k6t, "DEL", "c2", "eth0", Optional.of(netns("pod2")), k6tConfig("1.0.0", second)))
                .isEqualTo(new CniRuntime.Result(0, ""));
        assertThat(PodSnapshot.of(net, "pod")).isEqualTo(before1);
        assertThat(PodSnapshot.of(net, "pod2")).isEqualTo(before2);
    }

    private Process startHookDaemon(String mode, int step) {
        Path log = dir.resolve("daemon-" + daemons.size() + ".log");
        Process daemon = runtime.start(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), CniDaemonHookMain.class.getName(), socket.toString(),
                mode, Integer.toString(step)), log);
        daemons.add(daemon);
        Poll.untilTrue(START, "the daemon to serve " + socket + " (log " + log + ")",
                () -> read(log).contains("SERVING " + socket) || !daemon.isAlive());
        assertThat(daemon.isAlive()).as(read(log)).isTrue();
        return daemon;
    }

    private <T> Future<T> async(Callable<T> task) {
        return clients.submit(task);
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
