package io.k6t.net.launcher.learn.internal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Optional;

/**
 * Finds the DHCPv4 payload in an Ethernet frame: IPv4 (optionally behind one 802.1Q tag), not a
 * fragment, UDP from or to port 67 or 68. Anything else is not DHCP for the learner.
 */
public final class DhcpFrames {
    private static final int ETHERTYPE_IPV4 = 0x0800;
    private static final int PROTOCOL_UDP = 17;
    private static final int UDP_HEADER = 8;
    private static final int SERVER_PORT = 67;
    private static final int CLIENT_PORT = 68;

    private DhcpFrames() {
    }

    /** The UDP payload of {@code frame} (position to limit) if it is DHCPv4; reads without moving it. */
    public static Optional<byte[]> payload(ByteBuffer frame) {
        ByteBuffer f = frame.slice().order(ByteOrder.BIG_ENDIAN);
        int ip = Ethernet.payloadOffset(f, ETHERTYPE_IPV4);
        if (ip < 0 || f.remaining() < ip + 20) {
            return Optional.empty();
        }
        int versionAndLength = f.get(ip) & 0xff;
        int headerLength = (versionAndLength & 0x0f) * 4;
        boolean fragment = (f.getShort(ip + 6) & 0x3fff) != 0;
        int totalLength = f.getShort(ip + 2) & 0xffff;
        if (versionAndLength >> 4 != 4 || headerLength < 20 || fragment || (f.get(ip + 9) & 0xff) != PROTOCOL_UDP) {
            return Optional.empty();
        }
        int udp = ip + headerLength;
        int end = Math.min(f.remaining(), ip + totalLength);
        if (end < udp + UDP_HEADER) {
            return Optional.empty();
        }
        int source = f.getShort(udp) & 0xffff;
        int destination = f.getShort(udp + 2) & 0xffff;
        int udpLength = f.getShort(udp + 4) & 0xffff;
        if (!isDhcpPort(source) && !isDhcpPort(destination) || udpLength < UDP_HEADER) {
            return Optional.empty();
        }
        end = Math.min(end, udp + udpLength);
        byte[] payload = new byte[end - udp - UDP_HEADER];
        f.get(udp + UDP_HEADER, payload);
        return Optional.of(payload);
    }

    private static boolean isDhcpPort(int port) {
        return port == SERVER_PORT || port == CLIENT_PORT;
    }
}
