package io.k6t.net.kubevirt.sidecar;

import io.k6t.net.dhcp.MacAddress;
import io.k6t.net.dhcp.server.DhcpServer;
import io.k6t.net.dhcp.server.DhcpServerException;
import io.k6t.net.dhcp.server.LeaseConfig;
import io.k6t.net.dhcp.server.TransactionListener;
import io.k6t.net.kubevirt.handoff.Handoff;
import io.k6t.net.kubevirt.handoff.HandoffReader;
import io.k6t.net.kubevirt.metrics.MetricsServer;
import io.k6t.net.kubevirt.metrics.SidecarMetrics;
import io.k6t.net.launcher.discovery.ResolvConf;
import io.k6t.net.launcher.netlink.NetlinkException;
import io.k6t.net.launcher.netlink.NetlinkHandle;
import io.k6t.net.launcher.status.PodStatus;
import io.k6t.net.launcher.status.PodObserver;
import io.k6t.net.launcher.status.StatusFile;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The KubeVirt sidecar: reads the CNI plugin's hand-offs from the pod's network namespace (the
 * calling thread's), serves DHCP on every bound interface that has a lease, answers KubeVirt's hook
 * calls on {@code DIR/NAME.sock}, and serves metrics on {@code DIR/NAME-metrics/metrics.sock} and,
 * when asked, on a TCP address. Needs no privilege but {@code CAP_NET_BIND_SERVICE} (port 67).
 *
 * <pre>{@code
 * try (Sidecar sidecar = Sidecar.start(options, latch::countDown)) {   // Shutdown hook call counts down
 *     latch.await();
 * }                                                                   // sockets removed, DHCP stopped
 * }</pre>
 */
public final class Sidecar implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Sidecar.class);
    private static final Path HOSTNAME = Path.of("/proc/sys/kernel/hostname");

    /**
     * What to serve.
     *
     * @param hooksDir KubeVirt's hooks directory
     * @param name the plugin's name: the socket's, Info's, and the {@code binding.name} served
     * @param metrics a TCP address for the metrics, or null for the Unix socket only
     * @param resolvConf the pod's resolver configuration: DNS servers and search domains for the guests
     */
    public record Options(Path hooksDir, String name, InetSocketAddress metrics, Path resolvConf) {
        /** The hook socket, {@code DIR/NAME.sock}. */
        public Path hookSocket() {
            return hooksDir.resolve(name + ".sock");
        }

        /** The metrics socket, {@code DIR/NAME-metrics/metrics.sock} (KubeVirt allows subdirectories). */
        public Path metricsSocket() {
            return hooksDir.resolve(name + "-metrics").resolve("metrics.sock");
        }

        /** Where the sidecar publishes {@code status.json} for {@code k6t-net status}: {@code DIR/NAME-status}. */
        public Path statusDir() {
            return statusDir(hooksDir, name);
        }

        /** The status directory of the sidecar {@code name} in the hooks directory {@code hooksDir}. */
        public static Path statusDir(Path hooksDir, String name) {
            return hooksDir.resolve(name + "-status");
        }
    }

    private final List<Handoff> handoffs;
    private final Map<String, LeaseConfig> leases;
    /** The guest MAC learned for, by pod interface of a pass-through hand-off (the domain's MAC once known). */
    private final Map<String, String> learningMacs;
    private final SidecarMetrics metrics;
    private final PodObserver observer;
    private final DhcpServer dhcp;
    private final EventLoopGroup group;
    private HookServer hooks;
    private MetricsServer metricsServer;
    private boolean closed;

    private Sidecar(List<Handoff> handoffs, Map<String, LeaseConfig> leases, Map<String, String> learningMacs,
            SidecarMetrics metrics, PodObserver observer, DhcpServer dhcp, EventLoopGroup group) {
        this.handoffs = handoffs;
        this.leases = leases;
        this.learningMacs = learningMacs;
        this.metrics = metrics;
        this.observer = observer;
        this.dhcp = dhcp;
        this.group = group;
    }

    /**
     * Starts everything; returns once DHCP, the hook socket and the metrics sockets are bound. On
     * failure closes what was started and throws.
     *
     * @param shutdownRequested run once virt-launcher calls {@code Shutdown} (after the answer is sent)
     * @throws SidecarException when the namespace holds no hand-off or a socket cannot be served
     * @throws io.k6t.net.kubevirt.handoff.HandoffException when a hand-off is malformed or incomplete
     */
    public static Sidecar start(Options options, Runnable shutdownRequested) {
        List<Handoff> handoffs = HandoffReader.read();
        if (handoffs.isEmpty()) {
            throw new SidecarException("no hand-off from the k6t-net CNI plugin in this network namespace (no"
                    + " link alias starts with k6t-net/): run the sidecar in the pod whose interfaces the plugin"
                    + " bound", null);
        }
        ResolvConf resolv = resolvConf(options.resolvConf());
        List<Inet4Address> dns = resolv.ipv4Nameservers().stream().map(Inet4Address.class::cast).toList();
        Optional<String> hostname = hostname();
        SidecarMetrics metrics = new SidecarMetrics(Clock.systemUTC());
        // The same observer as `k6t-net run`: status.json for `k6t-net status`, learning on pass-through links.
        PodObserver observer = new PodObserver(new StatusFile(options.statusDir()), Clock.systemUTC());
        Map<String, LeaseConfig> leases = new LinkedHashMap<>();
        Map<String, String> learningMacs = new LinkedHashMap<>();
        TransactionListener counting = metrics.listener();
        DhcpServer.Builder builder = DhcpServer.builder().listener(t -> {
            counting.onTransaction(t);
            observer.onTransaction(t);
        });
        // One event-loop thread for DHCP, the hook socket and the metrics: each serves a few calls
        // per VM start, and every thread costs resident memory (stack, allocation buffer).
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("k6t-sidecar", true),
                EpollIoHandler.newFactory());
        DhcpServer dhcp;
        try {
            for (Handoff handoff : handoffs) {
                Optional<LeaseConfig> lease = handoff.leaseConfig(dns, resolv.searchDomains(), hostname);
                if (lease.isEmpty()) {
                    LOG.info("{} ({}): no IPv4 to serve; learning the guest's addresses", handoff.podInterface(),
                            handoff.network());
                    learn(observer, handoff, handoff.guestMac(), learningMacs);
                    continue;
                }
                leases.put(handoff.bridge(), lease.get());
                metrics.add(handoff, lease.get());
                observer.serve(handoff.podInterface(), lease.get());
                builder.lease(lease.get());
            }
            dhcp = builder.eventLoopGroup(group).build();
        } catch (RuntimeException e) {
            try {
                observer.close();
            } finally {
                group.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
            }
            throw e;
        }
        try {
            dhcp.start();
        } catch (DhcpServerException e) {
            try {
                dhcp.close();
                observer.close();
            } finally {
                group.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
            }
            throw new SidecarException("cannot serve DHCP: " + e.getMessage(), e);
        }
        observer.started(dhcp);
        Sidecar sidecar = new Sidecar(List.copyOf(handoffs), leases, learningMacs, metrics, observer, dhcp, group);
        metrics.status(sidecar::status);
        try {
            sidecar.hooks = HookServer.start(options.name(), options.hookSocket(),
                    sidecar.new DomainHooks(new DomainEditor(options.name()), shutdownRequested), group);
            sidecar.metricsServer = MetricsServer.start(metrics.registry(), group, options.metrics(),
                    options.metricsSocket());
        } catch (IOException | RuntimeException e) {
            sidecar.close();
            throw new SidecarException(e.getMessage(), e);
        }
        LOG.info("sidecar {} serving {} on {}", options.name(), handoffs.stream().map(h -> h.network() + "="
                + h.podInterface()).toList(), options.hookSocket());
        return sidecar;
    }

    /** The hand-offs read at start. */
    public List<Handoff> handoffs() {
        return handoffs;
    }

    /** The leases served now, by bridge (their client MACs follow the domain). */
    public synchronized Map<String, LeaseConfig> leases() {
        return Map.copyOf(leases);
    }

    /** The TCP address of the metrics, if one was asked. */
    public Optional<InetSocketAddress> metricsAddress() {
        return metricsServer == null ? Optional.empty() : metricsServer.tcpAddress();
    }

    /** The DHCP server (its counters). */
    public DhcpServer dhcp() {
        return dhcp;
    }

    /**
     * The status of every hand-off's interface now: what this sidecar serves or learned, the guest MAC
     * the domain gives, the bridge and tap as the kernel has them (what {@code k6t-net status} prints).
     *
     * @throws SidecarException when the pod's links cannot be read
     */
    public PodStatus status() {
        return SidecarStatus.of(handoffs, observer.observed(), OptionalLong.of(ProcessHandle.current().pid()),
                Instant.now());
    }

    /** Removes the hook and metrics sockets, then stops DHCP. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (hooks != null) {
                hooks.close();
            }
            if (metricsServer != null) {
                metricsServer.close();
            }
        } finally {
            try {
                dhcp.close();
                group.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
            } finally {
                observer.close();
            }
        }
    }

    private synchronized void serve(DomainEditor.Served served) {
        LeaseConfig lease = leases.get(served.handoff().bridge());
        if (lease == null) {
            String learning = learningMacs.get(served.handoff().podInterface());
            if (!served.guestMac().equals(learning)) {
                LOG.info("{} ({}): the domain gives the guest MAC {}; learning its addresses", served.handoff()
                        .podInterface(), served.network(), served.guestMac());
                learn(observer, served.handoff(), served.guestMac(), learningMacs);
            }
            return;
        }
        if (lease.clientMacText().equals(served.guestMac())) {
            return;
        }
        LeaseConfig updated = lease.toBuilder().clientMac(served.guestMac()).build();
        dhcp.updateLease(updated);
        leases.put(updated.interfaceName(), updated);
        metrics.leaseChanged(updated);
        observer.serve(served.handoff().podInterface(), updated);
        // Only without anti-spoofing: a pinned pod MAC made the domain edit refuse any other (DomainEditor).
        LOG.info("{} ({}): the domain gives the guest MAC {}; serving it instead of {}", updated.interfaceName(),
                served.network(), served.guestMac(), lease.clientMacText());
    }

    /** Learns on the pass-through interface of {@code handoff} for the guest NIC {@code mac} (in this namespace). */
    private static void learn(PodObserver observer, Handoff handoff, String mac, Map<String, String> learning) {
        int index;
        try (NetlinkHandle netlink = NetlinkHandle.open()) {
            index = netlink.link(handoff.nic()).index();
        } catch (NetlinkException e) {
            LOG.warn("{}: not learning the guest's addresses: cannot find {}: {}", handoff.podInterface(),
                    handoff.nic(), e.getMessage());
            return;
        }
        if (observer.learn(handoff.podInterface(), MacAddress.parse(mac), handoff.nic(), index)) {
            learning.put(handoff.podInterface(), mac);
        }
    }

    private static ResolvConf resolvConf(Path path) {
        try {
            return ResolvConf.read(path);
        } catch (NoSuchFileException e) {
            LOG.warn("{} does not exist: the guests get no DNS servers or search domains", path);
            return ResolvConf.parse("");
        } catch (IOException e) {
            throw new SidecarException("cannot read " + path + ": " + e.getMessage(), e);
        }
    }

    private static Optional<String> hostname() {
        try {
            String name = Files.readString(HOSTNAME, StandardCharsets.US_ASCII).trim();
            return name.isEmpty() ? Optional.empty() : Optional.of(name);
        } catch (IOException e) {
            LOG.warn("cannot read the pod's host name from {}: {}", HOSTNAME, e.toString());
            return Optional.empty();
        }
    }

    /** The hook calls: edit the domain, then serve the MACs it gives the guests. */
    private final class DomainHooks implements Hooks {
        private final DomainEditor editor;
        private final Runnable shutdownRequested;

        DomainHooks(DomainEditor editor, Runnable shutdownRequested) {
            this.editor = editor;
            this.shutdownRequested = shutdownRequested;
        }

        @Override
        public byte[] onDefineDomain(byte[] domainXml, byte[] vmiJson) {
            Map<String, Handoff> byPodInterface = new LinkedHashMap<>();
            handoffs.forEach(h -> byPodInterface.put(h.podInterface(), h));
            DomainEditor.Edit edit = editor.edit(domainXml, vmiJson, byPodInterface);
            new ArrayList<>(edit.served()).forEach(Sidecar.this::serve);
            return edit.domainXml();
        }

        @Override
        public void shutdown() {
            LOG.info("virt-launcher called Shutdown");
            shutdownRequested.run();
        }
    }
}
