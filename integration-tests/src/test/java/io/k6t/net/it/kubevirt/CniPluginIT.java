package io.k6t.net.it.kubevirt;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.common.net.InetAddresses;
import io.k6t.net.dhcp.server.DhcpServer;
import io.k6t.net.dhcp.server.LeaseConfig;
import io.k6t.net.it.binding.Udhcpc;
import io.k6t.net.it.netlink.Ip;
import io.k6t.net.it.support.Poll;
import io.k6t.net.it.support.TestNetwork;
import io.k6t.net.kubevirt.handoff.Handoff;
import io.k6t.net.kubevirt.handoff.HandoffReader;
import io.k6t.net.launcher.netns.NetNamespace;
import java.net.Inet4Address;
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
 * bin/k6t-net-cni driven exactly as a runtime drives it, chained after Debian's reference {@code ptp}
 * with {@code host-local}, everything run inside a "node" namespace, the pod in its own.
 */
class CniPluginIT {

    @TempDir
    Path dir;

    private TestNetwork net;
    private CniRuntime runtime;
    private Path k6t;
    private String netns;

    @BeforeEach
    void setUp() {
        net = TestNetwork.create("node", "pod", "guest");
        runtime = new CniRuntime(net, dir);
        k6t = CniRuntime.k6tNet();
        netns = net.path("pod").toString();
    }

    @AfterEach
    void tearDown() {
        net.close();
    }

    @Test
    void addChainedAfterPtpBindsHandsOffChecksAndDelRestoresThePod() throws Exception {
        JsonNode prev = ptpAdd("c1", "eth0", "10.244.1.0/24");
        String podIp = prev.get("ips").get(0).get("address").asText();
        String before = podAddressesAndRoutes();

        CniRuntime.Result add = runtime.run(k6t, "ADD", "c1", "eth0", Optional.of(netns), k6tConfig("1.0.0", prev));

        assertThat(add.exitCode()).as(add.stdout()).isZero();
        JsonNode result = add.json();
        assertThat(result.get("cniVersion").asText()).isEqualTo("1.0.0");
        assertThat(result.get("ips")).isEqualTo(prev.get("ips"));
        List<String> names = new ArrayList<>();
        result.get("interfaces").forEach(i -> names.add(i.get("name").asText()));
        assertThat(names).containsSubsequence(prev.get("interfaces").get(1).get("name").asText(), "k6t-eth0",
                "eth0-nic", "tap0");
        assertThat(result.get("interfaces").get(names.indexOf("tap0")).get("sandbox").asText()).isEqualTo(netns);
        Ip ip = new Ip(net, "pod");
        assertThat(ip.link("k6t-eth0").orElseThrow().get("ifalias").asText()).startsWith("k6t-net/1 eth0 1/1 ");
        assertThat(ip.link("eth0")).isEmpty();
        Handoff handoff = handoff("eth0");
        assertThat(handoff.network()).isEqualTo("podnet");
        assertThat(handoff.tap()).isEqualTo("tap0");
        assertThat(handoff.macPinned()).as("anti-spoofing on by default holds the guest to the pod's MAC").isTrue();
        assertThat(handoff.lease().orElseThrow().address()).isEqualTo(ipv4(podIp.split("/")[0]));

        CniRuntime.Result check = runtime.run(k6t, "CHECK", "c1", "eth0", Optional.of(netns),
                k6tConfig("1.0.0", result));
        assertThat(check).isEqualTo(new CniRuntime.Result(0, ""));

        // A guest on the bridge (a veth with the guest's MAC) gets the pod IP from a server built
        // from the hand-off alone, as the sidecar builds it.
        String bound = guestLease(handoff);
        assertThat(bound).contains("ip=" + podIp.split("/")[0]).contains("router=10.244.1.1");

        // Drift: CHECK is an error naming it; a repeated ADD converges again.
        net.exec("pod", "ip", "link", "set", "dev", "tap0", "nomaster");
        CniRuntime.Result drifted = runtime.run(k6t, "CHECK", "c1", "eth0", Optional.of(netns),
                k6tConfig("1.0.0", result));
        assertThat(drifted.exitCode()).isEqualTo(1);
        assertThat(drifted.json().get("code").asInt()).isEqualTo(103);
        assertThat(drifted.json().get("details").asText()).contains("tap0 is not a port of k6t-eth0");
        assertThat(runtime.run(k6t, "ADD", "c1", "eth0", Optional.of(netns), k6tConfig("1.0.0", prev)).exitCode())
                .isZero();
        assertThat(runtime.run(k6t, "CHECK", "c1", "eth0", Optional.of(netns), k6tConfig("1.0.0", result)))
                .isEqualTo(new CniRuntime.Result(0, ""));

        CniRuntime.Result del = runtime.run(k6t, "DEL", "c1", "eth0", Optional.of(netns), k6tConfig("1.0.0", result));
        CniRuntime.Result again = runtime.run(k6t, "DEL", "c1", "eth0", Optional.of(netns), k6tConfig("1.0.0", result));

        assertThat(del).isEqualTo(new CniRuntime.Result(0, ""));
        assertThat(again).isEqualTo(new CniRuntime.Result(0, ""));
        assertThat(podAddressesAndRoutes()).isEqualTo(before);
        assertThat(net.exec("pod", "ip", "-4", "-o", "addr", "show", "dev", "eth0")).contains(podIp);
        assertThat(HandoffReader.read(namespace())).isEmpty();
        assertThat(dir.resolve("state/podnet")).isEmptyDirectory();
        assertThat(runtime.run(CniRuntime.reference("ptp"), "DEL", "c1", "eth0", Optional.of(netns),
                ptpConfig("10.244.1.0/24", Optional.empty())).exitCode()).isZero();
    }

    @Test
    void aSecondaryNetworkNamedByLogicNetworkNameBindsKubevirtsHashedInterface() throws Exception {
        // KubeVirt asks Multus for pod interface pod + SHA-256("blue")[:11] on the network's attachment,
        // then calls the binding's attachment (its own CNI_IFNAME, no prevResult) with the logic name.
        ptpAdd("c2", "pod16477688c0e", "10.245.0.0/24");
        String config = "{\"cniVersion\": \"1.1.0\", \"name\": \"k6t\", \"type\": \"k6t-net\", \"stateDir\": \""
                + dir.resolve("state") + "\", \"args\": {\"cni\": {\"logicNetworkName\": \"blue\"}}}";

        CniRuntime.Result add = runtime.run(k6t, "ADD", "c2", "net1", Optional.of(netns), config);

        assertThat(add.exitCode()).as(add.stdout()).isZero();
        List<String> names = new ArrayList<>();
        add.json().get("interfaces").forEach(i -> names.add(i.get("name").asText()));
        assertThat(names).containsExactly("k6t-16477688c0e", "16477688c0e-nic", "tap16477688c0e");
        assertThat(add.json().get("cniVersion").asText()).isEqualTo("1.1.0");
        Handoff handoff = handoff("pod16477688c0e");
        assertThat(handoff.network()).isEqualTo("blue");
        assertThat(handoff.bridge()).isEqualTo("k6t-16477688c0e");
        assertThat(handoff.lease().orElseThrow().address().getHostAddress()).startsWith("10.245.0.");

        // The namespace is gone before DEL (the runtime deleted the sandbox): DEL still succeeds, twice.
        Path gone = dir.resolve("no-such-netns");
        assertThat(runtime.run(k6t, "DEL", "c2", "net1", Optional.of(gone.toString()), config))
                .isEqualTo(new CniRuntime.Result(0, ""));
        assertThat(runtime.run(k6t, "DEL", "c2", "net1", Optional.empty(), config))
                .isEqualTo(new CniRuntime.Result(0, ""));
        assertThat(dir.resolve("state/k6t/c2-net1")).doesNotExist();
    }

    @Test
    void killedMidAddThenDelAndAddConverge() throws Exception {
        JsonNode prev = ptpAdd("c3", "eth0", "10.244.3.0/24");
        String before = podAddressesAndRoutes();
        String config = k6tConfig("1.0.0", prev);
        for (int killAt : new int[] {3, 6}) {
            Path log = dir.resolve("kill-" + killAt + ".log");
            Path stdin = Files.writeString(dir.resolve("kill-" + killAt + ".json"), config);
            Process add = runtime.start(List.of("env", "CNI_COMMAND=ADD", "CNI_CONTAINERID=c3", "CNI_IFNAME=eth0",
                    "CNI_NETNS=" + netns, "CNI_PATH=/usr/lib/cni", "sh", "-c", "exec " + java() + " -cp "
                    + System.getProperty("java.class.path") + " " + CniKillMain.class.getName() + " " + killAt
                    + " < " + stdin), log);
            try {
                Poll.untilTrue(Duration.ofSeconds(60), "ADD to finish step " + killAt + " (log " + log + ")",
                        () -> read(log).contains("DONE " + killAt) || !add.isAlive());
                assertThat(read(log)).contains("DONE " + killAt);
            } finally {
                add.destroyForcibly().waitFor();
            }
            assertThat(podAddressesAndRoutes()).as("interrupted after step %d", killAt).isNotEqualTo(before);

            CniRuntime.Result del = runtime.run(k6t, "DEL", "c3", "eth0", Optional.of(netns), config);
            assertThat(del).isEqualTo(new CniRuntime.Result(0, ""));
            assertThat(podAddressesAndRoutes()).as("DEL after a kill at step %d", killAt).isEqualTo(before);

            CniRuntime.Result readd = runtime.run(k6t, "ADD", "c3", "eth0", Optional.of(netns), config);
            assertThat(readd.exitCode()).as(readd.stdout()).isZero();
            assertThat(runtime.run(k6t, "CHECK", "c3", "eth0", Optional.of(netns), k6tConfig("1.0.0", readd.json())))
                    .isEqualTo(new CniRuntime.Result(0, ""));
            assertThat(runtime.run(k6t, "DEL", "c3", "eth0", Optional.of(netns), config))
                    .isEqualTo(new CniRuntime.Result(0, ""));
            assertThat(podAddressesAndRoutes()).isEqualTo(before);
        }
    }

    @Test
    void errorsAreTheSpecsJsonOnStdoutWithTheirCodes() throws Exception {
        ptpAdd("c4", "eth0", "10.244.4.0/24");
        String config = k6tConfig("1.1.0", null);

        assertError(runtime.run(k6t, "ADD", "", "eth0", Optional.of(netns), config), 4, "CNI_CONTAINERID");
        assertError(runtime.run(k6t, "ADD", "c4", "eth0", Optional.of(netns), "{\"cniVersion\": "), 6, "");
        assertError(runtime.run(k6t, "ADD", "c4", "eth0", Optional.of(netns), config.replace("1.1.0", "0.3.1")),
                1, "0.3.1");
        assertError(runtime.run(k6t, "ADD", "c4", "eth0", Optional.of(netns), config.replace("}", ", \"mtu\": 9000}")),
                2, "mtu=9000");
        assertError(runtime.run(k6t, "ADD", "c4", "eth0", Optional.of(netns),
                config.replace("}", ", \"dhcp\": {\"leaseSeconds\": 0}}")), 7, "leaseSeconds");
        assertError(runtime.run(k6t, "ADD", "c4", "eth0", Optional.of(dir.resolve("gone").toString()), config), 3,
                "gone");
        assertError(runtime.run(k6t, "ADD", "c4", "eth9", Optional.of(netns), config), 101, "eth9");
        assertError(runtime.run(k6t, "STATUS", "", "", Optional.empty(), config.replace("1.1.0", "1.0.0")), 1,
                "STATUS");
        Path lock = Files.createDirectories(dir.resolve("state/podnet")).resolve("c4-eth0.lock");
        try (FileChannel channel = FileChannel.open(lock, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock held = channel.lock()) {
            assertError(runtime.run(k6t, "ADD", "c4", "eth0", Optional.of(netns), config), 11, "locked");
        }
        assertThat(new Ip(net, "pod").link("k6t-eth0")).as("no error changed the pod").isEmpty();

        assertThat(runtime.run(k6t, "STATUS", "", "", Optional.empty(), config))
                .isEqualTo(new CniRuntime.Result(0, ""));
        CniRuntime.Result version = runtime.run(k6t, "VERSION", "", "", Optional.empty(), "{\"cniVersion\":\"0.4.0\"}");
        assertThat(version.json().get("cniVersion").asText()).isEqualTo("0.4.0");
        assertThat(version.json().get("supportedVersions").toString()).isEqualTo("[\"0.4.0\",\"1.0.0\",\"1.1.0\"]");
        Files.createDirectories(dir.resolve("state/podnet/old-eth0"));
        assertThat(runtime.run(k6t, "GC", "", "", Optional.empty(), config.replace("}",
                ", \"cni.dev/valid-attachments\": [{\"containerID\": \"c4\", \"ifname\": \"eth0\"}]}")))
                .isEqualTo(new CniRuntime.Result(0, ""));
        assertThat(dir.resolve("state/podnet/old-eth0")).doesNotExist();
    }

    private void assertError(CniRuntime.Result result, int code, String detail) {
        assertThat(result.exitCode()).as(result.stdout()).isEqualTo(1);
        assertThat(result.stdout().strip()).as("one JSON object and nothing else").startsWith("{").endsWith("}")
                .doesNotContain("\n");
        JsonNode error = result.json();
        assertThat(error.get("code").asInt()).as(result.stdout()).isEqualTo(code);
        assertThat(error.get("msg").asText()).isNotBlank();
        assertThat(error.get("cniVersion").asText()).isNotBlank();
        assertThat(error.get("details").asText()).contains(detail);
    }

    private String guestLease(Handoff handoff) throws Exception {
        net.exec("pod", "ip", "link", "add", "gst0", "type", "veth", "peer", "name", "eth0", "netns",
                net.name("guest"));
        net.exec("guest", "ip", "link", "set", "dev", "eth0", "address", handoff.guestMac(), "up");
        net.exec("pod", "ip", "link", "set", "dev", "gst0", "master", handoff.bridge(), "up");
        LeaseConfig lease = handoff.leaseConfig(List.of(ipv4("10.96.0.10")), List.of("cluster.local"),
                Optional.of("vm1")).orElseThrow();
        try (NetNamespace pod = namespace();
                DhcpServer server = DhcpServer.builder().channelContext(pod.executor()).lease(lease).build()) {
            server.start();
            Udhcpc client = Udhcpc.start(net, "guest", "eth0", dir);
            try {
                return client.await(0, Duration.ofSeconds(30), "bound");
            } finally {
                client.stop();
                // The veth stood in for QEMU's end of the tap: it goes with the VM.
                net.exec("pod", "ip", "link", "del", "dev", "gst0");
            }
        }
    }

    private Handoff handoff(String podInterface) {
        try (NetNamespace pod = namespace()) {
            return HandoffReader.find(HandoffReader.read(pod), podInterface).orElseThrow(
                    () -> new AssertionError("no hand-off for " + podInterface));
        }
    }

    private NetNamespace namespace() {
        try {
            return NetNamespace.open(net.path("pod"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private JsonNode ptpAdd(String containerId, String ifname, String subnet) {
        CniRuntime.Result add = runtime.run(CniRuntime.reference("ptp"), "ADD", containerId, ifname,
                Optional.of(netns), ptpConfig(subnet, Optional.empty()));
        assertThat(add.exitCode()).as(add.stdout()).isZero();
        return add.json();
    }

    private String ptpConfig(String subnet, Optional<JsonNode> prev) {
        return CniRuntime.config("1.0.0", "podnet", CniRuntime.ptp(subnet, dir.resolve("ipam")), prev);
    }

    private String k6tConfig(String version, JsonNode prev) {
        return CniRuntime.config(version, "podnet", "{\"type\": \"k6t-net\", \"stateDir\": \"" + dir.resolve("state")
                + "\"}", Optional.ofNullable(prev));
    }

    private String podAddressesAndRoutes() {
        return PodSnapshot.of(net, "pod");
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static String read(Path log) {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Inet4Address ipv4(String text) {
        return (Inet4Address) InetAddresses.forString(text);
    }
}
