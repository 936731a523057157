package io.k6t.net.kubevirt.metrics;

import com.google.common.net.InetAddresses;
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
import io.k6t.net.launcher.learn.LearnedAddress;
import io.k6t.net.launcher.status.InterfaceStatus;
import io.k6t.net.launcher.status.LinkState;
import io.k6t.net.launcher.status.PodStatus;
import io.k6t.net.launcher.status.ServedLease;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.Unit;
import java.net.Inet6Address;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
 * <p>and, from the sidecar's status ({@link #status}) at each scrape, for every bound interface
 * (served or pass-through):
 *
 * <ul>
 *   <li>{@code k6t_interface_info{interface,network,pod_interface,guest_mac}}: 1, the guest MAC now
 *   <li>{@code k6t_link_up{interface,network,role,link}}: 1 when the bridge or tap ({@code role}) exists
 *       and is up, else 0
 *   <li>{@code k6t_dhcp_lease_expiry_timestamp_seconds{interface,network}}: when the lease given by the
 *       last ACK ends (after the first ACK)
 *   <li>{@code k6t_learned_address_expiry_timestamp_seconds{interface,network,address,family,source}}:
 *       per address learned on a pass-through interface, when its lease ends ({@code +Inf}: never); the
 *       series goes when the address is released or its lease ends
 * </ul>
 *
 * <p>Counting runs on the DHCP server's event loop ({@link #listener()}): each interface's data
 * points are looked up once, when the interface is added, so a transaction costs a few atomic adds.
 * The status series are built at scrape time from one status read, so a forgotten address has no
 * series to remove.
 */
public final class SidecarMetrics {
    private static final Logger LOG = LoggerFactory.getLogger(SidecarMetrics.class);
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

    /**
     * Adds the status series, read from {@code status} at each scrape (a failing read is logged and
     * leaves them out of that scrape; the counters are still served).
     */
    public void status(Supplier<PodStatus> status) {
        registry.register(new StatusCollector(status));
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

    /** The status series, built from one status read per scrape. */
    private static final class StatusCollector implements MultiCollector {
        private static final String INFO = "k6t_interface_info";
        private static final String LINK_UP = "k6t_link_up";
        private static final String LEASE_EXPIRY = "k6t_dhcp_lease_expiry_timestamp_seconds";
        private static final String LEARNED = "k6t_learned_address_expiry_timestamp_seconds";

        private final Supplier<PodStatus> status;

        StatusCollector(Supplier<PodStatus> status) {
            this.status = status;
        }

        @Override
        public MetricSnapshots collect() {
            PodStatus now;
            try {
                now = status.get();
            } catch (RuntimeException e) {
                LOG.warn("metrics without the status series this scrape: {}", e.getMessage());
                return MetricSnapshots.of();
            }
            GaugeSnapshot.Builder info = GaugeSnapshot.builder().name(INFO)
                    .help("A bound interface: its pod interface and the guest MAC it serves or learns for");
            GaugeSnapshot.Builder linkUp = GaugeSnapshot.builder().name(LINK_UP)
                    .help("1 when the binding's bridge or tap exists and is up, else 0");
            GaugeSnapshot.Builder leaseExpiry = GaugeSnapshot.builder().name(LEASE_EXPIRY)
                    .help("When the lease given by the last DHCPACK ends (Unix time)");
            GaugeSnapshot.Builder learned = GaugeSnapshot.builder().name(LEARNED)
                    .help("An address the guest holds on a pass-through interface, learned from the wire: when its"
                            + " lease ends (Unix time; +Inf: no end)");
            for (InterfaceStatus i : now.interfaces()) {
                String bridge = i.bridge().name();
                info.dataPoint(point(1, "interface", bridge, "network", i.name(), "pod_interface", i.podInterface(),
                        "guest_mac", i.guestMac()));
                for (LinkState link : List.of(i.bridge(), i.tap())) {
                    linkUp.dataPoint(point(link.present() && link.up() ? 1 : 0, "interface", bridge, "network",
                            i.name(), "role", link == i.bridge() ? "bridge" : "tap", "link", link.name()));
                }
                i.served().flatMap(ServedLease::expiry).ifPresent(e -> leaseExpiry.dataPoint(
                        point(seconds(e), "interface", bridge, "network", i.name())));
                for (LearnedAddress a : i.learned()) {
                    learned.dataPoint(point(a.expiry().map(SidecarMetrics::seconds).orElse(Double.POSITIVE_INFINITY),
                            "interface", bridge, "network", i.name(),
                            "address", InetAddresses.toAddrString(a.address()),
                            "family", a.address() instanceof Inet6Address ? "ipv6" : "ipv4",
                            "source", a.source().name().toLowerCase(Locale.ROOT)));
                }
            }
            return MetricSnapshots.of(info.build(), linkUp.build(), leaseExpiry.build(), learned.build());
        }

        @Override
        public List<String> getPrometheusNames() {
            return List.of(INFO, LINK_UP, LEASE_EXPIRY, LEARNED);
        }

        private static GaugeSnapshot.GaugeDataPointSnapshot point(double value, String... labels) {
            return GaugeSnapshot.GaugeDataPointSnapshot.builder().value(value).labels(Labels.of(labels)).build();
        }
    }

    private static double seconds(Instant at) {
        return at.toEpochMilli() / 1000.0;
    }
}
