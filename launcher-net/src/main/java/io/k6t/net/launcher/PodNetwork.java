package io.k6t.net.launcher;

import io.k6t.net.dhcp.server.AddressConflict;
import io.k6t.net.dhcp.server.ConflictListener;
import io.k6t.net.dhcp.server.DhcpServer;
import io.k6t.net.dhcp.server.DhcpServerException;
import io.k6t.net.dhcp.server.LeaseConfig;
import io.k6t.net.launcher.binding.BindingException;
import io.k6t.net.launcher.binding.BridgeBinding;
import io.k6t.net.launcher.binding.InterfacePlan;
import io.k6t.net.launcher.binding.Phase;
import io.k6t.net.launcher.binding.Plan;
import io.k6t.net.launcher.binding.internal.NetlinkPodKernel;
import io.k6t.net.launcher.binding.internal.PodKernel;
import io.k6t.net.launcher.binding.internal.StateStore;
import io.k6t.net.launcher.binding.internal.StepHook;
import io.k6t.net.launcher.config.InterfaceConfig;
import io.k6t.net.launcher.config.PodConfig;
import io.k6t.net.launcher.internal.PodNeighbours;
import io.k6t.net.launcher.netlink.NetlinkException;
import io.k6t.net.launcher.netlink.NetlinkHandle;
import io.k6t.net.launcher.netns.NetNamespace;
import io.k6t.net.libvirt.InterfaceSpec;
import java.io.IOException;
import java.net.Inet4Address;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
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
 *     pod.startDhcp();    // one event-loop thread for every bridge, sockets inside the pod
 *     ...                 // addInterface / removeInterface while the VM runs (hot plug)
 * }                       // stops the servers; the wiring stays (teardown() restores the pod)
 * }</pre>
 *
 * <p>Thread-safe: methods are synchronized.
 */
public final class PodNetwork implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PodNetwork.class);

    private final Optional<NetNamespace> namespace;
    private final PodKernel kernel;
    private final StepHook hook;
    private final Set<String> removed = new HashSet<>();
    private PodConfig config;
    private DhcpServer dhcp;
    private PodNeighbours neighbours;
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
            return new PodNetwork(config, Optional.empty(), NetlinkPodKernel.current(), StepHook.NONE);
        }
        NetNamespace ns = NetNamespace.open(nameOrPath.get());
        try {
            return new PodNetwork(config, Optional.of(ns), NetlinkPodKernel.in(ns), StepHook.NONE);
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
     * in the state directory), all on one event-loop thread, their sockets created inside the pod.
     */
    public synchronized void startDhcp() {
        checkOpen();
        if (dhcp != null) {
            throw new IllegalStateException("DHCP servers already started");
        }
        List<InterfacePlan> served = finished(active()).stream().filter(InterfacePlan::served).toList();
        PodNeighbours pods = neighbours();
        DhcpServer.Builder builder = DhcpServer.builder().channelContext(channelContext())
                .neighbourLookup(pods).conflictListener(new ConflictFiles(config.stateDir()));
        for (InterfacePlan plan : served) {
            builder.lease(lease(plan));
            // A conflict file describes what the running server saw; a new server starts without one.
            AddressConflict.remove(config.stateDir(), plan.names().bridge());
        }
        DhcpServer server = builder.build();
        try {
            server.start();
        } catch (RuntimeException e) {
            closeQuietly(pods, e);
            throw e;
        }
        dhcp = server;
        neighbours = pods;
        LOG.info("DHCP serving {}", server.interfaces());
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
        if (dhcp != null && result.served()) {
            try {
                dhcp.addInterface(lease(result));
            } catch (RuntimeException e) {
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
            dhcp.removeInterface(config.names(config.interfaces().indexOf(iface)).bridge());
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

    private void stopDhcp() {
        if (dhcp != null) {
            DhcpServer server = dhcp;
            PodNeighbours pods = neighbours;
            dhcp = null;
            neighbours = null;
            try {
                server.close();
            } finally {
                try {
                    pods.close();
                } catch (NetlinkException e) {
                    LOG.warn("closing the DHCP conflict lookups' rtnetlink handle failed", e);
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
