package io.k6t.net.launcher.internal;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import java.nio.ByteBuffer;

/**
 * The few libc calls launcher-net needs, bound with JNA direct mapping (no reflection per call).
 * Each throws {@link LastErrorException} carrying errno when the call returns -1. 64-bit Linux only:
 * {@code size_t}, {@code ssize_t} and {@code unsigned long} are Java {@code long}.
 */
public final class LibC {
    public static final int AF_NETLINK = 16;
    public static final int SOCK_RAW = 3;
    public static final int SOCK_CLOEXEC = 0x80000;
    public static final int NETLINK_ROUTE = 0;
    public static final int NETLINK_NETFILTER = 12;
    public static final int SOL_NETLINK = 270;
    public static final int NETLINK_CAP_ACK = 10;
    public static final int NETLINK_EXT_ACK = 11;
    public static final int NETLINK_GET_STRICT_CHK = 12;
    public static final int SOL_SOCKET = 1;
    public static final int SO_RCVBUF = 8;
    public static final int O_RDONLY = 0;
    public static final int O_RDWR = 2;
    public static final int O_CLOEXEC = 0x80000;
    public static final int CLONE_NEWNET = 0x40000000;
    public static final int EINTR = 4;
    public static final int EAGAIN = 11;
    public static final int AF_PACKET = 17;
    public static final int SO_ATTACH_FILTER = 26;
    public static final int AF_INET6 = 10;
    public static final int IPPROTO_IPV6 = 41;
    public static final int IPPROTO_ICMPV6 = 58;
    public static final int SO_RCVTIMEO = 20;
    public static final int SO_BINDTODEVICE = 25;
    public static final int IPV6_UNICAST_HOPS = 16;
    public static final int IPV6_MULTICAST_IF = 17;
    public static final int IPV6_MULTICAST_HOPS = 18;
    public static final int IPV6_ADD_MEMBERSHIP = 20;
    public static final int ICMP6_FILTER = 1;

    static {
        // The C library's real file name (libc.so.6 with glibc): "c" would make JNA try "libc.so",
        // which only development packages install, and then run ldconfig to search for it.
        Native.register(LibC.class, NativeLibrary.getInstance(Platform.C_LIBRARY_NAME));
    }

    private LibC() {
    }

    public static native int socket(int domain, int type, int protocol) throws LastErrorException;

    public static native int bind(int fd, byte[] address, int addressLength) throws LastErrorException;

    public static native long sendto(int fd, byte[] buffer, long length, int flags, byte[] address,
            int addressLength) throws LastErrorException;

    /** {@code buffer} must be direct: JNA passes its address, nothing is copied. */
    public static native long recv(int fd, ByteBuffer buffer, long length, int flags) throws LastErrorException;

    public static native int setsockopt(int fd, int level, int name, int[] value, int length)
            throws LastErrorException;

    /** {@code buffer} must be direct; {@code address}/{@code addressLength} receive the sender's sockaddr. */
    public static native long recvfrom(int fd, ByteBuffer buffer, long length, int flags, byte[] address,
            int[] addressLength) throws LastErrorException;

    /** For options whose value holds a pointer ({@code SO_ATTACH_FILTER}'s {@code struct sock_fprog}). */
    public static native int setsockopt(int fd, int level, int name, Pointer value, int length)
            throws LastErrorException;

    public static native int setsockopt(int fd, int level, int name, byte[] value, int length)
            throws LastErrorException;

    /** {@code address} receives the sender's sockaddr; {@code addressLength[0]} is its size in and out. */
    public static native long recvfrom(int fd, byte[] buffer, long length, int flags, byte[] address,
            int[] addressLength) throws LastErrorException;

    public static native int close(int fd) throws LastErrorException;

    public static native int open(String path, int flags) throws LastErrorException;

    public static native int ioctl(int fd, long request, byte[] argument) throws LastErrorException;

    public static native int ioctl(int fd, long request, long argument) throws LastErrorException;

    public static native int setns(int fd, int namespaceType) throws LastErrorException;

    /** Closes {@code fd}, adding a failure to {@code primary} if there is one, else throwing it. */
    public static void closeQuietlyInto(int fd, Throwable primary) {
        try {
            close(fd);
        } catch (LastErrorException e) {
            if (primary == null) {
                throw e;
            }
            primary.addSuppressed(e);
        }
    }
}
