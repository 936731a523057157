package io.k6t.net.it.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.k6t.net.it.guest.Dnsmasq;
import io.k6t.net.it.support.Poll;
import io.k6t.net.it.support.Prerequisites;
import io.k6t.net.it.support.TestNetwork;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Learning on a pass-through interface, seen through {@code k6t-net status --json} while {@code run}
 * serves: the pod has {@code eth0} (a CNI address: k6t-net serves it) and {@code net1} (no IPv4: the
 * guest's DHCP crosses the bridge to a server on the secondary L2, a bridge {@code br1} in the node).
 * A "guest" namespace with one veth per bridge stands in for the VM's two NICs. IPv4 by udhcpc
 * against dnsmasq (RELEASE, expiry); IPv6 by dhclient against dnsmasq's DHCPv6 (Release) and an
 * address the guest configured itself, seen in neighbour discovery.
 */
class AddressLearningIT {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final String L2_ADDRESS = "192.168.50.20";
    private static final String SHORT_LEASE_ADDRESS = "192.168.50.21";
    private static final int SHORT_LEASE_SECONDS = 3;
    private static final String V6_LEASED = "fd00:50::20";
    private static final String V6_STATIC = "fd00:50::99";

    @TempDir
    Path tmp;

    @Test
    void statusReportsTheL2LeaseBesideTheServedOneUntilReleaseOrExpiry() throws Exception {
        Prerequisites.requireTool("udhcpc", "udhcpc");
        try (TestNetwork net = TestNetwork.create("node", "pod", "guest")) {
            String eth0Mac = CliPod.wire(net);
            String net1Mac = l2(net);
            Path config = config();
            Process dnsmasq = Dnsmasq.on("br1", "192.168.50.0", "255.255.255.0").host(net1Mac, L2_ADDRESS, "db")
                    .start(net, "node", tmp);
            Process run = run(net, config);
            try {
                plug(net, "vg0", "eth0", "k6t-eth0", eth0Mac);
                plug(net, "vg1", "eth1", "k6t-net1", net1Mac);
                udhcpcOnce(net, "eth0");
                Process eth1Client = net.start("guest", tmp.resolve("udhcpc-eth1.log"), "udhcpc", "-i", "eth1",
                        "-f", "-n", "-t", "5", "-T", "1", "-s", hook("eth1").toString());
                Poll.untilTrue(TIMEOUT, "the guest's eth1 to be bound", () -> Files.exists(tmp.resolve("bound-eth1")));

                JsonNode learned = Poll.until(TIMEOUT, "status to report the learned address",
                        () -> learned(config, net, L2_ADDRESS));
                JsonNode status = status(config, net);
                JsonNode eth0 = iface(status, "eth0");
                assertThat(status.get("servingPid").asLong()).isEqualTo(run.pid());
                assertThat(eth0.get("served").get("address").asText()).isEqualTo(CliPod.ADDRESS + "/24");
                assertThat(eth0.get("served").get("lastExchange").get("decision").asText()).isEqualTo("ACK");
                assertThat(eth0.get("served").get("counters").get("acked").asLong()).isGreaterThanOrEqualTo(1);
                assertThat(eth0.get("learned")).isEmpty();
                JsonNode net1 = iface(status, "net1");
                assertThat(net1.get("served").isNull()).isTrue();
                assertThat(net1.get("guestMac").asText()).isEqualTo(net1Mac);
                assertThat(net1.get("tap").get("master").asText()).isEqualTo("k6t-net1");
                assertThat(learned.get("source").asText()).isEqualTo("DHCPV4");
                // dnsmasq's lease time (1 h) from option 51, counted from the ACK.
                assertThat(Duration.between(Instant.parse(learned.get("lastSeen").asText()),
                        Instant.parse(learned.get("expiry").asText()))).isEqualTo(Duration.ofHours(1));

                // SIGUSR2: udhcpc sends a RELEASE across the bridge.
                TestNetwork.run(List.of("kill", "-USR2", Long.toString(eth1Client.pid())));
                Poll.untilTrue(TIMEOUT, "status to drop the released address",
                        () -> learned(config, net, L2_ADDRESS).isEmpty());
                assertThat(iface(status(config, net), "net1").get("learned")).isEmpty();
                TestNetwork.stop(eth1Client);

                // Expiry: a server on the L2 with a 3 s lease; the client takes it and quits, never renewing.
                TestNetwork.stop(dnsmasq);
                Process shortLease = K6tNetCli.startIn(net, "node", tmp.resolve("short.log"), "dhcp", "serve",
                        "--lease", shortLease(net1Mac).toString(), "--ready-file",
                        tmp.resolve("short.ready").toString());
                try {
                    Poll.untilTrue(TIMEOUT, "the short-lease server to be ready",
                            () -> Files.exists(tmp.resolve("short.ready")));
                    udhcpcOnce(net, "eth1");
                    JsonNode expiring = Poll.until(TIMEOUT, "status to report the short lease",
                            () -> learned(config, net, SHORT_LEASE_ADDRESS));
                    Instant expiry = Instant.parse(expiring.get("expiry").asText());
                    assertThat(Duration.between(Instant.parse(expiring.get("lastSeen").asText()), expiry))
                            .isEqualTo(Duration.ofSeconds(SHORT_LEASE_SECONDS));
                    Poll.untilTrue(TIMEOUT, "status to drop the expired address",
                            () -> learned(config, net, SHORT_LEASE_ADDRESS).isEmpty());
                    JsonNode after = status(config, net);
                    assertThat(Instant.parse(after.get("at").asText())).isAfterOrEqualTo(expiry);
                    assertThat(iface(after, "net1").get("learned")).isEmpty();
                    // The file the serving process publishes dropped it too, at the expiry.
                    assertThat(Files.readString(tmp.resolve("state").resolve("status.json")))
                            .doesNotContain(SHORT_LEASE_ADDRESS);
                } finally {
                    TestNetwork.stop(shortLease);
                }
            } finally {
                TestNetwork.stop(run);
                TestNetwork.stop(dnsmasq);
            }
            assertThat(tmp.resolve("state").resolve("status.json")).as("removed when run stops").doesNotExist();
        }
    }

    @Test
    void statusReportsTheGuestsDhcpv6AndNeighbourDiscoveryAddressesUntilTheLeaseIsReleased() throws Exception {
        Prerequisites.requireTool("dhclient", "isc-dhcp-client");
        try (TestNetwork net = TestNetwork.create("node", "pod", "guest")) {
            CliPod.wire(net);
            String net1Mac = l2(net);
            net.exec("node", "ip", "addr", "add", "fd00:50::1/64", "dev", "br1", "nodad");
            Process dnsmasq = Dnsmasq.on("br1", "192.168.50.0", "255.255.255.0")
                    .argument("--dhcp-range=" + V6_LEASED + "," + V6_LEASED + ",64,1h").start(net, "node", tmp);
            Path config = config();
            Process run = run(net, config);
            try {
                plug(net, "vg1", "eth1", "k6t-net1", net1Mac);
                Poll.untilTrue(TIMEOUT, "the guest's link-local address to leave duplicate address detection",
                        () -> net.exec("guest", "ip", "-6", "addr", "show", "dev", "eth1", "tentative").isBlank());
                Path dhclientConf = DhcpPod.write(tmp.resolve("dhclient6.conf"), "");
                List<String> dhclient = List.of("dhclient", "-6", "-cf", dhclientConf.toString(), "-lf",
                        tmp.resolve("dhclient6.leases").toString(), "-pf", tmp.resolve("dhclient6.pid").toString(),
                        "-sf", "/bin/true");
                List<String> obtain = new ArrayList<>(dhclient);
                obtain.addAll(List.of("-d", "eth1"));
                Process client = net.start("guest", tmp.resolve("dhclient6.log"), obtain.toArray(String[]::new));

                JsonNode leased = Poll.until(TIMEOUT, "status to report the DHCPv6 address",
                        () -> learned(config, net, V6_LEASED));
                assertThat(leased.get("source").asText()).isEqualTo("DHCPV6");
                // dnsmasq's valid lifetime (1 h, the range's lease time) counted from the Reply.
                assertThat(Duration.between(Instant.parse(leased.get("lastSeen").asText()),
                        Instant.parse(leased.get("expiry").asText()))).isEqualTo(Duration.ofHours(1));

                // An address the guest configured itself: its neighbour solicitation for the node shows it.
                net.exec("guest", "ip", "addr", "add", V6_STATIC + "/64", "dev", "eth1", "nodad");
                // One datagram from it to the node: the kernel resolves the node first, from that address.
                net.exec("guest", "python3", "-c", "import socket; s = socket.socket(socket.AF_INET6, "
                        + "socket.SOCK_DGRAM); s.bind(('" + V6_STATIC + "', 0)); s.sendto(b'k6t', ('fd00:50::1', 9))");
                JsonNode seen = Poll.until(TIMEOUT, "status to report the address seen in neighbour discovery",
                        () -> learned(config, net, V6_STATIC));
                assertThat(seen.get("source").asText()).isEqualTo("NDP");
                assertThat(Duration.between(Instant.parse(seen.get("lastSeen").asText()),
                        Instant.parse(seen.get("expiry").asText()))).isEqualTo(Duration.ofMinutes(10));

                // dhclient -r stops the running client (its pid file) and sends a Release across the bridge.
                List<String> release = new ArrayList<>(dhclient);
                release.addAll(List.of("-r", "eth1"));
                net.exec("guest", release.toArray(String[]::new));
                Poll.untilTrue(TIMEOUT, "status to drop the released DHCPv6 address",
                        () -> learned(config, net, V6_LEASED).isEmpty());
                assertThat(learned(config, net, V6_STATIC)).as("the release names only the leased address")
                        .hasValueSatisfying(a -> assertThat(a.get("source").asText()).isEqualTo("NDP"));
                TestNetwork.stop(client);
            } finally {
                TestNetwork.stop(run);
                TestNetwork.stop(dnsmasq);
            }
        }
    }

    /** {@code k6t-net run} in the pod, once it is ready. */
    private Process run(TestNetwork net, Path config) {
        Path ready = tmp.resolve("ready");
        Process run = K6tNetCli.startIn(net, "pod", tmp.resolve("run.log"), "run", "--config", config.toString(),
                "--ready-file", ready.toString());
        Poll.untilTrue(TIMEOUT, "k6t-net run to be ready", () -> {
            assertThat(run.isAlive()).as("k6t-net run is alive (see %s)", tmp.resolve("run.log")).isTrue();
            return Files.exists(ready);
        });
        return run;
    }

    /** The secondary L2: bridge {@code br1} in the node (192.168.50.1/24), the pod's {@code net1} on it; its MAC. */
    private static String l2(TestNetwork net) {
        net.exec("node", "ip", "link", "add", "br1", "type", "bridge");
        net.exec("node", "ip", "addr", "add", "192.168.50.1/24", "dev", "br1");
        net.exec("node", "ip", "link", "set", "br1", "up");
        net.exec("node", "ip", "link", "add", "veth-net1", "type", "veth", "peer", "name", "net1", "netns",
                net.name("pod"));
        net.exec("node", "ip", "link", "set", "veth-net1", "master", "br1", "up");
        net.exec("pod", "ip", "link", "set", "net1", "up");
        return net.exec("pod", "cat", "/sys/class/net/net1/address").trim();
    }

    private Path config() {
        DhcpPod.write(tmp.resolve("resolv.conf"), "nameserver 10.96.0.10\n");
        return DhcpPod.write(tmp.resolve("pod.json"), "{ \"stateDir\": \"" + tmp.resolve("state")
                + "\", \"resolvConf\": \"" + tmp.resolve("resolv.conf") + "\", \"hostname\": \"db\",\n"
                + "  \"interfaces\": [\n"
                + "    { \"name\": \"default\", \"podInterface\": \"eth0\", \"binding\": \"bridge\" },\n"
                + "    { \"name\": \"l2\", \"podInterface\": \"net1\", \"binding\": \"bridge\" } ] }\n");
    }

    private Path shortLease(String mac) {
        return DhcpPod.write(tmp.resolve("short-lease.json"), "{ \"interface\": \"br1\", \"serverAddress\": "
                + "\"192.168.50.1\", \"clientMac\": \"" + mac + "\", \"address\": \"" + SHORT_LEASE_ADDRESS
                + "/24\", \"leaseSeconds\": " + SHORT_LEASE_SECONDS + " }\n");
    }

    private static void plug(TestNetwork net, String podSide, String guestSide, String bridge, String mac) {
        net.exec("pod", "ip", "link", "add", podSide, "type", "veth", "peer", "name", guestSide, "netns",
                net.name("guest"));
        net.exec("pod", "ip", "link", "set", podSide, "master", bridge, "up");
        net.exec("guest", "ip", "link", "set", guestSide, "address", mac, "up");
    }

    /** The udhcpc hook: applies the address and marks the NIC bound. */
    private Path hook(String iface) throws IOException {
        Path hook = DhcpPod.write(tmp.resolve("hook-" + iface), "#!/bin/sh\ncase \"$1\" in\n"
                + "  bound|renew) ip addr replace $ip/$mask dev $interface; touch " + tmp.resolve("bound-" + iface)
                + " ;;\n  deconfig) ip -4 addr flush dev $interface ;;\nesac\nexit 0\n");
        assertThat(hook.toFile().setExecutable(true)).isTrue();
        return hook;
    }

    /** udhcpc once on {@code iface}, quitting once bound (no RELEASE). */
    private void udhcpcOnce(TestNetwork net, String iface) throws IOException {
        net.exec("guest", "udhcpc", "-i", iface, "-f", "-q", "-n", "-t", "5", "-T", "1", "-s",
                hook(iface).toString());
    }

    private static JsonNode status(Path config, TestNetwork net) {
        K6tNetCli.Run status = K6tNetCli.run("status", "--json", "--config", config.toString(), "--netns",
                net.name("pod"));
        assertThat(status.exitCode()).as("%s", status).isZero();
        try {
            return MAPPER.readTree(status.stdout());
        } catch (IOException e) {
            throw new UncheckedIOException(status.toString(), e);
        }
    }

    private static JsonNode iface(JsonNode status, String podInterface) {
        for (JsonNode i : status.get("interfaces")) {
            if (i.get("podInterface").asText().equals(podInterface)) {
                return i;
            }
        }
        throw new AssertionError("no " + podInterface + " in " + status);
    }

    /** The learned entry of {@code address} on net1, if status reports it. */
    private static Optional<JsonNode> learned(Path config, TestNetwork net, String address) {
        for (JsonNode a : iface(status(config, net), "net1").get("learned")) {
            if (a.get("address").asText().equals(address)) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }
}
