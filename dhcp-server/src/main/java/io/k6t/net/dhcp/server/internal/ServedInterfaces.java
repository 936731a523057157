package io.k6t.net.dhcp.server.internal;

import io.k6t.net.dhcp.server.DhcpServerException;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.socket.SocketProtocolFamily;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;

/**
 * What the DHCPv4 and DHCPv6 servers share: one event-loop thread, one epoll datagram socket per served
 * interface created where the caller's {@code channelContext} says (the pod's namespace), and the
 * bookkeeping of hot plug: which interface is served by which socket and with which per-interface state
 * ({@code S}: the v4 pipeline, the v6 handler). The servers keep the protocol: socket options, port,
 * how a bind failure is reported.
 *
 * <p>Not thread-safe: each server calls it under its own lock.
 *
 * @param <S> the per-interface state
 */
public final class ServedInterfaces<S> {
    private final Logger log;
    private final String family;
    private final String threadName;
    private final Executor channelContext;
    private final EventLoopGroup sharedGroup;
    private final Map<String, Served<S>> served = new LinkedHashMap<>();
    private EventLoopGroup group;
    private boolean closed;

    /**
     * @param log the server's logger, which tells of each interface it stops serving
     * @param family the protocol in logs and messages, {@code DHCP} or {@code DHCPv6}
     * @param threadName the event-loop thread's name
     * @param channelContext where sockets are created (its thread's network namespace)
     * @param sharedGroup an epoll event loop the caller owns and shuts down, or null for one of our own
     */
    public ServedInterfaces(Logger log, String family, String threadName, Executor channelContext,
            EventLoopGroup sharedGroup) {
        this.log = log;
        this.family = family;
        this.threadName = threadName;
        this.channelContext = channelContext;
        this.sharedGroup = sharedGroup;
    }

    /**
     * Starts the event loop and runs {@code bindAll}; on failure closes whatever was bound and rethrows.
     *
     * @throws IllegalStateException when started twice or after {@link #close()}
     * @throws DhcpServerException when the epoll transport is not available
     */
    public void start(Runnable bindAll) {
        if (group != null || closed) {
            throw new IllegalStateException("start() once, before close()");
        }
        if (!Epoll.isAvailable()) {
            throw new DhcpServerException(DhcpServerException.Kind.OTHER, "", 0,
                    "native epoll transport not available: " + Epoll.unavailabilityCause(),
                    Epoll.unavailabilityCause());
        }
        group = sharedGroup != null ? sharedGroup
                : new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory(threadName, true),
                        EpollIoHandler.newFactory());
        try {
            bindAll.run();
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /**
     * Checks that {@code name} can be added now.
     *
     * @throws IllegalStateException when not started or closed
     * @throws DhcpServerException ({@code ALREADY_SERVED}) when the interface is served already
     */
    public void checkCanAdd(String name) {
        if (group == null || closed) {
            throw new IllegalStateException("addInterface(" + name + ") needs a started, open server");
        }
        if (served.containsKey(name)) {
            throw new DhcpServerException(DhcpServerException.Kind.ALREADY_SERVED, name, 0,
                    "interface " + name + " is already served" + by(), null);
        }
    }

    private String by() {
        return "DHCP".equals(family) ? "" : " by " + family;
    }

    /**
     * A socket for {@code name} in the channel context, with what {@code extra} computes there.
     *
     * @throws DhcpServerException ({@code OTHER}) when the socket cannot be created
     */
    public <T> EpollSockets.Created<T> create(SocketProtocolFamily protocol, String name, Function<String, T> extra) {
        try {
            return EpollSockets.create(channelContext, protocol, name, extra);
        } catch (IllegalStateException e) {
            throw new DhcpServerException(DhcpServerException.Kind.OTHER, name, 0, e.getMessage(), e.getCause());
        }
    }

    /**
     * Registers {@code channel} on the event loop, applies {@code options}, the receive buffer and
     * {@code SO_BINDTODEVICE} {@code name}, adds {@code handler} and binds to {@code local}; then runs
     * {@code afterBind}. Returns null when all of that worked; else closes the channel and returns the
     * failure for the server to report.
     */
    public Throwable bind(EpollDatagramChannel channel, String name, Consumer<EpollDatagramChannel> options,
            ChannelHandler handler, InetSocketAddress local, Consumer<EpollDatagramChannel> afterBind) {
        Throwable failure;
        try {
            ChannelFuture registered = group.register(channel).awaitUninterruptibly();
            if (registered.isSuccess()) {
                options.accept(channel);
                EpollSockets.setReceiveBuffer(channel);
                EpollSockets.bindToDevice(channelContext, channel, name);
                channel.pipeline().addLast(handler);
                failure = channel.bind(local).awaitUninterruptibly().cause();
                if (failure == null) {
                    afterBind.accept(channel);
                }
            } else {
                failure = registered.cause();
            }
        } catch (RuntimeException e) {
            failure = e;
        }
        if (failure != null) {
            channel.close().awaitUninterruptibly();
        }
        return failure;
    }

    /** Records a bound socket and its state. */
    public void add(String name, EpollDatagramChannel channel, S state) {
        served.put(name, new Served<>(channel, state));
    }

    /** Closes the socket of {@code name} (hot unplug); true if it was served. */
    public boolean remove(String name) {
        Served<S> s = served.remove(name);
        if (s == null) {
            return false;
        }
        s.channel.close().awaitUninterruptibly(EpollSockets.TIMEOUT_SECONDS, TimeUnit.SECONDS);
        log.info("{} server on {} stopped", family, name);
        return true;
    }

    /**
     * The state of a served interface.
     *
     * @throws IllegalArgumentException when it is not served
     */
    public S require(String name) {
        Served<S> s = served.get(name);
        if (s == null) {
            throw new IllegalArgumentException("interface " + name + " is not served" + by());
        }
        return s.state;
    }

    /** The state of {@code name}, if served. */
    public Optional<S> get(String name) {
        return Optional.ofNullable(served.get(name)).map(Served::state);
    }

    /** The served interfaces, in the order they were added. */
    public List<String> names() {
        return List.copyOf(served.keySet());
    }

    /** The state of every served interface, in the order they were added. */
    public List<S> states() {
        List<S> all = new ArrayList<>();
        served.values().forEach(s -> all.add(s.state));
        return all;
    }

    /** Closes every socket and our own event loop (not a shared one); waits for them. Idempotent. */
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (String name : names()) {
            remove(name);
        }
        if (group != null && group != sharedGroup) {
            group.shutdownGracefully(0, EpollSockets.TIMEOUT_SECONDS, TimeUnit.SECONDS)
                    .awaitUninterruptibly(EpollSockets.TIMEOUT_SECONDS + 1, TimeUnit.SECONDS);
        }
    }

    private record Served<S>(EpollDatagramChannel channel, S state) {
    }
}
