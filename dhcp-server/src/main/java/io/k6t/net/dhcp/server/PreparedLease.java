package io.k6t.net.dhcp.server;

import io.k6t.net.dhcp.DhcpOption;
import io.k6t.net.dhcp.MessageType;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * A lease with the options of its replies built once. Every OFFER and ACK for a lease carries the
 * same options but for the client identifier it echoes and the order the client asks for, so the
 * server builds them (the routes, the encoded search domains...) once per lease instead of once per
 * request: building them was the largest part of the server's time per request. A new lease (e.g.
 * the domain gives the guest another MAC) gets a new one.
 *
 * <pre>{@code
 * PreparedLease prepared = PreparedLease.of(lease);            // once per lease
 * Decision decision = Responder.respond(request, destination, prepared, false);
 * }</pre>
 */
public final class PreparedLease {
    /** OFFER, ACK, the ACK to an INFORM; each without and with option 249. */
    private static final int VARIANTS = 6;

    private final LeaseConfig lease;
    /** Filled on first use; the lists are immutable, so two threads at worst build one twice. */
    private final AtomicReferenceArray<List<DhcpOption>> options = new AtomicReferenceArray<>(VARIANTS);

    private PreparedLease(LeaseConfig lease) {
        this.lease = lease;
    }

    /** Prepares {@code lease}; the options are built at the first reply that needs them. */
    public static PreparedLease of(LeaseConfig lease) {
        return new PreparedLease(Objects.requireNonNull(lease, "lease"));
    }

    /** The lease. */
    public LeaseConfig lease() {
        return lease;
    }

    /**
     * The options of a reply of {@code type} (OFFER or ACK) in the server's order, without the client
     * identifier.
     *
     * @param inform the reply answers an INFORM (no lease times)
     * @param msClasslessRoutes the client asked for option 249 too
     */
    List<DhcpOption> replyOptions(MessageType type, boolean inform, boolean msClasslessRoutes) {
        int index = (type.equals(MessageType.OFFER) ? 0 : inform ? 2 : 1) * 2 + (msClasslessRoutes ? 1 : 0);
        List<DhcpOption> built = options.get(index);
        if (built == null) {
            built = List.copyOf(Responder.leaseOptions(lease, type, inform, msClasslessRoutes));
            options.set(index, built);
        }
        return built;
    }
}
