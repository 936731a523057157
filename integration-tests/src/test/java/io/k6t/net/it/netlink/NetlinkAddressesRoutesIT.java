package io.k6t.net.it.netlink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.common.net.InetAddresses;
import io.k6t.net.it.support.TestNetwork;
import io.k6t.net.launcher.netlink.AddressFamily;
import io.k6t.net.os.Errno;
import io.k6t.net.launcher.netlink.IpPrefix;
import io.k6t.net.launcher.netlink.LinkNotFoundException;
import io.k6t.net.dhcp.MacAddress;
import io.k6t.net.launcher.netlink.Neighbour;
import io.k6t.net.launcher.netlink.NetlinkException;
import io.k6t.net.launcher.netlink.NetlinkHandle;
import io.k6t.net.launcher.netlink.Route;
import io.k6t.net.launcher.netlink.RouteProtocol;
import io.k6t.net.launcher.netlink.RouteScope;
import io.k6t.net.launcher.netlink.Sysctl;
import io.k6t.net.launcher.netns.NetNamespace;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Addresses, routes, neighbours and sysctls against the kernel, each checked with {@code ip -j}. */
class NetlinkAddressesRoutesIT {
    private PodFixture fixture;
    private TestNetwork net;
    private NetNamespace pod;
    private NetlinkHandle netlink;
    private Ip ip;
    private int v0;

    @BeforeEach
    void setUp() throws Exception {
        fixture = PodFixture.create();
        net = fixture.net();
        pod = fixture.pod();
        netlink = fixture.netlink();
        ip = fixture.ip();
        v0 = netlink.addVeth("v0", "v1").index();
        netlink.setUp("v0");
        netlink.setUp("v1");
    }

    @AfterEach
    void tearDown() throws Exception {
        fixture.close();
    }

    @Test
    void addListReplaceDeleteAddresses() throws Exception {
        netlink.addAddress("v0", IpPrefix.parse("10.244.1.5/24"));
        netlink.addAddress("v0", IpPrefix.parse("10.244.2.5/16"));
        netlink.addAddress("v0", IpPrefix.parse("fd00::5/64"));

        assertThat(ip.addresses("-4", "v0")).containsExactly("10.244.1.5/24", "10.244.2.5/16");
        assertThat(netlink.addresses("v0", AddressFamily.INET)).extracting(a -> a.prefix().toString())
                .containsExactlyElementsOf(ip.addresses("-4", "v0"));
        assertThat(netlink.addresses("v0", AddressFamily.INET6)).extracting(a -> a.prefix().toString())
                .containsExactlyInAnyOrderElementsOf(ip.addresses("-6", "v0")).contains("fd00::5/64");

        assertThatThrownBy(() -> netlink.addAddress("v0", IpPrefix.parse("10.244.1.5/24")))
                .isInstanceOfSatisfying(NetlinkException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EEXIST));
        netlink.replaceAddress("v0", IpPrefix.parse("10.244.1.5/24"));
        assertThat(ip.addresses("-4", "v0")).containsExactly("10.244.1.5/24", "10.244.2.5/16");

        netlink.deleteAddress("v0", IpPrefix.parse("10.244.2.5/16"));
        assertThat(ip.addresses("-4", "v0")).containsExactly("10.244.1.5/24");
        assertThatThrownBy(() -> netlink.deleteAddress("v0", IpPrefix.parse("10.244.2.5/16")))
                .isInstanceOfSatisfying(NetlinkException.class,
                        e -> assertThat(e.errno()).isEqualTo(Errno.EADDRNOTAVAIL));
    }

    @Test
    void flushRemovesOneFamilyOnly() throws Exception {
        netlink.addAddress("v0", IpPrefix.parse("10.244.1.5/24"));
        netlink.addAddress("v0", IpPrefix.parse("10.244.1.6/24"));
        netlink.addAddress("v0", IpPrefix.parse("fd00::5/64"));
        netlink.addAddress("v1", IpPrefix.parse("10.244.1.7/24"));

        netlink.flushAddresses("v0", AddressFamily.INET);

        assertThat(ip.addresses("-4", "v0")).isEmpty();
        assertThat(ip.addresses("-6", "v0")).contains("fd00::5/64");
        assertThat(ip.addresses("-4", "v1")).containsExactly("10.244.1.7/24");
        netlink.flushAddresses("v0", AddressFamily.INET6);
        assertThat(ip.addresses("-6", "v0")).isEmpty();
    }

    @Test
    void addressesOnAMissingLinkAreLinkNotFound() {
        assertThatThrownBy(() -> netlink.addAddress("eth9", IpPrefix.parse("10.0.0.1/24")))
                .isInstanceOfSatisfying(LinkNotFoundException.class, e -> assertThat(e.link()).isEqualTo("eth9"));
    }

    @Test
    void addListReplaceDeleteRoutes() throws Exception {
        netlink.addAddress("v0", IpPrefix.parse("10.244.1.5/24"));
        netlink.addAddress("v0", IpPrefix.parse("fd00::5/64"));
        InetAddress gateway = InetAddresses.forString("10.244.1.1");
        Route guest = Route.onLink(IpPrefix.parse("10.244.1.77/32"), v0);
        Route defaultRoute = Route.via(IpPrefix.parse("0.0.0.0/0"), gateway, v0).withProtocol(RouteProtocol.STATIC);
        Route v6 = Route.via(IpPrefix.parse("fd01::/64"), InetAddresses.forString("fd00::1"), v0);

        netlink.addRoute(guest);
        netlink.addRoute(defaultRoute);
        netlink.addRoute(v6);

        assertThat(routeLines("-4", "main")).contains("10.244.1.77 scope link proto boot",
                "default via 10.244.1.1 scope global proto static", "10.244.1.0/24 scope link proto kernel");
        assertThat(routeLines("-6", "main")).contains("fd01::/64 via fd00::1 scope global proto boot");
        List<Route> listed = netlink.routes(v0, Route.MAIN_TABLE);
        // The kernel gives an IPv6 route metric 1024 unless asked otherwise.
        assertThat(listed).map(Route::settable).contains(guest, defaultRoute, v6.withPriority(OptionalInt.of(1024)));
        assertThat(listed).filteredOn(r -> r.destination().isIpv4()).hasSize(routeLines("-4", "main").size());
        assertThat(listed).filteredOn(r -> !r.destination().isIpv4()).hasSize(routeLines("-6", "main").size());

        assertThatThrownBy(() -> netlink.addRoute(guest))
                .isInstanceOfSatisfying(NetlinkException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EEXIST));

        Route moved = Route.via(IpPrefix.parse("10.9.0.0/16"), gateway, v0).withTable(100);
        netlink.replaceRoute(moved);
        netlink.replaceRoute(moved.withScope(RouteScope.UNIVERSE));
        assertThat(routeLines("-4", "100")).containsExactly("10.9.0.0/16 via 10.244.1.1 scope global proto boot");
        assertThat(netlink.routes(v0, 100)).containsExactly(moved);
        assertThat(netlink.routes(v0, 4242)).isEmpty();
        Route bigTable = Route.via(IpPrefix.parse("10.10.0.0/16"), gateway, v0).withTable(1000);
        netlink.addRoute(bigTable);
        assertThat(routeLines("-4", "1000")).containsExactly("10.10.0.0/16 via 10.244.1.1 scope global proto boot");
        assertThat(netlink.routes(v0, 1000)).containsExactly(bigTable);

        netlink.deleteRoute(guest);
        netlink.deleteRoute(moved);
        assertThat(routeLines("-4", "main")).doesNotContain("10.244.1.77 scope link proto boot");
        assertThat(routeLines("-4", "100")).isEmpty();
        assertThatThrownBy(() -> netlink.deleteRoute(guest))
                .isInstanceOfSatisfying(NetlinkException.class, e -> assertThat(e.errno()).isEqualTo(Errno.ESRCH));
    }

    @Test
    void routeThroughAnUnreachableGatewayIsRefused() {
        Route route = Route.via(IpPrefix.parse("10.9.0.0/16"), InetAddresses.forString("192.0.2.1"), v0);

        assertThatThrownBy(() -> netlink.addRoute(route)).isInstanceOfSatisfying(NetlinkException.class, e -> {
            assertThat(e.errno()).isEqualTo(Errno.ENETUNREACH);
            assertThat(e.extAck()).isPresent();
        });
        assertThat(routeLines("-4", "main")).isEmpty();
    }

    @Test
    void addAndDeleteNeighbours() throws Exception {
        InetAddress guest = InetAddresses.forString("10.244.1.77");
        MacAddress mac = MacAddress.parse("02:00:00:74:17:75");

        netlink.addNeighbour("v0", guest, mac);

        JsonNode entry = ip.json("neigh", "show", "dev", "v0").get(0);
        assertThat(entry.get("dst").asText()).isEqualTo("10.244.1.77");
        assertThat(entry.get("lladdr").asText()).isEqualTo("02:00:00:74:17:75");
        assertThat(entry.get("state").toString()).contains("PERMANENT");
        assertThatThrownBy(() -> netlink.addNeighbour("v0", guest, mac))
                .isInstanceOfSatisfying(NetlinkException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EEXIST));

        netlink.deleteNeighbour("v0", guest);
        assertThat(ip.json("neigh", "show", "dev", "v0")).isEmpty();
        assertThatThrownBy(() -> netlink.deleteNeighbour("v0", guest))
                .isInstanceOfSatisfying(NetlinkException.class, e -> assertThat(e.errno()).isEqualTo(Errno.ENOENT));
    }

    @Test
    void neighbourTableListsPermanentAndUnresolvedEntriesAsIpNeighDoes() throws Exception {
        InetAddress known = InetAddresses.forString("10.244.1.77");
        InetAddress unknown = InetAddresses.forString("10.244.1.78");
        netlink.addAddress("v0", IpPrefix.parse("10.244.1.1/24"));
        netlink.addNeighbour("v0", known, MacAddress.parse("02:00:00:74:17:75"));
        net.exec("pod", "ip", "neigh", "add", "10.244.1.78", "dev", "v0", "nud", "failed");
        netlink.addNeighbour("v1", InetAddresses.forString("fd00::7"), MacAddress.parse("02:00:00:00:00:07"));

        List<Neighbour> ipv4 = netlink.neighbours(AddressFamily.INET);

        assertThat(ipv4).extracting(Neighbour::address).containsExactlyInAnyOrder(known, unknown);
        Neighbour permanent = ipv4.stream().filter(n -> n.address().equals(known)).findFirst().orElseThrow();
        assertThat(permanent.linkIndex()).isEqualTo(v0);
        assertThat(permanent.mac()).contains(MacAddress.parse("02:00:00:74:17:75"));
        assertThat(permanent.resolved()).isTrue();
        Neighbour failed = ipv4.stream().filter(n -> n.address().equals(unknown)).findFirst().orElseThrow();
        assertThat(failed.resolved()).isFalse();
        assertThat(netlink.neighbours(AddressFamily.INET6)).extracting(Neighbour::address)
                .contains(InetAddresses.forString("fd00::7"));
    }

    @Test
    void sysctlsReadAndWriteTheNamespaceNotTheHost() throws Exception {
        String key = "net.ipv4.conf.all.arp_ignore";
        String hostBefore = Sysctl.read(key);
        String other = "1".equals(hostBefore) ? "2" : "1";

        pod.run(() -> {
            Sysctl.write(key, other);
            return null;
        });

        assertThat(net.exec("pod", "sysctl", "-n", key).strip()).isEqualTo(other);
        assertThat(pod.run(() -> Sysctl.read(key))).isEqualTo(other);
        assertThat(Sysctl.read(key)).isEqualTo(hostBefore);
        assertThat(pod.run(() -> Sysctl.read("net/ipv4/conf/v0/forwarding"))).isEqualTo("0");
        assertThatThrownBy(() -> pod.run(() -> Sysctl.read("net.ipv4.conf.nosuch0.forwarding")))
                .hasMessageContaining("net.ipv4.conf.nosuch0.forwarding");
    }

    /**
     * {@code ip -j ROUTE show table T dev v0}, one line per route: dst [via gw] scope proto (iproute2
     * leaves out scope global and proto boot); a table that does not exist has no lines.
     */
    private List<String> routeLines(String family, String table) {
        TestNetwork.Result result = net.execAllowingFailure("pod", "ip", "-j", family, "route", "show", "table", table,
                "dev", "v0");
        if (result.output().contains("FIB table does not exist")) {
            return List.of();
        }
        assertThat(result.exitCode()).as(result.output()).isZero();
        List<String> lines = new ArrayList<>();
        for (JsonNode route : ip.parse(result.output())) {
            lines.add(route.get("dst").asText() + (route.has("gateway") ? " via " + route.get("gateway").asText() : "")
                    + " scope " + route.path("scope").asText("global") + " proto "
                    + route.path("protocol").asText("boot"));
        }
        return lines;
    }
}
