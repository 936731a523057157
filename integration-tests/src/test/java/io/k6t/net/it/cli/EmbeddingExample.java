package io.k6t.net.it.cli;

import io.k6t.net.dhcp.server.InterfaceStats;
import io.k6t.net.launcher.PodNetwork;
import io.k6t.net.launcher.binding.InterfacePlan;
import io.k6t.net.launcher.binding.Plan;
import io.k6t.net.launcher.config.PodConfig;
import io.k6t.net.libvirt.InterfaceSpec;
import io.k6t.net.libvirt.InterfaceXml;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The example of docs/user-guide.md: the region between the tag comments is included there
 * verbatim (EmbeddingExampleIT checks it) and runs against a real pod in that test.
 */
final class EmbeddingExample {
    private EmbeddingExample() {
    }

    // tag::embed[]
    /**
     * What a launcher does in the pod: wire every configured interface for the VM, hand the libvirt
     * interface XML to whoever defines the domain, serve DHCP while the VM runs.
     */
    static List<InterfaceStats> launch(Path configFile, String podNamespace, Consumer<String> runVm)
            throws IOException {
        PodConfig config = PodConfig.read(configFile);        // validated; errors name the field
        try (PodNetwork pod = PodNetwork.open(config, Optional.of(podNamespace))) {
            Plan plan = pod.setup();                          // idempotent; rolls back on failure
            List<InterfaceSpec> nics = new ArrayList<>();
            for (InterfacePlan iface : plan.interfaces()) {
                nics.add(InterfaceSpec.builder()
                        .name(iface.config().name())          // alias ua-<name>
                        .ethernet(iface.names().tap())        // <target dev='tap0' managed='no'/>
                        .mac(iface.guestMac().toString())     // the MAC the DHCP server serves
                        .mtu(iface.mtu())
                        .build());
            }
            pod.startDhcp();                                  // sockets inside the pod namespace
            runVm.accept(InterfaceXml.toXml(nics));           // e.g. define and start the domain
            return pod.dhcp().orElseThrow().stats();
        }                                                     // DHCP stops; the wiring stays
    }
    // end::embed[]
}
