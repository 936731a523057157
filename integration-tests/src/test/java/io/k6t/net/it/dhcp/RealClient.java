package io.k6t.net.it.dhcp;

import io.k6t.net.it.support.Poll;
import io.k6t.net.it.support.Prerequisites;
import io.k6t.net.it.support.TestNetwork;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A real DHCP client run in a guest namespace, with a hook written by the test into its own
 * directory (the clients' default hooks would write the host's resolv.conf). Each hook applies
 * what the client reports (where the client does not apply it itself) and saves its environment,
 * which {@link #lease()} turns into a {@link ObservedLease}.
 */
abstract class RealClient {
    protected final DhcpTopology topology;
    protected final String role;
    protected final Path dir;
    private Process process;

    RealClient(DhcpTopology topology, String role, Path dir) {
        this.topology = topology;
        this.role = role;
        this.dir = dir;
    }

    static RealClient udhcpc(DhcpTopology topology, String role, Path dir) {
        return new Udhcpc(topology, role, dir);
    }

    static RealClient dhclient(DhcpTopology topology, String role, Path dir) {
        return new Dhclient(topology, role, dir);
    }

    static RealClient dhcpcd(DhcpTopology topology, String role, Path dir) {
        return new Dhcpcd(topology, role, dir);
    }

    static RealClient networkd(DhcpTopology topology, String role, Path dir) {
        return new Networkd(topology, role, dir);
    }

    abstract String name();

    protected abstract List<String> command();

    /** Parses what the client saved; empty until it has a lease. */
    protected abstract Optional<ObservedLease> read();

    /** Starts the client (its output goes to {@code dir/NAME.log}). */
    RealClient start() {
        process = topology.net().start(role, dir.resolve(name() + ".log"), command().toArray(String[]::new));
        return this;
    }

    Process process() {
        return process;
    }

    /**
     * Has the client extend its lease: udhcpc and dhcpcd renew at once on SIGUSR1 (a unicast REQUEST
     * to the server identifier); dhclient and networkd have no such signal and renew by themselves at
     * T1 (half the lease).
     */
    void renew() {
        if (signalsRenewal()) {
            // ip netns exec (and sh's exec) run the client in place: the process's PID is the client's.
            TestNetwork.run(List.of("kill", "-USR1", Long.toString(process.pid())));
        }
    }

    /** Whether SIGUSR1 makes this client renew now. */
    protected boolean signalsRenewal() {
        return false;
    }

    /** Waits for the lease; fails with the client's log when none comes. */
    ObservedLease awaitLease(Duration timeout) {
        try {
            return Poll.until(timeout, name() + " to get a lease", this::lease);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "\n" + name() + " log:\n" + log(), e);
        }
    }

    Optional<ObservedLease> lease() {
        return read();
    }

    /** The client's combined output so far. */
    String log() {
        return readIfExists(dir.resolve(name() + ".log")).orElse("(no log)");
    }

    protected Path script(String fileName, String body) {
        Path file = dir.resolve(fileName);
        try {
            Files.writeString(file, body, StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    protected Path file(String fileName, String body) {
        Path file = dir.resolve(fileName);
        try {
            Files.writeString(file, body, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    static Optional<String> readIfExists(Path file) {
        try {
            return Files.exists(file) ? Optional.of(Files.readString(file)) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** KEY=VALUE lines (an {@code env} dump or a networkd lease file). */
    static Map<String, String> keyValues(String text) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                values.put(line.substring(0, eq), line.substring(eq + 1).replaceAll("^'|'$", ""));
            }
        }
        return values;
    }

    static List<String> words(String text) {
        return text == null || text.isBlank() ? List.of() : Arrays.asList(text.trim().split("[\\s,]+"));
    }

    static int prefixOf(String mask) {
        int bits = 0;
        for (String octet : mask.split("\\.")) {
            bits += Integer.bitCount(Integer.parseInt(octet));
        }
        return bits;
    }

    /** Shell lines that save the hook's environment to {@code lease.env} atomically and log the event. */
    protected String saveEnv(String event) {
        return "echo \"" + event + "\" >> " + dir.resolve("events") + "\n"
                + "env > " + dir.resolve("lease.env.tmp") + "\n"
                + "mv " + dir.resolve("lease.env.tmp") + " " + dir.resolve("lease.env") + "\n";
    }

    /** The events the hook saw, in order (e.g. {@code bound}, {@code renew}). */
    List<String> events() {
        return readIfExists(dir.resolve("events")).map(RealClient::words).orElse(List.of());
    }

    private static final class Udhcpc extends RealClient {
        Udhcpc(DhcpTopology topology, String role, Path dir) {
            super(topology, role, dir);
        }

        @Override
        String name() {
            return "udhcpc";
        }

        @Override
        protected boolean signalsRenewal() {
            return true;
        }

        @Override
        protected List<String> command() {
            Prerequisites.requireTool("udhcpc", "udhcpc");
            Path hook = script("udhcpc.hook", "#!/bin/sh\n"
                    + "case \"$1\" in bound|renew) ;; *) echo \"$1\" >> " + dir.resolve("events") + "; exit 0;; esac\n"
                    + "ip addr replace \"$ip/$mask\" dev \"$interface\"\n"
                    + "[ -n \"$mtu\" ] && ip link set dev \"$interface\" mtu \"$mtu\"\n"
                    + "if [ -n \"$staticroutes\" ]; then\n"
                    + "  set -- $staticroutes\n"
                    + "  while [ $# -ge 2 ]; do\n"
                    + "    if [ \"$2\" = 0.0.0.0 ]; then ip route replace \"$1\" dev \"$interface\";\n"
                    + "    else ip route replace \"$1\" via \"$2\" dev \"$interface\"; fi\n"
                    + "    shift 2\n"
                    + "  done\n"
                    + "elif [ -n \"$router\" ]; then\n"
                    + "  ip route replace default via \"${router%% *}\" dev \"$interface\"\n"
                    + "fi\n"
                    + saveEnv("$1"));
            return List.of("udhcpc", "-i", "eth0", "-f", "-t", "5", "-T", "1", "-O", "staticroutes", "-O", "search",
                    "-O", "mtu", "-O", "hostname", "-O", "domain", "-s", hook.toString());
        }

        @Override
        protected Optional<ObservedLease> read() {
            return readIfExists(dir.resolve("lease.env")).map(RealClient::keyValues).map(env -> {
                List<String> routes = new ArrayList<>();
                List<String> pairs = words(env.get("staticroutes"));
                for (int i = 0; i + 1 < pairs.size(); i += 2) {
                    routes.add(pairs.get(i) + " via " + pairs.get(i + 1));
                }
                return new ObservedLease(env.get("ip") + "/" + env.get("mask"), words(env.get("router")),
                        words(env.get("dns")), words(env.get("search")), env.get("mtu"), env.get("hostname"), routes);
            });
        }
    }

    private static final class Dhclient extends RealClient {
        Dhclient(DhcpTopology topology, String role, Path dir) {
            super(topology, role, dir);
        }

        @Override
        String name() {
            return "dhclient";
        }

        @Override
        protected List<String> command() {
            Prerequisites.requireTool("dhclient", "isc-dhcp-client");
            Path conf = file("dhclient.conf", "option rfc3442-classless-static-routes code 121 = array of unsigned"
                    + " integer 8;\n"
                    + "request subnet-mask, broadcast-address, routers, domain-name-servers, domain-name,"
                    + " domain-search, host-name, interface-mtu, rfc3442-classless-static-routes;\n");
            Path hook = script("dhclient.hook", "#!/bin/sh\n"
                    + "case \"$reason\" in\n"
                    + "PREINIT) ip link set \"$interface\" up; exit 0;;\n"
                    + "BOUND|RENEW|REBIND|REBOOT) ;;\n"
                    + "*) echo \"$reason\" >> " + dir.resolve("events") + "; exit 0;;\n"
                    + "esac\n"
                    + "ip addr flush dev \"$interface\"\n"
                    + "ip addr add \"$new_ip_address/$new_subnet_mask\" dev \"$interface\"\n"
                    + "[ -n \"$new_interface_mtu\" ] && ip link set dev \"$interface\" mtu \"$new_interface_mtu\"\n"
                    + "routes=\n"
                    + "set -- $new_rfc3442_classless_static_routes\n"
                    + "while [ $# -gt 0 ]; do\n"
                    + "  len=$1; shift\n"
                    + "  if [ $len -gt 24 ]; then dst=\"$1.$2.$3.$4\"; shift 4;\n"
                    + "  elif [ $len -gt 16 ]; then dst=\"$1.$2.$3.0\"; shift 3;\n"
                    + "  elif [ $len -gt 8 ]; then dst=\"$1.$2.0.0\"; shift 2;\n"
                    + "  elif [ $len -gt 0 ]; then dst=\"$1.0.0.0\"; shift 1;\n"
                    + "  else dst=0.0.0.0; fi\n"
                    + "  gw=\"$1.$2.$3.$4\"; shift 4\n"
                    + "  if [ \"$gw\" = 0.0.0.0 ]; then ip route replace \"$dst/$len\" dev \"$interface\";\n"
                    + "  else ip route replace \"$dst/$len\" via \"$gw\" dev \"$interface\"; fi\n"
                    + "  routes=\"$routes $dst/$len,$gw\"\n"
                    + "done\n"
                    + "export k6t_routes=\"$routes\"\n"
                    + saveEnv("$reason"));
            return List.of("dhclient", "-1", "-d", "-cf", conf.toString(), "-lf", dir.resolve("dhclient.leases")
                    .toString(), "-pf", dir.resolve("dhclient.pid").toString(), "-sf", hook.toString(), "eth0");
        }

        @Override
        protected Optional<ObservedLease> read() {
            return readIfExists(dir.resolve("lease.env")).map(RealClient::keyValues).map(env -> {
                List<String> routes = new ArrayList<>();
                for (String route : words(env.get("k6t_routes").replace(",", " "))) {
                    routes.add(route);
                }
                List<String> paired = new ArrayList<>();
                for (int i = 0; i + 1 < routes.size(); i += 2) {
                    paired.add(routes.get(i) + " via " + routes.get(i + 1));
                }
                return new ObservedLease(env.get("new_ip_address") + "/" + prefixOf(env.get("new_subnet_mask")),
                        words(env.get("new_routers")), words(env.get("new_domain_name_servers")),
                        words(env.get("new_domain_search")).stream().map(d -> d.replaceAll("\\.$", "")).toList(),
                        env.get("new_interface_mtu"), env.get("new_host_name"), paired);
            });
        }
    }

    private static final class Dhcpcd extends RealClient {
        Dhcpcd(DhcpTopology topology, String role, Path dir) {
            super(topology, role, dir);
        }

        @Override
        String name() {
            return "dhcpcd";
        }

        @Override
        protected boolean signalsRenewal() {
            return true;
        }

        @Override
        protected List<String> command() {
            Prerequisites.requireTool("dhcpcd", "dhcpcd-base");
            Path state = dir.resolve("dhcpcd-state");
            try {
                Files.createDirectories(state);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Path conf = file("dhcpcd.conf", "option domain_name_servers, domain_name, domain_search, host_name\n"
                    + "option classless_static_routes, interface_mtu\n"
                    + "persistent\n");
            Path hook = script("dhcpcd.hook", "#!/bin/sh\n"
                    + "case \"$reason\" in BOUND|RENEW|REBIND|REBOOT) ;; *) echo \"$reason\" >> "
                    + dir.resolve("events") + "; exit 0;; esac\n"
                    // dhcpcd leaves the MTU to its 10-mtu hook, which this hook replaces.
                    + "[ -n \"$new_interface_mtu\" ] && ip link set dev \"$interface\" mtu \"$new_interface_mtu\"\n"
                    + saveEnv("$reason"));
            return List.of("sh", "-c", "mount --bind " + state + " /var/lib/dhcpcd && mount -t tmpfs tmpfs /run && exec"
                    + " dhcpcd -f " + conf + " -c " + hook + " -4 -B -t 20 --noarp --nodelay eth0");
        }

        @Override
        protected Optional<ObservedLease> read() {
            return readIfExists(dir.resolve("lease.env")).map(RealClient::keyValues).map(env -> {
                List<String> pairs = words(env.get("new_classless_static_routes"));
                List<String> routes = new ArrayList<>();
                for (int i = 0; i + 1 < pairs.size(); i += 2) {
                    routes.add(pairs.get(i) + " via " + pairs.get(i + 1));
                }
                return new ObservedLease(env.get("new_ip_address") + "/" + env.get("new_subnet_cidr"),
                        words(env.get("new_routers")), words(env.get("new_domain_name_servers")),
                        words(env.get("new_domain_search")), env.get("new_interface_mtu"), env.get("new_host_name"),
                        routes);
            });
        }
    }

    private static final class Networkd extends RealClient {
        Networkd(DhcpTopology topology, String role, Path dir) {
            super(topology, role, dir);
        }

        @Override
        String name() {
            return "systemd-networkd";
        }

        @Override
        protected List<String> command() {
            Path binary = Prerequisites.requireTool("systemd-networkd", "systemd");
            Path run = dir.resolve("run");
            try {
                Files.createDirectories(run);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Path network = file("eth0.network", "[Match]\nName=eth0\n\n[Network]\nDHCP=ipv4\nLinkLocalAddressing=no\n"
                    + "IPv6AcceptRA=no\n\n[DHCPv4]\nUseMTU=yes\nUseDomains=yes\nUseHostname=no\nUseDNS=yes\n"
                    + "UseRoutes=yes\nRequestOptions=12 15 26 119 121\n");
            return List.of("sh", "-c", "mount --bind " + run + " /run && mkdir -p /run/systemd/network && cp " + network
                    + " /run/systemd/network/ && mount -o remount,bind,ro /sys && SYSTEMD_LOG_TARGET=console"
                    + " SYSTEMD_LOG_LEVEL=debug exec " + binary);
        }

        @Override
        protected Optional<ObservedLease> read() {
            Path leases = dir.resolve("run/systemd/netif/leases");
            try (var files = Files.exists(leases) ? Files.list(leases) : java.util.stream.Stream.<Path>empty()) {
                return files.findFirst().flatMap(RealClient::readIfExists).map(RealClient::keyValues)
                        .filter(lease -> lease.containsKey("ADDRESS")).map(lease -> {
                            List<String> routes = new ArrayList<>();
                            for (String route : words(lease.get("CLASSLESS_ROUTES").replace(",", " "))) {
                                routes.add(route);
                            }
                            List<String> paired = new ArrayList<>();
                            for (int i = 0; i + 1 < routes.size(); i += 2) {
                                paired.add(routes.get(i) + " via " + routes.get(i + 1));
                            }
                            return new ObservedLease(lease.get("ADDRESS") + "/" + prefixOf(lease.get("NETMASK")),
                                    words(lease.get("ROUTER")), words(lease.get("DNS")),
                                    words(lease.get("DOMAIN_SEARCH_LIST")), lease.get("MTU"), lease.get("HOSTNAME"),
                                    paired);
                        });
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /**
     * What a client reported: {@code address} as {@code a.b.c.d/len}, routes as {@code dst/len via gw}
     * ({@code via 0.0.0.0} for on-link), mtu and hostname as the client wrote them (null when absent).
     */
    record ObservedLease(String address, List<String> routers, List<String> dnsServers, List<String> searchDomains,
            String mtu, String hostname, List<String> classlessRoutes) {
    }
}
