package io.k6t.net.cli.internal.pcap;

import java.net.InetAddress;
import java.time.Instant;
import java.util.Optional;
import org.pcap4j.packet.EthernetPacket;
import org.pcap4j.packet.IpV4Packet;
import org.pcap4j.packet.IpV6Packet;
import org.pcap4j.packet.Packet;
import org.pcap4j.packet.UdpPacket;

/** Finds the DHCP datagram in a captured frame, whatever the link layer pcap4j parsed. */
final class Datagrams {
    private Datagrams() {
    }

    /**
     * The UDP datagram to or from a DHCP port in {@code packet}, if it holds one (fragments do not):
     * DHCPv4 ports over IPv4, DHCPv6 ports over IPv6 or IPv4.
     */
    static Optional<UdpDatagram> dhcpIn(long frame, Instant time, Packet packet) {
        UdpPacket udp = packet.get(UdpPacket.class);
        if (udp == null || udp.getPayload() == null) {
            return Optional.empty();
        }
        InetAddress source;
        InetAddress destination;
        IpV4Packet ip4 = packet.get(IpV4Packet.class);
        IpV6Packet ip6 = packet.get(IpV6Packet.class);
        if (ip6 != null) {
            source = ip6.getHeader().getSrcAddr();
            destination = ip6.getHeader().getDstAddr();
        } else if (ip4 != null) {
            source = ip4.getHeader().getSrcAddr();
            destination = ip4.getHeader().getDstAddr();
        } else {
            return Optional.empty();
        }
        EthernetPacket ethernet = packet.get(EthernetPacket.class);
        String sourceMac = ethernet == null ? "" : ethernet.getHeader().getSrcAddr().toString();
        String destinationMac = ethernet == null ? "" : ethernet.getHeader().getDstAddr().toString();
        UdpDatagram datagram = new UdpDatagram(frame, time, sourceMac, destinationMac,
                source, udp.getHeader().getSrcPort().valueAsInt(),
                destination, udp.getHeader().getDstPort().valueAsInt(), udp.getPayload().getRawData());
        if (!datagram.isDhcp() || (ip6 != null && !datagram.isDhcp6())) {
            return Optional.empty();
        }
        return Optional.of(datagram);
    }
}
