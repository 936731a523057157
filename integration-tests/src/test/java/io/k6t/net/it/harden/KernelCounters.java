package io.k6t.net.it.harden;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.k6t.net.it.support.TestNetwork;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the kernel of one namespace counted: the {@code Udp:} line of {@code /proc/net/snmp}
 * (datagrams delivered, dropped for a full receive buffer, ...) and a link's packet counters, read
 * through {@code ip netns exec} so that {@code /proc/net} is that namespace's.
 */
record KernelCounters(Map<String, Long> udp, Map<String, Long> link) {
    private static final ObjectMapper JSON = new ObjectMapper();

    static KernelCounters read(TestNetwork net, String role, String device) {
        return new KernelCounters(parseUdp(net.exec(role, "cat", "/proc/net/snmp")), link(net, role, device));
    }

    /** {@code this - before}, field by field. */
    KernelCounters minus(KernelCounters before) {
        return new KernelCounters(diff(udp, before.udp), diff(link, before.link));
    }

    long udp(String field) {
        Long value = udp.get(field);
        if (value == null) {
            throw new IllegalArgumentException("no Udp field " + field + " in " + udp.keySet());
        }
        return value;
    }

    long link(String field) {
        return link.getOrDefault(field, 0L);
    }

    /** The {@code Udp:} header and value lines of {@code /proc/net/snmp} as a map. */
    static Map<String, Long> parseUdp(String snmp) {
        List<String> lines = snmp.lines().filter(l -> l.startsWith("Udp: ")).toList();
        if (lines.size() != 2) {
            throw new IllegalStateException("no Udp: lines in /proc/net/snmp:\n" + snmp);
        }
        String[] names = lines.get(0).substring(5).trim().split("\\s+");
        String[] values = lines.get(1).substring(5).trim().split("\\s+");
        Map<String, Long> map = new LinkedHashMap<>();
        for (int i = 0; i < names.length; i++) {
            map.put(names[i], Long.parseLong(values[i]));
        }
        return map;
    }

    private static Map<String, Long> link(TestNetwork net, String role, String device) {
        try {
            JsonNode stats = JSON.readTree(net.exec(role, "ip", "-s", "-j", "link", "show", "dev", device))
                    .get(0).path("stats64");
            Map<String, Long> map = new LinkedHashMap<>();
            for (String direction : List.of("rx", "tx")) {
                stats.path(direction).fields().forEachRemaining(e -> map.put(direction + "_" + e.getKey(),
                        e.getValue().asLong()));
            }
            return map;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, Long> diff(Map<String, Long> after, Map<String, Long> before) {
        Map<String, Long> map = new LinkedHashMap<>();
        after.forEach((k, v) -> map.put(k, v - before.getOrDefault(k, 0L)));
        return map;
    }
}
