package io.k6t.net.cli.internal.pcap;

import com.google.common.net.InetAddresses;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.Arrays;

/**
 * One UDP datagram to or from a DHCP port, as captured: DHCPv4 (67, 68, or PXE's 4011, over IPv4) or
 * DHCPv6 (546, 547; over IPv6, or over IPv4 where a capture holds such a thing, as tshark decodes it).
 *
 * @param frame 1-based frame number in its capture, as Wireshark numbers it
 * @param time capture time stamp
 * @param sourceMac Ethernet source, or "" when the link layer has none
 * @param destinationMac Ethernet destination, or "" when the link layer has none
 * @param payload the UDP payload (a copy)
 */
public record UdpDatagram(long frame, Instant time, String sourceMac, String destinationMac,
        InetAddress source, int sourcePort, InetAddress destination, int destinationPort, byte[] payload) {
    /** The DHCP server port. */
    public static final int SERVER_PORT = 67;
    /** The DHCP client port. */
    public static final int CLIENT_PORT = 68;
    /** The PXE boot server port (PXE 2.1): BOOTP-format requests after the DHCP exchange. */
    public static final int PXE_PORT = 4011;
    /** The DHCPv6 client port. */
    public static final int CLIENT6_PORT = 546;
    /** The DHCPv6 server and relay agent port. */
    public static final int SERVER6_PORT = 547;

    public UdpDatagram {
        payload = payload.clone();
    }

    @Override
    public byte[] payload() {
        return payload.clone();
    }

    /** Whether either port is a DHCP port of either family. */
    public boolean isDhcp() {
        return isDhcp6() || isDhcp4Port(sourcePort) || isDhcp4Port(destinationPort);
    }

    /** Whether it is DHCPv6: either port is 546 or 547 (decoded as DHCPv6 whatever the other port). */
    public boolean isDhcp6() {
        return isDhcp6Port(sourcePort) || isDhcp6Port(destinationPort);
    }

    private static boolean isDhcp4Port(int port) {
        return port == SERVER_PORT || port == CLIENT_PORT || port == PXE_PORT;
    }

    private static boolean isDhcp6Port(int port) {
        return port == CLIENT6_PORT || port == SERVER6_PORT;
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
        return "frame " + frame + " " + endpoint(source, sourcePort) + " > " + endpoint(destination, destinationPort)
                + " (" + payload.length + " bytes)";
    }

    /**
     * {@code address:port} as the CLI prints endpoints: IPv6 in its short form in brackets
     * ({@code [fe80::1]:546}) without the scope a socket adds (the interface index: the line names the
     * interface already), IPv4 as is; never a host name lookup.
     */
    public static String endpoint(InetAddress address, int port) {
        return address(address) + ":" + port;
    }

    /** The address part of {@link #endpoint}: {@code [fe80::1]} (no scope) or {@code 10.244.1.5}. */
    public static String address(InetAddress address) {
        if (address instanceof Inet6Address) {
            return "[" + InetAddresses.toAddrString(unscoped(address)) + "]";
        }
        return address.getHostAddress();
    }

    private static InetAddress unscoped(InetAddress address) {
        try {
            return InetAddress.getByAddress(address.getAddress());
        } catch (UnknownHostException e) {
            throw new IllegalStateException("16 bytes are an IPv6 address", e);
        }
    }
}
