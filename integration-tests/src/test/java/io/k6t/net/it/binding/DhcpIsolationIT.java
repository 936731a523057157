package io.k6t.net.it.binding;

import static org.assertj.core.api.Assertions.assertThat;

import io.k6t.net.dhcp.DhcpCodec;
import io.k6t.net.dhcp.DhcpMessage;
import io.k6t.net.dhcp.DhcpOptionCodecs;
import io.k6t.net.dhcp.MacAddress;
import io.k6t.net.dhcp.MessageType;
import io.k6t.net.dhcp.server.InterfaceStats;
import io.k6t.net.it.guest.Dnsmasq;
import io.k6t.net.it.support.Poll;
import io.k6t.net.launcher.PodNetwork;
import io.k6t.net.launcher.netns.NetNamespace;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A guest on a served interface hears only k6t-net (the isolation rules of the bridge family), with the
 * full binding applied by {@link PodNetwork}. The node side of each pod link runs a foreign DHCP server
 * (dnsmasq answering every client, as a physical L2, OVN or a rogue machine would). tshark captures the node side
 * of the served pod link ({@code n0}) and the guest's side ({@code g0}) while a real client (udhcpc)
 * leases and renews, twice over; the node also sends DISCOVERs spoofing the guest's MAC. Counted:
 * DHCP frames at the guest that k6t-net's bridge did not send (zero), DHCP frames from the guest or
 * from the pod's server on the node side (zero), node DISCOVERs reaching the server (zero), and the
 * guest's address (the pod's, only). An interface k6t-net does not serve (no IPv4) keeps passing its
 * guest's DHCP: that guest takes its lease from the node side's server.
 */
class DhcpIsolationIT {
    private static final Duration LEASE = Duration.ofSeconds(20);
    private static final int SPOOFED = 5;
    private static final int ROUNDS = 2;
    private static final int RENEWALS = 2;
    private static final String SERVER = "169.254.75.10";
    private static final String[] FIELDS = {"eth.src", "ip.src", "udp.srcport", "udp.dstport"};

    @TempDir
    Path dir;

    @Test
    void servedGuestHearsOnlyK6tNetWhileTheUnservedGuestLeasesFromTheNodeSide() throws Exception {
        try (PodFixture f = PodFixture.create(dir, 2, false, 1);
                PodNetwork pod = PodNetwork.open(f.config(), Optional.of(f.net.name("pod")))) {
            pod.setup();
            pod.startDhcp();
            String bridgeMac = pod.plan().interfaces().get(0).bridgeMac();
            String guestMac = PodFixture.podMac(0);
            String nodeMac = f.net.exec("node", "cat", "/sys/class/net/n0/address").strip();
            Dnsmasq.on("n0", "10.100.1.0", "255.255.255.0").anyClient("10.100.1.100", "10.100.1.150")
                    .start(f.net, "node", dir);
            Dnsmasq.on("n1", "10.101.1.0", "255.255.255.0").anyClient("10.101.1.100", "10.101.1.150")
                    .start(f.net, "node", dir);
            f.attachGuest(0, "k6t-eth0", guestMac);
            f.attachGuest(1, "k6t-net1", PodFixture.podMac(1));

            try (Tshark node = Tshark.start(f.net, "node", "n0", "udp port 67 or udp port 68", dir, FIELDS);
                    Tshark guest = Tshark.start(f.net, "guest", "g0", "udp port 67 or udp port 68", dir, FIELDS)) {
                int exchanges = 0;
                for (int round = 1; round <= ROUNDS; round++) {
                    int seen = events("g0");
                    Udhcpc client = Udhcpc.start(f.net, "guest", "g0", dir);
                    try {
                        assertThat(client.await(seen, LEASE, "bound")).as("round %d", round)
                                .contains("ip=" + PodFixture.podIp(0));
                        for (int renewal = 1; renewal <= RENEWALS; renewal++) {
                            seen = client.events().size();
                            client.renew();
                            assertThat(client.await(seen, LEASE, "renew", "deconfig"))
                                    .as("round %d, renewal %d", round, renewal)
                                    .startsWith("renew ip=" + PodFixture.podIp(0));
                        }
                        exchanges += 1 + RENEWALS;
                        assertThat(f.net.exec("guest", "ip", "-4", "-o", "addr", "show", "dev", "g0"))
                                .as("the guest's addresses after round %d", round)
                                .contains(" " + PodFixture.podIp(0) + "/24 ").doesNotContain("10.100.1.1");
                    } finally {
                        client.stop();
                    }
                }
                InterfaceStats afterGuest = stats(pod);
                // Before the node's own DISCOVERs below, which carry the guest's MAC too.
                assertThat(dnsmasqLog("n0")).as("the node side's server never heard the guest")
                        .doesNotContain(guestMac);

                // The unserved interface: the guest's DISCOVER crosses the bridge, the node side answers.
                Udhcpc unserved = Udhcpc.start(f.net, "guest", "g1", dir);
                assertThat(unserved.await(0, LEASE, "bound")).as("the unserved guest's lease from the node side")
                        .containsPattern("ip=10\\.101\\.1\\.1[0-5][0-9] ");
                unserved.stop();

                f.net.exec("node", "ip", "route", "add", "default", "dev", "n0");
                try (NetNamespace ns = NetNamespace.open(f.net.path("node"))) {
                    ns.run(() -> spoofDiscovers(guestMac));
                }
                Predicate<Map<String, String>> nodeDiscover = fr -> fr.get("eth.src").equals(nodeMac)
                        && fr.get("udp.dstport").equals("67");
                Predicate<Map<String, String>> fromOurServer = fr -> fr.get("eth.src").equals(bridgeMac)
                        && fr.get("ip.src").equals(SERVER) && fr.get("udp.srcport").equals("67");
                int replies = ROUNDS * (2 + RENEWALS); // OFFER and ACK per lease, one ACK per renewal
                Poll.untilTrue(Duration.ofSeconds(10), "both captures to catch up (" + SPOOFED
                        + " node DISCOVERs on n0, " + replies + " replies of the pod's server on g0)",
                        () -> node.count(nodeDiscover) >= SPOOFED && guest.count(fromOurServer) >= replies);

                InterfaceStats end = stats(pod);
                Predicate<Map<String, String>> foreignAtGuest = fr -> !fr.get("eth.src").equals(guestMac)
                        && !fr.get("eth.src").equals(bridgeMac);
                assertThat(guest.count(foreignAtGuest)).as("DHCP frames at the guest not sent by k6t-net:\n%s",
                        guest.show(foreignAtGuest)).isZero();
                Predicate<Map<String, String>> fromThePod = fr -> fr.get("eth.src").equals(guestMac)
                        || fr.get("eth.src").equals(bridgeMac);
                assertThat(node.count(fromThePod)).as("DHCP frames of the guest or the pod's server on the node "
                        + "side:\n%s", node.show(fromThePod)).isZero();
                assertThat(end.acked()).as("every lease and renewal was ACKed by k6t-net")
                        .isGreaterThanOrEqualTo(exchanges);
                assertThat(end.received()).as("the node's spoofed DISCOVERs never reached the server")
                        .isEqualTo(afterGuest.received());
                assertThat(pod.dhcp().orElseThrow().interfaces()).containsExactly("k6t-eth0");
            }
        }
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
