package io.k6t.net.cli.internal.pcap;

import java.net.Inet4Address;
import java.time.Instant;
import java.util.Arrays;

/**
 * One UDP datagram to or from a DHCP port (67, 68, or PXE's 4011), as captured.
 *
 * @param frame 1-based frame number in its capture, as Wireshark numbers it
 * @param time capture time stamp
 * @param sourceMac Ethernet source, or "" when the link layer has none
 * @param destinationMac Ethernet destination, or "" when the link layer has none
 * @param payload the UDP payload (a copy)
 */
public record UdpDatagram(long frame, Instant time, String sourceMac, String destinationMac,
        Inet4Address source, int sourcePort, Inet4Address destination, int destinationPort, byte[] payload) {
    /** The DHCP server port. */
    public static final int SERVER_PORT = 67;
    /** The DHCP client port. */
    public static final int CLIENT_PORT = 68;
    /** The PXE boot server port (PXE 2.1): BOOTP-format requests after the DHCP exchange. */
    public static final int PXE_PORT = 4011;

    public UdpDatagram {
        payload = payload.clone();
    }

    @Override
    public byte[] payload() {
        return payload.clone();
    }

    /** Whether either port is a DHCP port (67, 68, or 4011 for PXE). */
    public boolean isDhcp() {
        return isDhcpPort(sourcePort) || isDhcpPort(destinationPort);
    }

    private static boolean isDhcpPort(int port) {
        return port == SERVER_PORT || port == CLIENT_PORT || port == PXE_PORT;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof UdpDatagram that && frame == that.frame && time.equals(that.time)
                && sourceMac.equals(that.sourceMac) && destinationMac.equals(that.destinationMac)
                && source.equals(that.source) && sourcePort == that.sourcePort
                && destination.equals(that.destination) && destinationPort == that.destinationPort
                && Arrays.equals(payload, that.payload);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(frame) * 31 + Arrays.hashCode(payload);
    }

    @Override
    public String toString() {
        return "frame " + frame + " " + source.getHostAddress() + ":" + sourcePort + " > "
                + destination.getHostAddress() + ":" + destinationPort + " (" + payload.length + " bytes)";
    }
}
