package io.k6t.net.dhcp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A tiny pcap / pcapng reader and pcap writer for tests: Ethernet (with 802.1Q tags), IPv4, UDP; and
 * IPv6 packets of Ethernet captures.
 * UDP payloads on DHCP ports (67, 68, 4011) are returned; other UDP payloads are searched for an
 * IPv4/UDP packet to a DHCP port inside them (tunnels such as CAPWAP), so tunnelled DHCP is found too.
 */
public final class Pcap {
    /** Link type Ethernet. */
    public static final int LINKTYPE_ETHERNET = 1;

    private Pcap() {
    }

    /** One UDP datagram found in a capture. */
    public record Udp(int frame, Inet4Address source, int sourcePort, Inet4Address destination,
            int destinationPort, byte[] payload) {
        /** {@code file#frame} for messages. */
        public String where(Path file) {
            return file.getFileName() + "#" + frame;
        }
    }

    /** The DHCP datagrams of a pcap or pcapng file, in frame order (frames numbered from 1 as Wireshark does). */
    public static List<Udp> readDhcp(Path file) {
        List<Udp> out = new ArrayList<>();
        frames(file, (linkType, packet, frame) -> link(linkType, packet, frame, out));
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
            return u16(payload, 2);
        }
    }

    /** The IPv6 packets of an Ethernet pcap or pcapng file, in frame order. */
    public static List<Ip6> readIpv6(Path file) {
        List<Ip6> out = new ArrayList<>();
        frames(file, (linkType, p, frame) -> {
            if (linkType != LINKTYPE_ETHERNET || p.length < 54 || u16(p, 12) != 0x86dd) {
                return;
            }
            int next = p[20] & 0xff;
            int off = 54;
            if (next == 0 && off + 8 <= p.length) {
                next = p[off] & 0xff;
                off += 8 * ((p[off + 1] & 0xff) + 1);
            }
            int end = Math.min(p.length, 54 + u16(p, 18));
            out.add(new Ip6(frame, Arrays.copyOfRange(p, 6, 12), address6(p, 22), address6(p, 38), next,
                    Arrays.copyOfRange(p, off, end)));
        });
        return out;
    }

    private interface FrameSink {
        void frame(int linkType, byte[] packet, int frame);
    }

    private static void frames(Path file, FrameSink out) {
        byte[] data;
        try {
            data = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ByteBuffer buf = ByteBuffer.wrap(data);
        int magic = buf.order(ByteOrder.LITTLE_ENDIAN).getInt(0);
        if (magic == 0x0A0D0D0A) {
            readPcapng(buf, out, file);
        } else {
            readPcap(buf, out, file);
        }
    }

    private static void readPcap(ByteBuffer buf, FrameSink out, Path file) {
        int magic = buf.order(ByteOrder.LITTLE_ENDIAN).getInt(0);
        if (magic == 0xa1b2c3d4 || magic == 0xa1b23c4d) {
            buf.order(ByteOrder.LITTLE_ENDIAN);
        } else if (Integer.reverseBytes(magic) == 0xa1b2c3d4 || Integer.reverseBytes(magic) == 0xa1b23c4d) {
            buf.order(ByteOrder.BIG_ENDIAN);
        } else {
            throw new IllegalArgumentException(file + ": not a pcap file (magic " + Integer.toHexString(magic) + ")");
        }
        int linkType = buf.getInt(20);
        int pos = 24;
        int frame = 0;
        while (pos + 16 <= buf.limit()) {
            int caplen = buf.getInt(pos + 8);
            frame++;
            byte[] packet = Arrays.copyOfRange(buf.array(), pos + 16, pos + 16 + caplen);
            out.frame(linkType, packet, frame);
            pos += 16 + caplen;
        }
    }

    private static void readPcapng(ByteBuffer buf, FrameSink out, Path file) {
        int pos = 0;
        int frame = 0;
        List<Integer> linkTypes = new ArrayList<>();
        while (pos + 12 <= buf.limit()) {
            int type = buf.getInt(pos);
            if (type == 0x0A0D0D0A) {
                int bom = buf.order(ByteOrder.LITTLE_ENDIAN).getInt(pos + 8);
                buf.order(bom == 0x1A2B3C4D ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
                linkTypes.clear();
            }
            int length = buf.getInt(pos + 4);
            if (type == 1) {
                linkTypes.add(buf.getShort(pos + 8) & 0xffff);
            } else if (type == 6) {
                frame++;
                int iface = buf.getInt(pos + 8);
                int caplen = buf.getInt(pos + 20);
                byte[] packet = Arrays.copyOfRange(buf.array(), pos + 28, pos + 28 + caplen);
                out.frame(linkTypes.get(iface), packet, frame);
            } else if (type == 3) {
                frame++;
                int len = length - 16;
                out.frame(linkTypes.get(0), Arrays.copyOfRange(buf.array(), pos + 12, pos + 12 + len), frame);
            }
            if (length < 12) {
                throw new IllegalArgumentException(file + ": bad pcapng block length " + length + " at " + pos);
            }
            pos += length;
        }
    }

    private static void link(int linkType, byte[] p, int frame, List<Udp> out) {
        if (linkType == LINKTYPE_ETHERNET) {
            int off = 12;
            int etherType = u16(p, off);
            while (etherType == 0x8100 || etherType == 0x88a8) {
                off += 4;
                etherType = u16(p, off);
            }
            if (etherType == 0x0800) {
                ipv4(p, off + 2, p.length, frame, out, 0);
            }
        } else if (linkType == 101 || linkType == 228) {
            ipv4(p, 0, p.length, frame, out, 0);
        } else if (linkType == 113) {
            if (u16(p, 14) == 0x0800) {
                ipv4(p, 16, p.length, frame, out, 0);
            }
        } else {
            throw new IllegalArgumentException("link type " + linkType + " not supported");
        }
    }

    private static boolean ipv4(byte[] p, int off, int end, int frame, List<Udp> out, int depth) {
        if (off + 20 > end || (p[off] & 0xf0) != 0x40 || p[off + 9] != 17) {
            return false;
        }
        int ihl = (p[off] & 0x0f) * 4;
        int total = u16(p, off + 2);
        int fragment = u16(p, off + 6) & 0x1fff;
        if (ihl < 20 || fragment != 0 || off + total > end || total < ihl + 8) {
            return false;
        }
        int udp = off + ihl;
        int udpLength = u16(p, udp + 4);
        if (udpLength < 8 || udp + udpLength > off + total) {
            return false;
        }
        int sport = u16(p, udp);
        int dport = u16(p, udp + 2);
        byte[] payload = Arrays.copyOfRange(p, udp + 8, udp + udpLength);
        if (isDhcpPort(sport) || isDhcpPort(dport)) {
            out.add(new Udp(frame, address(p, off + 12), sport, address(p, off + 16), dport, payload));
            return true;
        }
        if (depth == 0) {
            for (int i = 0; i + 28 <= payload.length; i++) {
                if (payload[i] == 0x45 && ipv4(payload, i, payload.length, frame, out, 1)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean isDhcpPort(int port) {
        return port == 67 || port == 68 || port == 4011;
    }

    private static int u16(byte[] p, int off) {
        return (p[off] & 0xff) << 8 | p[off + 1] & 0xff;
    }

    private static Inet4Address address(byte[] p, int off) {
        try {
            return (Inet4Address) InetAddress.getByAddress(Arrays.copyOfRange(p, off, off + 4));
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    private static Inet6Address address6(byte[] p, int off) {
        try {
            return Inet6Address.getByAddress(null, Arrays.copyOfRange(p, off, off + 16), -1);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    /** A UDP datagram to write, framed in Ethernet and IPv4 by {@link #write}. */
    public record Frame(byte[] sourceMac, Inet4Address source, int sourcePort, byte[] destinationMac,
            Inet4Address destination, int destinationPort, byte[] payload) {
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

    /** Writes a little-endian pcap (link type Ethernet) with correct IPv4 and UDP checksums. */
    public static void write(Path file, List<Frame> frames) {
        List<byte[]> packets = new ArrayList<>();
        for (Frame f : frames) {
            packets.add(ethernet(f));
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

    private static byte[] ethernet(Frame f) {
        int udpLength = 8 + f.payload().length;
        int ipLength = 20 + udpLength;
        ByteBuffer b = ByteBuffer.allocate(14 + ipLength);
        b.put(f.destinationMac()).put(f.sourceMac()).putShort((short) 0x0800);
        int ip = b.position();
        b.put((byte) 0x45).put((byte) 0x10).putShort((short) ipLength).putShort((short) 0).putShort((short) 0)
                .put((byte) 64).put((byte) 17).putShort((short) 0)
                .put(f.source().getAddress()).put(f.destination().getAddress());
        b.putShort(ip + 10, (short) checksum(b.array(), ip, 20, 0));
        int udp = b.position();
        b.putShort((short) f.sourcePort()).putShort((short) f.destinationPort()).putShort((short) udpLength)
                .putShort((short) 0).put(f.payload());
        long pseudo = sum(f.source().getAddress(), 0, 4) + sum(f.destination().getAddress(), 0, 4) + 17 + udpLength;
        int udpSum = checksum(b.array(), udp, udpLength, pseudo);
        b.putShort(udp + 6, (short) (udpSum == 0 ? 0xffff : udpSum));
        return b.array();
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
