package io.k6t.net.kubevirt.metrics;

import io.k6t.net.dhcp.MessageType;
import io.k6t.net.dhcp.server.Decision;
import io.k6t.net.dhcp.server.DropReason;
import io.k6t.net.dhcp.server.LeaseConfig;
import io.k6t.net.dhcp.server.Transaction;
import io.k6t.net.dhcp.server.TransactionListener;
import io.k6t.net.kubevirt.handoff.Handoff;
import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.datapoints.GaugeDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;
import java.time.Clock;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The sidecar's metrics, per served interface (label {@code interface}: the bridge the DHCP server
 * listens on; {@code network}: the VMI's network name):
 *
 * <ul>
 *   <li>{@code k6t_dhcp_requests_total{interface,network,type}}: requests by DHCP message type
 *       ({@code DISCOVER}, {@code REQUEST}, ...; {@code NONE} without option 53, {@code UNDECODABLE})
 *   <li>{@code k6t_dhcp_replies_total{interface,network,type}}: {@code OFFER}, {@code ACK}, {@code NAK}
 *   <li>{@code k6t_dhcp_drops_total{interface,network,reason}}: every {@link DropReason}
 *   <li>{@code k6t_dhcp_last_ack_timestamp_seconds{interface,network}}: when the last ACK went out
 *   <li>{@code k6t_dhcp_lease_info{interface,network,address,client_mac}}: the address served, and to whom
 *   <li>{@code k6t_binding_setup_duration_seconds{interface,network}}: how long the CNI plugin's ADD took
 * </ul>
 *
 * <p>Counting runs on the DHCP server's event loop ({@link #listener()}): each interface's data
 * points are looked up once, when the interface is added, so a transaction costs a few atomic adds.
 */
public final class SidecarMetrics {
    private static final String NONE = "NONE";
    private static final String UNDECODABLE = "UNDECODABLE";
    private static final List<MessageType> REQUEST_TYPES = List.of(MessageType.DISCOVER, MessageType.REQUEST,
            MessageType.DECLINE, MessageType.RELEASE, MessageType.INFORM);
    private static final List<MessageType> REPLY_TYPES = List.of(MessageType.OFFER, MessageType.ACK, MessageType.NAK);

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Clock clock;
    private final Counter requests;
    private final Counter replies;
    private final Counter drops;
    private final Gauge lastAck;
    private final Gauge lease;
    private final Gauge setupDuration;
    private final Map<String, Served> served = new ConcurrentHashMap<>();

    /** Metrics with no interface yet; {@code clock} stamps the last ACK. */
    public SidecarMetrics(Clock clock) {
        this.clock = clock;
        requests = Counter.builder().name("k6t_dhcp_requests").help("DHCP requests received, by message type")
                .labelNames("interface", "network", "type").withoutExemplars().register(registry);
        replies = Counter.builder().name("k6t_dhcp_replies").help("DHCP replies sent, by message type")
                .labelNames("interface", "network", "type").withoutExemplars().register(registry);
        drops = Counter.builder().name("k6t_dhcp_drops").help("DHCP requests not answered, by reason")
                .labelNames("interface", "network", "reason").withoutExemplars().register(registry);
        lastAck = Gauge.builder().name("k6t_dhcp_last_ack_timestamp_seconds")
                .help("When the last DHCPACK was sent (Unix time)").labelNames("interface", "network")
                .withoutExemplars().register(registry);
        lease = Gauge.builder().name("k6t_dhcp_lease_info")
                .help("The address served on the interface, and to which MAC")
                .labelNames("interface", "network", "address", "client_mac").withoutExemplars().register(registry);
        setupDuration = Gauge.builder().name("k6t_binding_setup_duration_seconds")
                .help("How long the CNI plugin took to bind the interface").unit(Unit.SECONDS)
                .labelNames("interface", "network").withoutExemplars().register(registry);
    }

    /** The registry to scrape. */
    public PrometheusRegistry registry() {
        return registry;
    }

    /**
     * Starts counting for the interface of {@code handoff}, served with {@code config}; every series
     * of the interface exists from now on, at zero.
     */
    public void add(Handoff handoff, LeaseConfig config) {
        String bridge = handoff.bridge();
        String network = handoff.network();
        Served s = new Served(network, new EnumMap<>(DropReason.class));
        for (MessageType type : REQUEST_TYPES) {
            s.requests.put(type.name(), requests.labelValues(bridge, network, type.name()));
        }
        s.requests.put(NONE, requests.labelValues(bridge, network, NONE));
        s.requests.put(UNDECODABLE, requests.labelValues(bridge, network, UNDECODABLE));
        for (MessageType type : REPLY_TYPES) {
            s.replies.put(type.name(), replies.labelValues(bridge, network, type.name()));
        }
        for (DropReason reason : DropReason.values()) {
            s.drops.put(reason, drops.labelValues(bridge, network, reason.name()));
        }
        s.lastAck = lastAck.labelValues(bridge, network);
        handoff.setupMillis().ifPresent(ms -> setupDuration.labelValues(bridge, network).set(ms / 1000.0));
        served.put(bridge, s);
        leaseChanged(config);
    }

    /** The interface's lease changed (e.g. the domain gave the guest another MAC). */
    public void leaseChanged(LeaseConfig config) {
        Served s = served.get(config.interfaceName());
        if (s == null) {
            return;
        }
        synchronized (s) {
            if (s.leaseLabels != null) {
                lease.remove(s.leaseLabels);
            }
            s.leaseLabels = new String[] {config.interfaceName(), s.network, config.address().getHostAddress()
                    + "/" + config.prefixLength(), config.clientMacText()};
            lease.labelValues(s.leaseLabels).set(1);
        }
    }

    /** Counts each transaction of the DHCP server. */
    public TransactionListener listener() {
        return this::count;
    }

    private void count(Transaction t) {
        Served s = served.get(t.interfaceName());
        if (s == null) {
            return;
        }
        String type = t.request().map(r -> r.options().messageType().map(MessageType::name).orElse(NONE))
                .orElse(UNDECODABLE);
        CounterDataPoint request = s.requests.get(type);
        if (request != null) {
            request.inc();
        }
        if (t.decision() instanceof Decision.Drop drop) {
            s.drops.get(drop.reason()).inc();
        } else if (t.decision() instanceof Decision.Reply reply) {
            String replyType = reply.label();
            CounterDataPoint counter = s.replies.get(replyType);
            if (counter != null) {
                counter.inc();
            }
            if (replyType.equals(MessageType.ACK.name())) {
                s.lastAck.set(clock.millis() / 1000.0);
            }
        }
    }

    /** One interface's data points, looked up once. */
    private static final class Served {
        final String network;
        final Map<String, CounterDataPoint> requests = new ConcurrentHashMap<>();
        final Map<String, CounterDataPoint> replies = new ConcurrentHashMap<>();
        final Map<DropReason, CounterDataPoint> drops;
        GaugeDataPoint lastAck;
        String[] leaseLabels;

        Served(String network, Map<DropReason, CounterDataPoint> drops) {
            this.network = network;
            this.drops = drops;
        }
    }
}
