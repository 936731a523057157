package io.k6t.net.launcher.binding.internal;

import com.google.common.net.InetAddresses;
import io.k6t.net.dhcp.server.LeaseConfig;
import io.k6t.net.dhcp.server.StaticRoute;
import io.k6t.net.launcher.binding.InterfacePlan;
import io.k6t.net.launcher.config.DhcpSettings;
import io.k6t.net.launcher.netlink.IpPrefix;
import io.k6t.net.launcher.netlink.Route;
import io.k6t.net.dhcp.v6.server.Lease6;
import io.k6t.net.launcher.ra.RouterAdvertisement;
import java.net.Inet4Address;
import java.net.Inet6Address;

/**
 * The lease (design, "DHCP server") of a served interface, derived from its plan: the pod link's
 * first IPv4 address and its gateway routes, resolv.conf's servers and domains, the configured
 * DHCP settings. The server itself puts the on-link route to its own address first in option 121.
 */
public final class LeaseFiles {
    private LeaseFiles() {
    }

    /** The lease; throws {@link io.k6t.net.dhcp.server.LeaseConfigException} naming what the server cannot send. */
    public static LeaseConfig lease(InterfacePlan plan) {
        IpPrefix guest = plan.guestAddress().orElseThrow(() -> new IllegalArgumentException(
                plan.podInterface() + " has no IPv4: no lease"));
        DhcpSettings dhcp = plan.config().dhcp();
        LeaseConfig.Builder lease = LeaseConfig.builder()
                .interfaceName(plan.names().bridge())
                .serverAddress(plan.serverAddress().orElseThrow())
                .clientMac(plan.guestMac().toString())
                .address((Inet4Address) guest.address(), guest.prefixLength())
                .mtu(plan.mtu())
                .leaseSeconds(dhcp.leaseSeconds())
                .acceptRelayed(dhcp.acceptRelayed());
        plan.gateway().ifPresent(lease::gateway);
        for (Route r : plan.guestRoutes()) {
            lease.addRoute(new StaticRoute((Inet4Address) r.destination().address(), r.destination().prefixLength(),
                    (Inet4Address) r.gateway().orElseThrow()));
        }
        plan.dnsServers().forEach(lease::addDnsServer);
        plan.searchDomains().forEach(lease::addSearchDomain);
        plan.hostname().ifPresent(lease::hostname);
        dhcp.ntpServers().forEach(s -> lease.addNtpServer(ipv4(s)));
        dhcp.tftpServerName().ifPresent(lease::tftpServerName);
        dhcp.bootFileName().ifPresent(lease::bootFileName);
        dhcp.privateOptions().forEach(lease::addPrivateOption);
        return lease.build();
    }

    /**
     * The DHCPv6 lease of an interface with global IPv6 (design, "IPv6 on the bridge binding"): the pod
     * link's first global IPv6 address for the guest's MAC, the server's DUID from the bridge MAC, the IPv6
     * name servers and the search list of resolv.conf, the configured lease time, Rapid Commit.
     *
     * @throws IllegalArgumentException naming what DHCPv6 cannot carry
     */
    public static Lease6 lease6(InterfacePlan plan) {
        IpPrefix guest = plan.guestAddress6().orElseThrow(() -> new IllegalArgumentException(
                plan.podInterface() + " has no global IPv6: no DHCPv6 lease"));
        return new Lease6(plan.names().bridge(), plan.bridgeMac(), plan.guestMac(), (Inet6Address) guest.address(),
                guest.prefixLength(), plan.config().dhcp().leaseSeconds(), plan.dnsServers6(), plan.searchDomains(),
                true);
    }

    /**
     * The router advertisement of the bridge (docs/dhcpv6.md): M and O set (address and DNS by DHCPv6), the
     * bridge as default router, the guest's MTU (when IPv6 can use it), the pod's prefix on-link but not
     * autonomous, RDNSS and DNSSL from resolv.conf.
     *
     * @throws IllegalArgumentException naming what an advertisement cannot carry
     */
    public static RouterAdvertisement advertisement(InterfacePlan plan) {
        if (plan.guestAddress6().isEmpty()) {
            throw new IllegalArgumentException(plan.podInterface() + " has no global IPv6: no router advertisement");
        }
        return RouterAdvertisement.forGuest(lease6(plan), plan.mtu());
    }

    /** The lease file's JSON text. */
    public static String json(InterfacePlan plan) {
        return lease(plan).toJson();
    }

    private static Inet4Address ipv4(String literal) {
        return (Inet4Address) InetAddresses.forString(literal);
    }
}
