package io.k6t.net.it.kubevirt;

import com.fasterxml.jackson.databind.JsonNode;
import io.k6t.net.it.netlink.Ip;
import io.k6t.net.it.support.Poll;
import io.k6t.net.it.support.TestNetwork;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** What a CNI DEL must give back in a pod, as text two snapshots of the same state make equal. */
final class PodSnapshot {
    private static final Duration SETTLE = Duration.ofSeconds(10);

    private PodSnapshot() {
    }

    /**
     * Everything iproute2 shows of the pod's addresses and routes, every field of
     * {@code ip -d -j addr show} (with each link's own attributes) and of
     * {@code ip -d -j route show table all} (both families, every table). Routes are compared as a
     * set: the kernel lists routes in the order they were added, which a restore need not repeat.
     * Taken once the pod's veths have settled, so two snapshots of the same state are equal: the
     * kernel reports a veth's carrier (from its peer on the node, up since ptp's ADD) a moment after
     * the link comes up, only then adds the IPv6 link-local address and its routes, and keeps that
     * address tentative during duplicate address detection. (A tap without its VM has no carrier at
     * all: only veths are waited for.)
     */
    static String of(TestNetwork net, String pod) {
        Ip ip = new Ip(net, pod);
        Poll.untilTrue(SETTLE, "the pod's veths to have their carrier and no address to be tentative", () -> {
            for (JsonNode link : ip.json("-d", "addr", "show")) {
                boolean veth = link.path("linkinfo").path("info_kind").asText().equals("veth");
                if (veth && link.path("flags").toString().contains("\"NO-CARRIER\"")) {
                    return false;
                }
                for (JsonNode address : link.path("addr_info")) {
                    if (address.path("tentative").asBoolean()) {
                        return false;
                    }
                }
            }
            return true;
        });
        StringBuilder out = new StringBuilder();
        for (JsonNode link : ip.json("-d", "addr", "show")) {
            out.append("addr ").append(link).append('\n');
        }
        List<String> routes = new ArrayList<>();
        for (JsonNode route : ip.json("-d", "route", "show", "table", "all")) {
            routes.add("route " + route);
        }
        routes.stream().sorted().forEach(r -> out.append(r).append('\n'));
        return out.toString();
    }
}
