package io.k6t.net.launcher.binding.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.google.common.net.InetAddresses;
import io.k6t.net.launcher.binding.InterfacePlan;
import io.k6t.net.launcher.binding.Plan;
import io.k6t.net.launcher.binding.Step;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** The text, JSON and Graphviz renderings of a {@link Plan}. */
public final class PlanFormat {
    private PlanFormat() {
    }

    /** Plain text: per interface what was found, then the numbered steps with their commands, then warnings. */
    public static String text(Plan plan) {
        StringBuilder sb = new StringBuilder();
        for (InterfacePlan i : plan.interfaces()) {
            sb.append("interface ").append(i.config().name()).append(": pod link ").append(i.podInterface())
                    .append(" (ifindex ").append(i.original().index()).append(", ")
                    .append(i.original().mac().map(Object::toString).orElse("no MAC"))
                    .append(", MTU ").append(i.original().mtu()).append(i.original().up() ? ", up" : ", down")
                    .append("), phase ").append(plan.phase(i.podInterface()).name().toLowerCase()).append('\n');
            sb.append("  addresses: ").append(i.original().addresses()).append('\n');
            sb.append("  routes: ").append(i.original().restorableRoutes().stream()
                    .map(r -> r.describe(i::linkName)).toList()).append('\n');
            sb.append("  guest: ").append(i.guestMac()).append(' ')
                    .append(i.guestAddress().map(Object::toString).orElse("(no IPv4)"))
                    .append(i.gateway().map(g -> " gateway " + InetAddresses.toAddrString(g)).orElse(""))
                    .append(", MTU ").append(i.mtu())
                    .append(i.served() ? ", DHCP from " + InetAddresses.toAddrString(i.serverAddress().orElseThrow())
                            : ", no DHCP server")
                    .append(i.guestAddress6().map(a -> "; IPv6 " + a + ", router " + i.names().bridge()
                            + (i.served6() ? ", DHCPv6 and router advertisements" : ", no DHCPv6")).orElse(""))
                    .append('\n');
        }
        sb.append("steps:\n");
        for (Step s : plan.steps()) {
            sb.append(String.format("%3d. [%s] %s%n", s.number(), s.podInterface(), s.summary()));
            for (String c : s.commands()) {
                sb.append("       ").append(c).append('\n');
            }
        }
        for (String w : plan.warnings()) {
            sb.append("warning: ").append(w).append('\n');
        }
        return sb.toString();
    }

    /** JSON: {@code interfaces} (as persisted), {@code phases}, {@code steps}, {@code warnings}. */
    public static String json(Plan plan) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("interfaces", plan.interfaces());
        Map<String, String> phases = new LinkedHashMap<>();
        plan.interfaces().forEach(i -> phases.put(i.podInterface(), plan.phase(i.podInterface()).name()
                .toLowerCase()));
        doc.put("phases", phases);
        doc.put("steps", plan.steps());
        doc.put("warnings", plan.warnings());
        try {
            return Json.MAPPER.writeValueAsString(doc) + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("plan is not serializable", e);
        }
    }

    /** Graphviz: node side, renamed pod link, bridge, tap, guest per interface; the placeholder when kept. */
    public static String dot(Plan plan) {
        StringBuilder sb = new StringBuilder("digraph k6t {\n  rankdir=LR;\n")
                .append("  node [shape=box, fontname=\"monospace\"];\n");
        for (InterfacePlan i : plan.interfaces()) {
            String p = "i" + i.index() + "_";
            sb.append("  subgraph cluster_pod").append(i.index()).append(" {\n    label=\"pod: ")
                    .append(i.podInterface()).append("\";\n");
            sb.append("    ").append(p).append("nic [label=\"").append(i.names().nic()).append("\\n")
                    .append(i.bridgeMac()).append("\\nlearning off\"];\n");
            sb.append("    ").append(p).append("br [label=\"").append(i.names().bridge()).append(" (bridge)")
                    .append(i.serverAddress().map(a -> "\\n" + InetAddresses.toAddrString(a) + "/32").orElse(""))
                    .append(i.served() ? "\\nDHCP server :67" : "")
                    .append(i.served6() ? "\\nDHCPv6 server :547\\nrouter advertisements" : "")
                    .append(i.hasIpv6() ? "\\nIPv6 router (forwarding)" : "").append("\"];\n");
            sb.append("    ").append(p).append("tap [label=\"").append(i.names().tap()).append(" (tap, ")
                    .append(i.config().queues()).append("q, MTU ").append(i.mtu()).append(")\"];\n");
            if (i.keepsPodAddress()) {
                sb.append("    ").append(p).append("ph [label=\"").append(i.podInterface())
                        .append(" (placeholder, down)\\n").append(i.guestAddress().map(Object::toString).orElse(""))
                        .append("\", style=dashed];\n");
            }
            sb.append("  }\n");
            sb.append("  ").append(p).append("node [label=\"node side\\n(CNI veth peer)\", shape=ellipse];\n");
            sb.append("  ").append(p).append("guest [label=\"guest ").append(i.config().name()).append("\\n")
                    .append(i.guestMac()).append("\\n").append(i.guestAddress().map(Object::toString)
                            .orElse(i.hasIpv6() ? "(no IPv4)" : "(own DHCP)"))
                    .append(i.guestAddress6().map(a -> "\\n" + a).orElse("")).append("\", shape=ellipse];\n");
            sb.append("  ").append(p).append("node -> ").append(p).append("nic [dir=both];\n");
            sb.append("  ").append(p).append("nic -> ").append(p).append("br [dir=both];\n");
            sb.append("  ").append(p).append("br -> ").append(p).append("tap [dir=both];\n");
            sb.append("  ").append(p).append("tap -> ").append(p).append("guest [dir=both];\n");
        }
        return sb.append("}\n").toString();
    }
}
