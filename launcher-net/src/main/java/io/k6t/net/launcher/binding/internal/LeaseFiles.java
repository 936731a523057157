package io.k6t.net.launcher.binding.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.k6t.net.launcher.binding.InterfacePlan;
import io.k6t.net.launcher.binding.LinkAddress;
import io.k6t.net.launcher.config.DhcpSettings;
import io.k6t.net.launcher.config.PrivateOption;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The lease file (design, "DHCP server") of a served interface, derived from its plan. */
public final class LeaseFiles {
    private LeaseFiles() {
    }

    /** The lease file's JSON text. */
    public static String json(InterfacePlan plan) {
        LinkAddress guest = plan.guestAddress().orElseThrow(() -> new IllegalArgumentException(
                plan.podInterface() + " has no IPv4: no lease"));
        DhcpSettings dhcp = plan.config().dhcp();
        Map<String, Object> lease = new LinkedHashMap<>();
        lease.put("interface", plan.names().bridge());
        lease.put("serverAddress", plan.serverAddress().orElseThrow());
        lease.put("clientMac", plan.guestMac());
        lease.put("address", guest.cidr());
        lease.put("gateway", plan.gateway().orElse(null));
        lease.put("routes", plan.guestRoutes().stream().map(r -> {
            Map<String, String> route = new LinkedHashMap<>();
            route.put("destination", r.destination());
            route.put("gateway", r.gateway().orElseThrow());
            return route;
        }).toList());
        lease.put("dnsServers", plan.dnsServers());
        lease.put("searchDomains", plan.searchDomains());
        lease.put("domainName", null);
        lease.put("mtu", plan.mtu());
        lease.put("hostname", plan.hostname().orElse(null));
        lease.put("leaseSeconds", dhcp.leaseSeconds());
        lease.put("ntpServers", dhcp.ntpServers());
        lease.put("tftpServerName", dhcp.tftpServerName().orElse(null));
        lease.put("bootFileName", dhcp.bootFileName().orElse(null));
        List<Map<String, Object>> options = dhcp.privateOptions().stream()
                .map((PrivateOption o) -> Map.<String, Object>of("code", o.code(), "value", o.value())).toList();
        lease.put("privateOptions", options);
        lease.put("acceptRelayed", dhcp.acceptRelayed());
        try {
            return Json.MAPPER.writeValueAsString(lease) + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("lease is not serializable", e);
        }
    }
}
