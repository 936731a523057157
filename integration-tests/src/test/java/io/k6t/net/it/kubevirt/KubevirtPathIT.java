package io.k6t.net.it.kubevirt;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.k6t.net.it.guest.GuestImage;
import io.k6t.net.it.guest.GuestLease;
import io.k6t.net.it.guest.GuestReport;
import io.k6t.net.it.guest.QemuGuest;
import io.k6t.net.it.libvirt.PodLibvirtd;
import io.k6t.net.it.support.TestNetwork;
import io.k6t.net.kubevirt.handoff.Handoff;
import io.k6t.net.kubevirt.handoff.HandoffReader;
import io.k6t.net.launcher.netns.NetNamespace;
import io.k6t.net.libvirt.DomainInterface;
import io.k6t.net.libvirt.LibvirtConnector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The whole KubeVirt path in one boot: a node's runtime runs Debian's {@code ptp} + {@code host-local}
 * and then bin/k6t-net-cni for a pod (inside a "node" namespace, as {@link CniRuntime} does); the
 * sidecar runs in the pod's network namespace as nobody with only {@code CAP_NET_BIND_SERVICE}; the
 * hook client (virt-launcher's part) hands it a domain and a VMI whose interface has a MAC of its own;
 * a libvirtd in the pod defines and starts exactly the domain the sidecar returned, and its QEMU
 * (TCG) guest, on the tap, gets the pod IP from the sidecar and pings the node. Then the VM's end:
 * Shutdown ends the sidecar, and CNI DEL gives the pod back as ptp left it.
 */
class KubevirtPathIT {
    private static final String DOMAIN = "k6t-kubevirt";
    private static final Duration BOOT = Duration.ofSeconds(240);
    private static final String NETWORK = "podnet";
    private static final String CONTAINER = "c1";

    @Test
    void cniSidecarAndLibvirtdBootAGuestWithTheVmiMacThatLeasesThePodIpPingsTheNodeAndDelRestoresThePod()
            throws Exception {
        Path cniPlugin = CniRuntime.k6tNet();
        try (SidecarPod pod = SidecarPod.withoutLinks("pod", "node")) {
            TestNetwork net = pod.net;
            CniRuntime runtime = new CniRuntime(net, Files.createDirectories(pod.dir.resolve("cni-logs")));
            Optional<String> netns = Optional.of(net.path("pod").toString());
            String ptpConfig = CniRuntime.config("1.0.0", NETWORK, CniRuntime.ptp("10.244.7.0/24",
                    pod.dir.resolve("ipam")), Optional.empty());
            Path ptpPlugin = CniRuntime.reference("ptp");
            CniRuntime.Result ptp = runtime.run(ptpPlugin, "ADD", CONTAINER, "eth0", netns, ptpConfig);
            assertThat(ptp.exitCode()).as(ptp.stdout()).isZero();
            JsonNode ip = ptp.json().get("ips").get(0);
            String podIp = ip.get("address").asText().split("/")[0];
            String gateway = ip.get("gateway").asText();
            String before = PodSnapshot.of(net, "pod");

            // KubeVirt tells the binding CNI nothing of the VMI (only logicNetworkName): with anti-spoofing on,
            // which pins the pod's MAC, the sidecar would refuse this VMI's MAC of its own.
            String k6tConfig = CniRuntime.config("1.0.0", NETWORK, "{\"type\": \"k6t-net\", \"antiSpoofing\": false,"
                    + " \"stateDir\": \"" + pod.dir.resolve("cni-state") + "\"}", Optional.of(ptp.json()));
            CniRuntime.Result add = runtime.run(cniPlugin, "ADD", CONTAINER, "eth0", netns, k6tConfig);
            assertThat(add.exitCode()).as(add.stdout()).isZero();
            Handoff handoff;
            try (NetNamespace ns = NetNamespace.open(net.path("pod"))) {
                handoff = HandoffReader.find(HandoffReader.read(ns), "eth0").orElseThrow();
            }
            assertThat(handoff.tap()).isEqualTo("tap0");
            assertThat(handoff.macPinned()).as("antiSpoofing: false pins no MAC, so the VMI's may differ").isFalse();
            assertThat(handoff.guestMac()).as("the pod's MAC, which the VMI's replaces")
                    .isNotEqualTo(SidecarPod.VMI_MAC);

            Path log = pod.dir.resolve("sidecar.log");
            Process sidecar = pod.startSidecar(log);

            Path console = pod.dir.resolve("console.log");
            String cmdline = QemuGuest.builder(GuestImage.build()).nic("tap0", SidecarPod.VMI_MAC).ping(gateway)
                    .kernelCommandLine();
            Path launcherDomain = Files.writeString(pod.dir.resolve("launcher-domain.xml"),
                    PodLibvirtd.directBootDomain(DOMAIN, GuestImage.build(), pod.dir, cmdline, console));
            Path sidecarDomain = pod.dir.resolve("sidecar-domain.xml");
            TestNetwork.Result define = pod.client("define", "v1alpha3", launcherDomain.toString(),
                    pod.resource("vmi.json").toString(), sidecarDomain.toString());
            assertThat(define.exitCode()).as(define.output()).isZero();

            Path libvirtDir = Files.createDirectories(pod.dir.resolve("libvirt"));
            try (PodLibvirtd daemon = PodLibvirtd.start(net, "pod", libvirtDir);
                    LibvirtConnector libvirt = daemon.connect()) {
                GuestReport report;
                try {
                    libvirt.define(Files.readString(sidecarDomain));
                    libvirt.start(DOMAIN);
                    DomainInterface nic = libvirt.interfaces(DOMAIN).get(0);
                    assertThat(nic.alias()).hasValue("ua-default");
                    assertThat(nic.targetDevice()).hasValue("tap0");
                    assertThat(nic.unmanagedTap()).isTrue();
                    assertThat(nic.mac()).hasValue(SidecarPod.VMI_MAC);
                    report = daemon.awaitPowerOff(libvirt, DOMAIN, console, BOOT);
                } finally {
                    if (libvirt.isActive(DOMAIN)) {
                        libvirt.destroy(DOMAIN);
                    }
                    libvirt.undefine(DOMAIN);
                }
                assertThat(report.errors()).isEmpty();
                GuestLease lease = report.lease("eth0");
                assertThat(lease.cidr()).isEqualTo(podIp + "/24");
                assertThat(lease.serverId()).isEqualTo(handoff.lease().orElseThrow().serverAddress().getHostAddress());
                assertThat(lease.routers()).containsExactly(gateway);
                assertThat(report.link("eth0")).isEqualTo(new GuestReport.Link("eth0", SidecarPod.VMI_MAC,
                        handoff.mtu(), List.of(podIp + "/24")));
                assertThat(report.ping()).hasValueSatisfying(ping -> {
                    assertThat(ping.target()).isEqualTo(gateway);
                    assertThat(ping.ok()).as("the guest pinged the node (ptp's host side)").isTrue();
                });
                assertThat(daemon.qemuProcesses()).isEmpty();
            }

            TestNetwork.Result shutdown = pod.client("shutdown");
            assertThat(shutdown.output()).contains("shutdown answered");
            assertThat(SidecarPod.exitCode(sidecar)).as(Files.readString(log)).isZero();
            assertThat(pod.socket()).doesNotExist();

            CniRuntime.Result del = runtime.run(cniPlugin, "DEL", CONTAINER, "eth0", netns, k6tConfig);
            assertThat(del).isEqualTo(new CniRuntime.Result(0, ""));
            assertThat(PodSnapshot.of(net, "pod")).isEqualTo(before);
            assertThat(runtime.run(ptpPlugin, "DEL", CONTAINER, "eth0", netns, ptpConfig).exitCode()).isZero();
        }
    }
}
