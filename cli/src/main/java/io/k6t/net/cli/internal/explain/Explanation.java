package io.k6t.net.cli.internal.explain;

import io.k6t.net.cli.internal.CliFailure;
import io.k6t.net.dhcp.server.LeaseConfig;
import io.k6t.net.launcher.binding.InterfacePlan;
import io.k6t.net.launcher.binding.Phase;
import io.k6t.net.launcher.binding.Plan;
import io.k6t.net.launcher.config.PodConfig;
import io.k6t.net.launcher.netns.NetNamespace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/** Everything explain found in one pod, interface by interface. */
public record Explanation(List<Finding> findings) {
    public Explanation {
        findings = List.copyOf(findings);
    }

    /**
     * Inspects the pod of {@code config}, planned as {@code plan}, in {@code namespace} (empty: the
     * current one), comparing MACs with {@code libvirtXml} and explaining the last request of
     * {@code capture} when given.
     */
    public static Explanation inspect(PodConfig config, Plan plan, Optional<NetNamespace> namespace,
            Optional<Path> libvirtXml, Optional<Path> capture) throws Exception {
        LiveState live = namespace.isPresent() ? namespace.get().run(LiveState::read) : LiveState.read();
        Optional<LibvirtMacs> libvirt = libvirtXml.map(LibvirtMacs::read);
        List<Finding> findings = new ArrayList<>();
        for (InterfacePlan iface : plan.interfaces()) {
            String name = iface.podInterface();
            Phase phase = plan.phase(name);
            if (phase != Phase.FINISHED) {
                findings.add(Finding.problem(name, "setup has not finished (phase " + phase + "): the guest has "
                        + "no bridge binding yet", "run k6t-net setup (or run) in the pod"));
                continue;
            }
            OptionalInt owner = live.tapOwner(iface.names().tap());
            Optional<LeaseConfig> lease = lease(config.stateDir().resolve("lease-" + name + ".json"));
            Optional<String> libvirtMac = libvirt.flatMap(x -> x.macOf(iface.config().name(), iface.names().tap()));
            findings.addAll(Checks.of(iface, live, owner, lease, libvirtMac));
            if (iface.served()) {
                Conflicts.of(iface, config.stateDir()).ifPresent(findings::add);
            }
            if (capture.isPresent() && lease.isPresent()) {
                findings.add(LastExchange.of(name, capture.get(), lease.get()));
            }
        }
        return new Explanation(findings);
    }

    private static Optional<LeaseConfig> lease(Path file) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(LeaseConfig.load(file));
        } catch (RuntimeException e) {
            throw CliFailure.failed("the lease file " + file + " is not valid: " + e.getMessage(), e);
        }
    }
}
