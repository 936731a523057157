package io.k6t.net.it.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.k6t.net.it.guest.GuestImage;
import io.k6t.net.it.guest.GuestReport;
import io.k6t.net.it.libvirt.PodLibvirtd;
import io.k6t.net.it.support.CapturedLog;
import io.k6t.net.launcher.PodNetwork;
import io.k6t.net.launcher.binding.InterfacePlan;
import io.k6t.net.libvirt.DomainInterface;
import io.k6t.net.libvirt.InterfaceSpec;
import io.k6t.net.libvirt.InterfaceXml;
import io.k6t.net.libvirt.LibvirtConnector;
import io.k6t.net.libvirt.LibvirtException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Test 4: the boot of {@link PodGuestIT} through a real libvirtd ({@link PodLibvirtd}) in the pod
 * namespace. The domain's {@code <interface>} is the one {@code k6t-net libvirt-xml} prints for the
 * binding's result (an unmanaged tap, the guest MAC and MTU, alias {@code ua-default}); the guest
 * kernel, initrd and command line come from the test image through {@code <os>}, and its console
 * is a {@code <serial type='file'>} log.
 */
class LibvirtGuestIT {
    private static final String DOMAIN = "k6t-e2e";

    @TempDir
    Path tmp;

    @Test
    void libvirtdBootsTheGuestOnTheBindingsTapAndItGetsThePodNetwork() throws Exception {
        try (E2ePod pod = E2ePod.create(tmp);
                PodNetwork network = PodNetwork.open(pod.config(), Optional.of(pod.net.name("pod")));
                PodLibvirtd daemon = PodLibvirtd.start(pod.net, "pod", Files.createDirectories(tmp.resolve("libvirt")));
                LibvirtConnector libvirt = daemon.connect()) {
            InterfacePlan plan = network.setup().interfaces().get(0);
            network.startDhcp();
            InterfaceSpec spec = plan.libvirtInterface();
            assertThat(InterfaceXml.toXml(spec)).contains("<interface type=\"ethernet\">",
                    "<target dev=\"tap0\" managed=\"no\"/>", "<mac address=\"" + E2ePod.POD_MAC + "\"/>",
                    "<mtu size=\"" + E2ePod.MTU + "\"/>", "<alias name=\"ua-default\"/>");
            Path console = tmp.resolve("console.log");
            String cmdline = PodGuestIT.guest().nic(plan.names().tap(), plan.guestMac().toString()).kernelCommandLine();
            try (CapturedLog server = CapturedLog.of(CapturedLog.DHCP_TRANSACTIONS)) {
                libvirt.define(PodLibvirtd.directBootDomain(DOMAIN, GuestImage.build(), tmp, cmdline, console),
                        List.of(spec));
                long start = System.nanoTime();
                libvirt.start(DOMAIN);
                assertThat(specs(libvirt.interfaces(DOMAIN))).containsExactly(spec);
                GuestReport report = daemon.awaitPowerOff(libvirt, DOMAIN, console, PodGuestIT.BOOT);
                BootTimes.record("libvirtdBootsTheGuest", Duration.ofNanos(System.nanoTime() - start), report,
                        "eth0", PodGuestIT.exchangeSpan(server));

                assertThat(report.errors()).isEmpty();
                PodGuestIT.assertPodLease(report.lease("eth0"), E2ePod.POD_IP, "udhcpc", "bound");
                assertThat(report.link("eth0")).isEqualTo(new GuestReport.Link("eth0", E2ePod.POD_MAC, E2ePod.MTU,
                        List.of(E2ePod.POD_IP + "/24")));
                PodGuestIT.assertPodRoutes(report, "eth0");
                assertThat(report.hostname()).hasValue(E2ePod.HOSTNAME);
                PodGuestIT.assertPingedTheNode(report);
                PodGuestIT.assertServerReadyForTheFirstDiscover(report, PodGuestIT.stats(network));
            } finally {
                if (active(libvirt)) {
                    libvirt.destroy(DOMAIN);
                }
                libvirt.undefine(DOMAIN);
            }
            assertThat(daemon.qemuProcesses()).isEmpty();
        }
    }

    private static boolean active(LibvirtConnector libvirt) {
        try {
            return libvirt.isActive(DOMAIN);
        } catch (LibvirtException e) {
            throw new AssertionError("cannot read the state of " + DOMAIN, e);
        }
    }

    private static List<InterfaceSpec> specs(List<DomainInterface> interfaces) {
        return interfaces.stream().map(DomainInterface::toSpec).map(s -> s.toBuilder().anyPciAddress().build())
                .toList();
    }
}
