package io.k6t.net.dhcp.server.replay;

import io.k6t.net.dhcp.DhcpCodec;
import io.k6t.net.dhcp.DhcpDecodeException;
import io.k6t.net.dhcp.DhcpMessage;
import io.k6t.net.dhcp.MessageType;
import io.k6t.net.dhcp.server.DhcpPipeline;
import io.k6t.net.dhcp.server.LeaseConfig;
import io.k6t.net.dhcp.server.Transaction;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.DatagramPacket;
import java.io.EOFException;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import org.pcap4j.core.NotOpenException;
import org.pcap4j.core.PcapDumper;
import org.pcap4j.core.PcapHandle;
import org.pcap4j.core.PcapNativeException;
import org.pcap4j.core.Pcaps;
import org.pcap4j.packet.EthernetPacket;
import org.pcap4j.packet.IpV4Packet;
import org.pcap4j.packet.Packet;
import org.pcap4j.packet.UdpPacket;
import org.pcap4j.packet.namednumber.DataLinkType;

/**
 * "This capture in, these replies out": reads the client messages of a pcap or pcapng file with
 * pcap4j, feeds each through the full server pipeline ({@link DhcpPipeline} on an
 * {@link EmbeddedChannel}) and returns, per message, the server's transaction and reply datagrams.
 * {@link #write} frames requests and replies as Ethernet/IPv4/UDP into a pcap that Wireshark reads.
 */
public final class PcapReplay {
    private static final byte[] SERVER_MAC = {0x02, 0x6b, 0x36, 0x74, 0x00, 0x01};
    private static final byte[] BROADCAST_MAC = {-1, -1, -1, -1, -1, -1};

    private PcapReplay() {
    }

    /** A UDP datagram to port 67 in a capture (frames numbered from 1, as Wireshark does). */
    public record ClientFrame(int frame, byte[] sourceMac, InetSocketAddress sender, InetSocketAddress recipient,
            byte[] payload) {
        /** The message, if the codec decodes it. */
        public Optional<DhcpMessage> message() {
            try {
                return Optional.of(DhcpCodec.decode(payload));
            } catch (DhcpDecodeException e) {
                return Optional.empty();
            }
        }
    }

    /** A reply the server wrote: its destination and UDP payload. */
    public record Reply(InetSocketAddress recipient, byte[] payload) {
        public DhcpMessage message() {
            try {
                return DhcpCodec.decode(payload);
            } catch (DhcpDecodeException e) {
                throw new AssertionError("the server wrote a reply its own codec rejects: " + e.getMessage(), e);
            }
        }
    }

    /** One client frame and what the server did with it. */
    public record Exchange(ClientFrame request, Transaction transaction, List<Reply> replies) {
    }

    /** The datagrams to UDP port 67 (client or relay to server) of a capture, in frame order. */
    public static List<ClientFrame> clientFrames(Path capture) {
        List<ClientFrame> frames = new ArrayList<>();
        PcapHandle handle;
        try {
            handle = Pcaps.openOffline(capture.toString());
        } catch (PcapNativeException e) {
            throw new IllegalArgumentException("cannot open " + capture + ": " + e.getMessage(), e);
        }
        try {
            for (int frame = 1; ; frame++) {
                Packet packet;
                try {
                    packet = handle.getNextPacketEx();
                } catch (EOFException end) {
                    break;
                }
                IpV4Packet ip = packet.get(IpV4Packet.class);
                UdpPacket udp = packet.get(UdpPacket.class);
                if (ip == null || udp == null || udp.getHeader().getDstPort().valueAsInt() != 67
                        || udp.getPayload() == null) {
                    continue;
                }
                EthernetPacket ethernet = packet.get(EthernetPacket.class);
                byte[] mac = ethernet == null ? new byte[6] : ethernet.getHeader().getSrcAddr().getAddress();
                frames.add(new ClientFrame(frame, mac,
                        new InetSocketAddress(ip.getHeader().getSrcAddr(), udp.getHeader().getSrcPort().valueAsInt()),
                        new InetSocketAddress(ip.getHeader().getDstAddr(), 67), udp.getPayload().getRawData()));
            }
        } catch (PcapNativeException | TimeoutException | NotOpenException e) {
            throw new IllegalStateException("cannot read " + capture + ": " + e.getMessage(), e);
        } finally {
            handle.close();
        }
        return frames;
    }

    /**
     * A lease for the client of a capture: its MAC (chaddr of the first request), the server id it
     * talked to (so its selecting REQUESTs are for us), the address it asked for, and
     * {@code acceptRelayed} when it came through a relay.
     */
    public static LeaseConfig leaseFor(List<ClientFrame> frames) {
        return leaseFor(frames, clientMac(frames).orElseThrow(() -> new IllegalArgumentException(
                "no decodable client message with a unicast Ethernet chaddr")));
    }

    /** The chaddr of the first client message, if it is a MAC a lease can hold (unicast Ethernet). */
    public static Optional<String> clientMac(List<ClientFrame> frames) {
        return frames.stream().map(ClientFrame::message).flatMap(Optional::stream).filter(DhcpMessage::isRequest)
                .map(DhcpMessage::clientMac).flatMap(Optional::stream).findFirst()
                .filter(mac -> !mac.isMulticast()).map(Object::toString);
    }

    /** As {@link #leaseFor(List)} with the given client MAC. */
    public static LeaseConfig leaseFor(List<ClientFrame> frames, String clientMac) {
        List<DhcpMessage> requests = frames.stream().map(ClientFrame::message).flatMap(Optional::stream)
                .filter(DhcpMessage::isRequest).toList();
        Inet4Address server = requests.stream().map(DhcpMessage::serverIdentifier).flatMap(Optional::stream)
                .filter(PcapReplay::unicast).findFirst().orElse(ip("192.0.2.1"));
        Inet4Address address = requests.stream().map(m -> m.requestedIpAddress().or(() -> Optional.of(m.ciaddr())))
                .flatMap(Optional::stream).filter(PcapReplay::unicast).filter(a -> !a.equals(server)).findFirst()
                .orElse(ip("192.0.2.10"));
        boolean relayed = requests.stream().anyMatch(DhcpMessage::isRelayed);
        return LeaseConfig.builder().interfaceName("k6t-eth0").serverAddress(server)
                .clientMac(clientMac).address(address, 24)
                .addDnsServer(ip("192.0.2.53")).addSearchDomain("cluster.local").hostname("replayed").mtu(1500)
                .acceptRelayed(relayed).build();
    }

    /** Feeds every frame through a fresh server pipeline for {@code lease}; returns one exchange per frame. */
    public static List<Exchange> replay(List<ClientFrame> frames, LeaseConfig lease) {
        return replay(frames, lease, false);
    }

    /** As {@link #replay(List, LeaseConfig)}; {@code anyClient} answers every chaddr. */
    public static List<Exchange> replay(List<ClientFrame> frames, LeaseConfig lease, boolean anyClient) {
        List<Transaction> transactions = new ArrayList<>();
        DhcpPipeline pipeline = anyClient ? DhcpPipeline.createForAnyClient(lease, transactions::add)
                : DhcpPipeline.create(lease, transactions::add);
        EmbeddedChannel channel = new EmbeddedChannel(pipeline.handler());
        List<Exchange> exchanges = new ArrayList<>();
        try {
            for (ClientFrame frame : frames) {
                channel.writeInbound(new DatagramPacket(Unpooled.wrappedBuffer(frame.payload()), frame.recipient(),
                        frame.sender()));
                List<Reply> replies = new ArrayList<>();
                for (DatagramPacket out; (out = channel.readOutbound()) != null; ) {
                    try {
                        replies.add(new Reply(out.recipient(), ByteBufUtil.getBytes(out.content())));
                    } finally {
                        out.release();
                    }
                }
                exchanges.add(new Exchange(frame, transactions.get(transactions.size() - 1), replies));
            }
        } finally {
            if (channel.finish()) {
                throw new AssertionError("the pipeline left messages in the channel");
            }
        }
        return exchanges;
    }

    /** Writes each request and its replies as Ethernet/IPv4/UDP frames (pcap, link type Ethernet). */
    public static void write(Path file, List<Exchange> exchanges, LeaseConfig lease) {
        try (PcapHandle dead = Pcaps.openDead(DataLinkType.EN10MB, 65_535)) {
            PcapDumper dumper = dead.dumpOpen(file.toString());
            try {
                long micros = 0;
                for (Exchange exchange : exchanges) {
                    ClientFrame request = exchange.request();
                    dumper.dumpRaw(frame(request.sourceMac(), BROADCAST_MAC, request.sender(), request.recipient(),
                            request.payload()), timestamp(micros++));
                    for (Reply reply : exchange.replies()) {
                        boolean broadcast = reply.recipient().getAddress().equals(ip("255.255.255.255"));
                        dumper.dumpRaw(frame(SERVER_MAC, broadcast ? BROADCAST_MAC : request.sourceMac(),
                                new InetSocketAddress(lease.serverAddress(), 67), reply.recipient(), reply.payload()),
                                timestamp(micros++));
                    }
                }
            } finally {
                dumper.close();
            }
        } catch (PcapNativeException | NotOpenException e) {
            throw new IllegalStateException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** The request types the server answers: DISCOVER, REQUEST and INFORM. */
    public static boolean isAnswerable(DhcpMessage message) {
        return message.isRequest() && message.messageType().filter(t -> t.equals(MessageType.DISCOVER)
                || t.equals(MessageType.REQUEST) || t.equals(MessageType.INFORM)).isPresent();
    }

    /** Whether the capture holds a DISCOVER, REQUEST or INFORM sent to port 67. */
    public static boolean hasAnswerable(Path capture) {
        return clientFrames(capture).stream().map(ClientFrame::message).flatMap(Optional::stream)
                .anyMatch(PcapReplay::isAnswerable);
    }

    private static Timestamp timestamp(long micros) {
        Timestamp t = new Timestamp(1_700_000_000_000L + micros / 1000);
        t.setNanos((int) (micros % 1_000_000) * 1000);
        return t;
    }

    private static byte[] frame(byte[] srcMac, byte[] dstMac, InetSocketAddress src, InetSocketAddress dst,
            byte[] payload) {
        int udpLength = 8 + payload.length;
        int ipLength = 20 + udpLength;
        ByteBuffer b = ByteBuffer.allocate(14 + ipLength);
        b.put(dstMac).put(srcMac).putShort((short) 0x0800);
        int ipStart = b.position();
        b.put((byte) 0x45).put((byte) 0).putShort((short) ipLength).putShort((short) 0).putShort((short) 0x4000)
                .put((byte) 64).put((byte) 17).putShort((short) 0).put(src.getAddress().getAddress())
                .put(dst.getAddress().getAddress());
        b.putShort(ipStart + 10, (short) checksum(b.array(), ipStart, 20, 0));
        int udpStart = b.position();
        b.putShort((short) src.getPort()).putShort((short) dst.getPort()).putShort((short) udpLength)
                .putShort((short) 0).put(payload);
        long pseudo = sum(src.getAddress().getAddress(), 0, 4) + sum(dst.getAddress().getAddress(), 0, 4) + 17
                + udpLength;
        int udpChecksum = checksum(b.array(), udpStart, udpLength, pseudo);
        b.putShort(udpStart + 6, (short) (udpChecksum == 0 ? 0xffff : udpChecksum));
        return b.array();
    }

    private static long sum(byte[] data, int off, int len) {
        long sum = 0;
        for (int i = 0; i < len; i += 2) {
            int hi = data[off + i] & 0xff;
            int lo = i + 1 < len ? data[off + i + 1] & 0xff : 0;
            sum += (hi << 8) | lo;
        }
        return sum;
    }

    private static int checksum(byte[] data, int off, int len, long initial) {
        long sum = initial + sum(data, off, len);
        while ((sum >> 16) != 0) {
            sum = (sum & 0xffff) + (sum >> 16);
        }
        return (int) (~sum & 0xffff);
    }

    private static boolean unicast(Inet4Address a) {
        int first = a.getAddress()[0] & 0xff;
        return first != 0 && first < 224 && first != 127;
    }

    private static Inet4Address ip(String text) {
        try {
            return (Inet4Address) java.net.InetAddress.getByName(text);
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }
}
