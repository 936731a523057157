package io.k6t.net.it.binding;

import static org.assertj.core.api.Assertions.assertThat;

import io.k6t.net.it.support.Poll;
import io.k6t.net.it.support.Prerequisites;
import io.k6t.net.it.support.Tshark;
import io.k6t.net.launcher.PodNetwork;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A guest that spoofs, behind the tap's place on the bridge, with the full binding applied: it takes
 * its lease (DHCP from 0.0.0.0 passes), then pings the node side from its own address, from another
 * address, and with another MAC, and sends ARP with another sender address and an ARP probe
 * (sender 0.0.0.0). tshark on the node side of the pod link counts what arrived. With anti-spoofing
 * (the default) only the real frames and the probe arrive; with {@code antiSpoofing: false} the
 * spoofed ones arrive too.
 */
class AntiSpoofingIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final String SPOOFED_IP = "10.100.1.66";
    private static final String SPOOFED_MAC = "02:00:00:00:66:66";
    private static final String GATEWAY = PodFixture.gateway(0);
    private static final String[] FIELDS = {"eth.src", "ip.src", "arp.src.hw_mac", "arp.src.proto_ipv4",
        "icmp.type"};

    @TempDir
    Path dir;

    @ParameterizedTest(name = "antiSpoofing={0}")
    @ValueSource(booleans = {true, false})
    void spoofedFramesFromTheGuestReachTheNodeSideOnlyWithoutAntiSpoofing(boolean antiSpoofing) throws Exception {
        Prerequisites.requireTool("busybox", "busybox");
        String guestMac = PodFixture.podMac(0);
        String guestIp = PodFixture.podIp(0);
        try (PodFixture f = PodFixture.create(dir, 1, false);
                PodNetwork pod = PodNetwork.open(f.config(i -> i.withAntiSpoofing(antiSpoofing)),
                        Optional.of(f.net.name("pod")))) {
            pod.setup();
            pod.startDhcp();
            f.attachGuestAsTap(0, "tap0", "k6t-eth0", guestMac);
            try (Tshark node = Tshark.start(f.net, "node", "n0", "icmp or arp", dir, FIELDS)) {
                Udhcpc client = Udhcpc.start(f.net, "guest", "g0", dir);
                assertThat(client.await(0, TIMEOUT, "bound")).as("DHCP from 0.0.0.0 passes")
                        .contains("ip=" + guestIp);
                client.stop();

                ping(f, guestIp);
                f.net.exec("guest", "ip", "addr", "add", SPOOFED_IP + "/32", "dev", "g0");
                ping(f, SPOOFED_IP);
                f.net.execAllowingFailure("guest", "busybox", "arping", "-c", "2", "-w", "1", "-I", "g0", "-s",
                        SPOOFED_IP, GATEWAY);
                f.net.execAllowingFailure("guest", "busybox", "arping", "-D", "-c", "1", "-w", "1", "-I", "g0",
                        "10.100.1.77");
                f.net.exec("guest", "ip", "link", "set", "g0", "address", SPOOFED_MAC);
                ping(f, guestIp);
                f.net.exec("guest", "ip", "link", "set", "g0", "address", guestMac);
                long realBefore = node.count(echo(guestMac, guestIp));
                ping(f, guestIp);
                // Frames are captured in order: once the last real pings are in, every earlier frame is.
                Poll.untilTrue(TIMEOUT, "the last real echo requests on the node side",
                        () -> node.count(echo(guestMac, guestIp)) > realBefore);

                assertThat(node.count(echo(guestMac, guestIp))).as("real echo requests").isPositive();
                assertThat(node.count(arp(guestMac, guestIp))).as("real ARP").isPositive();
                assertThat(node.count(arp(guestMac, "0.0.0.0"))).as("ARP probes").isPositive();
                Predicate<Map<String, String>> spoofedIp = fr -> fr.get("ip.src").equals(SPOOFED_IP);
                Predicate<Map<String, String>> spoofedArp = arp(guestMac, SPOOFED_IP);
                Predicate<Map<String, String>> spoofedMac = fr -> fr.get("eth.src").equals(SPOOFED_MAC);
                if (antiSpoofing) {
                    assertThat(node.count(spoofedIp)).as("IPv4 from %s on the node side", SPOOFED_IP).isZero();
                    assertThat(node.count(spoofedArp)).as("ARP from %s on the node side", SPOOFED_IP).isZero();
                    assertThat(node.count(spoofedMac)).as("frames from %s on the node side", SPOOFED_MAC).isZero();
                } else {
                    assertThat(node.count(spoofedIp)).as("IPv4 from %s on the node side", SPOOFED_IP).isPositive();
                    assertThat(node.count(spoofedArp)).as("ARP from %s on the node side", SPOOFED_IP).isPositive();
                    assertThat(node.count(spoofedMac)).as("frames from %s on the node side", SPOOFED_MAC)
                            .isPositive();
                }
            }
        }
    }

    /** Two echo requests to the node's gateway address from {@code source}; unanswered ones are fine. */
    private static void ping(PodFixture f, String source) {
        f.net.execAllowingFailure("guest", "busybox", "ping", "-c", "2", "-W", "1", "-I", source, GATEWAY);
    }

    private static Predicate<Map<String, String>> echo(String mac, String ip) {
        return fr -> fr.get("eth.src").equals(mac) && fr.get("ip.src").equals(ip) && fr.get("icmp.type").equals("8");
    }

    private static Predicate<Map<String, String>> arp(String mac, String sender) {
        return fr -> fr.get("arp.src.hw_mac").equals(mac) && fr.get("arp.src.proto_ipv4").equals(sender);
    }
}
