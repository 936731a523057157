package io.k6t.net.kubevirt.handoff;

import io.k6t.net.kubevirt.handoff.HandoffException.Reason;
import io.k6t.net.launcher.netlink.NetlinkException;
import io.k6t.net.launcher.netlink.NetlinkHandle;
import io.k6t.net.launcher.netns.NetNamespace;
import java.util.List;
import java.util.Optional;

/**
 * Reads the hand-offs of a network namespace from its links' aliases. One {@code RTM_GETLINK} dump,
 * which needs no privilege: the unprivileged sidecar reads what the CNI plugin wrote.
 */
public final class HandoffReader {
    private HandoffReader() {
    }

    /** Every hand-off in the calling thread's network namespace (the sidecar's: the pod's). */
    public static List<Handoff> read() {
        try (NetlinkHandle netlink = NetlinkHandle.open()) {
            return read(netlink);
        } catch (NetlinkException e) {
            throw new HandoffException(Reason.KERNEL, "cannot read link aliases: " + e.getMessage(), e);
        }
    }

    /** Every hand-off in the namespace of {@code namespace}'s thread. */
    public static List<Handoff> read(NetNamespace namespace) {
        return namespace.run(() -> read());
    }

    /** Every hand-off in the namespace of {@code netlink}. */
    public static List<Handoff> read(NetlinkHandle netlink) {
        try {
            return HandoffCodec.decodeAll(netlink.aliases());
        } catch (NetlinkException e) {
            throw new HandoffException(Reason.KERNEL, "cannot read link aliases: " + e.getMessage(), e);
        }
    }

    /** The hand-off of pod interface {@code podInterface}, if the namespace has one. */
    public static Optional<Handoff> find(List<Handoff> handoffs, String podInterface) {
        return handoffs.stream().filter(h -> h.podInterface().equals(podInterface)).findFirst();
    }
}
