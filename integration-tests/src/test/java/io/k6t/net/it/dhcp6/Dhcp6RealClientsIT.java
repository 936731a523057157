package io.k6t.net.it.dhcp6;

import static org.assertj.core.api.Assertions.assertThat;

import io.k6t.net.dhcp.v6.server.Drop6Reason;
import io.k6t.net.dhcp.v6.server.Stats6;
import io.k6t.net.it.support.Poll;
import io.k6t.net.it.support.Prerequisites;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real IPv6 clients in a guest namespace against a pod bound by k6t-net ({@link Ipv6Pod}: the binding
 * moves the pod's IPv6 address to the guest and routes it, {@code PodNetwork.startDhcp} starts the DHCPv6
 * server and the router advertisements): each gets the pod's address, a default route via the bridge, the
 * DNS server and search list, and pings the node over IPv6; in IPv6-only and dual-stack pods.
 */
class Dhcp6RealClientsIT {
    private static final Duration LEASE_TIMEOUT = Duration.ofSeconds(40);

    @TempDir
    Path dir;

    private static Path hook(Path dir, String name) throws IOException {
        Path hook = dir.resolve(name);
        Files.writeString(hook, "#!/bin/sh\n"
                // dhclient leaves the address to its script; dhcpcd installs it itself.
                + "case \"$reason\" in BOUND6|RENEW6|REBIND6)\n"
                + "  ip -6 addr replace \"$new_ip6_address/128\" dev eth0;;\nesac\n"
                + "env >> " + dir.resolve("hook.env") + "\nexit 0\n");
        Files.setPosixFilePermissions(hook, PosixFilePermissions.fromString("rwx------"));
        return hook;
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void assertConfigured(Ipv6Pod pod, String client, Path log) {
        try {
            Poll.untilTrue(LEASE_TIMEOUT, client + " to install " + Ipv6Pod.GUEST_ADDRESS + " and a default route",
                    () -> pod.guestAddresses().stream().anyMatch(a -> a.startsWith(Ipv6Pod.GUEST_ADDRESS + "/"))
                            && pod.guestDefaultGateway().isPresent());
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "\n" + client + " log:\n" + read(log), e);
        }
        assertThat(pod.guestDefaultGateway()).hasValue(pod.bridgeLinkLocal);
        assertThat(pod.podGlobalAddresses()).as("the pod keeps no global IPv6 address").isEmpty();
        Poll.untilTrue(Duration.ofSeconds(10), "the guest to ping the node " + Ipv6Pod.NODE_ADDRESS,
                pod::guestPingsNode);
    }

    @Test
    void dhcpcdInAnIpv6OnlyPodGetsAddressRouteAndDnsByRouterSolicitationAndDhcpv6AndRenews() throws Exception {
        Prerequisites.requireTool("dhcpcd", "dhcpcd-base");
        try (Ipv6Pod pod = Ipv6Pod.create(dir, 20)) {
            Path conf = dir.resolve("dhcpcd.conf");
            Files.writeString(conf, "ipv6rs\nia_na 1\noption dhcp6_name_servers, dhcp6_domain_search\n");
            Path hook = hook(dir, "dhcpcd.hook");
            Files.createDirectories(dir.resolve("db"));
            Path log = dir.resolve("dhcpcd.log");
            pod.net.start("guest", log, "sh", "-c", "mount --bind " + dir.resolve("db") + " /var/lib/dhcpcd && mount -t"
                    + " tmpfs tmpfs /run && exec dhcpcd -f " + conf + " -c " + hook + " -6 -B eth0");
            assertConfigured(pod, "dhcpcd", log);
            String env = read(dir.resolve("hook.env"));
            assertThat(env).contains("new_dhcp6_name_servers=" + Ipv6Pod.DNS)
                    .contains("new_dhcp6_domain_search=vm.svc.cluster.local cluster.local");
            assertThat(pod.advertiser().solicitations()).isPositive();
            // T1 is 10 s: dhcpcd renews with the server, which answers.
            long before = pod.server().stats(Ipv6Pod.BRIDGE).orElseThrow().replied();
            Stats6 after = Poll.until(Duration.ofSeconds(25), "a Renew answered", () -> pod.server()
                    .stats(Ipv6Pod.BRIDGE).filter(s -> s.replied() > before));
            assertThat(after.dropped(Drop6Reason.WRONG_CLIENT)).isZero();
            assertThat(after.advertised()).isEqualTo(1);
        }
    }

    @Test
    void dhclientInADualStackPodGetsAddressByDhcpv6AndItsRouteFromTheAdvertisementRenewsAndReleases()
            throws Exception {
        Prerequisites.requireTool("dhclient", "isc-dhcp-client");
        try (Ipv6Pod pod = Ipv6Pod.create(dir, 20, true)) {
            Path conf = dir.resolve("dhclient6.conf");
            Files.writeString(conf, "request dhcp6.name-servers, dhcp6.domain-search;\n");
            Path log = dir.resolve("dhclient.log");
            List<String> args = List.of("-cf", conf.toString(), "-lf", dir.resolve("leases").toString(), "-pf",
                    dir.resolve("pid").toString(), "-sf", hook(dir, "dhclient.hook").toString(), "eth0");
            pod.net.start("guest", log, dhclient6("-d", args));
            assertConfigured(pod, "dhclient -6", log);
            String env = read(dir.resolve("hook.env"));
            assertThat(env).contains("new_dhcp6_name_servers=" + Ipv6Pod.DNS)
                    .contains("new_dhcp6_domain_search=vm.svc.cluster.local. cluster.local.");
            // Solicit/Advertise, then Request/Reply; T1 is 10 s: dhclient renews and applies the Reply (its
            // script runs with RENEW6), the server counting a second Reply and nothing dropped.
            assertThat(pod.server().stats(Ipv6Pod.BRIDGE).orElseThrow().replied()).isEqualTo(1);
            Poll.untilTrue(Duration.ofSeconds(25), "dhclient -6 to apply a renewed lease",
                    () -> read(dir.resolve("hook.env")).contains("reason=RENEW6"));
            Stats6 renewed = pod.server().stats(Ipv6Pod.BRIDGE).orElseThrow();
            assertThat(renewed.replied()).isEqualTo(2);
            assertThat(renewed.advertised()).isEqualTo(1);
            assertThat(renewed.dropped().values()).containsOnly(0L);
            assertThat(pod.guestAddresses()).contains(Ipv6Pod.GUEST_ADDRESS + "/128");
            // dhclient -r ends the running client (its pid file) and releases the lease: the server replies.
            pod.net.exec("guest", dhclient6("-r", args));
            assertThat(read(dir.resolve("hook.env"))).contains("reason=RELEASE6");
            Stats6 released = Poll.until(Duration.ofSeconds(5), "the Release answered", () -> pod.server()
                    .stats(Ipv6Pod.BRIDGE).filter(s -> s.replied() > 2));
            assertThat(released.replied()).isEqualTo(3);
            assertThat(released.dropped().values()).containsOnly(0L);
        }
    }

    private static String[] dhclient6(String mode, List<String> args) {
        List<String> command = new ArrayList<>(List.of("dhclient", "-6", mode));
        command.addAll(args);
        return command.toArray(String[]::new);
    }

    @Test
    void systemdNetworkdInADualStackPodGetsBothLeasesTheIpv6OneByRapidCommitWithDnsAndRenews() throws Exception {
        Prerequisites.requireTool("systemd-networkd", "systemd");
        try (Ipv6Pod pod = Ipv6Pod.create(dir, 20, true)) {
            Path run = Files.createDirectories(dir.resolve("run"));
            Files.createDirectories(run.resolve("systemd/network"));
            Files.writeString(run.resolve("systemd/network/10-eth0.network"),
                    "[Match]\nName=eth0\n\n[Network]\nDHCP=yes\nIPv6AcceptRA=yes\n");
            Path log = dir.resolve("networkd.log");
            pod.net.start("guest", log, "sh", "-c", "mount --bind " + run + " /run && mount -o remount,bind,ro /sys"
                    + " && SYSTEMD_LOG_TARGET=console exec /lib/systemd/systemd-networkd");
            assertConfigured(pod, "systemd-networkd", log);
            Optional<String> state = Poll.until(Duration.ofSeconds(10), "networkd to save the link's DNS", () -> {
                try (var files = Files.list(run.resolve("systemd/netif/links"))) {
                    return files.map(Dhcp6RealClientsIT::read).filter(s -> s.contains("DNS=")).findFirst()
                            .map(Optional::of);
                } catch (IOException e) {
                    return Optional.empty();
                }
            });
            // The IPv4 lease's server and the IPv6 one (from DHCPv6 and, again, the advertisement's RDNSS).
            String dns = state.orElseThrow().lines().filter(l -> l.startsWith("DNS=")).findFirst().orElseThrow();
            assertThat(dns.substring(4).split(" ")).contains(Ipv6Pod.DNS, "10.96.0.10");
            // The IPv4 lease alongside, from the DHCPv4 server of the same bridge.
            Poll.untilTrue(LEASE_TIMEOUT, "networkd to install the IPv4 lease " + Ipv6Pod.GUEST_IPV4,
                    () -> pod.guestIpv4Addresses().contains(Ipv6Pod.GUEST_IPV4 + "/24"));
            Poll.untilTrue(Duration.ofSeconds(10), "the guest to ping the node over IPv4", () -> pod.net
                    .execAllowingFailure("guest", "busybox", "ping", "-c", "1", "-W", "1", Ipv6Pod.NODE_IPV4)
                    .exitCode() == 0);
            assertThat(pod.podNetwork().dhcp().orElseThrow().stats(Ipv6Pod.BRIDGE).orElseThrow().acked())
                    .isPositive();
            Stats6 stats = pod.server().stats(Ipv6Pod.BRIDGE).orElseThrow();
            assertThat(stats.advertised()).as("Rapid Commit: no Advertise").isZero();
            assertThat(stats.replied()).isEqualTo(1);
            // T1 is 10 s: networkd renews, the server answers, and networkd installs the renewed lifetimes
            // (the address's valid lifetime, at most 10 s before the Renew, is back near the lease's 20 s).
            Stats6 renewed = Poll.until(Duration.ofSeconds(25), "a Renew answered", () -> pod.server()
                    .stats(Ipv6Pod.BRIDGE).filter(s -> s.replied() > 1));
            assertThat(renewed.replied()).isEqualTo(2);
            assertThat(renewed.advertised()).isZero();
            assertThat(renewed.dropped().values()).containsOnly(0L);
            Poll.untilTrue(Duration.ofSeconds(5), "networkd to keep " + Ipv6Pod.GUEST_ADDRESS
                    + " with the renewed lifetime", () -> pod.guestValidLifetime().filter(l -> l > 12 && l <= 20)
                    .isPresent());
        }
    }
}
