package io.k6t.net.launcher.binding;

import io.k6t.net.dhcp.MacAddress;
import io.k6t.net.dhcp.server.LeaseConfigException;
import io.k6t.net.launcher.binding.BindingException.Reason;
import io.k6t.net.launcher.binding.PodKernel.KernelLink;
import io.k6t.net.launcher.binding.internal.BindingExecutor;
import io.k6t.net.launcher.binding.internal.PlaceholderStep;
import io.k6t.net.launcher.binding.internal.LeaseFiles;
import io.k6t.net.launcher.binding.internal.StateStore;
import io.k6t.net.launcher.config.InterfaceConfig;
import io.k6t.net.launcher.config.LinkNames;
import io.k6t.net.launcher.config.PodConfig;
import io.k6t.net.launcher.discovery.PodInterface;
import io.k6t.net.launcher.discovery.ResolvConf;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Predicate;

/**
 * The bridge binding of a pod's interfaces, in one network namespace: {@link #plan()} reads,
 * {@link #apply()} changes, {@link #teardown()} restores. Interfaces already recorded in the state
 * directory are planned from their state file (what discovery saw before any change), the others
 * from the live links.
 */
public final class BridgeBinding {
    private final PodConfig config;
    private final PodKernel kernel;
    private final StateStore store;
    private final BindingExecutor executor;

    private BridgeBinding(PodConfig config, PodKernel kernel, StepHook hook, Clock clock) {
        this.config = config;
        this.kernel = kernel;
        this.store = new StateStore(config.stateDir());
        this.executor = new BindingExecutor(kernel, store, hook, clock);
    }

    /**
     * A binding acting through {@code kernel} (which the caller keeps and closes; {@link PodKernel#in}
     * gives the real one); {@code hook} runs around every forward step (tests inject faults with it;
     * {@link StepHook#NONE} otherwise).
     */
    public static BridgeBinding using(PodConfig config, PodKernel kernel, StepHook hook) {
        return using(config, kernel, hook, Clock.systemUTC());
    }

    /**
     * Like {@link #using(PodConfig, PodKernel, StepHook)}, with the clock that ages the recorded
     * lifetimes of the pod's addresses when they are put back (tests hold it still or move it on).
     */
    public static BridgeBinding using(PodConfig config, PodKernel kernel, StepHook hook, Clock clock) {
        return new BridgeBinding(config, kernel, hook, clock);
    }

    /** The configuration. */
    public PodConfig config() {
        return config;
    }

    /** Discovery plus the steps {@link #apply()} would take for every configured interface. Changes nothing. */
    public Plan plan() {
        return plan(i -> true);
    }

    /** {@link #plan()} for the interfaces (by configured name) in {@code names}. */
    public Plan plan(Collection<String> names) {
        return plan(i -> names.contains(i.name()));
    }

    private Plan plan(Predicate<InterfaceConfig> which) {
        List<InterfacePlan> plans = new ArrayList<>();
        Map<String, Phase> phases = new LinkedHashMap<>();
        ResolvConf resolv = null;
        for (int index = 0; index < config.interfaces().size(); index++) {
            InterfaceConfig iface = config.interfaces().get(index);
            if (!which.test(iface)) {
                continue;
            }
            Optional<StateStore.StateFile> state = store.read(iface.podInterface());
            if (state.isPresent()) {
                plans.add(state.get().plan());
                phases.put(iface.podInterface(), state.get().phase());
                continue;
            }
            if (resolv == null) {
                resolv = readResolvConf();
            }
            plans.add(discover(index, iface, resolv));
            phases.put(iface.podInterface(), Phase.NEW);
        }
        return new Plan(plans, phases);
    }

    /** Applies every configured interface: new ones are set up, interrupted ones resumed, finished ones checked. */
    public Plan apply() {
        Plan plan = plan();
        executor.apply(plan.interfaces(), plan.phases());
        return plan;
    }

    /** {@link #apply()} for the interfaces (by configured name) in {@code names}. */
    public Plan apply(Collection<String> names) {
        Plan plan = plan(names);
        executor.apply(plan.interfaces(), plan.phases());
        return plan;
    }

    /** Restores every configured interface that has a state file to what discovery saw. */
    public void teardown() {
        teardown(config.interfaces().stream().map(InterfaceConfig::name).toList());
    }

    /** {@link #teardown()} for the interfaces (by configured name) in {@code names}, last first. */
    public void teardown(Collection<String> names) {
        List<InterfacePlan> recorded = new ArrayList<>();
        for (InterfaceConfig iface : config.interfaces()) {
            if (names.contains(iface.name())) {
                store.read(iface.podInterface()).ifPresent(s -> recorded.add(s.plan()));
            }
        }
        executor.teardown(recorded);
    }

    private InterfacePlan discover(int index, InterfaceConfig iface, ResolvConf resolv) {
        LinkNames names = config.names(index);
        KernelLink link = kernel.link(iface.podInterface()).orElseThrow(() -> new BindingException(
                Reason.POD_INTERFACE_MISSING, "interfaces[" + index + "].podInterface: pod link "
                + iface.podInterface() + " does not exist" + kernel.link(names.nic())
                .map(l -> " (but " + names.nic() + " does: set up before, and its state in "
                        + config.stateDir() + " is gone?)").orElse("")));
        for (String name : List.of(names.bridge(), names.tap(), names.nic(), names.placeholderPeer())) {
            Optional<KernelLink> holder = kernel.link(name);
            if (holder.isPresent()) {
                throw new BindingException(Reason.NAME_TAKEN, iface.podInterface() + ": link name " + name
                        + " is taken by ifindex " + holder.get().index() + " (kind " + holder.get().kind()
                        + "), which k6t-net did not create; nothing was changed");
            }
        }
        if (iface.mtu().isPresent() && iface.mtu().getAsInt() > link.mtu()) {
            throw new BindingException(Reason.POD_INTERFACE_UNUSABLE, "interfaces[" + index + "].mtu: "
                    + iface.mtu().getAsInt() + " exceeds the MTU " + link.mtu() + " of pod link " + link.name());
        }
        MacAddress mac = link.mac().orElseThrow(() -> new BindingException(Reason.POD_INTERFACE_UNUSABLE,
                "interfaces[" + index + "].podInterface: pod link " + link.name() + " has no MAC address (kind "
                + (link.kind().isEmpty() ? "none" : link.kind()) + "): it cannot be a bridge port"));
        PodInterface original = kernel.discover(link.index());
        List<String> search = new ArrayList<>(resolv.searchDomains());
        if (config.subdomain().isPresent() && !search.isEmpty()) {
            search.add(0, config.subdomain().get() + "." + search.get(0));
        }
        OptionalInt arpIgnore = iface.keepPodAddress() ? kernel.sysctl(PlaceholderStep.ARP_IGNORE)
                : OptionalInt.empty();
        boolean ipv4 = original.ipv4().stream().anyMatch(a -> !a.isSecondary());
        boolean ipv6 = original.ipv6().stream().anyMatch(InterfacePlan::isPodIpv6);
        OptionalInt forwarding = ipv6 ? kernel.sysctl(InterfacePlan.IPV6_FORWARDING) : OptionalInt.empty();
        InterfacePlan plan = new InterfacePlan(index, iface, names, original, bridgeMac(iface.podInterface(), mac),
                iface.macAddress().map(MacAddress::parse).orElse(mac), iface.mtu().orElse(link.mtu()),
                ipv4 ? Optional.of(InterfacePlan.serverAddressOf(index)) : Optional.empty(),
                resolv.nameservers().stream().filter(a -> a instanceof Inet4Address).map(a -> (Inet4Address) a)
                        .toList(), search, config.hostname(), arpIgnore,
                resolv.nameservers().stream().filter(a -> a instanceof Inet6Address).map(a -> (Inet6Address) a)
                        .toList(), forwarding);
        if (plan.served()) {
            try {
                LeaseFiles.lease(plan);
            } catch (LeaseConfigException e) {
                throw new BindingException(Reason.POD_INTERFACE_UNUSABLE, "interfaces[" + index
                        + "]: the DHCP server cannot serve pod link " + link.name() + ": " + e.getMessage(), null, e);
            }
        }
        if (plan.served6()) {
            try {
                LeaseFiles.lease6(plan);
                LeaseFiles.advertisement(plan);
            } catch (IllegalArgumentException e) {
                throw new BindingException(Reason.POD_INTERFACE_UNUSABLE, "interfaces[" + index
                        + "]: the DHCPv6 server cannot serve pod link " + link.name() + ": " + e.getMessage(), null, e);
            }
        }
        return plan;
    }

    /** The pod's resolv.conf; a missing file gives the guest no DNS servers (option 6 carries IPv4 only). */
    private ResolvConf readResolvConf() {
        try {
            return ResolvConf.read(config.resolvConf());
        } catch (NoSuchFileException e) {
            return ResolvConf.parse("");
        } catch (IOException e) {
            throw new BindingException(Reason.STATE, "cannot read resolvConf " + config.resolvConf() + ": " + e,
                    null, e);
        }
    }

    /**
     * The bridge's MAC (also the renamed pod link's): locally administered, unicast, derived from
     * the pod interface's name and original MAC, so it is stable across runs and unique per pod.
     */
    static MacAddress bridgeMac(String podInterface, MacAddress originalMac) {
        byte[] digest;
        try {
            digest = MessageDigest.getInstance("SHA-256")
                    .digest(("k6t-net bridge " + podInterface + " " + originalMac).getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
        digest[0] = (byte) ((digest[0] & 0xfc) | 0x02);
        return MacAddress.fromBytes(java.util.Arrays.copyOf(digest, 6));
    }
}
