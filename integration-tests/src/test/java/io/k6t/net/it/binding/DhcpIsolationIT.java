package io.k6t.net.it.binding;

import static org.assertj.core.api.Assertions.assertThat;

import io.k6t.net.dhcp.DhcpCodec;
import io.k6t.net.dhcp.DhcpMessage;
import io.k6t.net.dhcp.MacAddress;
import io.k6t.net.dhcp.MessageType;
import io.k6t.net.dhcp.server.InterfaceStats;
import io.k6t.net.it.support.Poll;
import io.k6t.net.it.support.Prerequisites;
import io.k6t.net.it.support.TestNetwork;
import io.k6t.net.launcher.PodNetwork;
import io.k6t.net.launcher.netns.NetNamespace;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DHCP stays inside the pod (the isolation rules of the bridge family), with the full binding applied by
 * {@link PodNetwork}: while a guest gets its lease and renews it, a capture on the node side of the
 * pod's veth ({@code n0} in the node namespace, tshark) sees no packet from a DHCP server, and DISCOVERs
 * sent from the node side, spoofing the guest's MAC, reach no server and get no answer.
 */
class DhcpIsolationIT {
    private static final Duration LEASE = Duration.ofSeconds(20);
    private static final int SPOOFED = 5;

    @TempDir
    Path dir;

    @Test
    void noServerPacketLeavesTowardTheNodeAndTheNodeSideIsNeverAnswered() throws Exception {
        Prerequisites.requireTool("tshark", "tshark");
        try (PodFixture f = PodFixture.create(dir, 1, false);
                PodNetwork pod = PodNetwork.open(f.config(), Optional.of(f.net.name("pod")))) {
            pod.setup();
            pod.startDhcp();
            Path tsharkLog = dir.resolve("tshark.log");
            // One line per UDP frame, flushed as it comes (-l): source MAC, source port, destination port.
            Process capture = f.net.start("node", tsharkLog, "tshark", "-n", "-l", "-i", "n0", "-f", "udp", "-T",
                    "fields", "-E", "separator=,", "-e", "eth.src", "-e", "udp.srcport", "-e", "udp.dstport");
            Poll.untilTrue(Duration.ofSeconds(20), "tshark capturing on n0",
                    () -> read(tsharkLog).contains("Capturing on"));

            f.attachGuest(0, "k6t-eth0", PodFixture.podMac(0));
            Udhcpc client = Udhcpc.start(f.net, "guest", "g0", dir);
            assertThat(client.await(0, LEASE, "bound")).contains("ip=" + PodFixture.podIp(0));
            int seen = client.events().size();
            client.renew();
            assertThat(client.await(seen, LEASE, "renew", "deconfig")).startsWith("renew ip=" + PodFixture.podIp(0));
            InterfaceStats afterGuest = stats(pod);

            f.net.exec("node", "ip", "route", "add", "default", "dev", "n0");
            try (NetNamespace node = NetNamespace.open(f.net.path("node"))) {
                node.run(() -> spoofDiscovers(PodFixture.podMac(0)));
            }
            String nodeMac = f.net.exec("node", "cat", "/sys/class/net/n0/address").strip();
            try {
                Poll.untilTrue(Duration.ofSeconds(10), "the capture to record the node's DISCOVERs",
                        () -> frames(tsharkLog, nodeMac + ",68,67") >= SPOOFED);
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + " from " + nodeMac + "; capture:\n" + read(tsharkLog), e);
            }
            client.stop();
            TestNetwork.stop(capture);

            InterfaceStats end = stats(pod);
            long serverPackets = read(tsharkLog).lines().filter(l -> l.matches("[0-9a-f:]+,67,\\d+")).count();
            long guestPackets = frames(tsharkLog, PodFixture.podMac(0) + ",68,67");
            System.err.println("[harden] node-side capture: server packets " + serverPackets + ", guest client packets "
                    + guestPackets + "; server " + end);
            assertThat(end.acked()).as("the guest's REQUEST and renewal were ACKed").isGreaterThanOrEqualTo(2);
            assertThat(serverPackets).as("DHCP server packets on the node side of the pod's veth").isZero();
            assertThat(end.received()).as("the node's spoofed DISCOVERs never reached the server")
                    .isEqualTo(afterGuest.received());
            assertThat(pod.dhcp().orElseThrow().interfaces()).containsExactly("k6t-eth0");
        }
    }

    private static InterfaceStats stats(PodNetwork pod) {
        return pod.dhcp().orElseThrow().stats("k6t-eth0").orElseThrow();
    }

    /** DISCOVERs from the node's side, broadcast out of {@code n0}, with the guest's MAC in chaddr. */
    private static Void spoofDiscovers(String guestMac) throws Exception {
        byte[] discover = DhcpCodec.encode(DhcpMessage.builder().xid(0x5bad5bad).clientMac(MacAddress.parse(guestMac))
                .messageType(MessageType.DISCOVER).build());
        try (DatagramChannel channel = DatagramChannel.open()) {
            channel.setOption(StandardSocketOptions.SO_BROADCAST, true);
            channel.bind(new InetSocketAddress("0.0.0.0", 68));
            for (int i = 0; i < SPOOFED; i++) {
                channel.send(ByteBuffer.wrap(discover), new InetSocketAddress("255.255.255.255", 67));
            }
        }
        return null;
    }

    /** Captured frames whose line is exactly {@code mac,sport,dport}. */
    private static long frames(Path log, String line) {
        return read(log).lines().filter(line::equals).count();
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
