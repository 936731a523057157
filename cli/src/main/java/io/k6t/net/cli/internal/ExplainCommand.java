package io.k6t.net.cli.internal;

import io.k6t.net.cli.internal.explain.Explanation;
import io.k6t.net.cli.internal.explain.Finding;
import io.k6t.net.launcher.PodNetwork;
import io.k6t.net.launcher.binding.Plan;
import io.k6t.net.launcher.netns.NetNamespace;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code k6t-net explain}. */
@Command(name = "explain", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Checks the live pod and says in plain words what is wrong and how to fix it.",
        footer = {"",
            "Checks, per interface: setup finished; bridge present and up; tap present, a port of the bridge,",
            "owned by the configured uid; pod link a port of the bridge and holding no IPv4 or global IPv6",
            "address; one MTU",
            "on tap, bridge and pod link; the lease file's MAC equals the guest's (from --libvirt-xml, else",
            "the config); a UDP socket on port 67 in the pod; no link holding the guest's address (renewals);",
            "the route GUEST/32 via the bridge; no address conflict reported by the guest (a DHCPDECLINE the",
            "running server published in the state directory); with global IPv6: no link holding the guest's",
            "IPv6 address, the route GUEST/128 via the bridge, IPv6 forwarding on, a UDP socket on port 547;",
            "with --capture, the guest's last DHCPv4 request and the decision.",
            "Prints one line per check (ok or PROBLEM, with a fix). Exit 0: no problem; 1: problems found."})
public final class ExplainCommand extends BaseCommand {
    @Mixin
    PodOptions pod;

    @Option(names = "--libvirt-xml", paramLabel = "FILE",
            description = "The domain XML (virsh dumpxml) or interface XML the guest runs with, to compare MACs.")
    Path libvirtXml;

    @Option(names = "--capture", paramLabel = "FILE",
            description = "A capture of the pod's DHCP traffic (e.g. dhcp trace --write): explains the guest's "
                    + "last request.")
    Path capture;

    @Override
    int run() throws Exception {
        Plan plan;
        try (PodNetwork network = Pods.open(pod)) {
            plan = network.plan();
        }
        Explanation explanation;
        Optional<NetNamespace> namespace = Namespaces.open(pod.netns);
        try {
            explanation = Explanation.inspect(Pods.config(pod), plan, namespace, Optional.ofNullable(libvirtXml),
                    Optional.ofNullable(capture));
        } finally {
            namespace.ifPresent(NetNamespace::close);
        }
        explanation.findings().forEach(f -> out().println(f.toText()));
        long problems = explanation.findings().stream().filter(Finding::problem).count();
        out().println(problems == 0 ? "no problem found" : problems + " problem(s) found");
        out().flush();
        return problems == 0 ? 0 : CliFailure.FAILURE;
    }
}
