package io.k6t.net.cli.internal;

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
        throw CliFailure.notAvailable("the bridge binding and libvirt-bridge");
    }
}
