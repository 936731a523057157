package io.k6t.net.it.kubevirt;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.net.InetAddresses;
import io.k6t.net.dhcp.server.DhcpServer;
import io.k6t.net.dhcp.server.LeaseConfig;
import io.k6t.net.it.binding.Udhcpc;
import io.k6t.net.it.support.Poll;
import io.k6t.net.it.support.Prerequisites;
import io.k6t.net.it.support.TestNetwork;
import io.k6t.net.kubevirt.handoff.Handoff;
import io.k6t.net.kubevirt.handoff.HandoffReader;
import io.k6t.net.launcher.netns.NetNamespace;
import java.io.IOException;
import java.net.Inet4Address;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real container runtime: containerd from Debian, run by the test with its own root, state and
 * socket inside a "node" namespace, starts a container with {@code ctr run --cni} whose network is
 * the conflist ptp + host-local + k6t-net; a guest on the container's bridge gets the container's IP
 * from a server built from the hand-off; when the container ends, ctr's DEL undoes the binding.
 */
class ContainerdIT {
    private static final String CONTAINER = "c1";

    @TempDir
    Path dir;

    @Test
    void ctrRunWithTheConflistBindsTheContainerAndAGuestGetsItsIp() throws Exception {
        Prerequisites.requireTool("umoci", "umoci");
        Path busybox = Prerequisites.requireTool("busybox", "busybox-static");
        Path plugin = CniRuntime.k6tNet();
        List<Path> createdMountPoints = new ArrayList<>();
        Process run = null;
        try (TestNetwork net = TestNetwork.create("node", "guest");
                Containerd containerd = Containerd.start(net, "node", dir)) {
            String node = net.path("node").toString();
            containerd.importImage(image(busybox), "k6t.local/tiny:latest");

            Path cniBin = Files.createDirectories(dir.resolve("cni-bin"));
            Files.createSymbolicLink(cniBin.resolve("ptp"), CniRuntime.reference("ptp"));
            Files.createSymbolicLink(cniBin.resolve("host-local"), CniRuntime.reference("host-local"));
            Files.createSymbolicLink(cniBin.resolve("k6t-net"), plugin);
            Path netd = Files.createDirectories(dir.resolve("etc-cni/net.d"));
            Files.writeString(netd.resolve("10-k6t.conflist"), "{\"cniVersion\": \"1.0.0\", \"name\": \"k6tpod\","
                    + " \"plugins\": [" + CniRuntime.ptp("10.88.0.0/24", dir.resolve("ipam"))
                    + ", {\"type\": \"k6t-net\", \"stateDir\": \"" + dir.resolve("k6t") + "\"}]}");
            // ctr reads /etc/cni/net.d and runs plugins from /opt/cni/bin; both are bind-mounted in a mount
            // namespace of its own, over mount points made here if the machine has none.
            for (Path mountPoint : List.of(Path.of("/etc/cni"), Path.of("/opt/cni"), Path.of("/opt/cni/bin"))) {
                if (!Files.exists(mountPoint)) {
                    Files.createDirectories(mountPoint);
                    createdMountPoints.add(0, mountPoint);
                }
            }
            run = new ProcessBuilder("nsenter", "--net=" + node, "unshare", "-m", "sh", "-c", "mount --bind "
                    + cniBin + " /opt/cni/bin && mount --bind " + dir.resolve("etc-cni") + " /etc/cni && exec "
                    + String.join(" ", containerd.ctr("run", "--rm", "--cni", "k6t.local/tiny:latest", CONTAINER,
                    "sleep", "600"))).redirectErrorStream(true).redirectOutput(dir.resolve("ctr-run.log").toFile())
                    .start();
            long pid = Poll.until(Duration.ofSeconds(120), "container " + CONTAINER + " to run (" + dir + ")",
                    () -> containerd.taskPid(CONTAINER));
            Path podNetns = Path.of("/proc/" + pid + "/ns/net");

            Handoff handoff;
            try (NetNamespace pod = NetNamespace.open(podNetns)) {
                handoff = HandoffReader.find(HandoffReader.read(pod), "eth0").orElseThrow();
            }
            assertThat(handoff.network()).isEqualTo("k6tpod");
            assertThat(handoff.bridge()).isEqualTo("k6t-eth0");
            Inet4Address containerIp = handoff.lease().orElseThrow().address();
            assertThat(containerIp.getHostAddress()).startsWith("10.88.0.");
            assertThat(dir.resolve("k6t/k6tpod/default-" + CONTAINER + "-eth0")).isDirectory();

            String bound = guestLease(net, podNetns, handoff);
            assertThat(bound).contains("ip=" + containerIp.getHostAddress()).contains("router=10.88.0.1");

            TestNetwork.run(containerd.ctr("task", "kill", "-s", "KILL", CONTAINER));
            assertThat(run.waitFor(120, TimeUnit.SECONDS)).as("ctr run --rm ends after the task").isTrue();
            assertThat(dir.resolve("k6t/k6tpod/default-" + CONTAINER + "-eth0")).as("ctr's CNI DEL ran").doesNotExist();
        } finally {
            if (run != null) {
                TestNetwork.stop(run);
            }
            for (Path mountPoint : createdMountPoints) {
                Files.deleteIfExists(mountPoint);
            }
        }
    }

    private String guestLease(TestNetwork net, Path podNetns, Handoff handoff) throws Exception {
        TestNetwork.run(List.of("nsenter", "--net=" + podNetns, "ip", "link", "add", "gst0", "type", "veth", "peer",
                "name", "eth0", "netns", net.name("guest")));
        net.exec("guest", "ip", "link", "set", "dev", "eth0", "address", handoff.guestMac(), "up");
        TestNetwork.run(List.of("nsenter", "--net=" + podNetns, "ip", "link", "set", "dev", "gst0", "master",
                handoff.bridge(), "up"));
        LeaseConfig lease = handoff.leaseConfig(List.of((Inet4Address) InetAddresses.forString("10.96.0.10")),
                List.of("cluster.local"), Optional.of("vm1")).orElseThrow();
        try (NetNamespace pod = NetNamespace.open(podNetns);
                DhcpServer server = DhcpServer.builder().channelContext(pod.executor()).lease(lease).build()) {
            server.start();
            Udhcpc client = Udhcpc.start(net, "guest", "eth0", dir);
            try {
                return client.await(0, Duration.ofSeconds(30), "bound");
            } finally {
                client.stop();
                TestNetwork.run(List.of("nsenter", "--net=" + podNetns, "ip", "link", "del", "dev", "gst0"));
            }
        }
    }

    /** A one-layer OCI image with a static busybox, built with umoci, as a tar for {@code ctr image import}. */
    private Path image(Path busybox) throws IOException {
        Path layout = dir.resolve("image");
        Path bundle = dir.resolve("bundle");
        TestNetwork.run(List.of("umoci", "init", "--layout", layout.toString()));
        TestNetwork.run(List.of("umoci", "new", "--image", layout + ":latest"));
        TestNetwork.run(List.of("umoci", "unpack", "--image", layout + ":latest", bundle.toString()));
        Path bin = Files.createDirectories(bundle.resolve("rootfs/bin"));
        Files.copy(busybox, bin.resolve("busybox"));
        Files.createSymbolicLink(bin.resolve("sleep"), Path.of("busybox"));
        TestNetwork.run(List.of("umoci", "repack", "--image", layout + ":latest", bundle.toString()));
        Path tar = dir.resolve("image.tar");
        TestNetwork.run(List.of("tar", "-C", layout.toString(), "-cf", tar.toString(), "."));
        return tar;
    }
}
