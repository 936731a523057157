package io.k6t.net.cli.internal.pcap;

import io.k6t.net.cli.internal.CliFailure;
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
 * IPv4 (TTL 64, header checksum) and UDP (checksum over the pseudo header), so Wireshark and
 * tshark decode them like a live capture.
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
        IpV4Packet.Builder ip = new IpV4Packet.Builder()
                .version(IpVersion.IPV4)
                .tos(IpV4Rfc791Tos.newInstance((byte) 0x10))
                .identification(identification++)
                .ttl((byte) 64)
                .protocol(IpNumber.UDP)
                .srcAddr(datagram.source())
                .dstAddr(datagram.destination())
                .payloadBuilder(udp)
                .correctChecksumAtBuild(true)
                .correctLengthAtBuild(true);
        EthernetPacket frame = new EthernetPacket.Builder()
                .srcAddr(mac(datagram.sourceMac()))
                .dstAddr(mac(datagram.destinationMac()))
                .type(EtherType.IPV4)
                .payloadBuilder(ip)
                .paddingAtBuild(true)
                .build();
        try {
            dumper.dump(frame, Timestamp.from(datagram.time()));
        } catch (NotOpenException e) {
            throw new IllegalStateException("capture " + file + " is closed", e);
        }
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
