package io.k6t.net.dhcp.server.replay;

import io.k6t.net.dhcp.DhcpCodec;
import io.k6t.net.dhcp.DhcpDecodeException;
import io.k6t.net.dhcp.DhcpMessage;
import io.k6t.net.dhcp.Pcap;
import io.k6t.net.dhcp.MessageType;
import io.k6t.net.dhcp.server.DhcpPipeline;
import io.k6t.net.dhcp.server.LeaseConfig;
import io.k6t.net.dhcp.server.Transaction;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.DatagramPacket;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * "This capture in, these replies out": reads the client messages of a pcap or pcapng file with
 * the tests' capture reader ({@link Pcap}, on pcap4j), feeds each through the full server pipeline
 * ({@link DhcpPipeline} on an
 * {@link EmbeddedChannel}) and returns, per message, the server's transaction and reply datagrams.
 * {@link #write} frames requests and replies as Ethernet/IPv4/UDP into a pcap that Wireshark reads.
 */
public final class PcapReplay {
    private static final byte[] SERVER_MAC = {0x02, 0x6b, 0x36, 0x74, 0x00, 0x01};
    private static final byte[] BROADCAST_MAC = {-1, -1, -1, -1, -1, -1};
    private static final int SERVER_PORT = 67;

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
        return Pcap.readDhcp(capture).stream().filter(udp -> udp.destinationPort() == SERVER_PORT)
                .map(udp -> new ClientFrame(udp.frame(), udp.sourceMac(),
                        new InetSocketAddress(udp.source(), udp.sourcePort()),
                        new InetSocketAddress(udp.destination(), SERVER_PORT), udp.payload()))
                .toList();
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
        Inet4Address server = requests.stream().map(m -> m.options().serverIdentifier()).flatMap(Optional::stream)
                .filter(PcapReplay::unicast).findFirst().orElse(ip("192.0.2.1"));
        Inet4Address address = requests.stream()
                .map(m -> m.options().requestedIpAddress().or(() -> Optional.of(m.ciaddr())))
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
        List<Pcap.Frame> frames = new ArrayList<>();
        for (Exchange exchange : exchanges) {
            ClientFrame request = exchange.request();
            frames.add(frame(request.sourceMac(), BROADCAST_MAC, request.sender(), request.recipient(),
                    request.payload()));
            for (Reply reply : exchange.replies()) {
                boolean broadcast = reply.recipient().getAddress().equals(ip("255.255.255.255"));
                frames.add(frame(SERVER_MAC, broadcast ? BROADCAST_MAC : request.sourceMac(),
                        new InetSocketAddress(lease.serverAddress(), SERVER_PORT), reply.recipient(), reply.payload()));
            }
        }
        Pcap.write(file, frames);
    }

    private static Pcap.Frame frame(byte[] sourceMac, byte[] destinationMac, InetSocketAddress source,
            InetSocketAddress destination, byte[] payload) {
        return new Pcap.Frame(sourceMac, (Inet4Address) source.getAddress(), source.getPort(), destinationMac,
                (Inet4Address) destination.getAddress(), destination.getPort(), payload);
    }

    /** The request types the server answers: DISCOVER, REQUEST and INFORM. */
    public static boolean isAnswerable(DhcpMessage message) {
        return message.isRequest() && message.options().messageType().filter(t -> t.equals(MessageType.DISCOVER)
                || t.equals(MessageType.REQUEST) || t.equals(MessageType.INFORM)).isPresent();
    }

    /** Whether the capture holds a DISCOVER, REQUEST or INFORM sent to port 67. */
    public static boolean hasAnswerable(Path capture) {
        return clientFrames(capture).stream().map(ClientFrame::message).flatMap(Optional::stream)
                .anyMatch(PcapReplay::isAnswerable);
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
