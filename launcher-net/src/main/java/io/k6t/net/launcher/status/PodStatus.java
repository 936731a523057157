package io.k6t.net.launcher.status;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.google.common.net.InetAddresses;
import io.k6t.net.launcher.learn.LearnedAddress;
import io.k6t.net.launcher.status.internal.StatusJson;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * The pod's network as k6t-net sees it at one moment.
 *
 * @param at         when this was read
 * @param servingPid the process serving the pod (DHCP, learning) whose observations this holds; empty
 *                   when nothing serves it (then no interface has a last exchange or learned addresses)
 * @param interfaces one entry per set-up interface, in configuration order
 */
public record PodStatus(Instant at, OptionalLong servingPid, List<InterfaceStatus> interfaces) {
    public PodStatus {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(servingPid, "servingPid");
        interfaces = List.copyOf(interfaces);
    }

    /** As JSON: these components, instants in ISO-8601, absent values as {@code null}. */
    public String toJson() {
        try {
            return StatusJson.MAPPER.writeValueAsString(this) + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** For a person: one block per interface. */
    public String toText() {
        StringBuilder sb = new StringBuilder();
        sb.append(servingPid.isPresent() ? "served by process " + servingPid.getAsLong()
                : "not served (no running k6t-net run or sidecar: nothing observed)").append(", at ").append(at)
                .append('\n');
        for (InterfaceStatus i : interfaces) {
            sb.append(i.name()).append(" (").append(i.podInterface()).append("): guest ").append(i.guestMac())
                    .append(", bridge ").append(link(i.bridge())).append(", tap ").append(link(i.tap())).append('\n');
            i.served().ifPresent(s -> {
                sb.append("  served ").append(s.address()).append(", lease ").append(s.leaseSeconds()).append(" s")
                        .append(s.expiry().map(e -> ", expires " + e).orElse(", not acked yet")).append('\n');
                s.lastExchange().ifPresent(x -> sb.append("  last exchange ").append(x.request()).append(" -> ")
                        .append(x.decision()).append(" at ").append(x.at()).append('\n'));
                ServedLease.Counters c = s.counters();
                sb.append("  received ").append(c.received()).append(", offered ").append(c.offered())
                        .append(", acked ").append(c.acked()).append(", naked ").append(c.naked())
                        .append(", informed ").append(c.informed()).append(", dropped ").append(c.dropped())
                        .append('\n');
            });
            if (i.served().isEmpty()) {
                if (i.learned().isEmpty()) {
                    sb.append("  pass-through: no address learned").append('\n');
                }
                for (LearnedAddress a : i.learned()) {
                    sb.append("  learned ").append(InetAddresses.toAddrString(a.address())).append(" from ")
                            .append(a.source())
                            .append(a.expiry().map(e -> ", expires " + e).orElse(", no expiry"))
                            .append(", last seen ").append(a.lastSeen()).append('\n');
                }
            }
        }
        return sb.toString();
    }

    private static String link(LinkState l) {
        if (!l.present()) {
            return l.name() + " MISSING";
        }
        return l.name() + (l.up() ? " up" : " DOWN") + l.master().map(m -> " on " + m).orElse("");
    }
}
