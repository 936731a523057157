package io.k6t.net.launcher;

import io.k6t.net.dhcp.server.AddressConflict;
import io.k6t.net.dhcp.server.ConflictListener;
import io.k6t.net.dhcp.server.DhcpServer;
import io.k6t.net.dhcp.server.DhcpServerException;
import io.k6t.net.dhcp.server.LeaseConfig;
import io.k6t.net.dhcp.v6.server.Dhcp6Server;
import io.k6t.net.launcher.binding.BindingException;
import io.k6t.net.launcher.binding.BridgeBinding;
import io.k6t.net.launcher.binding.InterfacePlan;
import io.k6t.net.launcher.binding.Phase;
import io.k6t.net.launcher.binding.Plan;
import io.k6t.net.launcher.binding.PodKernel;
import io.k6t.net.launcher.binding.StepHook;
import io.k6t.net.launcher.binding.internal.LeaseFiles;
import io.k6t.net.launcher.binding.internal.StateStore;
import io.k6t.net.launcher.config.InterfaceConfig;
import io.k6t.net.launcher.config.PodConfig;
import io.k6t.net.launcher.internal.PodNeighbours;
import io.k6t.net.launcher.netlink.NetlinkException;
import io.k6t.net.launcher.netlink.NetlinkHandle;
import io.k6t.net.launcher.netns.NetNamespace;
import io.k6t.net.launcher.ra.RouterAdvertiser;
import io.k6t.net.libvirt.InterfaceSpec;
import io.k6t.net.dhcp.MacAddress;
import io.k6t.net.launcher.status.LinkState;
import io.k6t.net.launcher.status.PodStatus;
import io.k6t.net.launcher.status.internal.PodObserver;
import io.k6t.net.launcher.status.internal.StatusAssembly;
import io.k6t.net.launcher.status.internal.StatusFile;
import io.k6t.net.launcher.status.internal.StatusFile.Observed;
import java.io.IOException;
import java.net.Inet4Address;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a launcher embeds: the bridge binding of a pod's interfaces plus their DHCP servers, in
 * the pod's network namespace (given by name or path, or the caller's).
 *
 * <pre>{@code
 * try (PodNetwork pod = PodNetwork.open(PodConfig.read(configFile), Optional.of("pod-ns"))) {
 *     pod.setup();        // idempotent: resumes or checks a previous run
 *     pod.startDhcp();    // one event-loop thread for every bridge, sockets inside the pod;
 *                         // learns the guest's addresses on the pass-through interfaces
 *     pod.status();       // per interface: guest MAC, served lease or learned addresses, tap, bridge
 *     ...                 // addInterface / removeInterface while the VM runs (hot plug)
 * }                       // stops the servers; the wiring stays (teardown() restores the pod)
 * }</pre>
 *
 * <p>Thread-safe: methods are synchronized.
 */
public final class PodNetwork implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PodNetwork.class);
    /** How often the bridge advertises itself unsolicited; guests also get an answer to each solicitation. */
    private static final Duration ADVERTISEMENT_INTERVAL = Duration.ofSeconds(30);

    private final Optional<NetNamespace> namespace;
    private final PodKernel kernel;
    private final StepHook hook;
    private final Set<String> removed = new HashSet<>();
    private PodConfig config;
    private final Clock clock = Clock.systemUTC();
    private DhcpServer dhcp;
    private Dhcp6Server dhcp6;
    private final Map<String, RouterAdvertiser> advertisers = new LinkedHashMap<>();
    private PodNeighbours neighbours;
    private PodObserver observer;
    private boolean closed;

    private PodNetwork(PodConfig config, Optional<NetNamespace> namespace, PodKernel kernel, StepHook hook) {
        this.config = config;
        this.namespace = namespace;
        this.kernel = kernel;
        this.hook = hook;
    }

    /**
     * Opens the pod network in the namespace {@code nameOrPath} ({@code ip netns} name, or a path like
     * {@code /proc/PID/ns/net}); empty: the caller's namespace. Changes nothing yet.
     */
    public static PodNetwork open(PodConfig config, Optional<String> nameOrPath) throws IOException {
        if (nameOrPath.isEmpty()) {
            return new PodNetwork(config, Optional.empty(), PodKernel.current(), StepHook.NONE);
        }
        NetNamespace ns = NetNamespace.open(nameOrPath.get());
        try {
            return new PodNetwork(config, Optional.of(ns), PodKernel.in(ns), StepHook.NONE);
        } catch (IOException | RuntimeException e) {
            ns.close();
            throw e;
        }
    }

    /** For tests: acts through {@code kernel}, calling {@code hook} around every setup step. */
    public static PodNetwork using(PodConfig config, Optional<NetNamespace> namespace, PodKernel kernel,
            StepHook hook) {
        return new PodNetwork(config, namespace, kernel, hook);
    }

    /** The configuration, including interfaces added since opening. */
    public synchronized PodConfig config() {
        return config;
    }

    private BridgeBinding binding() {
        return BridgeBinding.using(config, kernel, hook);
    }

    private List<String> active() {
        return config.interfaces().stream().map(InterfaceConfig::name).filter(n -> !removed.contains(n)).toList();
    }

    /** Discovery and the steps setup would take; changes nothing. */
    public synchronized Plan plan() {
        checkOpen();
        return binding().plan(active());
    }

    /** The libvirt {@code <interface>} specs of the interfaces, in order (render with {@code InterfaceXml}). */
    public synchronized List<InterfaceSpec> libvirtInterfaces() {
        return plan().interfaces().stream().map(InterfacePlan::libvirtInterface).toList();
    }

    /** Applies the bridge binding to every interface (idempotent; resumes an interrupted run). */
    public synchronized Plan setup() {
        checkOpen();
        return binding().apply(active());
    }

    /** Restores every interface to what discovery saw (stops its DHCP server first). */
    public synchronized void teardown() {
        checkOpen();
        stopDhcp();
        binding().teardown(active());
    }

    /**
     * Starts the DHCP servers of every set-up interface that k6t-net serves (from the lease files
     * in the state directory), all on one event-loop thread, their sockets created inside the pod; for
     * the interfaces with global IPv6 also the DHCPv6 server and a router advertiser per bridge.
     */
    public synchronized void startDhcp() {
        checkOpen();
        if (dhcp != null) {
            throw new IllegalStateException("DHCP servers already started");
        }
        PodNeighbours pods = neighbours();
        PodObserver watching = new PodObserver(new StatusFile(config.stateDir()), clock);
        DhcpServer.Builder builder = DhcpServer.builder().channelContext(channelContext()).listener(watching)
                .neighbourLookup(pods).conflictListener(new ConflictFiles(config.stateDir()));
        DhcpServer server = null;
        try {
            for (InterfacePlan plan : finished(active())) {
                if (plan.served()) {
                    LeaseConfig lease = lease(plan);
                    builder.lease(lease);
                    watching.serve(plan.podInterface(), lease);
                    // A conflict file describes what the running server saw; a new server starts without one.
                    AddressConflict.remove(config.stateDir(), plan.names().bridge());
                } else if (!plan.served6()) {
                    learn(watching, plan);
                }
            }
            server = builder.build();
            server.start();
            watching.started(server);
            startIpv6(finished(active()));
        } catch (RuntimeException e) {
            try {
                try {
                    stopIpv6();
                } finally {
                    if (server != null) {
                        server.close();
                    }
                }
            } finally {
                try {
                    watching.close();
                } finally {
                    closeQuietly(pods, e);
                }
            }
            throw e;
        }
        dhcp = server;
        observer = watching;
        neighbours = pods;
        LOG.info("DHCP serving {}", server.interfaces());
    }

    /**
     * Starts the DHCPv6 server (one socket per bridge, on the same kind of event loop as DHCPv4) and a router
     * advertiser per bridge for the interfaces with global IPv6 (docs/dhcpv6.md); the leases and advertisements
     * come from the recorded plans. On failure the caller stops what was started.
     */
    private void startIpv6(List<InterfacePlan> plans) {
        List<InterfacePlan> served6 = plans.stream().filter(InterfacePlan::served6).toList();
        if (served6.isEmpty()) {
            return;
        }
        Dhcp6Server.Builder builder = Dhcp6Server.builder().channelContext(channelContext())
                .listener(t -> LOG.debug("DHCPv6 {}", t));
        served6.forEach(p -> builder.lease(LeaseFiles.lease6(p)));
        dhcp6 = builder.build();
        dhcp6.start();
        for (InterfacePlan p : served6) {
            advertise(p);
        }
        LOG.info("DHCPv6 and router advertisements serving {}", dhcp6.interfaces());
    }

    private void advertise(InterfacePlan plan) {
        advertisers.put(plan.names().bridge(), RouterAdvertiser.start(plan.names().bridge(),
                LeaseFiles.advertisement(plan), channelContext(), ADVERTISEMENT_INTERVAL));
    }

    /** Stops the router advertisers and the DHCPv6 server; nothing when they are not running. */
    private void stopIpv6() {
        try {
            for (RouterAdvertiser a : List.copyOf(advertisers.values())) {
                a.close();
            }
        } finally {
            advertisers.clear();
            Dhcp6Server server = dhcp6;
            dhcp6 = null;
            if (server != null) {
                server.close();
            }
        }
    }

    /** The running DHCPv6 server (for its statistics), if the pod has IPv6 and serving started. */
    public synchronized Optional<Dhcp6Server> dhcp6() {
        return Optional.ofNullable(dhcp6);
    }

    /** The running router advertisers, one per bridge served over IPv6. */
    public synchronized List<RouterAdvertiser> routerAdvertisers() {
        return List.copyOf(advertisers.values());
    }

    /**
     * What k6t-net knows about each set-up interface now: the guest's MAC, the lease it serves (with
     * the last exchange and the counters) or, on a pass-through interface, the addresses it learned
     * from the DHCP crossing the bridge, and the tap and bridge as the kernel has them. The serving
     * process's observations come from memory when this instance serves, else from the status file
     * the serving process keeps in the state directory (none when no live process serves).
     */
    public synchronized PodStatus status() {
        checkOpen();
        Instant now = clock.instant();
        List<InterfacePlan> plans = finished(active());
        Map<String, Observed> observed;
        OptionalLong pid;
        if (observer != null) {
            observed = observer.observed();
            pid = OptionalLong.of(ProcessHandle.current().pid());
        } else {
            Optional<StatusFile.Snapshot> snapshot = StatusAssembly.live(new StatusFile(config.stateDir()));
            observed = snapshot.map(StatusFile.Snapshot::interfaces).orElse(Map.of());
            pid = snapshot.map(s -> OptionalLong.of(s.pid())).orElse(OptionalLong.empty());
        }
        List<StatusAssembly.Bound> bound = plans.stream().map(p -> new StatusAssembly.Bound(p.config().name(),
                p.podInterface(), p.guestMac().toString(), p.names().bridge(), p.names().tap())).toList();
        return StatusAssembly.assemble(now, pid, bound, observed, this::linkState);
    }

    private LinkState linkState(String name) {
        return kernel.link(name).map(l -> new LinkState(name, true, l.up(),
                l.masterIndex() > 0 ? kernel.link(l.masterIndex()).map(PodKernel.KernelLink::name) : Optional.empty()))
                .orElse(LinkState.absent(name));
    }

    /**
     * Starts learning the guest's addresses on the pass-through interface of {@code plan}, with a capture
     * on the bridge's uplink opened inside the pod (a capture that cannot be opened is logged and skipped).
     */
    private void learn(PodObserver watching, InterfacePlan plan) {
        String port = plan.names().nic();
        int index = kernel.link(port).orElseThrow(() -> new BindingException(BindingException.Reason.STATE,
                port + " is missing: run setup again")).index();
        MacAddress guest = plan.guestMac();
        if (namespace.isPresent()) {
            namespace.get().run(() -> watching.learn(plan.podInterface(), guest, port, index));
        } else {
            watching.learn(plan.podInterface(), guest, port, index);
        }
    }

    /** An rtnetlink handle in the pod for the server's neighbour lookups. */
    private PodNeighbours neighbours() {
        try {
            NetlinkHandle handle = namespace.isPresent() ? namespace.get().run(NetlinkHandle::open)
                    : NetlinkHandle.open();
            return new PodNeighbours(handle, ForkJoinPool.commonPool());
        } catch (NetlinkException e) {
            throw new DhcpServerException(DhcpServerException.Kind.OTHER, "", e.errno().number(),
                    "cannot open rtnetlink in the pod for the DHCP server's neighbour lookups: " + e.getMessage(), e);
        }
    }

    private static void closeQuietly(PodNeighbours pods, RuntimeException failure) {
        try {
            pods.close();
        } catch (NetlinkException | RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    /** The running DHCP server (for its statistics), if started. */
    public synchronized Optional<DhcpServer> dhcp() {
        return Optional.ofNullable(dhcp);
    }

    /** Hot plug: binds {@code added} and, when DHCP runs, serves it. Rolls back on failure. */
    public synchronized InterfacePlan addInterface(InterfaceConfig added) {
        checkOpen();
        if (config.find(added.name()).isPresent()) {
            throw new IllegalArgumentException("interface " + added.name() + " is configured already"
                    + (removed.contains(added.name()) ? " (removed names are not reused)" : ""));
        }
        PodConfig grown = config.plus(added);
        Plan plan = BridgeBinding.using(grown, kernel, hook).apply(List.of(added.name()));
        config = grown;
        InterfacePlan result = plan.interfaces().get(0);
        if (dhcp != null) {
            try {
                if (result.served()) {
                    LeaseConfig lease = lease(result);
                    dhcp.addInterface(lease);
                    observer.serve(result.podInterface(), lease);
                } else if (!result.served6()) {
                    learn(observer, result);
                }
                if (result.served6()) {
                    if (dhcp6 == null) {
                        startIpv6(List.of(result));
                    } else {
                        dhcp6.addInterface(LeaseFiles.lease6(result));
                        advertise(result);
                    }
                }
            } catch (RuntimeException e) {
                stopIpv6(result.names().bridge());
                if (dhcp.interfaces().contains(result.names().bridge())) {
                    dhcp.removeInterface(result.names().bridge());
                    observer.forget(result.podInterface());
                }
                binding().teardown(List.of(added.name()));
                removed.add(added.name());
                throw e;
            }
        }
        return result;
    }

    /** Hot unplug: stops serving the interface {@code name} and restores its pod link. */
    public synchronized void removeInterface(String name) {
        checkOpen();
        InterfaceConfig iface = config.find(name).filter(i -> !removed.contains(name))
                .orElseThrow(() -> new IllegalArgumentException("no interface " + name + " (have " + active() + ")"));
        if (dhcp != null) {
            String bridge = config.names(config.interfaces().indexOf(iface)).bridge();
            stopIpv6(bridge);
            dhcp.removeInterface(bridge);
            observer.forget(iface.podInterface());
        }
        binding().teardown(List.of(name));
        removed.add(name);
    }

    /** Stops the DHCP servers and releases the namespace; the wiring stays as it is. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            stopDhcp();
        } finally {
            try {
                kernel.close();
            } finally {
                namespace.ifPresent(NetNamespace::close);
            }
        }
    }

    /** Stops IPv6 serving on one bridge (hot unplug). */
    private void stopIpv6(String bridge) {
        RouterAdvertiser a = advertisers.remove(bridge);
        try {
            if (a != null) {
                a.close();
            }
        } finally {
            if (dhcp6 != null) {
                dhcp6.removeInterface(bridge);
            }
        }
    }

    private void stopDhcp() {
        try {
            stopIpv6();
        } finally {
            stopDhcp4();
        }
    }

    private void stopDhcp4() {
        if (dhcp != null) {
            DhcpServer server = dhcp;
            PodObserver watching = observer;
            PodNeighbours pods = neighbours;
            dhcp = null;
            observer = null;
            neighbours = null;
            try {
                server.close();
            } finally {
                try {
                    watching.close();
                } finally {
                    try {
                        pods.close();
                    } catch (NetlinkException e) {
                        LOG.warn("closing the DHCP conflict lookups' rtnetlink handle failed", e);
                    }
                }
            }
        }
    }

    /**
     * Publishes each address conflict the server sees in the state directory
     * ({@code conflict-BRIDGE.json}), where {@code k6t-net explain} reads it, and removes it when the
     * guest renews the address.
     */
    private record ConflictFiles(Path directory) implements ConflictListener {
        @Override
        public void conflict(AddressConflict conflict) {
            conflict.writeTo(directory);
        }

        @Override
        public void resolved(String interfaceName, Inet4Address address) {
            AddressConflict.remove(directory, interfaceName);
        }
    }

    private List<InterfacePlan> finished(List<String> names) {
        StateStore store = new StateStore(config.stateDir());
        List<InterfacePlan> plans = new ArrayList<>();
        for (String name : names) {
            InterfaceConfig iface = config.find(name).orElseThrow();
            StateStore.StateFile state = store.read(iface.podInterface()).orElseThrow(() -> new BindingException(
                    BindingException.Reason.STATE, iface.podInterface() + " is not set up (no state file in "
                    + config.stateDir() + "): run setup first"));
            if (state.phase() != Phase.FINISHED) {
                throw new BindingException(BindingException.Reason.STATE, iface.podInterface()
                        + " setup did not finish (phase " + state.phase() + "): run setup again");
            }
            plans.add(state.plan());
        }
        return plans;
    }

    private LeaseConfig lease(InterfacePlan plan) {
        return LeaseConfig.load(new StateStore(config.stateDir()).leaseFile(plan.podInterface()));
    }

    private Executor channelContext() {
        return namespace.<Executor>map(NetNamespace::executor).orElse(Runnable::run);
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("PodNetwork is closed");
        }
    }
}
