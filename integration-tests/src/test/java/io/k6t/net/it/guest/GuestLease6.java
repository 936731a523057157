package io.k6t.net.it.guest;

import java.util.List;

/**
 * The DHCPv6 lease a guest NIC applied, from its {@code K6T-LEASE6} line.
 *
 * @param iface            guest interface ({@code eth0})
 * @param address          the IA_NA address
 * @param prefixLength     what the guest put on the NIC (128: dhclient takes the address alone; the
 *                         on-link prefix is the router advertisement's)
 * @param dnsServers       option 23
 * @param searchDomains    option 24
 * @param serverId         option 2, the server's DUID as two-digit hex bytes separated by colons
 * @param preferredSeconds the address's preferred lifetime
 * @param validSeconds     the address's valid lifetime
 * @param client           the guest's DHCPv6 client: {@code dhclient}
 * @param event            what the client reported: {@code bound}, {@code renew}, {@code rebind}
 * @param boundMillis      guest uptime when the lease was applied
 */
public record GuestLease6(String iface, String address, int prefixLength, List<String> dnsServers,
        List<String> searchDomains, String serverId, long preferredSeconds, long validSeconds, String client,
        String event, long boundMillis) {

    public GuestLease6 {
        dnsServers = List.copyOf(dnsServers);
        searchDomains = List.copyOf(searchDomains);
    }

    /** {@code address/prefixLength}. */
    public String cidr() {
        return address + "/" + prefixLength;
    }

    static GuestLease6 from(K6tLine line) {
        return new GuestLease6(line.text("iface"), line.text("ip"), (int) line.number("prefix"), line.list("dns"),
                line.list("search"), line.text("serverid"), line.number("preferred"), line.number("valid"),
                line.text("client"), line.text("event"), line.number("bound_ms"));
    }
}
