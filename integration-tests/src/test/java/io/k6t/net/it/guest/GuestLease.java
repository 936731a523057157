package io.k6t.net.it.guest;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The lease a guest NIC applied, from its {@code K6T-LEASE} line.
 *
 * @param iface         guest interface ({@code eth0})
 * @param address       the leased IPv4 address
 * @param prefixLength  from the subnet mask (option 1)
 * @param routers       option 3, in server order
 * @param routes        option 121 in server order (the guest ignores option 3 when present)
 * @param dnsServers    option 6
 * @param searchDomains option 119
 * @param domainName    option 15
 * @param mtu           option 26
 * @param hostname      option 12
 * @param serverId      option 54
 * @param leaseSeconds  option 51
 * @param client        the guest's DHCP client: {@code udhcpc}, or {@code dhclient} for an INIT-REBOOT
 * @param event         what the client reported: {@code bound}, {@code renew} (udhcpc), {@code bound},
 *                      {@code reboot} (dhclient's ACK of its INIT-REBOOT), {@code renew}, {@code rebind}
 * @param boundMillis   guest uptime when the lease was applied
 */
public record GuestLease(String iface, String address, int prefixLength, List<String> routers,
        List<Route> routes, List<String> dnsServers, List<String> searchDomains, Optional<String> domainName,
        OptionalInt mtu, Optional<String> hostname, String serverId, long leaseSeconds, String client, String event,
        long boundMillis) {

    public GuestLease {
        routers = List.copyOf(routers);
        routes = List.copyOf(routes);
        dnsServers = List.copyOf(dnsServers);
        searchDomains = List.copyOf(searchDomains);
    }

    /** {@code address/prefixLength}. */
    public String cidr() {
        return address + "/" + prefixLength;
    }

    static GuestLease from(K6tLine line) {
        return new GuestLease(line.text("iface"), line.text("ip"), (int) line.number("prefix"),
                line.list("router"), line.list("routes").stream().map(Route::parse).toList(), line.list("dns"),
                line.list("search"), line.optional("domain"),
                line.optional("mtu").map(m -> OptionalInt.of(Integer.parseInt(m))).orElse(OptionalInt.empty()),
                line.optional("hostname"), line.text("serverid"),
                line.optional("lease").map(Long::parseLong).orElse(0L), line.text("client"),
                line.text("event"), line.number("bound_ms"));
    }

    /**
     * One classless static route (RFC 3442) as the lease gave it.
     *
     * @param destination {@code a.b.c.d/len}
     * @param gateway     the router, {@code 0.0.0.0} for an on-link route
     */
    public record Route(String destination, String gateway) {
        /** Parses the {@code dst/len@gw} form of the K6T-LEASE {@code routes} field. */
        public static Route parse(String text) {
            int at = text.indexOf('@');
            if (at <= 0 || at == text.length() - 1) {
                throw new IllegalArgumentException("route '" + text + "' (expected: dst/len@gw)");
            }
            return new Route(text.substring(0, at), text.substring(at + 1));
        }
    }
}
