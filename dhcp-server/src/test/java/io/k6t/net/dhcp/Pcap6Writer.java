package io.k6t.net.dhcp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Inet6Address;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Writes Ethernet pcaps of IPv6 packets with correct UDP and ICMPv6 checksums, for the tshark cross-check. */
public final class Pcap6Writer {
    private static final int LINKTYPE_ETHERNET = 1;

    private Pcap6Writer() {
    }

    /**
     * An IPv6 packet to write: {@code upper} is the UDP (17) or ICMPv6 (58) message with its header and a
     * zero checksum, which {@link #write6} fills in.
     */
    public record Frame6(byte[] sourceMac, Inet6Address source, byte[] destinationMac, Inet6Address destination,
            int nextHeader, int hopLimit, byte[] upper) {
        /** A UDP datagram. */
        public static Frame6 udp(byte[] sourceMac, Inet6Address source, int sourcePort, byte[] destinationMac,
                Inet6Address destination, int destinationPort, byte[] payload) {
            ByteBuffer udp = ByteBuffer.allocate(8 + payload.length);
            udp.putShort((short) sourcePort).putShort((short) destinationPort).putShort((short) (8 + payload.length))
                    .putShort((short) 0).put(payload);
            return new Frame6(sourceMac, source, destinationMac, destination, 17, 64, udp.array());
        }
    }

    /** Writes a little-endian Ethernet pcap of IPv6 packets with correct UDP / ICMPv6 checksums. */
    public static void write6(Path file, List<Frame6> frames) {
        List<byte[]> packets = new ArrayList<>();
        for (Frame6 f : frames) {
            byte[] upper = f.upper().clone();
            long pseudo = sum(f.source().getAddress(), 0, 16) + sum(f.destination().getAddress(), 0, 16)
                    + upper.length + f.nextHeader();
            int sum = checksum(upper, 0, upper.length, pseudo);
            int at = f.nextHeader() == 17 ? 6 : 2;
            upper[at] = (byte) (sum >>> 8);
            upper[at + 1] = (byte) sum;
            ByteBuffer b = ByteBuffer.allocate(14 + 40 + upper.length);
            b.put(f.destinationMac()).put(f.sourceMac()).putShort((short) 0x86dd);
            b.putInt(0x60000000).putShort((short) upper.length).put((byte) f.nextHeader()).put((byte) f.hopLimit())
                    .put(f.source().getAddress()).put(f.destination().getAddress()).put(upper);
            packets.add(b.array());
        }
        writeRecords(file, packets);
    }

    private static void writeRecords(Path file, List<byte[]> packets) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer header = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
        header.putInt(0xa1b2c3d4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(65_535)
                .putInt(LINKTYPE_ETHERNET);
        out.writeBytes(header.array());
        int second = 1_700_000_000;
        for (byte[] packet : packets) {
            ByteBuffer rec = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
            rec.putInt(second++).putInt(0).putInt(packet.length).putInt(packet.length);
            out.writeBytes(rec.array());
            out.writeBytes(packet);
        }
        try {
            Files.write(file, out.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long sum(byte[] data, int off, int len) {
        long s = 0;
        for (int i = 0; i < len; i += 2) {
            s += (data[off + i] & 0xff) << 8 | (i + 1 < len ? data[off + i + 1] & 0xff : 0);
        }
        return s;
    }

    private static int checksum(byte[] data, int off, int len, long initial) {
        long s = initial + sum(data, off, len);
        while (s >> 16 != 0) {
            s = (s & 0xffff) + (s >> 16);
        }
        return (int) (~s & 0xffff);
    }
}
