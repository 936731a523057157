package io.k6t.net.dhcp;

import java.io.EOFException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.pcap4j.core.NotOpenException;
import org.pcap4j.core.PcapDumper;
import org.pcap4j.core.PcapHandle;
import org.pcap4j.core.PcapNativeException;
import org.pcap4j.core.Pcaps;
import org.pcap4j.packet.EthernetPacket;
import org.pcap4j.packet.IllegalRawDataException;
import org.pcap4j.packet.IpV4Packet;
import org.pcap4j.packet.IpV4Rfc791Tos;
import org.pcap4j.packet.IpV6ExtHopByHopOptionsPacket;
import org.pcap4j.packet.IpV6Packet;
import org.pcap4j.packet.Packet;
import org.pcap4j.packet.UdpPacket;
import org.pcap4j.packet.UnknownPacket;
import org.pcap4j.packet.namednumber.DataLinkType;
import org.pcap4j.packet.namednumber.EtherType;
import org.pcap4j.packet.namednumber.IpNumber;
import org.pcap4j.packet.namednumber.IpVersion;
import org.pcap4j.packet.namednumber.UdpPort;
import org.pcap4j.util.MacAddress;

/**
 * The tests' one capture reader and writer, on pcap4j (libpcap): pcap and pcapng, any link layer
 * pcap4j parses (Ethernet with 802.1Q tags, Linux cooked, raw IP). {@link #readDhcp} returns the UDP payloads to
 * or from DHCP ports (67, 68, 4011); a UDP payload on other ports is searched for an IPv4/UDP packet
 * to a DHCP port inside it, so DHCP tunnelled to a wireless controller (CAPWAP) is found too;
 * {@link #readIpv6} returns IPv6 packets for the DHCPv6 tests.
 */
public final class Pcap {
    private static final int SNAPLEN = 65_535;
    private static final long FIRST_SECOND = 1_700_000_000L;

    private Pcap() {
    }

    /** One UDP datagram found in a capture, with the Ethernet source when the link layer has one. */
    public record Udp(int frame, byte[] sourceMac, Inet4Address source, int sourcePort, Inet4Address destination,
            int destinationPort, byte[] payload) {
        /** {@code file#frame} for messages. */
        public String where(Path file) {
            return file.getFileName() + "#" + frame;
        }
    }

    /** The DHCP datagrams of a pcap or pcapng file, in frame order (frames numbered from 1 as Wireshark does). */
    public static List<Udp> readDhcp(Path file) {
        List<Udp> out = new ArrayList<>();
        frames(file, (frame, packet) -> dhcpIn(frame, sourceMac(packet), packet, out, true));
        return out;
    }

    /**
     * One IPv6 packet of an Ethernet capture: the upper-layer protocol after the fixed header and any
     * hop-by-hop options header, and its payload (the UDP or ICMPv6 header included).
     */
    public record Ip6(int frame, byte[] sourceMac, Inet6Address source, Inet6Address destination, int nextHeader,
            byte[] payload) {
        /** The UDP payload, for a UDP packet. */
        public byte[] udpPayload() {
            return Arrays.copyOfRange(payload, 8, payload.length);
        }

        /** The UDP destination port, for a UDP packet. */
        public int destinationPort() {
            return (payload[2] & 0xff) << 8 | payload[3] & 0xff;
        }
    }

    /** The IPv6 packets of an Ethernet pcap or pcapng file, in frame order. */
    public static List<Ip6> readIpv6(Path file) {
        List<Ip6> out = new ArrayList<>();
        frames(file, (frame, packet) -> {
            IpV6Packet ip = packet.get(IpV6Packet.class);
            if (packet.get(EthernetPacket.class) == null || ip == null || ip.getPayload() == null) {
                return;
            }
            int next = ip.getHeader().getNextHeader().value() & 0xff;
            Packet payload = ip.getPayload();
            if (payload instanceof IpV6ExtHopByHopOptionsPacket hopByHop) {
                next = hopByHop.getHeader().getNextHeader().value() & 0xff;
                payload = hopByHop.getPayload();
            }
            if (payload != null) {
                out.add(new Ip6(frame, sourceMac(packet), ip.getHeader().getSrcAddr(), ip.getHeader().getDstAddr(),
                        next, payload.getRawData()));
            }
        });
        return out;
    }

    /** Receives each frame of a capture with its number. */
    @FunctionalInterface
    private interface FrameVisitor {
        void visit(int frame, Packet packet);
    }

    private static void frames(Path file, FrameVisitor visitor) {
        PcapHandle handle;
        try {
            handle = Pcaps.openOffline(file.toString());
        } catch (PcapNativeException e) {
            throw new IllegalArgumentException(file + ": not a pcap or pcapng capture (" + e.getMessage() + ")", e);
        }
        try {
            for (int frame = 1; ; frame++) {
                try {
                    visitor.visit(frame, handle.getNextPacketEx());
                } catch (EOFException end) {
                    return;
                }
            }
        } catch (PcapNativeException | TimeoutException | NotOpenException e) {
            throw new IllegalStateException(file + ": unreadable (" + e.getMessage() + ")", e);
        } finally {
            handle.close();
        }
    }

    private static byte[] sourceMac(Packet packet) {
        EthernetPacket ethernet = packet.get(EthernetPacket.class);
        return ethernet == null ? new byte[6] : ethernet.getHeader().getSrcAddr().getAddress();
    }

    private static boolean dhcpIn(int frame, byte[] mac, Packet packet, List<Udp> out, boolean searchInside) {
        IpV4Packet ip = packet.get(IpV4Packet.class);
        UdpPacket udp = packet.get(UdpPacket.class);
        if (ip == null || udp == null || udp.getPayload() == null) {
            return false;
        }
        int sourcePort = udp.getHeader().getSrcPort().valueAsInt();
        int destinationPort = udp.getHeader().getDstPort().valueAsInt();
        byte[] payload = udp.getPayload().getRawData();
        if (isDhcpPort(sourcePort) || isDhcpPort(destinationPort)) {
            out.add(new Udp(frame, mac, ip.getHeader().getSrcAddr(), sourcePort, ip.getHeader().getDstAddr(),
                    destinationPort, payload));
            return true;
        }
        if (searchInside) {
            for (int i = 0; i + 28 <= payload.length; i++) {
                if (payload[i] == 0x45 && dhcpInside(frame, mac, payload, i, out)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean dhcpInside(int frame, byte[] mac, byte[] data, int offset, List<Udp> out) {
        IpV4Packet inner;
        try {
            inner = IpV4Packet.newPacket(data, offset, data.length - offset);
        } catch (IllegalRawDataException e) {
            return false;
        }
        return inner.getHeader().getProtocol().equals(IpNumber.UDP) && dhcpIn(frame, mac, inner, out, false);
    }

    private static boolean isDhcpPort(int port) {
        return port == 67 || port == 68 || port == 4011;
    }

    /** A UDP datagram to write, framed in Ethernet and IPv4 by {@link #write}. */
    public record Frame(byte[] sourceMac, Inet4Address source, int sourcePort, byte[] destinationMac,
            Inet4Address destination, int destinationPort, byte[] payload) {
    }

    /** Writes a pcap (link type Ethernet) with correct IPv4 and UDP checksums, one frame per second. */
    public static void write(Path file, List<Frame> frames) {
        try (PcapHandle dead = Pcaps.openDead(DataLinkType.EN10MB, SNAPLEN)) {
            PcapDumper dumper = dead.dumpOpen(file.toString());
            try {
                long second = FIRST_SECOND;
                short identification = 0;
                for (Frame f : frames) {
                    dumper.dump(ethernet(f, identification++), new Timestamp(second++ * 1000));
                }
            } finally {
                dumper.close();
            }
        } catch (PcapNativeException | NotOpenException e) {
            throw new IllegalStateException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private static EthernetPacket ethernet(Frame f, short identification) {
        UdpPacket.Builder udp = new UdpPacket.Builder()
                .srcPort(UdpPort.getInstance((short) f.sourcePort()))
                .dstPort(UdpPort.getInstance((short) f.destinationPort()))
                .srcAddr(f.source()).dstAddr(f.destination())
                .payloadBuilder(new UnknownPacket.Builder().rawData(f.payload()))
                .correctChecksumAtBuild(true).correctLengthAtBuild(true);
        IpV4Packet.Builder ip = new IpV4Packet.Builder()
                .version(IpVersion.IPV4).tos(IpV4Rfc791Tos.newInstance((byte) 0)).identification(identification)
                .ttl((byte) 64).protocol(IpNumber.UDP).srcAddr(f.source()).dstAddr(f.destination())
                .payloadBuilder(udp).correctChecksumAtBuild(true).correctLengthAtBuild(true);
        return new EthernetPacket.Builder()
                .srcAddr(MacAddress.getByAddress(f.sourceMac())).dstAddr(MacAddress.getByAddress(f.destinationMac()))
                .type(EtherType.IPV4).payloadBuilder(ip).paddingAtBuild(true).build();
    }
}
