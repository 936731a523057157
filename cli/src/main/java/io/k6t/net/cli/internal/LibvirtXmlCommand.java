package io.k6t.net.cli.internal;

import io.k6t.net.launcher.PodNetwork;
import io.k6t.net.launcher.binding.InterfacePlan;
import io.k6t.net.libvirt.InterfaceSpec;
import io.k6t.net.libvirt.InterfaceXml;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code k6t-net libvirt-xml}. */
@Command(name = "libvirt-xml", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Prints the libvirt <interface> elements for the configured interfaces.")
public final class LibvirtXmlCommand extends BaseCommand {
    @Mixin
    PodOptions pod;

    @Override
    int run() {
        List<InterfaceSpec> specs = new ArrayList<>();
        try (PodNetwork pod = Pods.open(this.pod)) {
            for (InterfacePlan iface : pod.plan().interfaces()) {
                specs.add(spec(iface));
            }
        }
        out().println(InterfaceXml.toXml(specs));
        out().flush();
        return 0;
    }

    /** The design's default: an unmanaged tap (type ethernet), the guest MAC and MTU, the alias ua-NAME. */
    static InterfaceSpec spec(InterfacePlan iface) {
        InterfaceSpec.Builder spec = InterfaceSpec.builder()
                .name(iface.config().name())
                .ethernet(iface.names().tap())
                .mac(iface.guestMac())
                .mtu(iface.mtu())
                .queues(iface.config().queues())
                .model(iface.config().model().orElse(InterfaceSpec.DEFAULT_MODEL));
        iface.config().bootOrder().ifPresent(spec::bootOrder);
        return spec.build();
    }
}
