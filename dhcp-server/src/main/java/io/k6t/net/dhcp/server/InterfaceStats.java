package io.k6t.net.dhcp.server;

import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * A consistent-enough snapshot of one interface's counters (each counter is read atomically; the
 * set is not taken under a lock).
 *
 * @param interfaceName the bridge served
 * @param received datagrams received on port 67, including the ones dropped
 * @param offered DHCPOFFERs sent
 * @param acked DHCPACKs sent for REQUESTs
 * @param naked DHCPNAKs sent
 * @param informed DHCPACKs sent for INFORMs
 * @param dropped datagrams not answered, by reason (every reason present, zero when none); DHCPDECLINEs
 *     are counted as {@link DropReason#DECLINE}
 * @param conflict the address the guest declined and has not renewed since, if any
 */
public record InterfaceStats(String interfaceName, long received, long offered, long acked, long naked, long informed,
        Map<DropReason, Long> dropped, Optional<AddressConflict> conflict) {
    /** Copies {@code dropped} and fills in absent reasons with zero. */
    public InterfaceStats {
        Map<DropReason, Long> all = new EnumMap<>(DropReason.class);
        for (DropReason reason : DropReason.values()) {
            all.put(reason, dropped.getOrDefault(reason, 0L));
        }
        dropped = Map.copyOf(all);
    }

    /** DHCPDECLINEs received: the guest found its address in use. */
    public long declined() {
        return dropped(DropReason.DECLINE);
    }

    /** Drops for one reason. */
    public long dropped(DropReason reason) {
        return dropped.get(reason);
    }

    /** All drops. */
    public long droppedTotal() {
        return dropped.values().stream().mapToLong(Long::longValue).sum();
    }
}
