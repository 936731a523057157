package io.k6t.net.kubevirt.handoff;

import io.k6t.net.kubevirt.handoff.HandoffException.Reason;
import io.k6t.net.launcher.netlink.NetlinkException;
import io.k6t.net.launcher.netlink.NetlinkHandle;
import java.util.List;
import java.util.Map;

/** Writes and removes a hand-off in the aliases of its carrier links (the CNI plugin's side). */
public final class HandoffWriter {
    private HandoffWriter() {
    }

    /**
     * Stores {@code handoff} in the aliases of {@link Handoff#carriers()} (which must exist), and
     * removes any older part from the carriers it no longer needs.
     *
     * @throws HandoffException {@link Reason#TOO_LARGE} before any change, {@link Reason#KERNEL} when
     *                          the kernel refuses
     */
    public static void write(NetlinkHandle netlink, Handoff handoff) {
        List<String> aliases = HandoffCodec.encode(handoff);
        List<String> carriers = handoff.carriers();
        try {
            for (int i = 0; i < carriers.size(); i++) {
                netlink.setAlias(carriers.get(i), i < aliases.size() ? aliases.get(i) : "");
            }
        } catch (NetlinkException e) {
            throw new HandoffException(Reason.KERNEL, "cannot store the hand-off of " + handoff.podInterface()
                    + ": " + e.getMessage(), e);
        }
    }

    /**
     * Removes the hand-off parts from the links named in {@code carriers} that exist and carry one;
     * other aliases are left alone. Idempotent.
     */
    public static void clear(NetlinkHandle netlink, List<String> carriers) {
        try {
            Map<String, String> aliases = netlink.aliases();
            for (String carrier : carriers) {
                String alias = aliases.get(carrier);
                if (alias != null && HandoffCodec.isHandoff(alias)) {
                    netlink.setAlias(carrier, "");
                }
            }
        } catch (NetlinkException e) {
            throw new HandoffException(Reason.KERNEL, "cannot remove the hand-off from " + carriers + ": "
                    + e.getMessage(), e);
        }
    }
}
