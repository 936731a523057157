package io.k6t.net.dhcp.v6.server;

import io.k6t.net.dhcp.server.DhcpServerException;
import io.k6t.net.dhcp.server.internal.EpollSockets;
import io.k6t.net.dhcp.server.internal.ServedInterfaces;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.socket.SocketProtocolFamily;
import io.netty.channel.unix.RawUnixChannelOption;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The DHCPv6 server: per served bridge one epoll datagram socket bound to {@code [::]:547} with
 * {@code SO_BINDTODEVICE}, member of All_DHCP_Relay_Agents_and_Servers (ff02::1:2) on that bridge only;
 * all on one event-loop thread. The same shape as the DHCPv4 {@code DhcpServer}, whose event loop,
 * sockets and hot-plug bookkeeping it shares ({@code ServedInterfaces}): sockets are created by
 * {@link Builder#channelContext(Executor)} so they live in the pod's network namespace; a second server
 * on the same bridge fails with {@code PORT_IN_USE}.
 */
public final class Dhcp6Server implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Dhcp6Server.class);
    /** {@code IPPROTO_IPV6} and {@code IPV6_ADD_MEMBERSHIP} from Linux {@code in6.h}. */
    private static final int IPPROTO_IPV6 = 41;
    private static final int IPV6_ADD_MEMBERSHIP = 20;
    /** ff02::1:2, All_DHCP_Relay_Agents_and_Servers (RFC 8415 section 7.1). */
    private static final byte[] ALL_DHCP_AGENTS = {(byte) 0xff, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 2};

    private final List<Lease6> initial;
    private final Transaction6.Listener listener;
    private final ServedInterfaces<Dhcp6Handler> served;

    private Dhcp6Server(Builder builder) {
        this.initial = List.copyOf(builder.leases.values());
        this.listener = builder.listener;
        this.served = new ServedInterfaces<>(LOG, "DHCPv6", "k6t-dhcp6", builder.channelContext, null);
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Binds every bridge of the builder; returns when all are bound; on failure closes what was bound.
     *
     * @throws DhcpServerException naming the bridge (missing, port 547 taken, ...)
     */
    public synchronized void start() {
        served.start(() -> initial.forEach(this::addInterface));
    }

    /**
     * Serves {@code lease} on its bridge from now on (hot plug).
     *
     * @throws DhcpServerException when the bridge is served already, missing, or its port taken
     */
    public synchronized void addInterface(Lease6 lease) {
        String name = lease.interfaceName();
        served.checkCanAdd(name);
        EpollSockets.Created<Integer> created = served.create(SocketProtocolFamily.INET6, name, Dhcp6Server::indexOf);
        EpollDatagramChannel channel = created.channel();
        if (created.extra() < 0) {
            channel.unsafe().closeForcibly();
            throw new DhcpServerException(DhcpServerException.Kind.INTERFACE_MISSING, name, EpollSockets.ENODEV,
                    "interface " + name + " does not exist in the server's network namespace or has no IPv6"
                            + " address (a bridge that is up has its link-local address)", null);
        }
        Dhcp6Handler handler = new Dhcp6Handler(lease, listener);
        Throwable failure = served.bind(channel, name, c -> { }, handler,
                new InetSocketAddress("::", Responder6.SERVER_PORT), c -> joinAllDhcpAgents(c, created.extra()));
        if (failure != null) {
            int errno = EpollSockets.errno(failure);
            if (errno == EpollSockets.EADDRINUSE) {
                throw new DhcpServerException(DhcpServerException.Kind.PORT_IN_USE, name, errno, "UDP port 547 on "
                        + name + " is already in use (EADDRINUSE): another DHCPv6 server serves it", failure);
            }
            throw new DhcpServerException(errno == EpollSockets.ENODEV ? DhcpServerException.Kind.INTERFACE_MISSING
                    : DhcpServerException.Kind.OTHER, name, errno, "cannot bind [::]:547 on " + name + ": " + failure,
                    failure);
        }
        served.add(name, channel, handler);
        LOG.info("DHCPv6 server on {} for {} -> {}", name, lease.clientMac(), lease.address().getHostAddress());
    }

    /**
     * The ifindex of {@code name} in the calling thread's namespace, or -1 when it has no IPv6 address
     * there. Read from {@code /proc/thread-self/net/if_inet6}: {@code java.net.NetworkInterface} reads
     * the process's namespace and lists only links with IPv4 addresses, and the bridge has neither.
     * A bridge that is up has its link-local address (tentative ones are listed too).
     */
    static Integer indexOf(String name) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/thread-self/net/if_inet6"))) {
                String[] fields = line.trim().split("\\s+");
                if (fields.length >= 6 && fields[5].equals(name)) {
                    return Integer.parseInt(fields[1], 16);
                }
            }
            return -1;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read /proc/thread-self/net/if_inet6: " + e.getMessage(), e);
        }
    }

    /** IPV6_ADD_MEMBERSHIP for ff02::1:2 on this interface only (struct ipv6_mreq). */
    private static void joinAllDhcpAgents(EpollDatagramChannel channel, int ifindex) {
        ByteBuffer mreq = ByteBuffer.allocateDirect(20).order(ByteOrder.nativeOrder());
        mreq.put(ALL_DHCP_AGENTS).putInt(ifindex).flip();
        channel.config().setOption(new RawUnixChannelOption("IPV6_ADD_MEMBERSHIP", IPPROTO_IPV6, IPV6_ADD_MEMBERSHIP,
                20), mreq);
    }

    /** Stops serving {@code interfaceName}; true if it was served. */
    public synchronized boolean removeInterface(String interfaceName) {
        return served.remove(interfaceName);
    }

    /** Serves {@code lease} instead of the current lease of its bridge, from the next request on. */
    public synchronized void updateLease(Lease6 lease) {
        served.require(lease.interfaceName()).updateLease(lease);
    }

    /** The bridges served now. */
    public synchronized List<String> interfaces() {
        return served.names();
    }

    /** The counters of one bridge. */
    public synchronized Optional<Stats6> stats(String interfaceName) {
        return served.get(interfaceName).map(Dhcp6Handler::stats);
    }

    /** The counters of every bridge. */
    public synchronized List<Stats6> stats() {
        return served.states().stream().map(Dhcp6Handler::stats).toList();
    }

    /** Closes every socket and the event loop. Idempotent. */
    @Override
    public synchronized void close() {
        served.close();
    }

    /** Collects the leases to serve and where to create sockets. */
    public static final class Builder {
        private final Map<String, Lease6> leases = new LinkedHashMap<>();
        private Executor channelContext = Runnable::run;
        private Transaction6.Listener listener = Transaction6.Listener.NONE;

        private Builder() {
        }

        /** Serves {@code lease} on its bridge; one lease per bridge. */
        public Builder lease(Lease6 lease) {
            if (leases.putIfAbsent(lease.interfaceName(), lease) != null) {
                throw new IllegalArgumentException("two DHCPv6 leases for interface " + lease.interfaceName());
            }
            return this;
        }

        /** Where sockets are created (the thread's network namespace); the calling thread by default. */
        public Builder channelContext(Executor context) {
            this.channelContext = context;
            return this;
        }

        /** Observes every transaction (event-loop thread). */
        public Builder listener(Transaction6.Listener listener) {
            this.listener = listener;
            return this;
        }

        public Dhcp6Server build() {
            return new Dhcp6Server(this);
        }
    }
}
