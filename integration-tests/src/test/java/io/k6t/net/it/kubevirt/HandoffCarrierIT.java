package io.k6t.net.it.kubevirt;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.base.Strings;
import com.google.common.net.InetAddresses;
import io.k6t.net.dhcp.server.StaticRoute;
import io.k6t.net.it.netlink.PodFixture;
import io.k6t.net.it.support.TestNetwork;
import io.k6t.net.kubevirt.handoff.Handoff;
import io.k6t.net.kubevirt.handoff.HandoffCodec;
import io.k6t.net.kubevirt.handoff.HandoffReader;
import io.k6t.net.kubevirt.handoff.HandoffWriter;
import io.k6t.net.launcher.netlink.NetlinkHandle;
import io.k6t.net.launcher.netns.NetNamespace;
import java.net.Inet4Address;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The hand-off's carrier measured against the kernel: link aliases keep 255 bytes and refuse 256,
 * outlive the handle and the thread that wrote them, and are readable without any privilege (as
 * the sidecar, an unprivileged container of the pod, reads them).
 */
class HandoffCarrierIT {
    private PodFixture fixture;
    private TestNetwork net;

    @BeforeEach
    void setUp() throws Exception {
        fixture = PodFixture.create();
        net = fixture.net();
        net.exec("pod", "ip", "link", "add", "k6t-eth0", "type", "bridge");
        net.exec("pod", "ip", "tuntap", "add", "dev", "tap0", "mode", "tap");
        net.exec("pod", "ip", "link", "add", "eth0-nic", "type", "veth", "peer", "name", "peer0");
    }

    @AfterEach
    void tearDown() throws Exception {
        fixture.close();
    }

    @Test
    void theKernelKeeps255AliasBytesAndRefuses256() {
        String longest = Strings.repeat("x", HandoffCodec.MAX_ALIAS_BYTES);

        net.exec("pod", "ip", "link", "set", "dev", "tap0", "alias", longest);
        TestNetwork.Result tooLong = net.execAllowingFailure("pod", "ip", "link", "set", "dev", "k6t-eth0", "alias",
                longest + "x");

        assertThat(net.exec("pod", "cat", "/sys/class/net/tap0/ifalias").strip()).isEqualTo(longest);
        assertThat(tooLong.exitCode()).isNotZero();
    }

    @Test
    void aWrittenHandoffOutlivesItsWriterAndIsReadUnprivileged() throws Exception {
        Handoff handoff = handoff(20);
        List<String> aliases = HandoffCodec.encode(handoff);
        try (NetNamespace writer = NetNamespace.open(net.path("pod"))) {
            writer.run(() -> {
                try (NetlinkHandle netlink = NetlinkHandle.open()) {
                    HandoffWriter.write(netlink, handoff);
                }
                return null;
            });
        }

        // iproute2 run as nobody with no capabilities, in the pod namespace, sees every part.
        for (int i = 0; i < aliases.size(); i++) {
            String seen = net.exec("pod", "setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                    "--inh-caps=-all", "--bounding-set=-all", "cat",
                    "/sys/class/net/" + handoff.carriers().get(i) + "/ifalias").strip();
            assertThat(seen).isEqualTo(aliases.get(i));
        }
        String dump = net.exec("pod", "setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                "--inh-caps=-all", "--bounding-set=-all", "ip", "-d", "link", "show");
        assertThat(dump).contains("alias " + aliases.get(0));
        assertThat(aliases).hasSize(3);
        assertThat(fixture.pod().run(() -> HandoffReader.read())).containsExactly(handoff);
    }

    @Test
    void aShorterRewriteAndClearLeaveNoStaleParts() throws Exception {
        NetlinkHandle netlink = fixture.netlink();
        net.exec("pod", "ip", "link", "set", "dev", "peer0", "alias", "not ours");
        HandoffWriter.write(netlink, handoff(20));
        Handoff shorter = handoff(0);

        HandoffWriter.write(netlink, shorter);

        assertThat(HandoffReader.read(netlink)).containsExactly(shorter);
        assertThat(netlink.aliases()).doesNotContainKeys("tap0", "eth0-nic");

        HandoffWriter.clear(netlink, shorter.carriers());

        assertThat(HandoffReader.read(netlink)).isEmpty();
        assertThat(netlink.aliases()).containsOnly(org.assertj.core.api.Assertions.entry("peer0", "not ours"));
    }

    private static Handoff handoff(int extraRoutes) {
        List<StaticRoute> routes = new ArrayList<>();
        for (int i = 0; i < extraRoutes; i++) {
            routes.add(new StaticRoute(ip("10." + i + ".0.0"), 16, ip("10.244.1.1")));
        }
        routes.add(new StaticRoute(ip("0.0.0.0"), 0, ip("10.244.1.1")));
        return new Handoff("default", "eth0", "k6t-eth0", "tap0", "eth0-nic", "02:00:00:74:17:75", 1450, false,
                Optional.of(Handoff.Lease.of(ip("169.254.75.10"), ip("10.244.1.5"), 24, Optional.of(ip("10.244.1.1")),
                        routes)), OptionalLong.of(12));
    }

    private static Inet4Address ip(String text) {
        return (Inet4Address) InetAddresses.forString(text);
    }
}
