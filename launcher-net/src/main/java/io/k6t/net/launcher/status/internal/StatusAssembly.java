package io.k6t.net.launcher.status.internal;

import io.k6t.net.launcher.netlink.Link;
import io.k6t.net.launcher.status.InterfaceStatus;
import io.k6t.net.launcher.status.LinkState;
import io.k6t.net.launcher.status.PodStatus;
import io.k6t.net.launcher.status.internal.StatusFile.Observed;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Builds a {@link PodStatus} from what the binding made (links, guest MAC), what the serving process
 * observed and the links as the kernel has them now: the one assembly behind
 * {@code PodNetwork.status()} and the KubeVirt sidecar's status and metrics.
 */
public final class StatusAssembly {
    private StatusAssembly() {
    }

    /**
     * One bound interface as its binding describes it.
     *
     * @param name         the interface's name ({@code default}; the sidecar: the VMI's network name)
     * @param podInterface the pod interface it binds
     * @param guestMac     the guest MAC the binding planned
     * @param bridge       the bridge's name
     * @param tap          the tap's name
     */
    public record Bound(String name, String podInterface, String guestMac, String bridge, String tap) {
        public Bound {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(podInterface, "podInterface");
            Objects.requireNonNull(guestMac, "guestMac");
            Objects.requireNonNull(bridge, "bridge");
            Objects.requireNonNull(tap, "tap");
        }
    }

    /**
     * The status at {@code now}: per bound interface, the observations of the process {@code pid}
     * (by pod interface; learned addresses whose lease ended by {@code now} are left out) and the
     * bridge and tap from {@code links}.
     */
    public static PodStatus assemble(Instant now, OptionalLong pid, List<Bound> bound, Map<String, Observed> observed,
            Function<String, LinkState> links) {
        List<InterfaceStatus> interfaces = new ArrayList<>();
        for (Bound b : bound) {
            Optional<Observed> seen = Optional.ofNullable(observed.get(b.podInterface()));
            interfaces.add(new InterfaceStatus(b.name(), b.podInterface(),
                    seen.flatMap(Observed::guestMac).orElse(b.guestMac()), links.apply(b.bridge()),
                    links.apply(b.tap()), seen.flatMap(Observed::served),
                    seen.map(Observed::learned).orElse(List.of()).stream().filter(a -> !a.expiredAt(now)).toList()));
        }
        return new PodStatus(now, pid, interfaces);
    }

    /** The last snapshot in {@code file}, unless its writer is gone (then nothing serves the pod). */
    public static Optional<StatusFile.Snapshot> live(StatusFile file) {
        return file.read().filter(s -> ProcessHandle.of(s.pid()).map(ProcessHandle::isAlive).orElse(false));
    }

    /** The states of {@code links} (one dump of the namespace), by name; a name not among them is absent. */
    public static Function<String, LinkState> states(List<Link> links) {
        Map<Integer, String> names = links.stream().collect(Collectors.toMap(Link::index, Link::name));
        Map<String, LinkState> byName = links.stream().collect(Collectors.toMap(Link::name,
                l -> new LinkState(l.name(), true, l.attributes().up(),
                        l.attributes().masterIndex().isPresent()
                                ? Optional.ofNullable(names.get(l.attributes().masterIndex().getAsInt()))
                                : Optional.empty())));
        return name -> byName.getOrDefault(name, LinkState.absent(name));
    }
}
