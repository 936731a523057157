package io.k6t.net.it.libvirt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.k6t.net.it.support.Poll;
import io.k6t.net.it.support.Prerequisites;
import io.k6t.net.it.support.TestNetwork;
import io.k6t.net.launcher.PodNetwork;
import io.k6t.net.launcher.binding.InterfacePlan;
import io.k6t.net.launcher.config.InterfaceConfig;
import io.k6t.net.launcher.config.PodConfig;
import io.k6t.net.libvirt.Affect;
import io.k6t.net.libvirt.DomainInterface;
import io.k6t.net.libvirt.InterfaceSpec;
import io.k6t.net.libvirt.LibvirtConnector;
import io.k6t.net.libvirt.LibvirtException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real libvirtd with the QEMU driver, started by the test inside a pod namespace ({@link PodLibvirtd}):
 * domains run under TCG with their interfaces on taps and a bridge made in that namespace.
 */
class LibvirtDaemonIT {
    private static final Duration DEVICE_TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    Path tmp;

    private long daemonPid = -1;

    /** Closing the harness stopped libvirtd, by its PID. */
    @AfterEach
    void daemonIsGone() {
        assertThat(daemonPid).isPositive();
        assertThat(ProcessHandle.of(daemonPid).filter(ProcessHandle::isAlive)).as("libvirtd %d", daemonPid).isEmpty();
    }

    /**
     * The bridge binding's shape: the guest's first interface is an unmanaged tap that exists before
     * the domain starts; a second interface is hot-plugged and unplugged while it runs.
     */
    @Test
    void ethernetTapDomainRunsAndTakesAHotPluggedInterfaceAndGivesItBack() throws Exception {
        Prerequisites.requireTool("virsh", "libvirt-clients");
        try (TestNetwork net = TestNetwork.create("pod");
                PodLibvirtd daemon = PodLibvirtd.start(net, "pod", tmp)) {
            // Made with ip(8) here; the launcher makes it with launcher-net's tap code (TUNSETIFF + TUNSETPERSIST).
            net.exec("pod", "ip", "tuntap", "add", "dev", "tap0", "mode", "tap");
            net.exec("pod", "ip", "link", "set", "tap0", "up");
            net.exec("pod", "ip", "tuntap", "add", "dev", "tap1", "mode", "tap");
            net.exec("pod", "ip", "link", "set", "tap1", "up");
            InterfaceSpec primary = InterfaceSpec.builder().name("default").ethernet("tap0")
                    .mac("02:00:00:74:17:75").mtu(1450).build();
            InterfaceSpec hot = InterfaceSpec.builder().name("hot").ethernet("tap1").mac("02:00:00:00:00:02").build();
            String name = "k6t-eth";
            daemonPid = daemon.pid();
            try (LibvirtConnector libvirt = daemon.connect()) {
                try {
                    assertThat(libvirt.define(LibvirtTestSupport.q35Domain(name), List.of(primary))).isEqualTo(name);
                    libvirt.start(name);
                    assertThat(libvirt.isActive(name)).isTrue();
                    assertThat(specs(libvirt.interfaces(name))).containsExactly(primary);
                    // QEMU holds tap0 open: the kernel reports carrier on it.
                    Poll.untilTrue(DEVICE_TIMEOUT, "carrier on tap0",
                            () -> net.exec("pod", "ip", "-o", "link", "show", "tap0").contains("LOWER_UP"));
                    assertThat(domiflist(daemon, name)).contains("tap0").doesNotContain("tap1");

                    libvirt.attachInterface(name, hot, Affect.LIVE_AND_CONFIG);
                    Poll.untilTrue(DEVICE_TIMEOUT, "ua-hot in the running domain",
                            () -> aliases(libvirt, name, false).contains("ua-hot"));
                    assertThat(specs(libvirt.interfaces(name))).containsExactly(primary, hot);
                    assertThat(specs(libvirt.persistentInterfaces(name))).containsExactly(primary, hot);
                    assertThat(domiflist(daemon, name)).contains("tap0", "tap1", "02:00:00:00:00:02");
                    Poll.untilTrue(DEVICE_TIMEOUT, "carrier on tap1",
                            () -> net.exec("pod", "ip", "-o", "link", "show", "tap1").contains("LOWER_UP"));

                    libvirt.detachInterface(name, "ua-hot", Affect.LIVE_AND_CONFIG);
                    Poll.untilTrue(DEVICE_TIMEOUT, "ua-hot gone from the running domain",
                            () -> !aliases(libvirt, name, false).contains("ua-hot"));
                    assertThat(specs(libvirt.interfaces(name))).containsExactly(primary);
                    assertThat(specs(libvirt.persistentInterfaces(name))).containsExactly(primary);
                    assertThat(domiflist(daemon, name)).contains("tap0").doesNotContain("tap1");
                    // QEMU closed tap1 again.
                    Poll.untilTrue(DEVICE_TIMEOUT, "no carrier on tap1",
                            () -> net.exec("pod", "ip", "-o", "link", "show", "tap1").contains("NO-CARRIER"));

                    // A tap that does not exist: QEMU's driver refuses, and says why with its code.
                    InterfaceSpec missing = InterfaceSpec.builder().name("missing").ethernet("tap9").build();
                    assertThatThrownBy(() -> libvirt.attachInterface(name, missing, Affect.LIVE))
                            .isInstanceOfSatisfying(LibvirtException.class, e -> {
                                // libvirt 9.0 reports it as VIR_ERR_INTERNAL_ERROR (1) from VIR_FROM_QEMU.
                                assertThat(e.codeName()).isEqualTo("VIR_ERR_INTERNAL_ERROR");
                                assertThat(e.code()).isEqualTo(1);
                                assertThat(e.errorDomainName()).isEqualTo("VIR_FROM_QEMU");
                                assertThat(e.libvirtMessage()).contains("managed='no'", "doesn't exist");
                            });
                    assertThat(aliases(libvirt, name, false)).containsExactly("ua-default");
                } finally {
                    cleanUp(libvirt, name);
                }
                assertThat(daemon.qemuProcesses()).isEmpty();
            }
        }
    }

    /** {@code type='bridge'}: libvirt makes the tap itself and enslaves it to a bridge of the pod. */
    @Test
    void bridgeDomainGetsATapEnslavedToThePodBridge() throws Exception {
        try (TestNetwork net = TestNetwork.create("pod");
                PodLibvirtd daemon = PodLibvirtd.start(net, "pod", tmp)) {
            net.exec("pod", "ip", "link", "add", "k6t-eth0", "type", "bridge");
            net.exec("pod", "ip", "link", "set", "k6t-eth0", "up");
            InterfaceSpec spec = InterfaceSpec.builder().name("default").bridge("k6t-eth0")
                    .mac("02:00:00:74:17:76").mtu(1400).build();
            String name = "k6t-br";
            daemonPid = daemon.pid();
            try (LibvirtConnector libvirt = daemon.connect()) {
                try {
                    libvirt.define(LibvirtTestSupport.q35Domain(name), List.of(spec));
                    libvirt.start(name);
                    DomainInterface live = libvirt.interfaces(name).get(0);
                    assertThat(specs(List.of(live))).containsExactly(spec);
                    String tap = live.targetDevice().orElseThrow();
                    assertThat(tap).startsWith("vnet");
                    String port = Poll.until(DEVICE_TIMEOUT, tap + " enslaved to k6t-eth0", () -> {
                        String ports = net.exec("pod", "ip", "-o", "link", "show", "master", "k6t-eth0");
                        return ports.contains(tap + ":") ? Optional.of(ports) : Optional.empty();
                    });
                    assertThat(port).contains("mtu 1400");
                    assertThat(domiflist(daemon, name)).contains(tap, "bridge", "k6t-eth0", "02:00:00:74:17:76");
                } finally {
                    cleanUp(libvirt, name);
                }
                // libvirt deletes the tap it made when the domain stops.
                assertThat(net.exec("pod", "ip", "-o", "link", "show", "master", "k6t-eth0")).isBlank();
                assertThat(daemon.qemuProcesses()).isEmpty();
            }
        }
    }

    /**
     * {@link PodNetwork#plugInto}: the launcher binds a second pod interface and attaches its tap to
     * the running domain in one call; {@code unplugFrom} detaches it and restores the pod link; a
     * domain libvirt does not know leaves the pod as it was.
     */
    @Test
    void podNetworkPlugsAnInterfaceIntoARunningDomainAndUnplugsIt() throws Exception {
        try (TestNetwork net = TestNetwork.create("node", "pod");
                PodLibvirtd daemon = PodLibvirtd.start(net, "pod", tmp)) {
            String[] pod = {"eth0", "net1", "net2"};
            for (int i = 0; i < pod.length; i++) {
                TestNetwork.run(List.of("ip", "link", "add", "n" + i, "netns", net.name("node"), "type", "veth",
                        "peer", "name", pod[i], "netns", net.name("pod")));
                net.exec("pod", "ip", "addr", "add", "10." + (100 + i) + ".1.5/24", "dev", pod[i]);
                net.exec("pod", "ip", "link", "set", pod[i], "up");
                net.exec("node", "ip", "link", "set", "n" + i, "up");
            }
            Path resolv = Files.writeString(tmp.resolve("resolv.conf"), "nameserver 10.96.0.10\n");
            PodConfig config = new PodConfig(tmp.resolve("state"), resolv, Optional.of("vm1"), Optional.empty(),
                    List.of(InterfaceConfig.of("default", "eth0")));
            String name = "k6t-plug";
            daemonPid = daemon.pid();
            try (PodNetwork network = PodNetwork.open(config, Optional.of(net.name("pod")));
                    LibvirtConnector libvirt = daemon.connect()) {
                network.setup();
                network.startDhcp();
                try {
                    libvirt.define(LibvirtTestSupport.q35Domain(name), network.libvirtInterfaces());
                    libvirt.start(name);
                    assertThat(aliases(libvirt, name, false)).containsExactly("ua-default");

                    InterfacePlan plugged = network.plugInto(libvirt, name, InterfaceConfig.of("blue", "net1"));
                    String tap = plugged.names().tap();
                    assertThat(aliases(libvirt, name, false)).containsExactly("ua-default", "ua-blue");
                    assertThat(aliases(libvirt, name, true)).containsExactly("ua-default", "ua-blue");
                    assertThat(network.dhcp().orElseThrow().interfaces()).contains(plugged.names().bridge());
                    Poll.untilTrue(DEVICE_TIMEOUT, "carrier on " + tap + " (QEMU holds it)",
                            () -> net.exec("pod", "ip", "-o", "link", "show", tap).contains("LOWER_UP"));
                    assertThat(net.exec("pod", "ip", "-4", "-o", "addr", "show"))
                            .as("the pod address moved to the guest").doesNotContain("10.101.1.5");

                    network.unplugFrom(libvirt, name, "blue");
                    assertThat(aliases(libvirt, name, false)).containsExactly("ua-default");
                    assertThat(aliases(libvirt, name, true)).containsExactly("ua-default");
                    assertThat(network.dhcp().orElseThrow().interfaces()).doesNotContain(plugged.names().bridge());
                    assertThat(net.exec("pod", "ip", "-o", "link", "show")).doesNotContain(plugged.names().bridge());
                    assertThat(net.exec("pod", "ip", "-4", "-o", "addr", "show", "dev", "net1"))
                            .contains("10.101.1.5/24");

                    // Addresses and links by name; the exact restore of every attribute is BridgeBindingIT's.
                    String addressesBefore = net.exec("pod", "ip", "-4", "-o", "addr", "show");
                    String linksBefore = net.exec("pod", "ip", "-br", "link", "show");
                    assertThatThrownBy(() -> network.plugInto(libvirt, "no-such-domain",
                            InterfaceConfig.of("green", "net2"))).isInstanceOfSatisfying(LibvirtException.class,
                                    e -> assertThat(e.codeName()).isEqualTo("VIR_ERR_NO_DOMAIN"));
                    assertThat(net.exec("pod", "ip", "-4", "-o", "addr", "show")).isEqualTo(addressesBefore);
                    // The restored link regains its carrier a moment after it is set up again.
                    Poll.untilTrue(DEVICE_TIMEOUT, "pod links as before",
                            () -> net.exec("pod", "ip", "-br", "link", "show").equals(linksBefore));
                    assertThat(network.dhcp().orElseThrow().interfaces()).containsExactly("k6t-eth0");
                } finally {
                    cleanUp(libvirt, name);
                }
                network.teardown();
                assertThat(daemon.qemuProcesses()).isEmpty();
            }
        }
    }

    private static List<InterfaceSpec> specs(List<DomainInterface> interfaces) {
        return interfaces.stream().map(DomainInterface::toSpec).map(s -> s.toBuilder().anyPciAddress().build())
                .toList();
    }

    private static List<String> aliases(LibvirtConnector libvirt, String name, boolean persistent) {
        try {
            List<DomainInterface> found = persistent ? libvirt.persistentInterfaces(name) : libvirt.interfaces(name);
            return found.stream().map(i -> i.alias().orElse("")).toList();
        } catch (LibvirtException e) {
            throw new AssertionError(e);
        }
    }

    /** {@code virsh domiflist}: an independent view of the domain's interfaces. */
    private static String domiflist(PodLibvirtd daemon, String name) {
        return TestNetwork.run(List.of("virsh", "-c", daemon.uri(), "domiflist", name));
    }

    private static void cleanUp(LibvirtConnector libvirt, String name) throws LibvirtException {
        try {
            if (libvirt.isActive(name)) {
                libvirt.destroy(name);
            }
        } finally {
            libvirt.undefine(name);
        }
    }
}
