package io.k6t.net.it.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.k6t.net.it.guest.GuestImage;
import io.k6t.net.it.guest.GuestReport;
import io.k6t.net.it.libvirt.PodLibvirtd;
import io.k6t.net.it.support.CapturedLog;
import io.k6t.net.it.support.Poll;
import io.k6t.net.launcher.PodNetwork;
import io.k6t.net.launcher.binding.InterfacePlan;
import io.k6t.net.libvirt.DomainInterface;
import io.k6t.net.libvirt.InterfaceSpec;
import io.k6t.net.libvirt.InterfaceXml;
import io.k6t.net.libvirt.LibvirtConnector;
import io.k6t.net.libvirt.LibvirtException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
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
            // libvirtd runs with a private /var, where the image cache is not: give it copies.
            Path kernel = Files.copy(GuestImage.build().uncompressedKernel(), tmp.resolve("vmlinux"));
            Path initrd = Files.copy(GuestImage.build().initrd(), tmp.resolve("initrd.cpio.gz"));
            String cmdline = PodGuestIT.guest().nic(plan.names().tap(), plan.guestMac().toString()).kernelCommandLine();
            try (CapturedLog server = CapturedLog.of(CapturedLog.DHCP_TRANSACTIONS)) {
                libvirt.define(domainXml(kernel, initrd, cmdline, console), List.of(spec));
                long start = System.nanoTime();
                libvirt.start(DOMAIN);
                assertThat(specs(libvirt.interfaces(DOMAIN))).containsExactly(spec);
                // on_poweroff destroy: the domain stops when the guest powers off after K6T-DONE.
                try {
                    Poll.untilTrue(PodGuestIT.BOOT, "guest K6T-DONE and domain shut off",
                            () -> read(console).contains("K6T-DONE") && !active(libvirt));
                } catch (AssertionError e) {
                    throw new AssertionError(e.getMessage() + "\n--- console ---\n" + read(console) + "\n"
                            + daemon.logs(), e);
                }
                GuestReport report = GuestReport.parse(read(console));
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

    /**
     * A q35 TCG domain booting the test image directly (no disk, no firmware boot menu), its serial
     * console written to {@code console}, destroyed (not rebooted) when the guest powers off or panics.
     */
    private static String domainXml(Path kernel, Path initrd, String cmdline, Path console) {
        return """
                <domain type='qemu'>
                  <name>%s</name>
                  <memory unit='MiB'>256</memory>
                  <vcpu>1</vcpu>
                  <os>
                    <type arch='x86_64' machine='q35'>hvm</type>
                    <kernel>%s</kernel>
                    <initrd>%s</initrd>
                    <cmdline>%s</cmdline>
                  </os>
                  <features>
                    <acpi/>
                  </features>
                  <on_poweroff>destroy</on_poweroff>
                  <on_reboot>destroy</on_reboot>
                  <on_crash>destroy</on_crash>
                  <devices>
                    <emulator>/usr/bin/qemu-system-x86_64</emulator>
                    <serial type='file'>
                      <source path='%s'/>
                      <target port='0'/>
                    </serial>
                    <controller type='usb' model='none'/>
                    <memballoon model='none'/>
                  </devices>
                </domain>
                """.formatted(DOMAIN, xml(kernel.toString()), xml(initrd.toString()),
                xml(cmdline), xml(console.toString()));
    }

    private static String xml(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("'", "&apos;")
                .replace("\"", "&quot;");
    }

    private static boolean active(LibvirtConnector libvirt) {
        try {
            return libvirt.isActive(DOMAIN);
        } catch (LibvirtException e) {
            throw new AssertionError("cannot read the state of " + DOMAIN, e);
        }
    }

    private static String read(Path console) {
        try {
            return new String(Files.readAllBytes(console), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<InterfaceSpec> specs(List<DomainInterface> interfaces) {
        return interfaces.stream().map(DomainInterface::toSpec).map(s -> s.toBuilder().anyPciAddress().build())
                .toList();
    }
}
