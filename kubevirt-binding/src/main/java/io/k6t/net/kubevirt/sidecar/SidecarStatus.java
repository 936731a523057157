package io.k6t.net.kubevirt.sidecar;

import io.k6t.net.kubevirt.handoff.Handoff;
import io.k6t.net.kubevirt.handoff.HandoffReader;
import io.k6t.net.launcher.netlink.NetlinkException;
import io.k6t.net.launcher.netlink.NetlinkHandle;
import io.k6t.net.launcher.status.LinkState;
import io.k6t.net.launcher.status.PodStatus;
import io.k6t.net.launcher.status.internal.StatusAssembly;
import io.k6t.net.launcher.status.internal.StatusFile;
import io.k6t.net.launcher.status.internal.StatusFile.Observed;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;

/**
 * The pod's status as the sidecar sees it: one interface per hand-off (named by the VMI's network),
 * the observations of the running sidecar (served leases, learned addresses, the guest MAC the domain
 * gives), and the bridge and tap as the kernel has them now. The same {@link StatusAssembly} as
 * {@code PodNetwork.status()}, with the hand-offs in place of the binding's state files, which stay
 * on the node with the CNI plugin.
 */
public final class SidecarStatus {
    private SidecarStatus() {
    }

    /**
     * Reads the status in the calling thread's network namespace (the pod's) while a sidecar serves it,
     * from the file the sidecar publishes in {@code statusDir} ({@link Sidecar.Options#statusDir()}); with
     * no live sidecar, the hand-offs and links alone.
     *
     * @throws SidecarException when the namespace holds no hand-off or its links cannot be read
     */
    public static PodStatus read(Path statusDir) {
        List<Handoff> handoffs = HandoffReader.read();
        if (handoffs.isEmpty()) {
            throw new SidecarException("no hand-off from the k6t-net CNI plugin in this network namespace: not a"
                    + " pod the plugin bound", null);
        }
        Optional<StatusFile.Snapshot> snapshot = StatusAssembly.live(new StatusFile(statusDir));
        return of(handoffs, snapshot.map(StatusFile.Snapshot::interfaces).orElse(Map.of()),
                snapshot.map(s -> OptionalLong.of(s.pid())).orElse(OptionalLong.empty()), Instant.now());
    }

    /** The status of {@code handoffs} with the observations of process {@code pid}, links read now. */
    static PodStatus of(List<Handoff> handoffs, Map<String, Observed> observed, OptionalLong pid, Instant now) {
        List<StatusAssembly.Bound> bound = handoffs.stream().map(h -> new StatusAssembly.Bound(h.network(),
                h.podInterface(), h.guestMac(), h.bridge(), h.tap())).toList();
        return StatusAssembly.assemble(now, pid, bound, observed, links());
    }

    private static Function<String, LinkState> links() {
        try (NetlinkHandle netlink = NetlinkHandle.open()) {
            return StatusAssembly.states(netlink.links());
        } catch (NetlinkException e) {
            throw new SidecarException("cannot read the pod's links: " + e.getMessage(), e);
        }
    }
}
