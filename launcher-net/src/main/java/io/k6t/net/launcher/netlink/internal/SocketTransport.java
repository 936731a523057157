package io.k6t.net.launcher.netlink.internal;

import io.k6t.net.launcher.netlink.NetlinkException;
import io.k6t.net.launcher.netlink.NetlinkTimeoutException;
import io.k6t.net.launcher.netlink.LinkNotFoundException;
import com.sun.jna.LastErrorException;
import io.k6t.net.launcher.internal.LibC;
import io.k6t.net.os.Errno;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * An {@code AF_NETLINK} socket ({@code NETLINK_ROUTE} unless told otherwise) bound in the calling
 * thread's namespace, with extended ACKs, capped ACKs and strict dump checking on.
 *
 * <p>A reply is read whole whatever its size: the length of the next datagram is peeked first
 * ({@code MSG_PEEK | MSG_TRUNC}) and the buffer grows to hold it. A request the kernel does not
 * answer within the timeout ({@code SO_RCVTIMEO}) fails with a {@link NetlinkTimeoutException} that
 * names it. {@link #close} closes the socket once; later calls do nothing.
 */
public final class SocketTransport implements Transport {
    /** How long a request may wait for its reply unless told otherwise. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    static final int MSG_PEEK = 0x02;
    static final int MSG_TRUNC = 0x20;
    /** Buffer for the replies of a typical setup; larger ones grow it. */
    static final int INITIAL_BUFFER = 64 * 1024;
    private static final long SIOCGIFINDEX = 0x8933L;
    private static final int IFREQ_SIZE = 40;
    /** {@code struct sockaddr_nl} of the kernel: family AF_NETLINK, pid 0, groups 0. */
    private static final byte[] KERNEL = {LibC.AF_NETLINK, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};

    /** The receive call of the socket: {@code recv(2)} in production, a script in tests. */
    @FunctionalInterface
    interface Receiver {
        long recv(ByteBuffer buffer, long length, int flags) throws LastErrorException;
    }

    private final int fd;
    private final Receiver receiver;
    private final Duration timeout;
    /** Direct, so that a receive copies nothing between the kernel's bytes and the decoder. */
    private ByteBuffer receiveBuffer = ByteBuffer.allocateDirect(INITIAL_BUFFER);
    private boolean closed;

    SocketTransport(int fd, Receiver receiver, Duration timeout) {
        this.fd = fd;
        this.receiver = receiver;
        this.timeout = timeout;
    }

    public static SocketTransport open() throws NetlinkException {
        return open(LibC.NETLINK_ROUTE);
    }

    /** A socket of netlink {@code protocol} ({@code NETLINK_ROUTE}, {@code NETLINK_NETFILTER}). */
    public static SocketTransport open(int protocol) throws NetlinkException {
        return open(protocol, DEFAULT_TIMEOUT);
    }

    /** As {@link #open(int)}, with the longest wait for a reply. */
    public static SocketTransport open(int protocol, Duration timeout) throws NetlinkException {
        int fd;
        try {
            fd = LibC.socket(LibC.AF_NETLINK, LibC.SOCK_RAW | LibC.SOCK_CLOEXEC, protocol);
        } catch (LastErrorException e) {
            throw new NetlinkException("socket(AF_NETLINK, " + protocol + ")", Errno.valueOf(e.getErrorCode()), null,
                    e);
        }
        try {
            int[] on = {1};
            LibC.setsockopt(fd, LibC.SOL_NETLINK, LibC.NETLINK_EXT_ACK, on, 4);
            LibC.setsockopt(fd, LibC.SOL_NETLINK, LibC.NETLINK_CAP_ACK, on, 4);
            LibC.setsockopt(fd, LibC.SOL_NETLINK, LibC.NETLINK_GET_STRICT_CHK, on, 4);
            byte[] timeval = ByteBuffer.allocate(16).order(ByteOrder.nativeOrder()).putLong(timeout.toSeconds())
                    .putLong(timeout.toNanosPart() / 1000).array();
            LibC.setsockopt(fd, LibC.SOL_SOCKET, LibC.SO_RCVTIMEO, timeval, timeval.length);
            LibC.bind(fd, KERNEL, KERNEL.length);
        } catch (LastErrorException e) {
            NetlinkException failure = new NetlinkException("setsockopt/bind on a netlink socket",
                    Errno.valueOf(e.getErrorCode()), null, e);
            LibC.closeQuietlyInto(fd, failure);
            throw failure;
        }
        return new SocketTransport(fd, (buffer, length, flags) -> LibC.recv(fd, buffer, length, flags), timeout);
    }

    @Override
    public void send(String operation, byte[] message) throws NetlinkException {
        try {
            LibC.sendto(fd, message, message.length, 0, KERNEL, KERNEL.length);
        } catch (LastErrorException e) {
            throw new NetlinkException(operation + " (send)", Errno.valueOf(e.getErrorCode()), null, e);
        }
    }

    @Override
    public ByteBuffer receive(String operation) throws NetlinkException {
        long length = recv(operation, receiveBuffer, 0, MSG_PEEK | MSG_TRUNC);
        if (length > receiveBuffer.capacity()) {
            if (length > Integer.MAX_VALUE) {
                throw new NetlinkException(operation, Errno.EMSGSIZE, "reply of " + length + " bytes");
            }
            receiveBuffer = ByteBuffer.allocateDirect((int) length);
        }
        long received = recv(operation, receiveBuffer, receiveBuffer.capacity(), 0);
        if (received > receiveBuffer.capacity()) {
            throw new NetlinkException(operation, Errno.EMSGSIZE, "reply of " + received + " bytes grew beyond the "
                    + receiveBuffer.capacity() + " bytes it announced");
        }
        return receiveBuffer.duplicate().position(0).limit((int) received);
    }

    /** One receive call, repeated when a signal interrupts it; no datagram within the timeout fails. */
    private long recv(String operation, ByteBuffer buffer, long length, int flags) throws NetlinkException {
        while (true) {
            try {
                return receiver.recv(buffer, length, flags);
            } catch (LastErrorException e) {
                Errno errno = Errno.valueOf(e.getErrorCode());
                if (errno.equals(Errno.EAGAIN)) {
                    throw new NetlinkTimeoutException(operation, timeout, e);
                }
                if (!errno.equals(Errno.EINTR)) {
                    throw new NetlinkException(operation + " (receive)", errno, null, e);
                }
            }
        }
    }

    /**
     * {@code SIOCGIFINDEX} on the netlink socket itself: the kernel answers interface ioctls on any
     * socket from the socket's namespace ({@code sock_do_ioctl} falls back to {@code dev_ioctl}).
     */
    @Override
    public int linkIndex(String operation, String name) throws NetlinkException {
        byte[] ifreq = new byte[IFREQ_SIZE];
        byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(bytes, 0, ifreq, 0, bytes.length);
        try {
            LibC.ioctl(fd, SIOCGIFINDEX, ifreq);
        } catch (LastErrorException e) {
            Errno errno = Errno.valueOf(e.getErrorCode());
            if (errno.equals(Errno.ENODEV)) {
                throw new LinkNotFoundException(operation, name, null, e);
            }
            throw new NetlinkException(operation, errno, null, e);
        }
        return ByteBuffer.wrap(ifreq).order(ByteOrder.nativeOrder()).getInt(16);
    }

    /**
     * Closes the socket once. Linux releases the descriptor even when {@code close(2)} reports an
     * error, so a failed close is reported but never repeated (a repeat could close a descriptor
     * another thread has opened since).
     */
    @Override
    public void close() throws NetlinkException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            LibC.close(fd);
        } catch (LastErrorException e) {
            throw new NetlinkException("close(netlink socket)", Errno.valueOf(e.getErrorCode()), null, e);
        }
    }

    @Override
    public String toString() {
        return "fd " + fd;
    }
}
