package io.k6t.net.it.binding;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.net.InetAddresses;
import io.k6t.net.dhcp.DhcpCodec;
import io.k6t.net.dhcp.DhcpMessage;
import io.k6t.net.dhcp.DhcpOptionCodecs;
import io.k6t.net.dhcp.MacAddress;
import io.k6t.net.dhcp.MessageType;
import io.k6t.net.dhcp.server.InterfaceStats;
import io.k6t.net.dhcp.v6.Dhcp6Codec;
import io.k6t.net.dhcp.v6.Dhcp6Message;
import io.k6t.net.dhcp.v6.Dhcp6MessageType;
import io.k6t.net.dhcp.v6.Dhcp6Options;
import io.k6t.net.dhcp.v6.Duid;
import io.k6t.net.dhcp.v6.IaAddress;
import io.k6t.net.dhcp.v6.IaNa;
import io.k6t.net.it.guest.Dnsmasq;
import io.k6t.net.it.support.CapturedLog;
import io.k6t.net.it.support.Poll;
import io.k6t.net.it.support.Prerequisites;
import io.k6t.net.it.support.TestNetwork;
import io.k6t.net.it.support.Tshark;
import io.k6t.net.launcher.PodNetwork;
import io.k6t.net.launcher.netns.NetNamespace;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A guest on a served interface hears only k6t-net (the isolation rules of the bridge family), with the
 * full binding applied by {@link PodNetwork}. The node side of each pod link runs a foreign DHCP server
 * (dnsmasq answering every client, as a physical L2, OVN or a rogue machine would). tshark captures the node side
 * of the served pod link ({@code n0}) and the guest's side ({@code g0}) while a real client (udhcpc)
 * leases and renews, twice over, after the node sent DISCOVERs spoofing the guest's MAC (which the
 * node side's server answers). Counted: DHCP frames at the guest that k6t-net's bridge did not send
 * (zero), DHCP frames from the guest or from the pod's server on the node side (zero), node DISCOVERs
 * reaching the server (zero), the guest's address (the pod's, only), and each renewal reaching the
 * server by unicast to its address. An interface k6t-net does not serve (no IPv4) keeps passing its
 * guest's DHCP: that guest takes its lease from the node side's server.
 */
class DhcpIsolationIT {
    private static final Duration LEASE = Duration.ofSeconds(20);
    private static final int SPOOFED = 5;
    private static final int ROUNDS = 2;
    private static final int RENEWALS = 2;
    private static final String[] FIELDS = {"eth.src", "ip.src", "udp.srcport", "udp.dstport"};
    private static final String FILTER6 = "icmp6 or udp port 546 or udp port 547";
    private static final String[] FIELDS6 = {"frame.time_epoch", "eth.src", "ipv6.dst", "udp.srcport", "udp.dstport",
        "icmpv6.type"};
    private static final Set<String> DHCPV6_PORTS = Set.of("546", "547");
    private static final String ROUTER_SOLICITATION = "133";
    private static final String ROUTER_ADVERTISEMENT = "134";
    private static final String POD6 = "fd00:100::5";

    @TempDir
    Path dir;

    @Test
    void servedGuestHearsOnlyK6tNetWhileTheUnservedGuestLeasesFromTheNodeSide() throws Exception {
        try (PodFixture f = PodFixture.create(dir, 2, false, 1);
                PodNetwork pod = PodNetwork.open(f.config(), Optional.of(f.net.name("pod")))) {
            pod.setup();
            pod.startDhcp();
            String bridgeMac = pod.plan().interfaces().get(0).bridgeMac().toString();
            String guestMac = PodFixture.podMac(0);
            String nodeMac = f.net.exec("node", "cat", "/sys/class/net/n0/address").strip();
            Dnsmasq.on("n0", "10.100.1.0", "255.255.255.0").anyClient("10.100.1.100", "10.100.1.150")
                    .start(f.net, "node", dir);
            Dnsmasq.on("n1", "10.101.1.0", "255.255.255.0").anyClient("10.101.1.100", "10.101.1.150")
                    .start(f.net, "node", dir);
            f.attachGuest(0, "k6t-eth0", guestMac);
            f.attachGuest(1, "k6t-net1", PodFixture.podMac(1));

            try (Tshark node = Tshark.start(f.net, "node", "n0", "udp port 67 or udp port 68", dir, FIELDS);
                    Tshark guest = Tshark.start(f.net, "guest", "g0", "udp port 67 or udp port 68", dir, FIELDS);
                    CapturedLog log = CapturedLog.of(CapturedLog.DHCP_TRANSACTIONS)) {
                // First the node's DISCOVERs with the guest's MAC, so that the guest's leases below come
                // after any foreign OFFER they draw: a leaked OFFER would be in the guest's capture before
                // the frames the final poll waits for.
                f.net.exec("node", "ip", "route", "add", "default", "dev", "n0");
                try (NetNamespace ns = NetNamespace.open(f.net.path("node"))) {
                    ns.run(() -> spoofDiscovers(guestMac));
                }
                Predicate<Map<String, String>> nodeDiscover = fr -> fr.get("eth.src").equals(nodeMac)
                        && fr.get("udp.dstport").equals("67");
                Predicate<Map<String, String>> foreignReply = fr -> fr.get("eth.src").equals(nodeMac)
                        && fr.get("udp.srcport").equals("67");
                // The foreign server answers the guest's MAC: what isolation has to keep from the guest.
                Poll.untilTrue(Duration.ofSeconds(10), "the node's " + SPOOFED + " DISCOVERs and the node side's"
                        + " replies to them on n0", () -> node.count(nodeDiscover) == SPOOFED
                                && node.count(foreignReply) >= 1);

                int exchanges = 0;
                for (int round = 1; round <= ROUNDS; round++) {
                    int seen = events("g0");
                    Udhcpc client = Udhcpc.start(f.net, "guest", "g0", dir);
                    try {
                        assertThat(client.await(seen, LEASE, "bound")).as("round %d", round)
                                .contains("ip=" + PodFixture.podIp(0));
                        for (int renewal = 1; renewal <= RENEWALS; renewal++) {
                            seen = client.events().size();
                            int mark = log.mark();
                            client.renew();
                            assertThat(client.await(seen, LEASE, "renew", "deconfig"))
                                    .as("round %d, renewal %d", round, renewal)
                                    .startsWith("renew ip=" + PodFixture.podIp(0));
                            log.assertRenewedByUnicast(mark, LEASE, guestMac, PodFixture.SERVER,
                                    PodFixture.podIp(0));
                        }
                        exchanges += 1 + RENEWALS;
                        assertThat(f.net.exec("guest", "ip", "-4", "-o", "addr", "show", "dev", "g0"))
                                .as("the guest's addresses after round %d", round)
                                .contains(" " + PodFixture.podIp(0) + "/24 ")
                                .doesNotContainPattern("10\\.100\\.1\\.1[0-5][0-9]/"); // the node side's range
                    } finally {
                        client.stop();
                    }
                }
                // The node side's server heard the node's DISCOVERs, and nothing of the guest's.
                assertThat(dnsmasqLog("n0").lines().filter(l -> l.contains("DHCPDISCOVER(n0) " + guestMac)))
                        .as("DISCOVERs with the guest's MAC that the node side's server heard").hasSize(SPOOFED);
                assertThat(dnsmasqLog("n0")).as("REQUESTs of the guest at the node side's server")
                        .doesNotContain("DHCPREQUEST(n0)");

                // The unserved interface: the guest's DISCOVER crosses the bridge, the node side answers.
                Udhcpc unserved = Udhcpc.start(f.net, "guest", "g1", dir);
                assertThat(unserved.await(0, LEASE, "bound")).as("the unserved guest's lease from the node side")
                        .containsPattern("ip=10\\.101\\.1\\.1[0-5][0-9] ");
                unserved.stop();

                Predicate<Map<String, String>> fromOurServer = fr -> fr.get("eth.src").equals(bridgeMac)
                        && fr.get("ip.src").equals(PodFixture.SERVER) && fr.get("udp.srcport").equals("67");
                int replies = ROUNDS * (2 + RENEWALS); // OFFER and ACK per lease, one ACK per renewal
                Poll.untilTrue(Duration.ofSeconds(10), "the guest's capture to catch up (" + replies
                        + " replies of the pod's server on g0)", () -> guest.count(fromOurServer) >= replies);

                Predicate<Map<String, String>> foreignAtGuest = fr -> !fr.get("eth.src").equals(guestMac)
                        && !fr.get("eth.src").equals(bridgeMac);
                assertThat(guest.count(foreignAtGuest)).as("DHCP frames at the guest not sent by k6t-net:\n%s",
                        guest.show(foreignAtGuest)).isZero();
                Predicate<Map<String, String>> fromThePod = fr -> fr.get("eth.src").equals(guestMac)
                        || fr.get("eth.src").equals(bridgeMac);
                assertThat(node.count(fromThePod)).as("DHCP frames of the guest or the pod's server on the node "
                        + "side:\n%s", node.show(fromThePod)).isZero();
                assertThat(stats(pod).acked()).as("every lease and renewal was ACKed by k6t-net")
                        .isGreaterThanOrEqualTo(exchanges);
                assertThat(log.lines()).as("the server's lines of the node's DISCOVERs (xid 0x5bad5bad)")
                        .noneMatch(l -> l.contains("xid=0x5bad5bad"));
                assertThat(pod.dhcp().orElseThrow().interfaces()).containsExactly("k6t-eth0");
            }
        }
    }

    /**
     * The same for DHCPv6 and router advertisements, with k6t-net serving both on the dual-stack pod link
     * ({@code fd00:100::5/64}). The node side runs dnsmasq serving DHCPv6 with router advertisements on both
     * pod links, and also sends DHCPv6 Advertises to the guest's link-local address (a foreign server's
     * answers). The guest runs dhcpcd (router solicitation and DHCPv6) on the served interface, twice over,
     * and each time takes k6t-net's address and default route; then it solicits from {@code ::}, which k6t-net
     * answers to all nodes (a frame the bridge floods to every port). Counted, with captures on the served pod
     * link's node side ({@code n0}) and the guest ({@code g0}): k6t-net's DHCPv6 replies and router
     * advertisements at the guest (some) and on the node side (zero), DHCPv6 frames and router
     * advertisements at the guest that neither it nor k6t-net sent (zero), the guest's DHCPv6 and router
     * solicitations on the node side (zero); and the unserved interface's guest gets its DHCPv6 lease from
     * the node side.
     */
    @Test
    void servedGuestHearsNoForeignDhcpv6OrRouterAdvertisementWhileTheUnservedGuestLeasesByDhcpv6()
            throws Exception {
        Prerequisites.requireTool("dhcpcd", "dhcpcd-base");
        Prerequisites.requireTool("python3", "python3");
        try (PodFixture f = PodFixture.create(dir, 2, true, 1);
                PodNetwork pod = PodNetwork.open(f.config(), Optional.of(f.net.name("pod")))) {
            pod.setup();
            pod.startDhcp();
            String guestMac = PodFixture.podMac(0);
            String bridgeMac = pod.plan().interfaces().get(0).bridgeMac().toString();
            String bridgeLinkLocal = f.net.linkLocal("pod", "k6t-eth0");
            String nodeMac = f.net.exec("node", "cat", "/sys/class/net/n0/address").strip();
            f.attachGuest(0, "k6t-eth0", guestMac);
            f.attachGuest(1, "k6t-net1", PodFixture.podMac(1));
            for (int i = 0; i < 2; i++) {
                f.net.exec("node", "ip", "addr", "add", "fd00:" + (100 + i) + "::1/64", "dev", "n" + i, "nodad");
                // dnsmasq and dhcpcd send from the link-local address: it must be past duplicate detection.
                f.net.linkLocal("node", "n" + i);
            }
            String guestLinkLocal = f.net.linkLocal("guest", "g0");
            f.net.linkLocal("guest", "g1");

            try (Tshark node = Tshark.start(f.net, "node", "n0", FILTER6, dir, FIELDS6);
                    Tshark guest = Tshark.start(f.net, "guest", "g0", FILTER6, dir, FIELDS6)) {
                int index = Integer.parseInt(f.net.exec("node", "cat", "/sys/class/net/n0/ifindex").strip());
                try (NetNamespace ns = NetNamespace.open(f.net.path("node"))) {
                    ns.run(() -> foreignAdvertises(nodeMac, guestMac, guestLinkLocal + "%" + index));
                }
                Predicate<Map<String, String>> foreignAdvertise = fr -> fr.get("eth.src").equals(nodeMac)
                        && fr.get("udp.srcport").equals("547") && fr.get("udp.dstport").equals("546");
                Poll.untilTrue(Duration.ofSeconds(10), SPOOFED + " DHCPv6 Advertises of the node side on n0",
                        () -> node.count(foreignAdvertise) == SPOOFED);
                // dnsmasq after them: it holds port 547.
                for (int i = 0; i < 2; i++) {
                    Dnsmasq.on("n" + i, "10." + (100 + i) + ".1.0", "255.255.255.0")
                            .anyClient("10." + (100 + i) + ".1.100", "10." + (100 + i) + ".1.150")
                            .argument("--dhcp-range=::100,::1ff,constructor:n" + i + ",64,1h").argument("--enable-ra")
                            .argument("--ra-param=n" + i + ",4").start(f.net, "node", dir);
                }

                Predicate<Map<String, String>> solicitation = fr -> fr.get("eth.src").equals(guestMac)
                        && fr.get("icmpv6.type").equals(ROUTER_SOLICITATION);
                Predicate<Map<String, String>> solicit = fr -> fr.get("eth.src").equals(guestMac)
                        && fr.get("udp.dstport").equals("547");
                for (int round = 1; round <= ROUNDS; round++) {
                    long solicitations = guest.count(solicitation);
                    long solicits = guest.count(solicit);
                    Process client = dhcpcd6(f, "g0", round);
                    try {
                        Poll.untilTrue(LEASE, "round " + round + ": the guest's router solicitation and DHCPv6"
                                + " Solicit on g0", () -> guest.count(solicitation) > solicitations
                                        && guest.count(solicit) > solicits);
                        Poll.untilTrue(LEASE, "round " + round + ": the guest to take k6t-net's " + POD6
                                + " and default route via " + bridgeLinkLocal, () -> f.net.exec("guest", "ip", "-6",
                                        "-o", "addr", "show", "dev", "g0", "scope", "global").contains(" " + POD6 + "/")
                                        && f.net.exec("guest", "ip", "-6", "route", "show", "default", "dev", "g0")
                                                .contains("via " + bridgeLinkLocal + " "));
                        assertThat(f.net.exec("guest", "ip", "-6", "-o", "addr", "show", "dev", "g0", "scope",
                                "global")).as("round %d: the guest's global addresses", round)
                                .doesNotContainPattern("fd00:100::1[0-9a-f]{2}/"); // the node side's range
                        assertThat(f.net.exec("guest", "ip", "-6", "route", "show", "default", "dev", "g0"))
                                .as("round %d: the guest's default routes", round)
                                .doesNotContain(f.net.linkLocal("node", "n0"));
                    } finally {
                        TestNetwork.stop(client);
                    }
                }

                // A solicitation from :: is answered to all nodes, which the bridge floods to every port: the
                // pod link too, but for the output rules.
                Predicate<Map<String, String>> multicastAdvertisement = fr -> fr.get("eth.src").equals(bridgeMac)
                        && fr.get("icmpv6.type").equals(ROUTER_ADVERTISEMENT) && fr.get("ipv6.dst").equals("ff02::1");
                long multicast = guest.count(multicastAdvertisement);
                f.net.exec("guest", "python3", frameSender().toString(), "g0", "rs," + guestMac + ",::,");
                Poll.untilTrue(LEASE, "k6t-net's advertisement to all nodes at the guest",
                        () -> guest.count(multicastAdvertisement) > multicast);

                // The unserved interface: its guest's DHCPv6 crosses the bridge, the node side answers.
                Process unserved = dhcpcd6(f, "g1", 0);
                try {
                    Poll.untilTrue(LEASE, "the unserved guest's DHCPv6 address from the node side", () -> f.net
                            .exec("guest", "ip", "-6", "-o", "addr", "show", "dev", "g1", "scope", "global")
                            .matches("(?s).* fd00:101::1[0-9a-f]{2}/128 .*"));
                } finally {
                    TestNetwork.stop(unserved);
                }

                // Each capture past the other's last frame: nothing in flight is left uncounted.
                double lastAtGuest = last(guest, fr -> true);
                Poll.untilTrue(Duration.ofSeconds(15), "a frame on n0 after the guest's last frame",
                        () -> last(node, fr -> true) > lastAtGuest);
                Predicate<Map<String, String>> advertisement = fr -> fr.get("eth.src").equals(nodeMac)
                        && fr.get("icmpv6.type").equals(ROUTER_ADVERTISEMENT);
                assertThat(node.count(advertisement)).as("router advertisements of the node side on n0")
                        .isPositive();
                Predicate<Map<String, String>> dhcpv6 = fr -> DHCPV6_PORTS.contains(fr.get("udp.srcport"))
                        || DHCPV6_PORTS.contains(fr.get("udp.dstport"));
                Predicate<Map<String, String>> ours = fr -> fr.get("eth.src").equals(bridgeMac)
                        && (fr.get("udp.srcport").equals("547") || fr.get("icmpv6.type").equals(ROUTER_ADVERTISEMENT));
                assertThat(guest.count(ours.and(fr -> fr.get("udp.srcport").equals("547"))))
                        .as("k6t-net's DHCPv6 replies at the guest").isGreaterThanOrEqualTo(2 * ROUNDS);
                assertThat(guest.count(ours.and(fr -> fr.get("icmpv6.type").equals(ROUTER_ADVERTISEMENT))))
                        .as("k6t-net's router advertisements at the guest").isGreaterThanOrEqualTo(ROUNDS);
                assertThat(node.count(ours)).as("k6t-net's DHCPv6 replies and router advertisements on the node"
                        + " side:\n%s", node.show(ours)).isZero();
                Predicate<Map<String, String>> foreignAtGuest = fr -> !fr.get("eth.src").equals(guestMac)
                        && !fr.get("eth.src").equals(bridgeMac)
                        && (dhcpv6.test(fr) || fr.get("icmpv6.type").equals(ROUTER_ADVERTISEMENT));
                assertThat(guest.count(foreignAtGuest)).as("DHCPv6 frames and router advertisements at the guest"
                        + " that neither it nor k6t-net sent:\n%s", guest.show(foreignAtGuest)).isZero();
                Predicate<Map<String, String>> guestOnNode = fr -> fr.get("eth.src").equals(guestMac)
                        && (dhcpv6.test(fr) || fr.get("icmpv6.type").equals(ROUTER_SOLICITATION));
                assertThat(node.count(guestOnNode)).as("the guest's DHCPv6 frames and router solicitations on"
                        + " the node side:\n%s", node.show(guestOnNode)).isZero();
            }
        }
    }

    /** The frame sender of {@code AntiSpoofingIT}, copied out of the test class path. */
    private Path frameSender() throws IOException {
        Path file = dir.resolve("send-ipv6-frames.py");
        if (!Files.exists(file)) {
            try (InputStream in = DhcpIsolationIT.class.getResourceAsStream("send-ipv6-frames.py")) {
                Files.copy(in, file);
            }
        }
        return file;
    }

    /** The latest capture time of a frame matching {@code filter}, 0 when none. */
    private static double last(Tshark capture, Predicate<Map<String, String>> filter) {
        return capture.frames().stream().filter(filter).mapToDouble(fr -> Double.parseDouble(
                fr.get("frame.time_epoch"))).max().orElse(0);
    }

    /** dhcpcd soliciting a router and a DHCPv6 address on the guest's {@code iface}, in the foreground. */
    private Process dhcpcd6(PodFixture f, String iface, int run) throws IOException {
        Path conf = dir.resolve("dhcpcd6.conf");
        Files.writeString(conf, "ipv6rs\nia_na 1\n");
        // dhcpcd's default hooks would write the host's resolv.conf.
        Path hook = dir.resolve("dhcpcd6.hook");
        Files.writeString(hook, "#!/bin/sh\nexit 0\n");
        Files.setPosixFilePermissions(hook, PosixFilePermissions.fromString("rwx------"));
        Path db = Files.createDirectories(dir.resolve("dhcpcd6-" + iface + "-" + run));
        return f.net.start("guest", dir.resolve("dhcpcd6-" + iface + "-" + run + ".log"), "sh", "-c", "mount --bind "
                + db + " /var/lib/dhcpcd && mount -t tmpfs tmpfs /run && exec dhcpcd -f " + conf + " -c " + hook
                + " -6 -B " + iface);
    }

    /** DHCPv6 Advertises from the node's side to the guest's link-local address, as a foreign server sends them. */
    private static Void foreignAdvertises(String nodeMac, String guestMac, String guestLinkLocal) throws Exception {
        Dhcp6Options address = Dhcp6Options.builder().addIaAddress(new IaAddress(
                (Inet6Address) InetAddresses.forString("fd00:100::1:5"), 3600, 7200, Dhcp6Options.empty())).build();
        byte[] advertise = Dhcp6Codec.encode(new Dhcp6Message(Dhcp6MessageType.ADVERTISE, 0x5bad5b,
                Dhcp6Options.builder().serverId(Duid.linkLayer(MacAddress.parse(nodeMac)))
                        .clientId(Duid.linkLayer(MacAddress.parse(guestMac))).addIaNa(new IaNa(1, 1800, 2880, address))
                        .build()));
        InetSocketAddress guest = new InetSocketAddress(InetAddress.getByName(guestLinkLocal), 546);
        try (DatagramChannel channel = DatagramChannel.open(StandardProtocolFamily.INET6)) {
            channel.bind(new InetSocketAddress("::", 547));
            for (int i = 0; i < SPOOFED; i++) {
                channel.send(ByteBuffer.wrap(advertise), guest);
            }
        }
        return null;
    }

    private static InterfaceStats stats(PodNetwork pod) {
        return pod.dhcp().orElseThrow().stats("k6t-eth0").orElseThrow();
    }

    /** DISCOVERs from the node's side, broadcast out of {@code n0}, with the guest's MAC in chaddr. */
    private static Void spoofDiscovers(String guestMac) throws Exception {
        byte[] discover = DhcpCodec.encode(DhcpMessage.builder().xid(0x5bad5bad).clientMac(MacAddress.parse(guestMac))
                .option(DhcpOptionCodecs.DHCP_MESSAGE_TYPE, MessageType.DISCOVER).build());
        try (DatagramChannel channel = DatagramChannel.open()) {
            channel.setOption(StandardSocketOptions.SO_BROADCAST, true);
            channel.bind(new InetSocketAddress("0.0.0.0", 68));
            for (int i = 0; i < SPOOFED; i++) {
                channel.send(ByteBuffer.wrap(discover), new InetSocketAddress("255.255.255.255", 67));
            }
        }
        return null;
    }

    /** Events the udhcpc hook recorded on {@code iface} so far (the file is shared by successive clients). */
    private int events(String iface) throws IOException {
        Path file = dir.resolve("udhcpc-" + iface + ".events");
        return Files.exists(file) ? Files.readAllLines(file).size() : 0;
    }

    private String dnsmasqLog(String iface) {
        try {
            return Files.readString(dir.resolve("dnsmasq-" + iface + ".log"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
