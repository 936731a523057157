package io.k6t.net.launcher.tap;

import com.sun.jna.LastErrorException;
import io.k6t.net.launcher.internal.LibC;
import io.k6t.net.os.Errno;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Creates persistent tap devices through {@code /dev/net/tun}, in the calling thread's network
 * namespace (call inside {@code NetNamespace.run} for another). Delete one like any link:
 * {@code NetlinkHandle.deleteLink(name)}.
 */
public final class TapDevices {
    static final long TUNSETIFF = 0x400454caL;
    static final long TUNSETPERSIST = 0x400454cbL;
    static final long TUNSETOWNER = 0x400454ccL;
    static final long TUNSETGROUP = 0x400454ceL;

    static final int IFF_TAP = 0x0002;
    static final int IFF_MULTI_QUEUE = 0x0100;
    static final int IFF_NO_PI = 0x1000;
    static final int IFF_VNET_HDR = 0x4000;
    static final int IFF_TUN_EXCL = 0x8000;

    private static final String TUN = "/dev/net/tun";
    private static final int IFREQ_SIZE = 40;

    private TapDevices() {
    }

    /**
     * Creates the tap: {@code TUNSETIFF} on one {@code /dev/net/tun} descriptor per queue (so the
     * kernel proves it takes that many), then {@code TUNSETOWNER}, {@code TUNSETGROUP} and last
     * {@code TUNSETPERSIST}, then closes the descriptors: the device stays, without queues, until a
     * VMM attaches. On failure the descriptors are closed before persisting, so the kernel removes
     * the half-made device. Fails with {@code EBUSY} if a link of that name exists.
     * Equivalent to: {@code ip tuntap add dev NAME mode tap [multi_queue] [vnet_hdr] [user U] [group G]}.
     */
    public static void create(TapConfig config) throws TapException {
        List<Integer> fds = new ArrayList<>();
        TapException failure = null;
        try {
            for (int queue = 0; queue < config.queues(); queue++) {
                int fd = open(config);
                fds.add(fd);
                int flags = flags(config) | (queue == 0 ? IFF_TUN_EXCL : 0);
                ioctl(config, fd, "TUNSETIFF", TUNSETIFF, ifreq(config.name(), flags));
            }
            int first = fds.get(0);
            if (config.owner().isPresent()) {
                ioctl(config, first, "TUNSETOWNER", TUNSETOWNER, config.owner().getAsInt());
            }
            if (config.group().isPresent()) {
                ioctl(config, first, "TUNSETGROUP", TUNSETGROUP, config.group().getAsInt());
            }
            ioctl(config, first, "TUNSETPERSIST", TUNSETPERSIST, 1);
        } catch (TapException e) {
            failure = e;
            throw e;
        } finally {
            for (int fd : fds) {
                LibC.closeQuietlyInto(fd, failure);
            }
        }
    }

    /** The {@code ifr_flags} for {@code config}, as {@code /sys/class/net/NAME/tun_flags} shows them. */
    public static int flags(TapConfig config) {
        return IFF_TAP | IFF_NO_PI | (config.multiQueue() ? IFF_MULTI_QUEUE : 0)
                | (config.vnetHeader() ? IFF_VNET_HDR : 0);
    }

    private static int open(TapConfig config) throws TapException {
        try {
            return LibC.open(TUN, LibC.O_RDWR | LibC.O_CLOEXEC);
        } catch (LastErrorException e) {
            throw new TapException(config.name(), "open(" + TUN + ")", Errno.valueOf(e.getErrorCode()), null);
        }
    }

    private static void ioctl(TapConfig config, int fd, String call, long request, byte[] ifreq) throws TapException {
        try {
            LibC.ioctl(fd, request, ifreq);
        } catch (LastErrorException e) {
            Errno errno = Errno.valueOf(e.getErrorCode());
            String detail = null;
            if (errno.equals(Errno.EBUSY)) {
                detail = "a link with that name exists";
            } else if (errno.equals(Errno.EINVAL)) {
                detail = "the kernel refused " + config + " (an existing link of another kind or flags?)";
            }
            throw new TapException(config.name(), call, errno, detail);
        }
    }

    private static void ioctl(TapConfig config, int fd, String call, long request, long value) throws TapException {
        try {
            LibC.ioctl(fd, request, value);
        } catch (LastErrorException e) {
            throw new TapException(config.name(), call + "(" + value + ")", Errno.valueOf(e.getErrorCode()), null);
        }
    }

    /** {@code struct ifreq}: {@code ifr_name[16]} then {@code short ifr_flags}, 40 bytes in all. */
    static byte[] ifreq(String name, int flags) {
        ByteBuffer ifreq = ByteBuffer.allocate(IFREQ_SIZE).order(ByteOrder.nativeOrder());
        ifreq.put(name.getBytes(StandardCharsets.UTF_8));
        ifreq.putShort(16, (short) flags);
        return ifreq.array();
    }
}
