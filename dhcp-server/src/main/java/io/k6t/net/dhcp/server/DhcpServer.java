package io.k6t.net.dhcp.server;

import io.k6t.net.dhcp.server.internal.EpollSockets;
import io.k6t.net.dhcp.server.internal.ServedInterfaces;
import io.k6t.net.os.Errno;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.socket.SocketProtocolFamily;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The DHCP server: one epoll datagram socket per served interface, each bound to
 * {@code 0.0.0.0:67} with {@code SO_BINDTODEVICE} and {@code SO_BROADCAST}, all on one shared
 * event-loop thread.
 *
 * <pre>{@code
 * try (DhcpServer server = DhcpServer.builder().lease(lease).build()) {
 *     server.start();                      // returns once every socket is bound
 *     server.addInterface(otherLease);     // hot plug
 *     InterfaceStats stats = server.stats("k6t-eth0").orElseThrow();
 * }
 * }</pre>
 *
 * <p>Network namespaces: a socket belongs to the namespace of the thread that creates it.
 * {@link Builder#channelContext(Executor)} runs the socket's creation on a thread of the caller's
 * choosing (e.g. one that entered the pod's namespace); everything else runs on the event loop.
 *
 * <p>Requests from MACs other than the lease's are rate limited ({@link RateLimits}); while they are
 * over the limit, a kernel socket filter lets only a sample of them into the socket, so that a
 * guest's flood cannot crowd out its own requests.
 *
 * <p>{@code SO_REUSEADDR} is deliberately not set: then a second server on the same interface
 * fails with {@link DhcpServerException.Kind#PORT_IN_USE} instead of silently sharing the port,
 * while servers on different interfaces coexist (the kernel keeps sockets bound to different
 * devices apart).
 */
public final class DhcpServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DhcpServer.class);

    private final List<LeaseConfig> initial;
    private final TransactionListener listener;
    private final RateLimits rateLimits;
    private final NeighbourLookup neighbours;
    private final ConflictListener conflicts;
    private final Clock clock;
    private final ServedInterfaces<DhcpPipeline> served;

    private DhcpServer(Builder builder) {
        this.initial = List.copyOf(builder.leases.values());
        this.listener = builder.listener;
        this.rateLimits = builder.rateLimits;
        this.neighbours = builder.neighbours;
        this.conflicts = builder.conflicts;
        this.clock = builder.clock;
        this.served = new ServedInterfaces<>(LOG, "DHCP", "k6t-dhcp", builder.channelContext, builder.group);
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Binds every interface of the builder. Returns when all are bound; on failure, closes what was
     * bound and throws.
     *
     * @throws DhcpServerException naming the interface, e.g. missing or port 67 taken
     */
    public synchronized void start() {
        served.start(() -> initial.forEach(this::addInterface));
    }

    /**
     * Serves {@code lease} on its interface from now on (hot plug). The server must be started.
     *
     * @throws DhcpServerException when the interface is served already, missing, or its port taken
     */
    public synchronized void addInterface(LeaseConfig lease) {
        String name = lease.interfaceName();
        served.checkCanAdd(name);
        DhcpPipeline pipeline = DhcpPipeline.create(lease, listener, rateLimits, neighbours, conflicts, clock);
        EpollDatagramChannel channel = served.create(SocketProtocolFamily.INET, name, n -> null).channel();
        Throwable failure = served.bind(channel, name, c -> {
            c.config().setOption(ChannelOption.SO_BROADCAST, true);
            // Each datagram then carries its IP destination: broadcast or unicast tells a
            // rebinding client from a renewing one (RFC 2131 section 4.3.2).
            c.config().setOption(EpollChannelOption.IP_RECVORIGDSTADDR, true);
        }, pipeline.handler(), new InetSocketAddress("0.0.0.0", Responder.SERVER_PORT), c -> { });
        if (failure != null) {
            throw bindFailure(name, failure);
        }
        served.add(name, channel, pipeline);
        LOG.info("DHCP server on {} for {} -> {}/{}", name, lease.clientMacText(), lease.address().getHostAddress(),
                lease.prefixLength());
    }

    /** Stops serving {@code interfaceName} (hot unplug); true if it was served. */
    public synchronized boolean removeInterface(String interfaceName) {
        return served.remove(interfaceName);
    }

    /** Serves {@code lease} instead of the current lease of its interface, from the next request on. */
    public synchronized void updateLease(LeaseConfig lease) {
        served.require(lease.interfaceName()).updateLease(lease);
    }

    /** The interfaces served now, in the order they were added. */
    public synchronized List<String> interfaces() {
        return served.names();
    }

    /** The counters of one interface. */
    public synchronized Optional<InterfaceStats> stats(String interfaceName) {
        return served.get(interfaceName).map(DhcpPipeline::stats);
    }

    /** The counters of every served interface. */
    public synchronized List<InterfaceStats> stats() {
        return served.states().stream().map(DhcpPipeline::stats).toList();
    }

    /**
     * Closes every socket and the server's own event loop (not a group given to
     * {@link Builder#eventLoopGroup}); waits for them. Idempotent.
     */
    @Override
    public synchronized void close() {
        served.close();
    }

    private static DhcpServerException bindFailure(String name, Throwable e) {
        int errno = EpollSockets.errno(e);
        if (errno == Errno.ENODEV.number()) {
            return new DhcpServerException(DhcpServerException.Kind.INTERFACE_MISSING, name, errno,
                    "interface " + name + " does not exist in the server's network namespace (ENODEV)", e);
        }
        if (errno == Errno.EADDRINUSE.number()) {
            return new DhcpServerException(DhcpServerException.Kind.PORT_IN_USE, name, errno,
                    "UDP port 67 on " + name + " is already in use (EADDRINUSE): another DHCP server serves it", e);
        }
        return new DhcpServerException(DhcpServerException.Kind.OTHER, name, errno,
                "cannot bind 0.0.0.0:67 on " + name + ": " + e, e);
    }

    /** Collects the leases to serve and how to create sockets. */
    public static final class Builder {
        private final Map<String, LeaseConfig> leases = new LinkedHashMap<>();
        private Executor channelContext = Runnable::run;
        private TransactionListener listener = TransactionListener.NONE;
        private RateLimits rateLimits = RateLimits.DEFAULT;
        private NeighbourLookup neighbours = NeighbourLookup.NONE;
        private ConflictListener conflicts = ConflictListener.NONE;
        private Clock clock = Clock.systemUTC();
        private EventLoopGroup group;

        private Builder() {
        }

        /**
         * Runs the sockets on {@code epollGroup}, which the caller owns and shuts down after closing the
         * server, instead of on an event-loop thread of the server's own: a process that serves other
         * sockets too (the KubeVirt sidecar's gRPC and metrics) then needs one thread for all of them.
         * The group must use epoll ({@code EpollIoHandler}).
         */
        public Builder eventLoopGroup(EventLoopGroup epollGroup) {
            this.group = Objects.requireNonNull(epollGroup, "eventLoopGroup");
            return this;
        }

        /** Serves {@code lease} on its interface; one lease per interface. */
        public Builder lease(LeaseConfig lease) {
            if (leases.putIfAbsent(lease.interfaceName(), lease) != null) {
                throw new IllegalArgumentException("two leases for interface " + lease.interfaceName());
            }
            return this;
        }

        /**
         * Where sockets are created: by default the calling thread (its network namespace). Pass an
         * executor whose thread entered the pod's namespace to serve from there.
         */
        public Builder channelContext(Executor context) {
            this.channelContext = context;
            return this;
        }

        /** Observes every transaction on every interface (event-loop thread). */
        public Builder listener(TransactionListener listener) {
            this.listener = listener;
            return this;
        }

        /** Limits on requests from MACs other than each lease's; {@link RateLimits#DEFAULT} unless set. */
        public Builder rateLimits(RateLimits limits) {
            this.rateLimits = Objects.requireNonNull(limits, "rateLimits");
            return this;
        }

        /**
         * Where to look up who holds an address a guest declines (the pod's neighbour table);
         * {@link NeighbourLookup#NONE} unless set.
         */
        public Builder neighbourLookup(NeighbourLookup lookup) {
            this.neighbours = Objects.requireNonNull(lookup, "neighbourLookup");
            return this;
        }

        /** Told of each address conflict a guest reports and of its end (event-loop thread). */
        public Builder conflictListener(ConflictListener listener) {
            this.conflicts = Objects.requireNonNull(listener, "conflictListener");
            return this;
        }

        /** The clock stamping declines; the system's UTC clock unless set. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        public DhcpServer build() {
            return new DhcpServer(this);
        }
    }
}
