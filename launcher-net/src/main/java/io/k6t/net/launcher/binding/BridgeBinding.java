package io.k6t.net.launcher.binding;

import com.google.common.net.InetAddresses;
import io.k6t.net.launcher.binding.BindingException.Reason;
import io.k6t.net.dhcp.server.LeaseConfigException;
import io.k6t.net.launcher.binding.internal.BindingExecutor;
import io.k6t.net.launcher.binding.internal.LeaseFiles;
import io.k6t.net.launcher.binding.internal.PodKernel.KernelLink;
import io.k6t.net.launcher.binding.internal.PodKernel;
import io.k6t.net.launcher.binding.internal.StateStore;
import io.k6t.net.launcher.binding.internal.StepHook;
import io.k6t.net.launcher.config.InterfaceConfig;
import io.k6t.net.launcher.config.LinkNames;
import io.k6t.net.launcher.config.PodConfig;
import io.k6t.net.launcher.discovery.ResolvConf;
import java.io.IOException;
import java.net.Inet4Address;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
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

    private BridgeBinding(PodConfig config, PodKernel kernel, StepHook hook) {
        this.config = config;
        this.kernel = kernel;
        this.store = new StateStore(config.stateDir());
        this.executor = new BindingExecutor(kernel, store, hook);
    }

    /**
     * A binding acting through {@code kernel} (which the caller keeps and closes); {@code hook}
     * runs around every forward step (tests inject faults with it; {@link StepHook#NONE} otherwise).
     */
    public static BridgeBinding using(PodConfig config, PodKernel kernel, StepHook hook) {
        return new BridgeBinding(config, kernel, hook);
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
        PodLink original = new PodLink(link.index(), link.name(), link.mac(), link.mtu(), link.up(),
                kernel.addresses(link.index()), kernel.routes(link.index()));
        boolean ipv4 = !original.ipv4().isEmpty();
        List<String> search = new ArrayList<>(resolv.searchDomains());
        if (config.subdomain().isPresent() && !search.isEmpty()) {
            search.add(0, config.subdomain().get() + "." + search.get(0));
        }
        OptionalInt arpIgnore = iface.keepPodAddress() ? kernel.sysctl(BindingExecutor.ARP_IGNORE)
                : OptionalInt.empty();
        InterfacePlan plan = new InterfacePlan(index, iface, names, original,
                bridgeMac(iface.podInterface(), link.mac()),
                iface.macAddress().orElse(link.mac()), iface.mtu().orElse(link.mtu()),
                ipv4 ? Optional.of(InterfacePlan.SERVER_ADDRESS_PREFIX + index) : Optional.empty(),
                resolv.nameservers().stream().filter(a -> a instanceof Inet4Address)
                        .map(InetAddresses::toAddrString).toList(), search, config.hostname(), arpIgnore);
        if (plan.served()) {
            try {
                LeaseFiles.lease(plan);
            } catch (LeaseConfigException e) {
                throw new BindingException(Reason.POD_INTERFACE_UNUSABLE, "interfaces[" + index
                        + "]: the DHCP server cannot serve pod link " + link.name() + ": " + e.getMessage(), null, e);
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
    static String bridgeMac(String podInterface, String originalMac) {
        byte[] digest;
        try {
            digest = MessageDigest.getInstance("SHA-256")
                    .digest(("k6t-net bridge " + podInterface + " " + originalMac).getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
        digest[0] = (byte) ((digest[0] & 0xfc) | 0x02);
        return HexFormat.ofDelimiter(":").formatHex(digest, 0, 6);
    }
}
