package io.k6t.net.cli.internal;

import io.k6t.net.launcher.PodNetwork;
import io.k6t.net.libvirt.InterfaceSpec;
import io.k6t.net.libvirt.InterfaceXml;
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
        List<InterfaceSpec> specs;
        try (PodNetwork pod = Pods.open(this.pod)) {
            specs = pod.libvirtInterfaces();
        }
        out().println(InterfaceXml.toXml(specs));
        out().flush();
        return 0;
    }
}
