package io.k6t.net.cli.internal.pcap;

import io.k6t.net.cli.internal.CliFailure;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.nio.file.Path;
import java.sql.Timestamp;
import org.pcap4j.core.NotOpenException;
import org.pcap4j.core.PcapDumper;
import org.pcap4j.core.PcapHandle;
import org.pcap4j.core.PcapNativeException;
import org.pcap4j.core.Pcaps;
import org.pcap4j.packet.EthernetPacket;
import org.pcap4j.packet.IpV4Packet;
import org.pcap4j.packet.IpV4Rfc791Tos;
import org.pcap4j.packet.IpV6Packet;
import org.pcap4j.packet.IpV6SimpleFlowLabel;
import org.pcap4j.packet.IpV6SimpleTrafficClass;
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
 * Writes DHCP datagrams to a pcap file (Ethernet link type) framed as on the wire: Ethernet,
 * IPv4 (TTL 64, header checksum) or IPv6 (hop limit 1 to a multicast group, as the kernel sends
 * multicast by default, else 64) and UDP (checksum over the pseudo header), so Wireshark and tshark
 * decode them like a live capture.
 */
public final class CaptureWriter implements AutoCloseable {
    private static final int SNAPLEN = 65_535;
    private static final String NO_MAC = "00:00:00:00:00:00";

    private final Path file;
    private final PcapHandle dead;
    private final PcapDumper dumper;
    private short identification;

    private CaptureWriter(Path file, PcapHandle dead, PcapDumper dumper) {
        this.file = file;
        this.dead = dead;
        this.dumper = dumper;
    }

    /** Creates (or replaces) {@code file}; fails with one clear line when it cannot be written. */
    public static CaptureWriter create(Path file) {
        PcapHandle dead = null;
        try {
            dead = Pcaps.openDead(DataLinkType.EN10MB, SNAPLEN, PcapHandle.TimestampPrecision.MICRO);
            return new CaptureWriter(file, dead, dead.dumpOpen(file.toString()));
        } catch (PcapNativeException | NotOpenException e) {
            if (dead != null) {
                dead.close();
            }
            throw CliFailure.usage(file + ": cannot write a capture there (" + e.getMessage() + ")", e);
        }
    }

    /** Appends {@code datagram} as one Ethernet frame; its frame number is ignored. */
    public void write(UdpDatagram datagram) {
        UdpPacket.Builder udp = new UdpPacket.Builder()
                .srcPort(UdpPort.getInstance((short) datagram.sourcePort()))
                .dstPort(UdpPort.getInstance((short) datagram.destinationPort()))
                .srcAddr(datagram.source())
                .dstAddr(datagram.destination())
                .payloadBuilder(new UnknownPacket.Builder().rawData(datagram.payload()))
                .correctChecksumAtBuild(true)
                .correctLengthAtBuild(true);
        Packet.Builder ip;
        EtherType type;
        if (datagram.source() instanceof Inet6Address source6 && datagram.destination() instanceof Inet6Address to6) {
            ip = new IpV6Packet.Builder()
                    .version(IpVersion.IPV6)
                    .trafficClass(IpV6SimpleTrafficClass.newInstance((byte) 0))
                    .flowLabel(IpV6SimpleFlowLabel.newInstance(0))
                    .nextHeader(IpNumber.UDP)
                    .hopLimit(to6.isMulticastAddress() ? (byte) 1 : (byte) 64)
                    .srcAddr(source6)
                    .dstAddr(to6)
                    .payloadBuilder(udp)
                    .correctLengthAtBuild(true);
            type = EtherType.IPV6;
        } else {
            ip = ipv4(datagram, udp);
            type = EtherType.IPV4;
        }
        EthernetPacket frame = new EthernetPacket.Builder()
                .srcAddr(mac(datagram.sourceMac()))
                .dstAddr(mac(datagram.destinationMac()))
                .type(type)
                .payloadBuilder(ip)
                .paddingAtBuild(true)
                .build();
        try {
            dumper.dump(frame, Timestamp.from(datagram.time()));
        } catch (NotOpenException e) {
            throw new IllegalStateException("capture " + file + " is closed", e);
        }
    }

    private IpV4Packet.Builder ipv4(UdpDatagram datagram, UdpPacket.Builder udp) {
        if (!(datagram.source() instanceof Inet4Address source4)
                || !(datagram.destination() instanceof Inet4Address to4)) {
            throw new IllegalArgumentException("datagram mixes IPv4 and IPv6 addresses: " + datagram);
        }
        return new IpV4Packet.Builder()
                .version(IpVersion.IPV4)
                .tos(IpV4Rfc791Tos.newInstance((byte) 0x10))
                .identification(identification++)
                .ttl((byte) 64)
                .protocol(IpNumber.UDP)
                .srcAddr(source4)
                .dstAddr(to4)
                .payloadBuilder(udp)
                .correctChecksumAtBuild(true)
                .correctLengthAtBuild(true);
    }

    /** Writes what is buffered to the file, so it is complete even if the process is killed later. */
    public void flush() {
        try {
            dumper.flush();
        } catch (PcapNativeException | NotOpenException e) {
            throw CliFailure.failed(file + ": cannot write the capture (" + e.getMessage() + ")", e);
        }
    }

    private static MacAddress mac(String text) {
        return MacAddress.getByName(text.isEmpty() ? NO_MAC : text);
    }

    @Override
    public void close() {
        try {
            dumper.flush();
        } catch (PcapNativeException | NotOpenException e) {
            throw CliFailure.failed(file + ": cannot write the capture (" + e.getMessage() + ")", e);
        } finally {
            dumper.close();
            dead.close();
        }
    }
}
