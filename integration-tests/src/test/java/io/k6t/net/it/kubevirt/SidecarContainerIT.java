package io.k6t.net.it.kubevirt;

import static org.assertj.core.api.Assertions.assertThat;

import io.k6t.net.it.support.Poll;
import io.k6t.net.it.support.Prerequisites;
import io.k6t.net.it.support.TestNetwork;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The sidecar as KubeVirt ships it: the image built from this checkout ({@link SidecarImage}),
 * imported into a containerd of the test's own (inside a "node" namespace) and run by {@code ctr run}
 * in the pod's network namespace, the hooks directory a bind mount, as the image's user 107. The pod
 * is what the CNI plugin leaves ({@link SidecarPod}); Debian's Python gRPC client calls every hook
 * method over the socket, and the guest's wire with the VMI's MAC takes the pod IP from the sidecar
 * in the container.
 */
class SidecarContainerIT {
    private static final String IMAGE = "k6t.local/k6t-net-sidecar:latest";
    private static final String CONTAINER = "k6t-sidecar";
    private static final String LAUNCHER_UID = "107";
    private static final long MAX_IMAGE_BYTES = 100_000_000L;

    @Test
    void theImageRunByContainerdAsUser107AnswersEveryHookServesTheVmiMacAndExitsZeroOnShutdown() throws Exception {
        Prerequisites.requireTool("virt-xml-validate", "libvirt-clients");
        Path image = SidecarImage.archive();
        assertThat(Files.size(image)).as("image archive %s", image).isLessThan(MAX_IMAGE_BYTES);
        Process run = null;
        try (SidecarPod pod = SidecarPod.create(true, "node");
                Containerd containerd = Containerd.start(pod.net, "node",
                        Files.createDirectories(pod.dir.resolve("containerd")))) {
            TestNetwork.run(List.of("chown", LAUNCHER_UID + ":" + LAUNCHER_UID, pod.hooks.toString()));
            // ctr gives a non-root user no ambient capability: port 67 comes from the pod's namespaced
            // sysctl instead, which Kubernetes counts as a safe sysctl a pod may set.
            pod.net.exec("pod", "sysctl", "-qw", "net.ipv4.ip_unprivileged_port_start=67");
            containerd.importImage(image, IMAGE);

            Path log = pod.dir.resolve("ctr-run.log");
            Process started = new ProcessBuilder(containerd.ctr("run", "--rm", "--with-ns",
                    "network:" + pod.net.path("pod"), "--mount", "type=bind,src=" + pod.hooks
                            + ",dst=/var/run/kubevirt-hooks,options=rbind:rw", IMAGE, CONTAINER))
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            run = started;
            Poll.untilTrue(Duration.ofSeconds(120), "the sidecar's socket " + pod.socket() + " (log " + log + ")",
                    () -> Files.exists(pod.socket()) || !started.isAlive());
            assertThat(pod.socket()).as(Files.readString(log)).exists();
            long pid = containerd.taskPid(CONTAINER).orElseThrow();
            assertThat(Files.readAllLines(Path.of("/proc/" + pid + "/status")))
                    .as("the sidecar process (the image's entry point execs java): user 107, no capability at all")
                    .contains("Uid:\t107\t107\t107\t107", "Gid:\t107\t107\t107\t107",
                            "CapPrm:\t0000000000000000", "CapEff:\t0000000000000000");
            assertThat(TestNetwork.run(List.of("stat", "-c", "%a %u", pod.socket().toString())).strip())
                    .isEqualTo("600 " + LAUNCHER_UID);

            TestNetwork.Result info = pod.client("info");
            assertThat(info.exitCode()).as(info.output()).isZero();
            assertThat(info.output()).contains("\"name\": \"k6t\"", "\"versions\": [\"v1alpha3\", \"v1alpha2\"]",
                    "{\"name\": \"OnDefineDomain\", \"priority\": 0}", "{\"name\": \"Shutdown\", \"priority\": 0}");

            Path domain = pod.dir.resolve("domain-out.xml");
            TestNetwork.Result define = pod.client("define", "v1alpha3", pod.resource("domain.xml").toString(),
                    pod.resource("vmi.json").toString(), domain.toString());
            assertThat(define.exitCode()).as(define.output()).isZero();
            assertThat(Files.readString(domain)).contains("<target dev=\"tap0\" managed=\"no\"/>",
                    "<mac address=\"" + SidecarPod.VMI_MAC + "\"/>", "<alias name=\"ua-default\"/>");
            TestNetwork.Result valid = TestNetwork.runForResult(List.of("virt-xml-validate", domain.toString(),
                    "domain"));
            assertThat(valid.exitCode()).as(valid.output()).isZero();

            TestNetwork.Result cloudInit = pod.client("precloudinit", "v1alpha3", "{\"userData\": \"#cloud-config\"}");
            assertThat(cloudInit.output()).contains("{\"unchanged\": true}");

            String lease = pod.net.exec("guest", "udhcpc", "-i", "eth0", "-f", "-q", "-n", "-t", "5", "-T", "1",
                    "-s", "/bin/true");
            assertThat(lease).contains("lease of " + SidecarPod.GUEST_ADDRESS + " obtained from 169.254.75.10");

            TestNetwork.Result shutdown = pod.client("shutdown");
            assertThat(shutdown.output()).contains("shutdown answered");
            assertThat(started.waitFor(60, TimeUnit.SECONDS)).as("ctr run ends with the container").isTrue();
            assertThat(started.exitValue()).as(Files.readString(log)).isZero();
            assertThat(pod.socket()).doesNotExist();
        } finally {
            if (run != null) {
                TestNetwork.stop(run);
            }
        }
    }
}
