package io.k6t.net.launcher.binding.internal;

import com.google.common.net.InetAddresses;
import io.k6t.net.dhcp.server.LeaseConfig;
import io.k6t.net.dhcp.server.StaticRoute;
import io.k6t.net.launcher.binding.InterfacePlan;
import io.k6t.net.launcher.config.DhcpSettings;
import io.k6t.net.launcher.netlink.IpPrefix;
import io.k6t.net.launcher.netlink.Route;
import java.net.Inet4Address;

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

    /** The lease file's JSON text. */
    public static String json(InterfacePlan plan) {
        return lease(plan).toJson();
    }

    private static Inet4Address ipv4(String literal) {
        return (Inet4Address) InetAddresses.forString(literal);
    }
}
