package io.k6t.net.launcher.learn.internal;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import io.k6t.net.dhcp.DhcpCodec;
import io.k6t.net.dhcp.DhcpDecodeException;
import io.k6t.net.dhcp.v6.Dhcp6Codec;
import io.k6t.net.dhcp.v6.Dhcp6DecodeException;
import io.k6t.net.dhcp.v6.Dhcp6Message;
import io.k6t.net.launcher.internal.LibC;
import io.k6t.net.launcher.learn.AddressLearner;
import io.k6t.net.launcher.learn.AddressLearner.Direction;
import io.k6t.net.os.Errno;
import java.io.IOException;
import java.net.Inet6Address;
import java.nio.ByteBuffer;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What crosses one bridge port, both ways, for the learner: an {@code AF_PACKET} socket bound to the
 * pod link the binding moved onto the bridge (the port toward the L2), with a classic BPF filter so
 * that only DHCPv4 (IPv4 UDP to or from port 67/68), DHCPv6 (UDP to or from 546/547) and neighbour
 * solicitations and advertisements (ICMPv6 135/136) leave the kernel, read on one daemon thread.
 * DHCPv4 frames the port sends ({@code PACKET_OUTGOING}) come from the guest side, the others go
 * toward it; IPv6 frames carry their Ethernet addresses to the learner, which matches them against
 * the guest's MAC.
 *
 * <p>Why that port: the L2's DHCP server is behind it, so every exchange crosses it; a socket there
 * needs no promiscuous bridge (a bridge device sees forwarded unicast only when promiscuous, which
 * would copy every frame of the VM up the pod's stack); and it does not depend on what the guest's
 * port is (k6t-net's tap, a tap libvirt made, a test's veth). Only neighbour discovery of IPv6
 * traffic, not every guest packet: the guest's own traffic would cost a copy per frame, while
 * neighbour discovery runs for every address in use on the link anyway (see
 * {@link AddressLearner#NDP_LIFETIME}).
 *
 * <p>JNA, not libpcap: launcher-net already binds libc with JNA (netlink), so the library needs no
 * libpcap on the launcher's image for a dozen lines of socket calls; the CLI keeps pcap4j for files.
 */
public final class PacketCapture implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PacketCapture.class);
    private static final int ETH_P_ALL = 0x0003;
    private static final int PACKET_OUTGOING = 4;
    private static final int SOCKADDR_LL = 20;
    private static final int SNAP = 65_535;
    /** How often the reader looks at {@link #close()}: the longest a close waits. */
    private static final int POLL_MICROS = 200_000;

    /**
     * On Ethernet, as {code, jt, jf, k} (jumps relative to the next instruction):
     * {@code (ip and udp and not ip[6:2] & 0x1fff != 0 and (udp port 67 or udp port 68))
     * or (ip6 and ip6[6] == 17 and (udp port 546 or udp port 547))
     * or (ip6 and ip6[6] == 58 and (ip6[40] == 135 or ip6[40] == 136))}: IPv6 extension headers are
     * not followed (neither DHCPv6 nor neighbour discovery uses them).
     */
    private static final int[][] FILTER = {
        {0x28, 0, 0, 12},           // 0: ldh [12]            ethertype
        {0x15, 0, 11, 0x0800},      // 1: jeq #IPv4 else 13
        {0x30, 0, 0, 23},           // 2: ldb [23]            protocol
        {0x15, 0, 22, 17},          // 3: jeq #UDP else drop
        {0x28, 0, 0, 20},           // 4: ldh [20]            flags, fragment offset
        {0x45, 20, 0, 0x1fff},      // 5: jset #0x1fff: a fragment: drop
        {0xb1, 0, 0, 14},           // 6: ldxb 4*([14]&0xf)   IP header length
        {0x48, 0, 0, 14},           // 7: ldh [x+14]          source port
        {0x15, 18, 0, 67},          // 8: jeq #67: accept
        {0x15, 17, 0, 68},          // 9: jeq #68: accept
        {0x48, 0, 0, 16},           // 10: ldh [x+16]         destination port
        {0x15, 15, 0, 67},          // 11: jeq #67: accept
        {0x15, 14, 13, 68},         // 12: jeq #68: accept, else drop
        {0x15, 0, 12, 0x86dd},      // 13: jeq #IPv6 (A: still the ethertype) else drop
        {0x30, 0, 0, 20},           // 14: ldb [20]           next header
        {0x15, 1, 0, 17},           // 15: jeq #UDP: 17
        {0x15, 6, 9, 58},           // 16: jeq #ICMPv6: 23, else drop
        {0x28, 0, 0, 54},           // 17: ldh [54]           UDP source port
        {0x15, 8, 0, 546},          // 18: jeq #546: accept
        {0x15, 7, 0, 547},          // 19: jeq #547: accept
        {0x28, 0, 0, 56},           // 20: ldh [56]           UDP destination port
        {0x15, 5, 0, 546},          // 21: jeq #546: accept
        {0x15, 4, 3, 547},          // 22: jeq #547: accept, else drop
        {0x30, 0, 0, 54},           // 23: ldb [54]           ICMPv6 type
        {0x15, 2, 0, 135},          // 24: jeq #135 (NS): accept
        {0x15, 1, 0, 136},          // 25: jeq #136 (NA): accept, else drop
        {0x06, 0, 0, 0},            // 26: drop
        {0x06, 0, 0, SNAP},         // 27: accept
    };

    private final String port;
    private final int fd;
    private final Thread reader;
    private volatile boolean closed;

    private PacketCapture(String port, int fd, AddressLearner learner, Runnable changed) {
        this.port = port;
        this.fd = fd;
        this.reader = new Thread(() -> read(learner, changed), "k6t-learn-" + port);
        this.reader.setDaemon(true);
    }

    /**
     * Opens the capture on {@code port} (ifindex {@code index}) in the calling thread's network namespace
     * and starts reading: every DHCPv4, DHCPv6 and neighbour discovery message goes to {@code learner} on
     * the reader thread, which runs {@code changed} whenever the learner's addresses changed.
     */
    public static PacketCapture open(String port, int index, AddressLearner learner, Runnable changed)
            throws IOException {
        int fd;
        try {
            // Protocol 0: the socket receives nothing until bound, so no frame slips in before the filter.
            fd = LibC.socket(LibC.AF_PACKET, LibC.SOCK_RAW | LibC.SOCK_CLOEXEC, 0);
        } catch (LastErrorException e) {
            throw new IOException("socket(AF_PACKET) for " + port + ": errno " + e.getErrorCode(), e);
        }
        try {
            attachFilter(fd);
            int[] timeout = {0, 0, POLL_MICROS, 0};
            LibC.setsockopt(fd, LibC.SOL_SOCKET, LibC.SO_RCVTIMEO, timeout, 16);
            byte[] address = new byte[SOCKADDR_LL];
            ByteBuffer.wrap(address).order(java.nio.ByteOrder.nativeOrder()).putShort((short) LibC.AF_PACKET)
                    .order(java.nio.ByteOrder.BIG_ENDIAN).putShort((short) ETH_P_ALL)
                    .order(java.nio.ByteOrder.nativeOrder()).putInt(index);
            LibC.bind(fd, address, address.length);
        } catch (LastErrorException e) {
            IOException failure = new IOException("cannot capture on " + port + " (ifindex " + index + "): errno "
                    + e.getErrorCode(), e);
            LibC.closeQuietlyInto(fd, failure);
            throw failure;
        }
        PacketCapture capture = new PacketCapture(port, fd, learner, changed);
        capture.reader.start();
        return capture;
    }

    private static void attachFilter(int fd) {
        Memory program = new Memory(FILTER.length * 8L);
        for (int i = 0; i < FILTER.length; i++) {
            program.setShort(i * 8L, (short) FILTER[i][0]);
            program.setByte(i * 8L + 2, (byte) FILTER[i][1]);
            program.setByte(i * 8L + 3, (byte) FILTER[i][2]);
            program.setInt(i * 8L + 4, FILTER[i][3]);
        }
        // struct sock_fprog { unsigned short len; struct sock_filter *filter; }: the pointer at offset 8.
        Memory fprog = new Memory(16);
        fprog.clear();
        fprog.setShort(0, (short) FILTER.length);
        fprog.setPointer(8, program);
        LibC.setsockopt(fd, LibC.SOL_SOCKET, LibC.SO_ATTACH_FILTER, fprog, 16);
    }

    private void read(AddressLearner learner, Runnable changed) {
        ByteBuffer buffer = ByteBuffer.allocateDirect(SNAP);
        byte[] from = new byte[SOCKADDR_LL];
        int[] fromLength = new int[1];
        while (!closed) {
            long n;
            try {
                buffer.clear();
                fromLength[0] = from.length;
                n = LibC.recvfrom(fd, buffer, buffer.capacity(), 0, from, fromLength);
            } catch (LastErrorException e) {
                if (e.getErrorCode() == LibC.EAGAIN || e.getErrorCode() == LibC.EINTR) {
                    continue;
                }
                if (e.getErrorCode() == Errno.ENETDOWN.number()) {
                    // The port was down (at bind, or went down): the socket reports it once and receives
                    // again when the port comes back up, so the capture outlives a flapping link.
                    LOG.debug("capture on {}: the port is down", port);
                    continue;
                }
                if (!closed) {
                    LOG.warn("capture on {} ends: recvfrom errno {}", port, e.getErrorCode());
                }
                return;
            }
            buffer.limit((int) Math.min(n, buffer.capacity()));
            Direction direction = (from[10] & 0xff) == PACKET_OUTGOING ? Direction.FROM_GUEST : Direction.TO_GUEST;
            boolean learned;
            try {
                learned = learn(buffer, direction, learner);
            } catch (RuntimeException e) {
                LOG.error("{}: learning from a {}-byte frame failed", port, n, e);
                continue;
            }
            if (learned) {
                changed.run();
            }
        }
    }

    /** Hands the frame's message to {@code learner}; true when its addresses changed. */
    private boolean learn(ByteBuffer frame, Direction direction, AddressLearner learner) {
        Optional<byte[]> dhcp4 = DhcpFrames.payload(frame);
        if (dhcp4.isPresent()) {
            try {
                return learner.observe(DhcpCodec.decode(dhcp4.get()), direction);
            } catch (DhcpDecodeException e) {
                LOG.debug("{}: {} bytes of DHCP that do not decode: {}", port, dhcp4.get().length, e.getMessage());
                return false;
            }
        }
        Optional<Ipv6Frames.Seen> seen = Ipv6Frames.parse(frame);
        if (seen.isEmpty()) {
            return false;
        }
        if (seen.get() instanceof Ipv6Frames.Neighbour ndp) {
            boolean changed = false;
            for (Inet6Address address : ndp.addresses()) {
                changed |= learner.neighbour(ndp.from(), address);
            }
            return changed;
        }
        Ipv6Frames.Dhcp6 dhcp6 = (Ipv6Frames.Dhcp6) seen.get();
        try {
            // A relay's message carries the client's inside: not toward or from the guest's MAC itself.
            return Dhcp6Codec.decode(dhcp6.payload()) instanceof Dhcp6Message message
                    && learner.observe(message, dhcp6.from(), dhcp6.to());
        } catch (Dhcp6DecodeException e) {
            LOG.debug("{}: {} bytes of DHCPv6 that do not decode: {}", port, dhcp6.payload().length, e.getMessage());
            return false;
        }
    }

    /** Stops the reader (within {@value #POLL_MICROS} µs) and closes the socket. */
    @Override
    public void close() {
        closed = true;
        boolean interrupted = false;
        while (reader.isAlive()) {
            try {
                reader.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        LibC.close(fd);
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
