package io.k6t.net.cli.internal;

import com.google.common.net.InetAddresses;
import io.k6t.net.launcher.PodNetwork;
import io.k6t.net.launcher.binding.InterfacePlan;
import io.k6t.net.launcher.binding.Plan;
import io.k6t.net.launcher.config.PodConfig;
import io.k6t.net.launcher.config.PodConfigException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.util.Optional;

/** Opening the pod of {@code --config F [--netns N]}, with the contract's exit codes for bad input. */
final class Pods {
    private Pods() {
    }

    /** Reads and validates the pod config; an unreadable or invalid file is a usage error (exit 2). */
    static PodConfig config(PodOptions options) {
        if (!Files.isRegularFile(options.config)) {
            throw CliFailure.usage(options.config + ": no such file");
        }
        try {
            return PodConfig.read(options.config);
        } catch (PodConfigException e) {
            throw CliFailure.usage(options.config + ": " + e.getMessage(), e);
        }
    }

    /** The pod network of the options; changes nothing yet. */
    static PodNetwork open(PodOptions options) {
        PodConfig config = config(options);
        try {
            return PodNetwork.open(config, Optional.ofNullable(options.netns));
        } catch (IllegalArgumentException e) {
            throw CliFailure.usage(e.getMessage(), e);
        } catch (IOException e) {
            throw Namespaces.failure(options.netns, e);
        }
    }

    /** One line per interface: what the guest gets and where. */
    static void printSummary(Plan plan, PrintWriter out) {
        for (InterfacePlan iface : plan.interfaces()) {
            out.println(iface.podInterface() + ": guest " + iface.guestAddress().map(Object::toString)
                    .orElse("(no IPv4)")
                    + " mac " + iface.guestMac() + " mtu " + iface.mtu() + " on tap " + iface.names().tap()
                    + ", bridge " + iface.names().bridge()
                    + iface.serverAddress().map(a -> ", DHCP server " + InetAddresses.toAddrString(a))
                            .orElse(", no DHCP server"));
        }
        plan.warnings().forEach(w -> out.println("warning: " + w));
        out.flush();
    }
}
