package io.k6t.net.dhcp.server.internal;

import io.k6t.net.os.Errno;
import io.netty.channel.ChannelException;
import io.netty.channel.ChannelOption;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.socket.SocketProtocolFamily;
import io.netty.channel.unix.Errors;
import io.netty.channel.unix.IntegerUnixChannelOption;
import io.netty.channel.unix.RawUnixChannelOption;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The socket work the DHCPv4 and DHCPv6 servers share: creating an epoll datagram socket on the thread
 * (network namespace) of the caller's choosing, binding it to a device, sizing its receive buffer, and
 * reading the errno out of a failure.
 */
public final class EpollSockets {
    private static final Logger LOG = LoggerFactory.getLogger(EpollSockets.class);
    /** {@code SOL_SOCKET}, {@code SO_BINDTODEVICE}, {@code SO_RCVBUFFORCE} from Linux {@code asm-generic/socket.h}. */
    private static final int SOL_SOCKET = 1;
    private static final int SO_BINDTODEVICE = 25;
    private static final int SO_RCVBUFFORCE = 33;
    private static final int RECEIVE_BUFFER_BYTES = 1 << 20;
    public static final int ENODEV = Errno.ENODEV.number();
    public static final int EADDRINUSE = Errno.EADDRINUSE.number();
    public static final long TIMEOUT_SECONDS = 10;

    private EpollSockets() {
    }

    /** A socket and what was looked up with it in the same namespace. */
    public record Created<T>(EpollDatagramChannel channel, T extra) {
    }

    /**
     * Creates the socket (in its constructor, so in the namespace of the thread running it) on
     * {@code context}, and computes {@code extra} there too (e.g. an interface index).
     *
     * @throws IllegalStateException with the cause when creation fails, times out or is interrupted
     */
    public static <T> Created<T> create(Executor context, SocketProtocolFamily family, String name,
            Function<String, T> extra) {
        CompletableFuture<Created<T>> future = new CompletableFuture<>();
        try {
            context.execute(() -> {
                try {
                    future.complete(new Created<>(new EpollDatagramChannel(family), extra.apply(name)));
                } catch (RuntimeException | Error e) {
                    future.completeExceptionally(e);
                }
            });
            return future.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot create the socket for " + name + ": " + e.getCause(), e.getCause());
        } catch (TimeoutException | RuntimeException e) {
            throw new IllegalStateException("cannot create the socket for " + name + " in the channel context: " + e,
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted creating the socket for " + name, e);
        }
    }

    /**
     * {@code SO_BINDTODEVICE}: the socket sees and sends only through {@code name}. Netty reports a
     * failed {@code setsockopt} with the C library's text only, which the locale translates; so when it
     * fails, the socket's namespace (the thread of {@code context}) is asked whether {@code name}
     * exists, and a missing device is reported by its number, {@code ENODEV}.
     */
    public static void bindToDevice(Executor context, EpollDatagramChannel channel, String name) {
        // A fresh direct buffer per bind: the option consumes it.
        byte[] bytes = name.getBytes(StandardCharsets.US_ASCII);
        ByteBuffer buffer = ByteBuffer.allocateDirect(bytes.length + 1);
        buffer.put(bytes).put((byte) 0).flip();
        try {
            channel.config().setOption(new RawUnixChannelOption("SO_BINDTODEVICE", SOL_SOCKET, SO_BINDTODEVICE,
                    name.length() + 1), buffer);
        } catch (ChannelException e) {
            if (!interfaceExists(context, name)) {
                ChannelException missing = new ChannelException("SO_BINDTODEVICE " + name,
                        Errors.newIOException("setsockopt(SO_BINDTODEVICE, " + name + ")", -ENODEV));
                missing.addSuppressed(e);
                throw missing;
            }
            throw e;
        }
    }

    /** Whether the namespace of {@code context}'s thread has a link named {@code name}; true when unsure. */
    private static boolean interfaceExists(Executor context, String name) {
        CompletableFuture<Boolean> exists = new CompletableFuture<>();
        try {
            context.execute(() -> {
                try {
                    exists.complete(NetworkInterface.getByName(name) != null);
                } catch (SocketException | RuntimeException e) {
                    exists.completeExceptionally(e);
                }
            });
            return exists.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            LOG.debug("cannot tell whether {} exists: {}", name, e.toString());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    /**
     * A burst of requests (a flood, or the event loop descheduled for a while on a busy node) must
     * queue, not drop: the default ~200 KiB holds ~100 requests. SO_RCVBUFFORCE passes
     * net.core.rmem_max with CAP_NET_ADMIN (which the launcher has); else SO_RCVBUF, capped there.
     */
    public static void setReceiveBuffer(EpollDatagramChannel channel) {
        try {
            channel.config().setOption(new IntegerUnixChannelOption("SO_RCVBUFFORCE", SOL_SOCKET, SO_RCVBUFFORCE),
                    RECEIVE_BUFFER_BYTES);
        } catch (ChannelException e) {
            LOG.debug("SO_RCVBUFFORCE refused ({}), using SO_RCVBUF", e.getMessage());
            channel.config().setOption(ChannelOption.SO_RCVBUF, RECEIVE_BUFFER_BYTES);
        }
    }

    /** The errno of a socket failure, by its number (never by its text, which the locale changes), or 0. */
    public static int errno(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof Errors.NativeIoException nio) {
                return Math.abs(nio.expectedErr());
            }
        }
        return 0;
    }
}
