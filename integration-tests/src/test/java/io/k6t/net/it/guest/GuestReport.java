package io.k6t.net.it.guest;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the guest's init reported on the console: the {@code K6T-*} lines of one boot
 * (docs/guest-image.md). The IPv6 records are in {@link #ipv6()}. Lines of other kinds are kept in
 * {@link #unknown()} so a newer image does not break older tests.
 */
public record GuestReport(List<GuestLease> leases, List<Exchange> exchanges, List<Reboot> reboots, List<Nak> naks,
        List<Renewal> renewals, List<String> noLease, List<Link> links, List<Route> routes, Optional<String> hostname,
        Optional<Ping> ping, Ipv6 ipv6, Optional<Resolver> resolver, Optional<Timing> timing, List<String> errors,
        List<String> unknown, boolean done) {

    public GuestReport {
        leases = List.copyOf(leases);
        exchanges = List.copyOf(exchanges);
        reboots = List.copyOf(reboots);
        naks = List.copyOf(naks);
        renewals = List.copyOf(renewals);
        noLease = List.copyOf(noLease);
        links = List.copyOf(links);
        routes = List.copyOf(routes);
        errors = List.copyOf(errors);
        unknown = List.copyOf(unknown);
    }

    /** Parses a console log; lines without {@code K6T-} are ignored. */
    public static GuestReport parse(String console) {
        List<GuestLease> leases = new ArrayList<>();
        List<Exchange> exchanges = new ArrayList<>();
        List<Reboot> reboots = new ArrayList<>();
        List<Nak> naks = new ArrayList<>();
        List<Renewal> renewals = new ArrayList<>();
        List<String> noLease = new ArrayList<>();
        List<Link> links = new ArrayList<>();
        List<Route> routes = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        Optional<String> hostname = Optional.empty();
        Optional<Ping> ping = Optional.empty();
        List<GuestLease6> leases6 = new ArrayList<>();
        List<Exchange6> exchanges6 = new ArrayList<>();
        List<Renewal6> renewals6 = new ArrayList<>();
        List<String> noLease6 = new ArrayList<>();
        List<Link6> links6 = new ArrayList<>();
        List<Route> routes6 = new ArrayList<>();
        Optional<Ping> ping6 = Optional.empty();
        Optional<DefaultRouter> router6 = Optional.empty();
        Optional<Resolver> resolver = Optional.empty();
        Optional<Timing> timing = Optional.empty();
        boolean done = false;
        for (String text : console.lines().toList()) {
            Optional<K6tLine> parsed = K6tLine.parse(text);
            if (parsed.isEmpty()) {
                continue;
            }
            K6tLine line = parsed.get();
            switch (line.kind()) {
                case "LEASE" -> leases.add(GuestLease.from(line));
                case "DHCP" -> exchanges.add(new Exchange(line.text("iface"), line.text("client"),
                        (int) line.number("discovers"), (int) line.number("requests"), (int) line.number("naks"),
                        line.number("ms")));
                case "REBOOT" -> reboots.add(new Reboot(line.text("iface"), line.text("requested"),
                        line.text("client")));
                case "NAK" -> naks.add(new Nak(line.text("iface"), line.text("client"), line.optional("requested"),
                        line.optional("serverid")));
                case "RENEW" -> renewals.add(new Renewal(line.text("iface"), "1".equals(line.text("ok")),
                        "1".equals(line.text("unicast")), line.number("ms")));
                case "NOLEASE" -> noLease.add(line.text("iface"));
                case "LINK" -> links.add(new Link(line.text("iface"), line.text("mac"), (int) line.number("mtu"),
                        line.list("addr")));
                case "ROUTE" -> routes.add(new Route(line.text("dst"), line.optional("via"), line.text("dev")));
                case "HOSTNAME" -> hostname = Optional.of(line.text("name"));
                case "PING" -> ping = Optional.of(Ping.from(line));
                case "LEASE6" -> leases6.add(GuestLease6.from(line));
                case "DHCP6" -> exchanges6.add(new Exchange6(line.text("iface"), line.text("client"),
                        (int) line.number("solicits"), (int) line.number("requests"), (int) line.number("advertises"),
                        (int) line.number("replies"), line.number("linklocal_ms"), line.number("ms")));
                case "RENEW6" -> renewals6.add(new Renewal6(line.text("iface"), "1".equals(line.text("ok")),
                        line.number("ms")));
                case "NOLEASE6" -> noLease6.add(line.text("iface"));
                case "LINK6" -> links6.add(new Link6(line.text("iface"), line.list("addr"), line.list("linklocal")));
                case "ROUTE6" -> routes6.add(new Route(line.text("dst"), line.optional("via"), line.text("dev")));
                case "PING6" -> ping6 = Optional.of(Ping.from(line));
                case "RA" -> router6 = Optional.of(new DefaultRouter(line.text("iface"), "1".equals(line.text("ok")),
                        line.optional("router"), line.number("waited_ms")));
                case "RESOLV" -> resolver = Optional.of(new Resolver(line.list("nameservers"), line.list("search")));
                case "TIME" -> timing = Optional.of(new Timing(line.number("init"), line.number("modules"),
                        line.number("dhcp_start"), line.number("bound"), line.number("done")));
                case "ERROR" -> errors.add(text.substring(text.indexOf("K6T-")));
                case "DONE" -> done = true;
                default -> unknown.add(text.substring(text.indexOf("K6T-")));
            }
        }
        return new GuestReport(leases, exchanges, reboots, naks, renewals, noLease, links, routes, hostname, ping,
                new Ipv6(leases6, exchanges6, renewals6, noLease6, links6, routes6, router6, ping6),
                resolver, timing, errors, unknown, done);
    }

    /** The lease of {@code iface}; fails naming the NICs that did report one. */
    public GuestLease lease(String iface) {
        List<GuestLease> found = leases.stream().filter(l -> l.iface().equals(iface)).toList();
        if (found.isEmpty()) {
            throw new AssertionError("guest reported no lease on " + iface + " (leases on "
                    + leases.stream().map(GuestLease::iface).toList() + ", no lease on " + noLease + ")");
        }
        // A renewal prints a second line; the last one is what the NIC holds now.
        return found.get(found.size() - 1);
    }

    /** The DHCP client run on {@code iface}. */
    public Exchange exchange(String iface) {
        return exchanges.stream().filter(e -> e.iface().equals(iface)).findFirst()
                .orElseThrow(() -> new AssertionError("guest reported no DHCP client run on " + iface));
    }

    /** The applied state of {@code iface}. */
    public Link link(String iface) {
        return links.stream().filter(l -> l.iface().equals(iface)).findFirst()
                .orElseThrow(() -> new AssertionError("guest reported no link " + iface + " in " + links));
    }

    /** The guest's default routes (normally one). */
    public List<Route> defaultRoutes() {
        return routes.stream().filter(r -> r.destination().equals("default")).toList();
    }

    /** The timing line; fails if the guest did not get that far. */
    public Timing requireTiming() {
        return timing.orElseThrow(() -> new AssertionError("guest printed no K6T-TIME line"));
    }

    /**
     * One NIC's DHCP client run, from the client's own messages: how many DISCOVERs and REQUESTs it
     * sent (a server that answers the first DISCOVER gives {@code discovers == 1}), how many NAKs
     * it got, and how long the client ran (guest ms, hook included).
     */
    public record Exchange(String iface, String client, int discovers, int requests, int naks, long millis) {
    }

    /**
     * A renewal the guest asked for ({@code k6t.renew=1}): whether the client got its ACK within
     * 10 s, and whether it sent the REQUEST by unicast to the server id (RFC 2131 RENEWING) rather
     * than broadcasting (REBINDING).
     */
    public record Renewal(String iface, boolean ok, boolean unicast, long millis) {
    }

    /** A NIC whose client starts in INIT-REBOOT, requesting the address it remembers. */
    public record Reboot(String iface, String requested, String client) {
    }

    /**
     * A NAK the guest's client received.
     *
     * @param requested the address the client asked for, when known (the INIT-REBOOT case)
     */
    public record Nak(String iface, String client, Optional<String> requested, Optional<String> serverId) {
    }

    /** A guest NIC after DHCP: its MAC, MTU and IPv4 addresses ({@code a.b.c.d/len}). */
    public record Link(String iface, String mac, int mtu, List<String> addresses) {
        public Link {
            addresses = List.copyOf(addresses);
        }
    }

    /** One entry of the guest's IPv4 (IPv6) routing table; host routes carry {@code /32} ({@code /128}). */
    public record Route(String destination, Optional<String> via, String device) {
    }

    /** The guest's ping of its gateway (or of the {@code k6t.ping} target); over IPv6 the same. */
    public record Ping(String target, boolean ok, Optional<Double> rttMillis, int tries) {
        static Ping from(K6tLine line) {
            return new Ping(line.text("target"), "1".equals(line.text("ok")),
                    line.optional("rtt_ms").map(Double::parseDouble), (int) line.number("tries"));
        }
    }

    /** The guest's {@code /etc/resolv.conf} after DHCP: name servers in order, the search list. */
    public record Resolver(List<String> nameservers, List<String> search) {
        public Resolver {
            nameservers = List.copyOf(nameservers);
            search = List.copyOf(search);
        }
    }

    /**
     * The IPv6 records of the NICs that ran DHCPv6 ({@code k6t.dhcp6}): their leases, client runs,
     * renewals, NICs without a lease, addresses, the guest's IPv6 routing table (link-local and
     * multicast entries left out), the wait for the default NIC's router advertisement and the IPv6
     * ping. All empty when no NIC ran DHCPv6.
     */
    public record Ipv6(List<GuestLease6> leases, List<Exchange6> exchanges, List<Renewal6> renewals,
            List<String> noLease, List<Link6> links, List<Route> routes, Optional<DefaultRouter> router,
            Optional<Ping> ping) {
        public Ipv6 {
            leases = List.copyOf(leases);
            exchanges = List.copyOf(exchanges);
            renewals = List.copyOf(renewals);
            noLease = List.copyOf(noLease);
            links = List.copyOf(links);
            routes = List.copyOf(routes);
        }

        /** The DHCPv6 lease {@code iface} holds now (the last applied); fails naming the NICs that have one. */
        public GuestLease6 lease(String iface) {
            List<GuestLease6> found = leases.stream().filter(l -> l.iface().equals(iface)).toList();
            if (found.isEmpty()) {
                throw new AssertionError("guest reported no DHCPv6 lease on " + iface + " (leases on "
                        + leases.stream().map(GuestLease6::iface).toList() + ", no lease on " + noLease + ")");
            }
            return found.get(found.size() - 1);
        }

        /** The DHCPv6 client run on {@code iface}. */
        public Exchange6 exchange(String iface) {
            return exchanges.stream().filter(e -> e.iface().equals(iface)).findFirst()
                    .orElseThrow(() -> new AssertionError("guest reported no DHCPv6 client run on " + iface));
        }

        /** The IPv6 addresses of {@code iface}. */
        public Link6 link(String iface) {
            return links.stream().filter(l -> l.iface().equals(iface)).findFirst()
                    .orElseThrow(() -> new AssertionError("guest reported no IPv6 link " + iface + " in " + links));
        }

        /** The guest's IPv6 default routes (normally one, from the router advertisement). */
        public List<Route> defaultRoutes() {
            return routes.stream().filter(r -> r.destination().equals("default")).toList();
        }
    }

    /**
     * One NIC's DHCPv6 client run, from the client's own messages: Solicits and Requests sent,
     * Advertises and Replies received (a server that answers at once gives one of each), how long
     * the NIC's link-local address took to appear (the client cannot start before), and how long
     * the client ran until bound (guest ms, hook included).
     */
    public record Exchange6(String iface, String client, int solicits, int requests, int advertises, int replies,
            long linkLocalMillis, long millis) {
    }

    /**
     * The default NIC's IPv6 default route, which the kernel makes from a router advertisement: the
     * guest waits (up to 10 s) after its clients finished until it is there.
     *
     * @param ok           whether it came
     * @param router       its gateway (the advertising router's link-local address)
     * @param waitedMillis how long the guest waited for it after the DHCP clients finished
     */
    public record DefaultRouter(String iface, boolean ok, Optional<String> router, long waitedMillis) {
    }

    /** Whether a DHCPv6 NIC's client renewed (its Renew at T1 answered) while the guest waited. */
    public record Renewal6(String iface, boolean ok, long millis) {
    }

    /**
     * A DHCPv6 NIC's IPv6 addresses after DHCP, {@code addr/len}: global ones, and link-local ones
     * (the client's source address).
     */
    public record Link6(String iface, List<String> addresses, List<String> linkLocal) {
        public Link6 {
            addresses = List.copyOf(addresses);
            linkLocal = List.copyOf(linkLocal);
        }
    }

    /**
     * Guest uptime in milliseconds (10 ms resolution) at each stage of the boot.
     *
     * @param init      /init started: the kernel's own boot
     * @param modules   virtio-net modules loaded
     * @param dhcpStart the first DHCP client starts
     * @param bound     every NIC's client has finished
     * @param done      after the ping, just before power-off
     */
    public record Timing(long init, long modules, long dhcpStart, long bound, long done) {
        public Timing {
            if (!(init <= modules && modules <= dhcpStart && dhcpStart <= bound && bound <= done)) {
                throw new IllegalArgumentException("guest timing out of order: init=" + init + " modules=" + modules
                        + " dhcp_start=" + dhcpStart + " bound=" + bound + " done=" + done);
            }
        }

        /** Time spent getting leases on all NICs. */
        public long dhcpMillis() {
            return bound - dhcpStart;
        }
    }
}
