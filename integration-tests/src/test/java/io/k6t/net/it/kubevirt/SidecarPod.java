package io.k6t.net.it.kubevirt;

import io.k6t.net.it.support.Poll;
import io.k6t.net.it.support.Prerequisites;
import io.k6t.net.it.support.TestNetwork;
import io.k6t.net.kubevirt.handoff.Handoff;
import io.k6t.net.kubevirt.handoff.HandoffWriter;
import io.k6t.net.launcher.netlink.NetlinkHandle;
import io.k6t.net.launcher.netns.NetNamespace;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A pod as the CNI plugin leaves it for the sidecar: bridge {@code k6t-eth0} (server address
 * 169.254.75.10/32), tap {@code tap0}, the renamed pod link {@code eth0-nic} enslaved to the bridge
 * and its peer as the "guest"'s {@code eth0} (the guest's wire, instead of a QEMU guest), and the
 * hand-off in the links' aliases. Plus a hooks directory owned by {@code nobody}, the sidecar run as
 * {@code nobody} with only {@code CAP_NET_BIND_SERVICE}, and Debian's Python gRPC client generated from
 * our .proto files.
 */
final class SidecarPod implements AutoCloseable {
    static final String POD_MAC = "0a:58:0a:f4:01:05";
    static final String VMI_MAC = "02:00:00:74:17:75";
    static final String GUEST_ADDRESS = "10.244.1.5";
    static final String NOBODY = "65534";
    /** The pass-through interface's guest MAC (pod interface {@code net1}, no IPv4: nothing to serve). */
    static final String NET1_MAC = "02:00:00:74:17:76";
    /** The capabilities KubeVirt gives the sidecar. */
    static final String SIDECAR_CAPS = "net_bind_service";
    private static final Path ROOT = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().resolve("..")
            .normalize();

    final TestNetwork net;
    final Path dir;
    final Path hooks;
    final Path stubs;
    private final List<Process> sidecars = new ArrayList<>();

    private SidecarPod(TestNetwork net, Path dir) {
        this.net = net;
        this.dir = dir;
        this.hooks = dir.resolve("hooks");
        this.stubs = dir.resolve("stubs");
    }

    /** The pod and guest namespaces, links and hooks directory; the hand-off is written when {@code handoff}. */
    static SidecarPod create(boolean handoff) throws Exception {
        return create(handoff, new String[0]);
    }

    /** As {@link #create(boolean)}, with more namespaces (e.g. a node holding a secondary L2). */
    static SidecarPod create(boolean handoff, String... moreRoles) throws Exception {
        Prerequisites.requireTool("udhcpc", "udhcpc");
        List<String> roles = new ArrayList<>(List.of("pod", "guest"));
        roles.addAll(List.of(moreRoles));
        SidecarPod pod = withoutLinks(roles.toArray(String[]::new));
        try {
            pod.net.exec("pod", "ip", "link", "add", "k6t-eth0", "type", "bridge");
            pod.net.exec("pod", "ip", "addr", "add", "169.254.75.10/32", "dev", "k6t-eth0");
            pod.net.exec("pod", "ip", "link", "set", "k6t-eth0", "up");
            pod.net.exec("pod", "ip", "tuntap", "add", "dev", "tap0", "mode", "tap");
            pod.net.exec("pod", "ip", "link", "set", "tap0", "master", "k6t-eth0", "up");
            pod.net.exec("pod", "ip", "link", "add", "eth0-nic", "type", "veth", "peer", "name", "eth0", "netns",
                    pod.net.name("guest"));
            pod.net.exec("pod", "ip", "link", "set", "eth0-nic", "master", "k6t-eth0", "up");
            pod.net.exec("guest", "ip", "link", "set", "eth0", "address", VMI_MAC, "up");
            if (handoff) {
                pod.writeHandoff();
            }
        } catch (Exception | Error e) {
            pod.close();
            throw e;
        }
        return pod;
    }

    /**
     * The namespaces {@code roles} (one of them {@code pod}), the hooks directory and the client's
     * stubs, but no links: for a pod that the real CNI plugin binds.
     */
    static SidecarPod withoutLinks(String... roles) throws Exception {
        Prerequisites.requireTool("setpriv", "util-linux");
        Path python = Path.of("/usr/bin/python3");
        if (!Files.isExecutable(python)) {
            throw new AssertionError("needs /usr/bin/python3 with python3-grpcio and python3-grpc-tools");
        }
        TestNetwork net = TestNetwork.create(roles);
        Path dir;
        try {
            dir = Files.createTempDirectory("k6t-sidecar-it");
        } catch (IOException | RuntimeException e) {
            net.close();
            throw e;
        }
        SidecarPod pod = new SidecarPod(net, dir);
        try {
            run("chmod", "755", dir.toString());
            Files.createDirectory(pod.hooks);
            run("chown", NOBODY + ":" + NOBODY, pod.hooks.toString());
            pod.generateStubs();
        } catch (Exception | Error e) {
            pod.close();
            throw e;
        }
        return pod;
    }

    /** The hand-off the CNI plugin writes for the primary interface (the pod's MAC, not the VMI's). */
    static Handoff handoff() {
        Handoff.Lease lease = Handoff.Lease.of(ip("169.254.75.10"), ip(GUEST_ADDRESS), 24,
                Optional.of(ip("10.244.1.1")), List.of());
        return new Handoff("default", "eth0", "k6t-eth0", "tap0", "eth0-nic", POD_MAC, 1450, false, Optional.of(lease),
                OptionalLong.of(35));
    }

    private void writeHandoff() throws Exception {
        writeHandoff(handoff());
    }

    private void writeHandoff(Handoff handoff) throws Exception {
        try (NetNamespace ns = NetNamespace.open(net.path("pod"))) {
            ns.run(() -> {
                try (NetlinkHandle netlink = NetlinkHandle.open()) {
                    HandoffWriter.write(netlink, handoff);
                }
                return null;
            });
        }
    }

    /**
     * A pass-through interface as the CNI plugin binds a secondary network without IPAM: bridge
     * {@code k6t-net1} (no address), tap {@code tapnet1}, the renamed pod link {@code net1-nic} whose
     * peer is a port of {@code l2Bridge} in {@code l2Role}'s namespace (the L2), and the guest's
     * {@code eth1} (MAC {@link #NET1_MAC}) on a veth port of the bridge in place of the tap; the
     * hand-off has no lease.
     */
    void addPassThrough(String l2Role, String l2Bridge) throws Exception {
        net.exec("pod", "ip", "link", "add", "k6t-net1", "type", "bridge");
        net.exec("pod", "ip", "link", "set", "k6t-net1", "up");
        net.exec("pod", "ip", "tuntap", "add", "dev", "tapnet1", "mode", "tap");
        net.exec("pod", "ip", "link", "set", "tapnet1", "master", "k6t-net1", "up");
        net.exec("pod", "ip", "link", "add", "net1-nic", "type", "veth", "peer", "name", "l2-net1", "netns",
                net.name(l2Role));
        net.exec("pod", "ip", "link", "set", "net1-nic", "master", "k6t-net1", "up");
        net.exec(l2Role, "ip", "link", "set", "l2-net1", "master", l2Bridge, "up");
        net.exec("pod", "ip", "link", "add", "vm-net1", "type", "veth", "peer", "name", "eth1", "netns",
                net.name("guest"));
        net.exec("pod", "ip", "link", "set", "vm-net1", "master", "k6t-net1", "up");
        net.exec("guest", "ip", "link", "set", "eth1", "address", NET1_MAC, "up");
        writeHandoff(new Handoff("l2", "net1", "k6t-net1", "tapnet1", "net1-nic", NET1_MAC, 1500, false,
                Optional.empty(), OptionalLong.empty()));
    }

    private void generateStubs() throws IOException {
        Files.createDirectories(stubs);
        Path proto = ROOT.resolve("kubevirt-binding/src/main/proto");
        run("/usr/bin/python3", "-m", "grpc_tools.protoc", "-I", proto.toString(), "--python_out=" + stubs,
                "--grpc_python_out=" + stubs, "kubevirt/hooks/info/api_info.proto",
                "kubevirt/hooks/v1alpha2/api_v1alpha2.proto", "kubevirt/hooks/v1alpha3/api_v1alpha3.proto");
    }

    /** The sidecar's command line as KubeVirt would run it: nobody, only CAP_NET_BIND_SERVICE. */
    List<String> unprivileged(String... command) {
        return asNobody(SIDECAR_CAPS, command);
    }

    /** {@code command} as nobody with only the capabilities {@code caps} (comma-separated, e.g. {@code net_raw}). */
    List<String> asNobody(String caps, String... command) {
        String set = "-all," + Arrays.stream(caps.split(",")).map(c -> "+" + c).collect(Collectors.joining(","));
        List<String> full = new ArrayList<>(List.of("setpriv", "--reuid=" + NOBODY, "--regid=" + NOBODY,
                "--clear-groups", "--inh-caps=" + set, "--ambient-caps=" + set, "--bounding-set=" + set, "env",
                "HOME=" + dir, "K6T_NET_CDS=0"));
        full.addAll(List.of(command));
        return full;
    }

    /** Starts {@code bin/k6t-net sidecar args} unprivileged in the pod; waits for its hook socket. */
    Process startSidecar(Path log, String... args) {
        return startSidecarWith(SIDECAR_CAPS, log, args);
    }

    /** As {@link #startSidecar}, as nobody with the capabilities {@code caps}. */
    Process startSidecarWith(String caps, Path log, String... args) {
        List<String> command = new ArrayList<>(List.of(ROOT.resolve("bin/k6t-net").toString(), "sidecar",
                "--hooks-dir", hooks.toString()));
        command.addAll(List.of(args));
        Process process = net.start("pod", log, asNobody(caps, command.toArray(String[]::new)).toArray(String[]::new));
        sidecars.add(process);
        Poll.untilTrue(Duration.ofSeconds(30), "the sidecar's socket " + socket() + " (log: " + log + ")",
                () -> Files.exists(socket()) || !process.isAlive());
        return process;
    }

    Path socket() {
        return hooks.resolve("k6t.sock");
    }

    /** Runs the Python hook client (as root, in the test's namespace: the socket is a file). */
    TestNetwork.Result client(String... args) {
        List<String> command = new ArrayList<>(List.of("/usr/bin/python3",
                ROOT.resolve("integration-tests/src/test/python/hooks_client.py").toString(), stubs.toString(),
                socket().toString()));
        command.addAll(List.of(args));
        return TestNetwork.runForResult(command);
    }

    /** A test resource of this package, copied to the pod's directory. */
    Path resource(String name) throws IOException {
        Path file = dir.resolve(name);
        try (InputStream in = SidecarPod.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("no test resource " + name);
            }
            Files.copy(in, file);
        }
        return file;
    }

    /** Waits for {@code process} to end by itself and returns its exit code. */
    static int exitCode(Process process) throws InterruptedException {
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new AssertionError("the sidecar did not end within 30 s");
        }
        return process.exitValue();
    }

    static Inet4Address ip(String text) {
        try {
            return (Inet4Address) InetAddress.getByName(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void run(String... command) {
        TestNetwork.run(List.of(command));
    }

    @Override
    public void close() {
        try {
            sidecars.forEach(TestNetwork::stop);
            net.close();
        } finally {
            TestNetwork.run(List.of("rm", "-rf", dir.toString()));
        }
    }
}
