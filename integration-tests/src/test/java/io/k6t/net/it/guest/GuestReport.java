package io.k6t.net.it.guest;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the guest's init reported on the console: the {@code K6T-*} lines of one boot
 * (docs/guest-image.md). Lines of other kinds are kept in {@link #unknown()} so a newer image does
 * not break older tests.
 */
public record GuestReport(List<GuestLease> leases, List<Exchange> exchanges, List<Reboot> reboots, List<Nak> naks,
        List<Renewal> renewals, List<String> noLease, List<Link> links, List<Route> routes, Optional<String> hostname,
        Optional<Ping> ping, Optional<Timing> timing, List<String> errors, List<String> unknown, boolean done) {

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
                case "PING" -> ping = Optional.of(new Ping(line.text("target"), "1".equals(line.text("ok")),
                        line.optional("rtt_ms").map(Double::parseDouble), (int) line.number("tries")));
                case "TIME" -> timing = Optional.of(new Timing(line.number("init"), line.number("modules"),
                        line.number("dhcp_start"), line.number("bound"), line.number("done")));
                case "ERROR" -> errors.add(text.substring(text.indexOf("K6T-")));
                case "DONE" -> done = true;
                default -> unknown.add(text.substring(text.indexOf("K6T-")));
            }
        }
        return new GuestReport(leases, exchanges, reboots, naks, renewals, noLease, links, routes, hostname, ping,
                timing, errors, unknown, done);
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

    /** One entry of the guest's IPv4 routing table; host routes carry {@code /32}. */
    public record Route(String destination, Optional<String> via, String device) {
    }

    /** The guest's ping of its gateway (or of the {@code k6t.ping} target). */
    public record Ping(String target, boolean ok, Optional<Double> rttMillis, int tries) {
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
