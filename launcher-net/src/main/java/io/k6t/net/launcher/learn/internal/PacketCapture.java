package io.k6t.net.launcher.learn.internal;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import io.k6t.net.dhcp.DhcpCodec;
import io.k6t.net.dhcp.DhcpDecodeException;
import io.k6t.net.dhcp.DhcpMessage;
import io.k6t.net.launcher.internal.LibC;
import io.k6t.net.launcher.learn.AddressLearner.Direction;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The DHCPv4 messages crossing one bridge port, both ways: an {@code AF_PACKET} socket bound to the
 * pod link the binding moved onto the bridge (the port toward the L2), with a classic BPF filter so
 * that only IPv4 UDP to or from port 67/68 leaves the kernel, read on one daemon thread. Frames the
 * port sends ({@code PACKET_OUTGOING}) come from the guest side; the others go toward it.
 *
 * <p>Why that port: the L2's DHCP server is behind it, so every exchange crosses it; a socket there
 * needs no promiscuous bridge (a bridge device sees forwarded unicast only when promiscuous, which
 * would copy every frame of the VM up the pod's stack); and it does not depend on what the guest's
 * port is (k6t-net's tap, a tap libvirt made, a test's veth).
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
     * {@code ip and udp and not ip[6:2] & 0x1fff != 0 and (udp port 67 or udp port 68)} on Ethernet,
     * as {code, jt, jf, k}: ethertype, protocol, fragment offset, then source and destination port.
     */
    private static final int[][] FILTER = {
        {0x28, 0, 0, 12},           // ldh [12]            ethertype
        {0x15, 0, 11, 0x0800},      // jeq #IPv4 else drop
        {0x30, 0, 0, 23},           // ldb [23]            protocol
        {0x15, 0, 9, 17},           // jeq #UDP else drop
        {0x28, 0, 0, 20},           // ldh [20]            flags, fragment offset
        {0x45, 7, 0, 0x1fff},       // jset #0x1fff: a fragment: drop
        {0xb1, 0, 0, 14},           // ldxb 4*([14]&0xf)   IP header length
        {0x48, 0, 0, 14},           // ldh [x+14]          source port
        {0x15, 5, 0, 67},           // jeq #67: accept
        {0x15, 4, 0, 68},           // jeq #68: accept
        {0x48, 0, 0, 16},           // ldh [x+16]          destination port
        {0x15, 2, 0, 67},           // jeq #67: accept
        {0x15, 1, 0, 68},           // jeq #68: accept
        {0x06, 0, 0, 0},            // drop
        {0x06, 0, 0, SNAP},         // accept
    };

    private final String port;
    private final int fd;
    private final Thread reader;
    private volatile boolean closed;

    private PacketCapture(String port, int fd, BiConsumer<DhcpMessage, Direction> sink) {
        this.port = port;
        this.fd = fd;
        this.reader = new Thread(() -> read(sink), "k6t-learn-" + port);
        this.reader.setDaemon(true);
    }

    /**
     * Opens the capture on {@code port} (ifindex {@code index}) in the calling thread's network namespace
     * and starts reading: every DHCPv4 message goes to {@code sink} on the reader thread, with
     * {@link Direction#FROM_GUEST} when the port sent it.
     */
    public static PacketCapture open(String port, int index, BiConsumer<DhcpMessage, Direction> sink)
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
        PacketCapture capture = new PacketCapture(port, fd, sink);
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

    private void read(BiConsumer<DhcpMessage, Direction> sink) {
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
                if (!closed) {
                    LOG.warn("capture on {} ends: recvfrom errno {}", port, e.getErrorCode());
                }
                return;
            }
            buffer.limit((int) Math.min(n, buffer.capacity()));
            Direction direction = (from[10] & 0xff) == PACKET_OUTGOING ? Direction.FROM_GUEST : Direction.TO_GUEST;
            DhcpFrames.payload(buffer).ifPresent(payload -> deliver(payload, direction, sink));
        }
    }

    private void deliver(byte[] payload, Direction direction, BiConsumer<DhcpMessage, Direction> sink) {
        DhcpMessage message;
        try {
            message = DhcpCodec.decode(payload);
        } catch (DhcpDecodeException e) {
            LOG.debug("{}: {} bytes of DHCP that do not decode: {}", port, payload.length, e.getMessage());
            return;
        }
        try {
            sink.accept(message, direction);
        } catch (RuntimeException e) {
            LOG.error("{}: learning from {} failed", port, message, e);
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
