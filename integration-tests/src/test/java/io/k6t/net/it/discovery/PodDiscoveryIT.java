package io.k6t.net.it.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.common.net.InetAddresses;
import io.k6t.net.it.netlink.Ip;
import io.k6t.net.it.netlink.PodFixture;
import io.k6t.net.it.support.TestNetwork;
import io.k6t.net.dhcp.MacAddress;
import io.k6t.net.launcher.discovery.PodDiscovery;
import io.k6t.net.launcher.discovery.PodInterface;
import io.k6t.net.launcher.netlink.Address;
import io.k6t.net.launcher.netlink.IpPrefix;
import io.k6t.net.launcher.netlink.LinkNotFoundException;
import io.k6t.net.launcher.netlink.NetlinkHandle;
import io.k6t.net.launcher.netlink.Route;
import io.k6t.net.launcher.netlink.RouteScope;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Discovery of a pod link set up the way a CNI plugin does, compared with what iproute2 reports. */
class PodDiscoveryIT {
    private PodFixture fixture;
    private TestNetwork net;
    private NetlinkHandle netlink;
    private Ip ip;

    @BeforeEach
    void setUp() throws Exception {
        fixture = PodFixture.create("node");
        net = fixture.net();
        net.exec("pod", "ip", "link", "add", "eth0", "address", "0a:58:0a:f4:01:05", "mtu", "1450", "type", "veth",
                "peer", "name", "veth-node", "netns", net.name("node"));
        net.exec("pod", "ip", "addr", "add", "10.244.1.5/24", "dev", "eth0");
        net.exec("pod", "ip", "addr", "add", "fd00:10:244:1::5/64", "dev", "eth0", "nodad");
        net.exec("pod", "ip", "link", "set", "eth0", "up");
        net.exec("pod", "ip", "route", "add", "default", "via", "10.244.1.1", "dev", "eth0");
        net.exec("pod", "ip", "route", "add", "10.96.0.0/12", "via", "10.244.1.1", "dev", "eth0", "proto", "static");
        net.exec("pod", "ip", "-6", "route", "add", "default", "via", "fd00:10:244:1::1", "dev", "eth0");
        netlink = fixture.netlink();
        ip = fixture.ip();
    }

    @AfterEach
    void tearDown() throws Exception {
        fixture.close();
    }

    @Test
    void discoversWhatIproute2Sees() throws Exception {
        PodInterface eth0 = new PodDiscovery(netlink).discover("eth0");

        JsonNode link = ip.link("eth0").orElseThrow();
        assertThat(eth0.index()).isEqualTo(link.get("ifindex").asInt());
        assertThat(eth0.mac()).contains(MacAddress.parse(link.get("address").asText()));
        assertThat(eth0.mtu()).isEqualTo(1450);
        assertThat(eth0.up()).isTrue();
        assertThat(eth0.ipv4()).extracting(a -> a.prefix().toString())
                .containsExactlyElementsOf(ip.addresses("-4", "eth0")).containsExactly("10.244.1.5/24");
        assertThat(eth0.ipv6()).extracting(a -> a.prefix().toString())
                .containsExactlyInAnyOrderElementsOf(ip.addresses("-6", "eth0")).contains("fd00:10:244:1::5/64");
        assertThat(routeDestinations(eth0)).containsExactlyInAnyOrderElementsOf(ipRoutes());
        // The kernel's own local-table routes of the link are discovered too (and left to the kernel on restore).
        assertThat(eth0.routes()).filteredOn(r -> r.table() == Route.LOCAL_TABLE)
                .extracting(r -> r.type() + " " + r.destination()).contains("local 10.244.1.5/32",
                        "broadcast 10.244.1.255/32", "local fd00:10:244:1::5/128");
        assertThat(eth0.restorableRoutes()).noneMatch(r -> r.table() == Route.LOCAL_TABLE);
        assertThat(eth0.gatewayRoutes()).extracting(r -> InetAddresses.toAddrString(r.gateway().orElseThrow()))
                .containsExactlyInAnyOrder("10.244.1.1", "10.244.1.1", "fd00:10:244:1::1");
        assertThat(eth0.routes()).filteredOn(r -> r.destination().toString().equals("10.244.1.0/24"))
                .singleElement().extracting(Route::scope).isEqualTo(RouteScope.LINK);
    }

    @Test
    void findsTheLinkByIndexAfterARename() throws Exception {
        int index = new PodDiscovery(netlink).discover("eth0").index();
        net.exec("pod", "ip", "link", "set", "eth0", "down");
        net.exec("pod", "ip", "link", "set", "eth0", "name", "eth0-nic");

        PodInterface renamed = new PodDiscovery(netlink).discover(index);

        assertThat(renamed.name()).isEqualTo("eth0-nic");
        assertThat(renamed.up()).isFalse();
        assertThat(renamed.ipv4()).extracting(Address::prefix).containsExactly(IpPrefix.parse("10.244.1.5/24"));
    }

    @Test
    void aMissingPodLinkIsLinkNotFound() {
        assertThatThrownBy(() -> new PodDiscovery(netlink).discover("net1"))
                .isInstanceOfSatisfying(LinkNotFoundException.class, e -> assertThat(e.link()).isEqualTo("net1"));
    }

    private static List<String> routeDestinations(PodInterface link) {
        return link.routes().stream().filter(r -> r.table() == Route.MAIN_TABLE).map(r -> r.destination() + r.gateway()
                .map(g -> " via " + InetAddresses.toAddrString(g)).orElse("")).toList();
    }

    /** iproute2's main-table routes on eth0, both families, as DST/LEN [via GW]. */
    private List<String> ipRoutes() {
        List<String> routes = new ArrayList<>();
        for (String family : List.of("-4", "-6")) {
            for (JsonNode route : ip.json(family, "route", "show", "table", "main", "dev", "eth0")) {
                String dst = route.get("dst").asText();
                if (dst.equals("default")) {
                    dst = family.equals("-4") ? "0.0.0.0/0" : "::/0";
                } else if (!dst.contains("/")) {
                    dst += family.equals("-4") ? "/32" : "/128";
                }
                routes.add(dst + (route.has("gateway") ? " via " + route.get("gateway").asText() : ""));
            }
        }
        return routes;
    }
}
