package io.k6t.net.dhcp.server.internal;

import io.k6t.net.dhcp.server.AddressConflict;
import io.k6t.net.dhcp.server.DropReason;
import io.k6t.net.dhcp.server.InterfaceStats;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;

/** The live counters of one interface; written by the event loop, read by any thread. */
public final class Counters {
    private final String interfaceName;
    private final LongAdder received = new LongAdder();
    private final LongAdder offered = new LongAdder();
    private final LongAdder acked = new LongAdder();
    private final LongAdder naked = new LongAdder();
    private final LongAdder informed = new LongAdder();
    private final Map<DropReason, LongAdder> dropped = new EnumMap<>(DropReason.class);

    public Counters(String interfaceName) {
        this.interfaceName = interfaceName;
        for (DropReason reason : DropReason.values()) {
            dropped.put(reason, new LongAdder());
        }
    }

    public void received() {
        received.increment();
    }

    public void offered() {
        offered.increment();
    }

    public void acked() {
        acked.increment();
    }

    public void naked() {
        naked.increment();
    }

    public void informed() {
        informed.increment();
    }

    public void dropped(DropReason reason) {
        dropped.get(reason).increment();
    }

    /** An immutable snapshot, with the interface's open address conflict. */
    public InterfaceStats snapshot(Optional<AddressConflict> conflict) {
        Map<DropReason, Long> drops = new EnumMap<>(DropReason.class);
        dropped.forEach((reason, count) -> drops.put(reason, count.sum()));
        return new InterfaceStats(interfaceName, received.sum(), offered.sum(), acked.sum(), naked.sum(),
                informed.sum(), drops, conflict);
    }
}
