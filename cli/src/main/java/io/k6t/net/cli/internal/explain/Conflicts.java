package io.k6t.net.cli.internal.explain;

import io.k6t.net.cli.internal.CliFailure;
import io.k6t.net.dhcp.server.AddressConflict;
import io.k6t.net.launcher.binding.InterfacePlan;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The address conflict the running DHCP server published for an interface ({@code conflict-BRIDGE.json}
 * in the state directory, written by {@code serve} and {@code run} when the guest declines its address).
 */
final class Conflicts {
    private Conflicts() {
    }

    /** A problem when the guest declined its address and has not renewed it since; empty otherwise. */
    static Optional<Finding> of(InterfacePlan iface, Path stateDir) {
        Optional<AddressConflict> published;
        try {
            published = AddressConflict.readFrom(stateDir, iface.names().bridge());
        } catch (RuntimeException e) {
            throw CliFailure.failed("the DHCP server's conflict file for " + iface.names().bridge() + " is not valid: "
                    + e.getMessage(), e);
        }
        return published.map(c -> {
            String address = c.address().getHostAddress();
            String what = "the guest declined " + address + " (DHCPDECLINE, " + c.declines() + " time(s), first "
                    + c.firstDeclined() + ", last " + c.lastDeclined() + "): another machine answers ARP for it on "
                    + "its link" + c.heldBy().map(mac -> ", MAC " + mac + " in the pod's neighbour table")
                            .orElse("; the pod's neighbour table does not know its MAC");
            String fix = c.heldBy().map(mac -> "stop the machine with MAC " + mac + " from using " + address)
                    .orElse("find who answers ARP for " + address + " on the pod's network (arping -D " + address
                            + " from the guest shows its MAC) and stop it")
                    + "; the guest takes the address at its next DHCP attempt";
            return Finding.problem(iface.podInterface(), what, fix);
        });
    }
}
