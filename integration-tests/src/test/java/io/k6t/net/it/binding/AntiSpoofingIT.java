package io.k6t.net.it.binding;

import static org.assertj.core.api.Assertions.assertThat;

import io.k6t.net.dhcp.MacAddress;
import io.k6t.net.it.support.Poll;
import io.k6t.net.it.support.Prerequisites;
import io.k6t.net.it.support.Tshark;
import io.k6t.net.launcher.PodNetwork;
import io.k6t.net.launcher.binding.IsolationCheck;
import io.k6t.net.launcher.netns.NetNamespace;
import com.google.common.net.InetAddresses;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A guest that spoofs, behind the tap's place on the bridge, with the full binding applied: it takes
 * its lease (DHCP from 0.0.0.0 passes), then pings the node side from its own address, from another
 * address, and with another MAC, and sends ARP with another sender address and an ARP probe
 * (sender 0.0.0.0). tshark on the node side of the pod link counts what arrived. With anti-spoofing
 * (the default) only the real frames and the probe arrive; with {@code antiSpoofing: false} the
 * spoofed ones arrive too. The IPv6 twin does the same with hand-made frames (python3 over a packet
 * socket) in a dual-stack and an IPv6-only pod.
 */
class AntiSpoofingIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final String SPOOFED_IP = "10.100.1.66";
    private static final String SPOOFED_MAC = "02:00:00:00:66:66";
    private static final String GATEWAY = PodFixture.gateway(0);
    private static final String[] FIELDS = {"eth.src", "ip.src", "arp.src.hw_mac", "arp.src.proto_ipv4",
        "icmp.type"};
    private static final String POD6 = "fd00:100::5";
    private static final String SPOOFED6 = "fd00:100::66";
    private static final String SPOOFED_LINK_LOCAL = "fe80::66";
    private static final String[] FIELDS6 = {"eth.src", "ipv6.src", "ipv6.dst", "icmpv6.type", "icmpv6.echo.identifier",
        "icmpv6.nd.na.target_address", "icmpv6.nd.ns.target_address", "icmpv6.mldr.mar.multicast_address",
        "udp.srcport", "arp.src.proto_ipv4", "ip.src"};

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

    /**
     * IPv6 from a guest that spoofs, in a dual-stack pod and in an IPv6-only one: hand-made frames out of the
     * guest's link (python3 over a packet socket), counted by tshark on the node side of the pod link. With
     * anti-spoofing, echo requests from the guest's pod address and from its EUI-64 link-local address, a
     * neighbour advertisement and a duplicate address detection probe for its pod address, and an MLDv2 report
     * from {@code ::} arrive; echo requests from another global or link-local address, from {@code ::} or with
     * another MAC, an advertisement claiming the node's link-local address, a detection probe for another
     * address do not, nor (IPv6-only pod) the guest's IPv4 and ARP. Without anti-spoofing they all arrive.
     * The guest's router advertisements and DHCPv6 server replies never do (the forward chain drops them
     * either way).
     */
    @ParameterizedTest(name = "antiSpoofing={0}, dual-stack={1}")
    @CsvSource({"true,true", "true,false", "false,false"})
    void spoofedIpv6AndNeighbourClaimsFromTheGuestReachTheNodeSideOnlyWithoutAntiSpoofing(boolean antiSpoofing,
            boolean dualStack) throws Exception {
        Prerequisites.requireTool("python3", "python3");
        Prerequisites.requireTool("busybox", "busybox");
        String guestMac = PodFixture.podMac(0);
        String linkLocal = InetAddresses.toAddrString(MacAddress.parse(guestMac).eui64LinkLocal());
        Path sender = script();
        try (PodFixture f = dualStack ? PodFixture.create(dir, 1, true) : PodFixture.create(dir, 1, true, 0);
                PodNetwork pod = PodNetwork.open(f.config(i -> i.withAntiSpoofing(antiSpoofing)),
                        Optional.of(f.net.name("pod")))) {
            pod.setup();
            pod.startDhcp();
            try (NetNamespace ns = NetNamespace.open(f.net.path("pod"))) {
                assertThat(ns.run(() -> IsolationCheck.read().differences(pod.plan().interfaces().get(0))))
                        .as("the live rule set read back from the kernel against the plan's").isEmpty();
            }
            f.attachGuestAsTap(0, "tap0", "k6t-eth0", guestMac);
            String nodeLinkLocal = f.net.linkLocal("node", "n0");
            // The guest's own kernel resolves the node and answers the node's solicitation for the pod address.
            f.net.exec("node", "ip", "addr", "add", "fd00:100::1/64", "dev", "n0", "nodad");
            f.net.exec("guest", "ip", "addr", "add", POD6 + "/64", "dev", "g0", "nodad");
            assertThat(f.net.execAllowingFailure("guest", "busybox", "ping", "-6", "-c", "1", "-w", "10", "-I", POD6,
                    "fd00:100::1").exitCode()).as("a ping from the pod address to the node, answered").isZero();
            // ip6[6] == 0: MLD reports come behind a hop-by-hop header, which the BPF icmp6 filter does not look past.
            try (Tshark node = Tshark.start(f.net, "node", "n0", "icmp6 or ip6[6] == 0 or udp port 546 or udp port 547"
                    + " or arp or icmp", dir, FIELDS6)) {
                if (!dualStack) {
                    // IPv4 and ARP from an address the guest of an IPv6-only pod makes up (it has none).
                    f.net.exec("guest", "ip", "addr", "add", PodFixture.podIp(0) + "/24", "dev", "g0");
                    f.net.execAllowingFailure("guest", "busybox", "arping", "-c", "2", "-w", "1", "-I", "g0", "-s",
                            PodFixture.podIp(0), GATEWAY);
                    f.net.execAllowingFailure("guest", "busybox", "ping", "-c", "2", "-W", "1", "-I",
                            PodFixture.podIp(0), GATEWAY);
                }
                List<String> frames = new ArrayList<>(List.of(
                        "echo," + guestMac + "," + POD6 + ",",                    // 1: real
                        "echo," + guestMac + "," + linkLocal + ",",               // 2: real
                        "echo," + guestMac + "," + SPOOFED6 + ",",                // 3
                        "echo," + guestMac + "," + SPOOFED_LINK_LOCAL + ",",      // 4
                        "echo," + guestMac + ",::,",                              // 5
                        "echo," + SPOOFED_MAC + "," + POD6 + ",",                 // 6
                        "na," + guestMac + "," + linkLocal + "," + POD6,          // real
                        "na," + guestMac + "," + linkLocal + "," + nodeLinkLocal,
                        "dad," + guestMac + ",::," + POD6,                        // real
                        "dad," + guestMac + ",::,fd00:100::77",
                        "mld," + guestMac + ",::," + POD6,                        // real
                        "ra," + guestMac + "," + linkLocal + ",",
                        "dhcpv6," + guestMac + "," + linkLocal + ","));
                int last = frames.size() + 1;
                frames.add("echo," + guestMac + "," + POD6 + ",");                // the last one: real
                List<String> command = new ArrayList<>(List.of("python3", sender.toString(), "g0"));
                command.addAll(frames);
                f.net.exec("guest", command.toArray(String[]::new));
                // Frames are captured in order: once the last real echo is in, every earlier frame is.
                Poll.untilTrue(TIMEOUT, "the last real echo request on the node side",
                        () -> node.count(echo(guestMac, POD6, last)) == 1);

                assertThat(node.count(echo(guestMac, POD6, 1))).as("echo from the pod address").isOne();
                assertThat(node.count(echo(guestMac, linkLocal, 2))).as("echo from the link-local address").isOne();
                assertThat(node.count(advertisement(guestMac, POD6))).as("advertisement of the pod address").isOne();
                assertThat(node.count(probe(guestMac, POD6))).as("detection probe for the pod address").isOne();
                assertThat(node.count(fr -> fr.get("eth.src").equals(guestMac) && fr.get("icmpv6.type").equals("143")
                        && fr.get("ipv6.src").equals("::")
                        && fr.get("icmpv6.mldr.mar.multicast_address").equals("ff02::1:ff00:5")))
                        .as("MLDv2 report from ::").isOne();
                Map<String, Predicate<Map<String, String>>> spoofed = Map.of(
                        "echo from " + SPOOFED6, echo(guestMac, SPOOFED6, 3),
                        "echo from " + SPOOFED_LINK_LOCAL, echo(guestMac, SPOOFED_LINK_LOCAL, 4),
                        "echo from ::", echo(guestMac, "::", 5),
                        "echo with MAC " + SPOOFED_MAC, echo(SPOOFED_MAC, POD6, 6),
                        "advertisement claiming the node's " + nodeLinkLocal, advertisement(guestMac, nodeLinkLocal),
                        "detection probe for fd00:100::77", probe(guestMac, "fd00:100::77"));
                spoofed.forEach((what, frame) -> assertThat(node.count(frame)).as(what)
                        .isEqualTo(antiSpoofing ? 0 : 1));
                assertThat(node.count(fr -> fr.get("eth.src").equals(guestMac) && fr.get("icmpv6.type").equals("134")))
                        .as("the guest's router advertisement").isZero();
                assertThat(node.count(fr -> fr.get("eth.src").equals(guestMac) && fr.get("udp.srcport").equals("547")))
                        .as("the guest's DHCPv6 server reply").isZero();
                if (!dualStack) {
                    Predicate<Map<String, String>> ipv4 = fr -> fr.get("eth.src").equals(guestMac)
                            && (!fr.get("arp.src.proto_ipv4").isEmpty() || !fr.get("ip.src").isEmpty());
                    if (antiSpoofing) {
                        assertThat(node.count(ipv4)).as("IPv4 and ARP of the guest of an IPv6-only pod").isZero();
                    } else {
                        assertThat(node.count(ipv4)).as("IPv4 and ARP of the guest of an IPv6-only pod").isPositive();
                    }
                }
            }
        }
    }

    /** The frame sender, copied out of the test class path. */
    private Path script() throws IOException {
        Path file = dir.resolve("send-ipv6-frames.py");
        try (InputStream in = AntiSpoofingIT.class.getResourceAsStream("send-ipv6-frames.py")) {
            Files.copy(in, file);
        }
        return file;
    }

    private static Predicate<Map<String, String>> echo(String mac, String source, int identifier) {
        return fr -> fr.get("eth.src").equals(mac) && fr.get("ipv6.src").equals(source)
                && fr.get("icmpv6.type").equals("128") && fr.get("icmpv6.echo.identifier").equals("0x"
                        + String.format("%04x", identifier));
    }

    /** An unsolicited advertisement (to all nodes: the kernel's answers to the node go to the node). */
    private static Predicate<Map<String, String>> advertisement(String mac, String target) {
        return fr -> fr.get("eth.src").equals(mac) && fr.get("icmpv6.type").equals("136")
                && fr.get("ipv6.dst").equals("ff02::1")
                && fr.get("icmpv6.nd.na.target_address").equals(target);
    }

    private static Predicate<Map<String, String>> probe(String mac, String target) {
        return fr -> fr.get("eth.src").equals(mac) && fr.get("icmpv6.type").equals("135")
                && fr.get("ipv6.src").equals("::") && fr.get("icmpv6.nd.ns.target_address").equals(target);
    }
}
