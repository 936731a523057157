package io.k6t.net.it.kubevirt;

import static org.assertj.core.api.Assertions.assertThat;

import io.k6t.net.it.support.Prerequisites;
import io.k6t.net.it.support.TestNetwork;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The KubeVirt sidecar as virt-launcher meets it: run as nobody with only CAP_NET_BIND_SERVICE in a pod
 * the CNI plugin bound, called over its Unix socket by a client generated from our .proto files in
 * another language (Debian's Python gRPC), serving the guest the MAC the domain gives it.
 */
class SidecarIT {
    @Test
    void answersEveryHookMethodServesTheVmiMacAndEndsOnShutdown() throws Exception {
        Prerequisites.requireTool("virt-xml-validate", "libvirt-clients");
        try (SidecarPod pod = SidecarPod.create(true)) {
            Path log = pod.dir.resolve("sidecar.log");
            Process sidecar = pod.startSidecar(log);
            assertThat(pod.socket()).exists();
            assertThat(TestNetwork.run(java.util.List.of("stat", "-c", "%a %U", pod.socket().toString())).strip())
                    .isEqualTo("600 nobody");

            TestNetwork.Result info = pod.client("info");
            assertThat(info.exitCode()).as(info.output()).isZero();
            assertThat(info.output()).contains("\"name\": \"k6t\"", "\"versions\": [\"v1alpha3\", \"v1alpha2\"]",
                    "{\"name\": \"OnDefineDomain\", \"priority\": 0}", "{\"name\": \"Shutdown\", \"priority\": 0}");

            // Before OnDefineDomain the server serves the pod's MAC: the guest with the VMI's gets nothing.
            TestNetwork.Result early = pod.net.execAllowingFailure("guest", "udhcpc", "-i", "eth0", "-f", "-q",
                    "-n", "-t", "2", "-T", "1", "-s", "/bin/true");
            assertThat(early.exitCode()).as(early.output()).isNotZero();

            Path domain = pod.resource("domain.xml");
            Path vmi = pod.resource("vmi.json");
            Path v3 = pod.dir.resolve("v1alpha3.xml");
            Path v2 = pod.dir.resolve("v1alpha2.xml");
            TestNetwork.Result define3 = pod.client("define", "v1alpha3", domain.toString(), vmi.toString(),
                    v3.toString());
            TestNetwork.Result define2 = pod.client("define", "v1alpha2", domain.toString(), vmi.toString(),
                    v2.toString());
            assertThat(define3.exitCode()).as(define3.output()).isZero();
            assertThat(define2.exitCode()).as(define2.output()).isZero();
            assertThat(Files.readString(v3)).contains("<target dev=\"tap0\" managed=\"no\"/>",
                    "<mac address=\"" + SidecarPod.VMI_MAC + "\"/>", "<alias name=\"ua-default\"/>",
                    "<mtu size=\"1450\"/>");
            assertThat(Files.readAllBytes(v2)).isEqualTo(Files.readAllBytes(v3));
            TestNetwork.Result valid = TestNetwork.runForResult(java.util.List.of("virt-xml-validate", v3.toString(),
                    "domain"));
            assertThat(valid.exitCode()).as(valid.output()).isZero();

            TestNetwork.Result cloudInit = pod.client("precloudinit", "v1alpha3", "{\"userData\": \"#cloud-config\"}");
            assertThat(cloudInit.output()).contains("{\"unchanged\": true}");

            Path badVmi = pod.dir.resolve("bad.json");
            Files.writeString(badVmi, "{\"spec\": ");
            TestNetwork.Result bad = pod.client("define", "v1alpha3", domain.toString(), badVmi.toString(),
                    pod.dir.resolve("bad.xml").toString());
            assertThat(bad.exitCode()).isEqualTo(3);
            assertThat(bad.output()).startsWith("INVALID_ARGUMENT: vmi: not valid JSON");

            // The domain gave the guest the VMI's MAC: now that guest gets the pod's IP.
            String lease = pod.net.exec("guest", "udhcpc", "-i", "eth0", "-f", "-q", "-n", "-t", "5", "-T", "1",
                    "-s", "/bin/true");
            assertThat(lease).contains("lease of " + SidecarPod.GUEST_ADDRESS + " obtained from 169.254.75.10");

            TestNetwork.Result shutdown = pod.client("shutdown");
            assertThat(shutdown.output()).contains("shutdown answered");
            assertThat(SidecarPod.exitCode(sidecar)).as(Files.readString(log)).isZero();
            assertThat(pod.socket()).doesNotExist();
            assertThat(pod.hooks.resolve("k6t-metrics")).doesNotExist();
        }
    }

    @Test
    void refusesToStartWithoutAHandoffSayingWhy() throws Exception {
        try (SidecarPod pod = SidecarPod.create(false)) {
            Path log = pod.dir.resolve("sidecar.log");
            Process sidecar = pod.startSidecar(log);

            assertThat(SidecarPod.exitCode(sidecar)).isEqualTo(1);
            assertThat(Files.readString(log)).contains("no hand-off from the k6t-net CNI plugin in this network"
                    + " namespace");
            assertThat(pod.socket()).doesNotExist();
        }
    }

    @Test
    void endsWithExitZeroAndItsSocketRemovedOnSigterm() throws Exception {
        try (SidecarPod pod = SidecarPod.create(true)) {
            Path log = pod.dir.resolve("sidecar.log");
            Process sidecar = pod.startSidecar(log);
            assertThat(pod.socket()).exists();

            // The sidecar runs under ip netns exec and setpriv, which exec: this PID is the JVM's.
            TestNetwork.run(java.util.List.of("kill", "-TERM", Long.toString(sidecar.pid())));

            assertThat(SidecarPod.exitCode(sidecar)).as(Files.readString(log)).isZero();
            assertThat(pod.socket()).doesNotExist();
        }
    }
}
