package io.k6t.net.it.cli;

import static io.k6t.net.it.cli.CliAssertions.assertFailsWithOneLine;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.k6t.net.it.support.Poll;
import io.k6t.net.it.support.Prerequisites;
import io.k6t.net.it.support.TestNetwork;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code dhcp serve} and {@code dhcp trace} as processes, with a real udhcpc in a guest namespace. */
class DhcpServeTraceIT {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    Path tmp;

    @Test
    void serveFromTheHostWithNetnsLeasesTheGuestAndTraceSeesTheExchange() throws Exception {
        Prerequisites.requireTool("udhcpc", "udhcpc");
        try (TestNetwork net = TestNetwork.create("pod", "guest")) {
            DhcpPod.wire(net);
            Path ready = tmp.resolve("ready");
            Path serveLog = tmp.resolve("serve.log");
            Process serve = K6tNetCli.start(serveLog, "dhcp", "serve", "--lease", DhcpPod.lease(tmp).toString(),
                    "--netns", net.name("pod"), "--ready-file", ready.toString());
            Path traceLog = tmp.resolve("trace.log");
            Process trace = K6tNetCli.start(traceLog, "dhcp", "trace", "--netns", net.name("pod"), "--interface",
                    "k6t-eth0", "--json");
            Path firstLog = tmp.resolve("first.log");
            Process first = K6tNetCli.start(firstLog, "dhcp", "trace", "--netns", net.name("pod"), "--interface",
                    "k6t-eth0", "--count", "1");
            try {
                Poll.untilTrue(TIMEOUT, "ready file " + ready, () -> Files.exists(ready));
                assertThat(read(ready)).isEqualTo("k6t-eth0\n");
                Poll.untilTrue(TIMEOUT, "trace listening", () -> read(traceLog).contains("listening on k6t-eth0"));
                Poll.untilTrue(TIMEOUT, "trace listening", () -> read(firstLog).contains("listening on k6t-eth0"));

                Map<String, String> lease = DhcpPod.udhcpc(net, tmp);

                assertThat(lease.get("ip")).isEqualTo(DhcpPod.ADDRESS);
                assertThat(lease.get("router")).isEqualTo("10.244.1.1");
                assertThat(lease.get("hostname")).isEqualTo("nodejs");
                assertThat(lease.get("staticroutes")).isEqualTo("169.254.75.10/32 0.0.0.0 0.0.0.0/0 10.244.1.1");
                assertThat(first.waitFor(30, TimeUnit.SECONDS)).as("trace --count 1 ends by itself").isTrue();
                assertThat(first.exitValue()).as(read(firstLog)).isZero();
                assertThat(read(firstLog)).contains("frame 1  0.0.0.0:68 > 255.255.255.255:67  DISCOVER xid 0x");
                Poll.untilTrue(TIMEOUT, "serve logs the ACK", () -> read(serveLog).contains("-> ACK 10.244.1.5"));
                assertThat(read(serveLog)).contains("k6t-eth0  DISCOVER xid 0x", "chaddr " + DhcpPod.MAC,
                        "-> OFFER 10.244.1.5 to 255.255.255.255:68");
                Poll.untilTrue(TIMEOUT, "trace shows the ACK", () -> read(traceLog).contains("\"ACK\""));
            } finally {
                TestNetwork.stop(first);
                TestNetwork.stop(trace);
                TestNetwork.stop(serve);
            }
            List<String> types = new ArrayList<>();
            for (String line : read(traceLog).lines().filter(l -> l.startsWith("{")).toList()) {
                JsonNode json = MAPPER.readTree(line);
                types.add(json.get("messageType").asText());
                assertThat(json.get("chaddr").asText()).isEqualTo(DhcpPod.MAC);
            }
            // udhcpc may repeat a DISCOVER (1 s timeout) before the OFFER: compare without repeats.
            assertThat(types.stream().distinct().toList()).containsExactly("DISCOVER", "OFFER", "REQUEST", "ACK");
            assertThat(trace.exitValue()).as("SIGTERM ends trace normally").isEqualTo(0);
            assertThat(serve.exitValue()).as("SIGTERM ends serve normally").isEqualTo(0);
            assertThat(ready).as("ready file removed on exit").doesNotExist();
            String served = read(serveLog);
            assertThat(served).containsPattern("k6t-eth0: received \\d+, offered [1-9]\\d*, acked 1, naked 0, "
                    + "informed 0, dropped 0");
            // The lines are built in batches: each request still has its line, and all come before the counters.
            Matcher counters = Pattern.compile("k6t-eth0: received (\\d+),")
                    .matcher(served);
            assertThat(counters.find()).isTrue();
            assertThat(served.lines().filter(l -> l.startsWith("k6t-eth0  ")).count()).as(served)
                    .isEqualTo(Long.parseLong(counters.group(1)));
            assertThat(served.lastIndexOf("k6t-eth0  ")).as(served).isLessThan(counters.start());
        }
    }

    /**
     * {@code dhcp serve --lease6 --advertise} alone on a bridge: a real dhcpcd (router solicitation, then
     * DHCPv6 as the advertisement's M flag says) gets the lease's address and DNS; serve prints a line per
     * DHCPv6 transaction and the DHCPv6 and advertisement counters; trace sees the exchange as DHCPv6.
     */
    @Test
    void serveWithLease6AndAdvertiseLeasesDhcpcdTheIpv6AddressAndTraceSeesTheExchange() throws Exception {
        Prerequisites.requireTool("dhcpcd", "dhcpcd-base");
        try (TestNetwork net = TestNetwork.create("pod", "guest")) {
            for (String role : List.of("pod", "guest")) {
                net.exec(role, "sysctl", "-qw", "net.ipv6.conf.all.accept_dad=0",
                        "net.ipv6.conf.default.accept_dad=0");
            }
            DhcpPod.wire(net);
            Poll.untilTrue(TIMEOUT, "the bridge's link-local address", () -> !net.execAllowingFailure("pod", "ip",
                    "-6", "addr", "show", "dev", "k6t-eth0", "scope", "link").output().isBlank());
            Path lease6 = DhcpPod.write(tmp.resolve("lease6.json"), """
                    {"interface": "k6t-eth0", "serverMac": "02:6b:36:74:00:01", "clientMac": "%s",
                     "address": "fd00:10:244::5/64", "leaseSeconds": 3600, "dnsServers": ["fd00:10:96::a"],
                     "searchDomains": ["vm.svc.cluster.local", "cluster.local"]}
                    """.formatted(DhcpPod.MAC));
            Path ready = tmp.resolve("ready");
            Path serveLog = tmp.resolve("serve.log");
            Process serve = K6tNetCli.start(serveLog, "dhcp", "serve", "--lease6", lease6.toString(), "--advertise",
                    "--netns", net.name("pod"), "--ready-file", ready.toString());
            Path traceLog = tmp.resolve("trace.log");
            Process trace = K6tNetCli.start(traceLog, "dhcp", "trace", "--netns", net.name("pod"), "--interface",
                    "k6t-eth0", "--json");
            Path conf = DhcpPod.write(tmp.resolve("dhcpcd.conf"),
                    "ipv6rs\nia_na 1\noption dhcp6_name_servers, dhcp6_domain_search\n");
            Path hook = DhcpPod.write(tmp.resolve("dhcpcd.hook"), "#!/bin/sh\nenv >> " + tmp.resolve("hook.env")
                    + "\nexit 0\n");
            hook.toFile().setExecutable(true);
            Files.createDirectories(tmp.resolve("db"));
            Path clientLog = tmp.resolve("dhcpcd.log");
            try {
                Poll.untilTrue(TIMEOUT, "ready file " + ready, () -> Files.exists(ready));
                assertThat(read(ready)).isEqualTo("k6t-eth0\n");
                Poll.untilTrue(TIMEOUT, "trace listening", () -> read(traceLog).contains("listening on k6t-eth0"));
                net.start("guest", clientLog, "sh", "-c", "mount --bind " + tmp.resolve("db") + " /var/lib/dhcpcd"
                        + " && mount -t tmpfs tmpfs /run && exec dhcpcd -f " + conf + " -c " + hook + " -6 -B eth0");

                Poll.untilTrue(Duration.ofSeconds(40), "dhcpcd to install fd00:10:244::5",
                        () -> net.execAllowingFailure("guest", "ip", "-6", "addr", "show", "dev", "eth0", "scope",
                                "global").output().contains("inet6 fd00:10:244::5/"));

                // dhcpcd runs its hook after installing the address.
                Poll.untilTrue(TIMEOUT, "dhcpcd's BOUND6 hook", () -> read(tmp.resolve("hook.env"))
                        .contains("reason=BOUND6"));
                assertThat(read(tmp.resolve("hook.env"))).contains("new_dhcp6_name_servers=fd00:10:96::a",
                        "new_dhcp6_domain_search=vm.svc.cluster.local cluster.local");
                assertThat(read(serveLog)).as("serve's output").contains(
                        "-> REPLY fd00:10:244::5 to [fe80::ff:fe74:1775]:546");
                // dhcpcd makes a DUID-LLT of the MAC (DUID-LL with other settings).
                assertThat(read(serveLog)).containsPattern("k6t-eth0  SOLICIT xid 0x[0-9a-f]{6} client LLT? "
                        + DhcpPod.MAC + " from \\[fe80::ff:fe74:1775]:546  -> ADVERTISE fd00:10:244::5 to "
                        + "\\[fe80::ff:fe74:1775]:546").contains("k6t-eth0  REQUEST xid 0x");
                Poll.untilTrue(TIMEOUT, "trace shows the Reply", () -> read(traceLog).contains("\"REPLY\""));
            } finally {
                TestNetwork.stop(trace);
                TestNetwork.stop(serve);
            }
            List<String> types = new ArrayList<>();
            for (String line : read(traceLog).lines().filter(l -> l.startsWith("{")).toList()) {
                JsonNode json = MAPPER.readTree(line);
                assertThat(json.get("protocol").asText()).isEqualTo("DHCPv6");
                types.add(json.get("messageType").asText());
            }
            assertThat(types.stream().distinct().toList()).containsExactly("SOLICIT", "ADVERTISE", "REQUEST", "REPLY");
            assertThat(trace.exitValue()).as("SIGTERM ends trace normally").isEqualTo(0);
            assertThat(serve.exitValue()).as("SIGTERM ends serve normally").isEqualTo(0);
            assertThat(ready).as("ready file removed on exit").doesNotExist();
            String counters = read(serveLog);
            assertThat(counters).containsPattern("k6t-eth0: DHCPv6 received (\\d+), advertised [1-9]\\d*, replied "
                    + "[1-9]\\d*, dropped 0");
            assertThat(counters).containsPattern("k6t-eth0: router solicitations [1-9]\\d*, advertisements "
                    + "[1-9]\\d*");
            assertThat(counters).doesNotContain("offered");
        }
    }

    @Test
    void serveWithoutAnyLeaseIsAUsageError() {
        assertFailsWithOneLine(K6tNetCli.run("dhcp", "serve"), 2, "no lease: give --lease FILE");
    }

    @Test
    void serveOnAMissingInterfaceFailsWithOneLineAndNoReadyFile() {
        try (TestNetwork net = TestNetwork.create("pod")) {
            Path ready = tmp.resolve("ready");
            K6tNetCli.Run run = K6tNetCli.run("dhcp", "serve", "--lease", DhcpPod.lease(tmp).toString(), "--netns",
                    net.name("pod"), "--ready-file", ready.toString());
            assertFailsWithOneLine(run, 1, "k6t-eth0");
            assertThat(ready).doesNotExist();
        }
    }

    @Test
    void serveInAMissingNamespaceIsAUsageError() {
        assertFailsWithOneLine(K6tNetCli.run("dhcp", "serve", "--lease", DhcpPod.lease(tmp).toString(), "--netns",
                "k6tit-no-such-ns"), 2, "network namespace 'k6tit-no-such-ns' does not exist");
    }

    @Test
    void invalidLeaseFileIsAUsageErrorNamingTheField() {
        Path lease = DhcpPod.write(tmp.resolve("bad.json"), read(DhcpPod.lease(tmp)).replace("\"mtu\": 1450",
                "\"mtu\": 12"));
        assertFailsWithOneLine(K6tNetCli.run("dhcp", "serve", "--lease", lease.toString()), 2, "mtu");
    }

    @Test
    void unknownLeaseFieldIsAUsageErrorNamingIt() {
        Path lease = DhcpPod.write(tmp.resolve("unknown.json"), read(DhcpPod.lease(tmp)).replace("\"mtu\"",
                "\"colour\": \"red\", \"mtu\""));
        assertFailsWithOneLine(K6tNetCli.run("dhcp", "serve", "--lease", lease.toString()), 2, "colour");
    }

    @Test
    void missingLeaseFileIsAUsageError() {
        assertFailsWithOneLine(K6tNetCli.run("dhcp", "serve", "--lease", tmp.resolve("none.json").toString()), 2,
                "none.json");
    }

    @Test
    void traceOnAMissingInterfaceFailsWithOneLine() {
        try (TestNetwork net = TestNetwork.create("pod")) {
            assertFailsWithOneLine(K6tNetCli.run("dhcp", "trace", "--netns", net.name("pod"), "--interface",
                    "k6t-nope", "--count", "1"), 1, "k6t-nope");
        }
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
