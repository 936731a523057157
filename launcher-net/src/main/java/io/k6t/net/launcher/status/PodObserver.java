package io.k6t.net.launcher.status;

import io.k6t.net.dhcp.MacAddress;
import io.k6t.net.dhcp.MessageType;
import io.k6t.net.dhcp.server.DhcpServer;
import io.k6t.net.dhcp.server.InterfaceStats;
import io.k6t.net.dhcp.server.LeaseConfig;
import io.k6t.net.dhcp.server.Transaction;
import io.k6t.net.dhcp.server.TransactionListener;
import io.k6t.net.launcher.learn.AddressLearner;
import io.k6t.net.launcher.learn.internal.PacketCapture;
import io.k6t.net.launcher.status.StatusFile.Observed;
import io.k6t.net.launcher.status.StatusFile.Snapshot;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the serving process observes per interface: the served leases' exchanges (as the DHCP server's
 * {@link TransactionListener}) and the learners of the pass-through interfaces with their captures.
 * Every change is published to the {@link StatusFile}, at most every {@value #DEBOUNCE_MILLIS} ms, and
 * again when a learned lease ends, so another process reads what this one knows.
 */
public final class PodObserver implements TransactionListener, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PodObserver.class);
    private static final long DEBOUNCE_MILLIS = 100;

    private record Served(String podInterface, LeaseConfig lease) {
    }

    private record Learning(AddressLearner learner, PacketCapture capture) {
    }

    /** What the server did last on a bridge, and when it last ACKed. */
    private record Exchanges(Optional<ServedLease.Exchange> last, Optional<Instant> lastAck) {
    }

    private final StatusFile file;
    private final Clock clock;
    private final Map<String, Served> servedByBridge = new ConcurrentHashMap<>();
    private final Map<String, Exchanges> exchangesByBridge = new ConcurrentHashMap<>();
    private final Map<String, Learning> learning = new ConcurrentHashMap<>();
    private final ScheduledExecutorService publisher;
    private volatile DhcpServer server;
    private ScheduledFuture<?> pending;
    private ScheduledFuture<?> atExpiry;
    private boolean closed;

    public PodObserver(StatusFile file, Clock clock) {
        this.file = file;
        this.clock = clock;
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "k6t-status");
            t.setDaemon(true);
            return t;
        });
        executor.setRemoveOnCancelPolicy(true);
        this.publisher = executor;
    }

    /** Reports the exchanges of the server serving {@code lease} for {@code podInterface}. */
    public void serve(String podInterface, LeaseConfig lease) {
        servedByBridge.put(lease.interfaceName(), new Served(podInterface, lease));
        exchangesByBridge.putIfAbsent(lease.interfaceName(), new Exchanges(Optional.empty(), Optional.empty()));
    }

    /**
     * Starts learning the addresses of the guest NIC {@code guest} on the pass-through interface
     * {@code podInterface}: a capture on the bridge's uplink {@code port} (ifindex {@code index}),
     * opened in the calling thread's network namespace, replacing any earlier learning of the interface
     * (the guest's MAC changed). A capture that cannot be opened is logged and skipped: learning only
     * reports, the guest's DHCP crosses the bridge without it, and a process without
     * {@code CAP_NET_RAW} (an unprivileged server or sidecar) still serves.
     *
     * @return whether learning runs
     */
    public boolean learn(String podInterface, MacAddress guest, String port, int index) {
        AddressLearner learner = new AddressLearner(guest, clock);
        PacketCapture capture;
        try {
            capture = PacketCapture.open(port, index, learner, this::changed);
        } catch (IOException e) {
            LOG.warn("{}: not learning the guest's addresses: {}", podInterface, e.getMessage());
            return false;
        }
        Learning previous = learning.put(podInterface, new Learning(learner, capture));
        if (previous != null) {
            previous.capture().close();
        }
        changed();
        return true;
    }

    /** Stops observing {@code podInterface} (hot unplug). */
    public void forget(String podInterface) {
        Learning removed = learning.remove(podInterface);
        if (removed != null) {
            removed.capture().close();
        }
        servedByBridge.entrySet().removeIf(e -> {
            boolean match = e.getValue().podInterface().equals(podInterface);
            if (match) {
                exchangesByBridge.remove(e.getKey());
            }
            return match;
        });
        changed();
    }

    /** The server whose counters are reported; publishes the first snapshot now. */
    public void started(DhcpServer dhcp) {
        this.server = dhcp;
        publish();
    }

    @Override
    public void onTransaction(Transaction transaction) {
        Instant now = clock.instant();
        String request = transaction.request().flatMap(m -> m.options().messageType()).map(MessageType::name)
                .orElse(transaction.request().isPresent() ? "BOOTP" : "MALFORMED");
        String decision = transaction.decision().label();
        exchangesByBridge.compute(transaction.interfaceName(), (bridge, old) -> {
            Optional<Instant> lastAck = "ACK".equals(decision) ? Optional.of(now)
                    : old == null ? Optional.empty() : old.lastAck();
            return new Exchanges(Optional.of(new ServedLease.Exchange(now, request, decision)), lastAck);
        });
        changed();
    }

    /** The observations now, by pod interface. */
    public Map<String, Observed> observed() {
        Map<String, Observed> result = new LinkedHashMap<>();
        servedByBridge.forEach((bridge, served) -> {
            LeaseConfig lease = served.lease();
            Exchanges exchanges = exchangesByBridge.getOrDefault(bridge,
                    new Exchanges(Optional.empty(), Optional.empty()));
            DhcpServer dhcp = server;
            ServedLease.Counters counters = Optional.ofNullable(dhcp).flatMap(s -> s.stats(bridge))
                    .map(PodObserver::counters).orElse(new ServedLease.Counters(0, 0, 0, 0, 0, 0));
            result.put(served.podInterface(), new Observed(Optional.of(lease.clientMacText()),
                    Optional.of(new ServedLease(
                    lease.address().getHostAddress() + "/" + lease.prefixLength(), lease.leaseSeconds(),
                    exchanges.lastAck().map(a -> a.plusSeconds(lease.leaseSeconds())), exchanges.last(), counters)),
                    List.of()));
        });
        learning.forEach((podInterface, l) -> result.put(podInterface,
                new Observed(Optional.of(l.learner().guest().toString()), Optional.empty(), l.learner().addresses())));
        return result;
    }

    private static ServedLease.Counters counters(InterfaceStats s) {
        return new ServedLease.Counters(s.received(), s.offered(), s.acked(), s.naked(), s.informed(),
                s.droppedTotal());
    }

    private synchronized void changed() {
        if (closed || pending != null && !pending.isDone()) {
            return;
        }
        pending = publisher.schedule(this::publish, DEBOUNCE_MILLIS, TimeUnit.MILLISECONDS);
    }

    private void publish() {
        Instant now = clock.instant();
        Map<String, Observed> observed = observed();
        synchronized (this) {
            if (closed) {
                return;
            }
            try {
                file.write(Snapshot.now(now, observed));
            } catch (RuntimeException e) {
                LOG.warn("cannot publish the status: {}", e.getMessage());
            }
            // A learned lease ends by itself: publish again at that moment so readers see it go.
            Optional<Instant> next = learning.values().stream().flatMap(l -> l.learner().nextExpiry().stream())
                    .min(Instant::compareTo);
            if (atExpiry != null) {
                atExpiry.cancel(false);
                atExpiry = null;
            }
            next.ifPresent(at -> atExpiry = publisher.schedule(this::publish,
                    Math.max(0, Duration.between(now, at).toMillis()) + 1, TimeUnit.MILLISECONDS));
        }
    }

    /** Stops the captures and the publisher and removes the status file (nothing serves any more). */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        publisher.shutdownNow();
        try {
            learning.values().forEach(l -> l.capture().close());
        } finally {
            learning.clear();
            file.delete();
        }
    }
}
