package io.k6t.net.launcher.netlink;

import com.sun.jna.LastErrorException;
import io.k6t.net.launcher.internal.LibC;
import io.k6t.net.os.Errno;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * An {@code AF_NETLINK} socket ({@code NETLINK_ROUTE} unless told otherwise) bound in the calling
 * thread's namespace, with extended ACKs, capped ACKs and strict dump checking on.
 */
final class SocketTransport implements Transport {
    private static final int MSG_TRUNC = 0x20;
    private static final long SIOCGIFINDEX = 0x8933L;
    private static final int IFREQ_SIZE = 40;
    private static final int RECEIVE_BUFFER = 64 * 1024;
    /** {@code struct sockaddr_nl} of the kernel: family AF_NETLINK, pid 0, groups 0. */
    private static final byte[] KERNEL = {LibC.AF_NETLINK, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};

    private final int fd;
    /** Direct, so that a receive copies nothing between the kernel's bytes and the decoder. */
    private final ByteBuffer receiveBuffer = ByteBuffer.allocateDirect(RECEIVE_BUFFER);

    private SocketTransport(int fd) {
        this.fd = fd;
    }

    static SocketTransport open() throws NetlinkException {
        return open(LibC.NETLINK_ROUTE);
    }

    /** A socket of netlink {@code protocol} ({@code NETLINK_ROUTE}, {@code NETLINK_NETFILTER}). */
    static SocketTransport open(int protocol) throws NetlinkException {
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
            LibC.bind(fd, KERNEL, KERNEL.length);
        } catch (LastErrorException e) {
            NetlinkException failure = new NetlinkException("setsockopt/bind on a netlink socket",
                    Errno.valueOf(e.getErrorCode()), null, e);
            LibC.closeQuietlyInto(fd, failure);
            throw failure;
        }
        return new SocketTransport(fd);
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
        long length;
        while (true) {
            try {
                length = LibC.recv(fd, receiveBuffer, RECEIVE_BUFFER, MSG_TRUNC);
                break;
            } catch (LastErrorException e) {
                if (e.getErrorCode() != Errno.EINTR.number()) {
                    throw new NetlinkException(operation + " (receive)", Errno.valueOf(e.getErrorCode()), null, e);
                }
            }
        }
        if (length > RECEIVE_BUFFER) {
            throw new NetlinkException(operation, Errno.EMSGSIZE, "reply of " + length + " bytes exceeds the "
                    + RECEIVE_BUFFER + "-byte buffer");
        }
        return receiveBuffer.duplicate().position(0).limit((int) length);
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

    @Override
    public void close() throws NetlinkException {
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
