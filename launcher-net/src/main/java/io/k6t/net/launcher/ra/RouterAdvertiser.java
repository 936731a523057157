package io.k6t.net.launcher.ra;

import com.sun.jna.LastErrorException;
import io.k6t.net.launcher.internal.LibC;
import io.k6t.net.os.Errno;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends router advertisements on one bridge: at start, every {@code interval}, and in answer to each
 * router solicitation (unicast to the solicitor, RFC 4861 section 6.2.6; to all-nodes when it has no
 * address yet). A raw ICMPv6 socket created in the pod's namespace, bound to the bridge
 * ({@code SO_BINDTODEVICE}), hop limit 255 as receivers require (RFC 4861 section 6.1.2), member of
 * all-routers (ff02::2) on the bridge only, and filtered by the kernel to router solicitations. The
 * kernel picks the bridge's link-local address as source, so the guest's default router is the bridge.
 * One daemon thread per bridge, waking at least once a second to notice {@link #close()}.
 */
public final class RouterAdvertiser implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RouterAdvertiser.class);
    private static final byte[] ALL_NODES = {(byte) 0xff, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
    private static final byte[] ALL_ROUTERS = {(byte) 0xff, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2};
    private static final int SOCKADDR_IN6 = 28;
    /** From Linux {@code sockios.h}. */
    private static final long SIOCGIFINDEX = 0x8933;

    private final String bridge;
    private final int fd;
    private final int ifindex;
    private final byte[] message;
    private final long intervalNanos;
    private final Thread thread;
    private final AtomicLong solicitations = new AtomicLong();
    private final AtomicLong advertisements = new AtomicLong();
    private volatile boolean running = true;

    private RouterAdvertiser(String bridge, int fd, int ifindex, RouterAdvertisement advertisement, Duration interval) {
        this.bridge = bridge;
        this.fd = fd;
        this.ifindex = ifindex;
        this.message = advertisement.encode();
        this.intervalNanos = interval.toNanos();
        this.thread = new Thread(this::loop, "k6t-ra-" + bridge);
        this.thread.setDaemon(true);
    }

    /**
     * Opens the socket on {@code namespaceContext} (a thread in the pod's namespace) and starts
     * advertising.
     *
     * @throws RouterAdvertiserException naming the bridge and the errno when the socket cannot be set up
     */
    public static RouterAdvertiser start(String bridge, RouterAdvertisement advertisement, Executor namespaceContext,
            Duration interval) {
        if (interval.compareTo(Duration.ofSeconds(4)) < 0) {
            throw new IllegalArgumentException("interval: " + interval + " (expected: >= 4 s, RFC 4861 section 6.2.1)");
        }
        CompletableFuture<int[]> opened = new CompletableFuture<>();
        namespaceContext.execute(() -> {
            try {
                opened.complete(open(bridge));
            } catch (RuntimeException e) {
                opened.completeExceptionally(e);
            }
        });
        int[] socket;
        try {
            socket = opened.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RouterAdvertiserException r) {
                throw r;
            }
            throw new RouterAdvertiserException(bridge, 0, "cannot open the router advertisement socket on " + bridge
                    + ": " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new RouterAdvertiserException(bridge, 0, "timed out opening the socket on " + bridge, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RouterAdvertiserException(bridge, 0, "interrupted opening the socket on " + bridge, e);
        }
        RouterAdvertiser advertiser = new RouterAdvertiser(bridge, socket[0], socket[1], advertisement, interval);
        advertiser.thread.start();
        LOG.info("router advertisements on {} (ifindex {}) every {} s and on solicitation", bridge, socket[1],
                interval.toSeconds());
        return advertiser;
    }

    /** {fd, ifindex}, opened in the calling thread's namespace. */
    private static int[] open(String bridge) {
        int fd;
        try {
            fd = LibC.socket(LibC.AF_INET6, LibC.SOCK_RAW | LibC.SOCK_CLOEXEC, LibC.IPPROTO_ICMPV6);
        } catch (LastErrorException e) {
            throw new RouterAdvertiserException(bridge, e.getErrorCode(), "socket(AF_INET6, SOCK_RAW, ICMPV6) for "
                    + bridge + " failed (needs CAP_NET_RAW)", e);
        }
        int ifindex = indexOf(fd, bridge);
        if (ifindex <= 0) {
            RouterAdvertiserException missing = new RouterAdvertiserException(bridge, Errno.ENODEV.number(),
                    "interface " + bridge + " does not exist in the pod's network namespace", null);
            LibC.closeQuietlyInto(fd, missing);
            throw missing;
        }
        try {
            byte[] name = (bridge + "\0").getBytes(StandardCharsets.US_ASCII);
            LibC.setsockopt(fd, LibC.SOL_SOCKET, LibC.SO_BINDTODEVICE, name, name.length);
            LibC.setsockopt(fd, LibC.IPPROTO_IPV6, LibC.IPV6_MULTICAST_HOPS, new int[] {255}, 4);
            LibC.setsockopt(fd, LibC.IPPROTO_IPV6, LibC.IPV6_UNICAST_HOPS, new int[] {255}, 4);
            LibC.setsockopt(fd, LibC.IPPROTO_IPV6, LibC.IPV6_MULTICAST_IF, new int[] {ifindex}, 4);
            LibC.setsockopt(fd, LibC.IPPROTO_IPV6, LibC.IPV6_ADD_MEMBERSHIP, membership(ALL_ROUTERS, ifindex), 20);
            LibC.setsockopt(fd, LibC.IPPROTO_ICMPV6, LibC.ICMP6_FILTER, onlyRouterSolicitations(), 32);
            // struct timeval {1 s, 0 us}: recvfrom returns EAGAIN every second so the loop sees close().
            byte[] timeout = ByteBuffer.allocate(16).order(ByteOrder.nativeOrder()).putLong(1).putLong(0).array();
            LibC.setsockopt(fd, LibC.SOL_SOCKET, LibC.SO_RCVTIMEO, timeout, 16);
        } catch (LastErrorException e) {
            RouterAdvertiserException failure = new RouterAdvertiserException(bridge, e.getErrorCode(),
                    "setting up the router advertisement socket on " + bridge + " failed", e);
            LibC.closeQuietlyInto(fd, failure);
            throw failure;
        }
        return new int[] {fd, ifindex};
    }

    /** SIOCGIFINDEX on the socket: the link's index in the socket's namespace, or -1. */
    private static int indexOf(int fd, String bridge) {
        byte[] ifreq = new byte[40];
        byte[] name = bridge.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(name, 0, ifreq, 0, Math.min(name.length, 15));
        try {
            LibC.ioctl(fd, SIOCGIFINDEX, ifreq);
        } catch (LastErrorException e) {
            return -1;
        }
        return ByteBuffer.wrap(ifreq, 16, 4).order(ByteOrder.nativeOrder()).getInt();
    }

    private static byte[] membership(byte[] group, int ifindex) {
        return ByteBuffer.allocate(20).order(ByteOrder.nativeOrder()).put(group).putInt(ifindex).array();
    }

    /** struct icmp6_filter: a set bit blocks that type; only type 133 passes. */
    private static byte[] onlyRouterSolicitations() {
        ByteBuffer filter = ByteBuffer.allocate(32).order(ByteOrder.nativeOrder());
        for (int word = 0; word < 8; word++) {
            int bits = 0xffffffff;
            if (word == RouterAdvertisement.TYPE_ROUTER_SOLICITATION >> 5) {
                bits &= ~(1 << (RouterAdvertisement.TYPE_ROUTER_SOLICITATION & 31));
            }
            filter.putInt(bits);
        }
        return filter.array();
    }

    private void loop() {
        long next = System.nanoTime();
        byte[] buffer = new byte[1500];
        byte[] from = new byte[SOCKADDR_IN6];
        while (running) {
            if (System.nanoTime() - next >= 0) {
                send(ALL_NODES);
                next = System.nanoTime() + intervalNanos;
            }
            int[] fromLength = {SOCKADDR_IN6};
            long n;
            try {
                n = LibC.recvfrom(fd, buffer, buffer.length, 0, from, fromLength);
            } catch (LastErrorException e) {
                if (e.getErrorCode() != Errno.EAGAIN.number() && e.getErrorCode() != Errno.EINTR.number() && running) {
                    LOG.warn("{}: receiving router solicitations failed (errno {})", bridge, e.getErrorCode());
                }
                continue;
            }
            if (RouterAdvertisement.isRouterSolicitation(buffer, (int) n)) {
                solicitations.incrementAndGet();
                byte[] source = java.util.Arrays.copyOfRange(from, 8, 24);
                send(isUnspecified(source) ? ALL_NODES : source);
            }
        }
    }

    private void send(byte[] destination) {
        byte[] address = ByteBuffer.allocate(SOCKADDR_IN6).order(ByteOrder.nativeOrder())
                .putShort((short) LibC.AF_INET6).putShort((short) 0).putInt(0).put(destination).putInt(ifindex)
                .array();
        try {
            LibC.sendto(fd, message, message.length, 0, address, SOCKADDR_IN6);
            advertisements.incrementAndGet();
        } catch (LastErrorException e) {
            if (running) {
                LOG.warn("{}: sending a router advertisement failed (errno {})", bridge, e.getErrorCode());
            }
        }
    }

    private static boolean isUnspecified(byte[] address) {
        for (byte b : address) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    /** The bridge advertised on. */
    public String bridge() {
        return bridge;
    }

    /** Router solicitations received. */
    public long solicitations() {
        return solicitations.get();
    }

    /** Router advertisements sent. */
    public long advertisements() {
        return advertisements.get();
    }

    /** Stops the thread (within about a second) and closes the socket. Idempotent. */
    @Override
    public void close() {
        if (!running) {
            return;
        }
        running = false;
        try {
            thread.join(3_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LibC.close(fd);
        LOG.info("router advertisements on {} stopped ({} sent, {} solicitations)", bridge, advertisements.get(),
                solicitations.get());
    }
}
