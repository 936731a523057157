package io.k6t.net.cli.internal.pcap;

import java.net.Inet4Address;
import java.time.Instant;
import java.util.Optional;
import org.pcap4j.packet.EthernetPacket;
import org.pcap4j.packet.IpV4Packet;
import org.pcap4j.packet.Packet;
import org.pcap4j.packet.UdpPacket;

/** Finds the DHCP datagram in a captured frame, whatever the link layer pcap4j parsed. */
final class Datagrams {
    private Datagrams() {
    }

    /** The UDP datagram to or from a DHCP port in {@code packet}, if it holds one (fragments do not). */
    static Optional<UdpDatagram> dhcpIn(long frame, Instant time, Packet packet) {
        IpV4Packet ip = packet.get(IpV4Packet.class);
        UdpPacket udp = packet.get(UdpPacket.class);
        if (ip == null || udp == null || udp.getPayload() == null) {
            return Optional.empty();
        }
        EthernetPacket ethernet = packet.get(EthernetPacket.class);
        String sourceMac = ethernet == null ? "" : ethernet.getHeader().getSrcAddr().toString();
        String destinationMac = ethernet == null ? "" : ethernet.getHeader().getDstAddr().toString();
        Inet4Address source = ip.getHeader().getSrcAddr();
        Inet4Address destination = ip.getHeader().getDstAddr();
        UdpDatagram datagram = new UdpDatagram(frame, time, sourceMac, destinationMac,
                source, udp.getHeader().getSrcPort().valueAsInt(),
                destination, udp.getHeader().getDstPort().valueAsInt(), udp.getPayload().getRawData());
        return datagram.isDhcp() ? Optional.of(datagram) : Optional.empty();
    }
}
