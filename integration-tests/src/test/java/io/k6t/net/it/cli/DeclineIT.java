package io.k6t.net.it.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.k6t.net.it.support.Poll;
import io.k6t.net.it.support.Prerequisites;
import io.k6t.net.it.support.TestNetwork;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A guest whose address another machine on its link already uses: udhcpc's ARP check finds it and
 * sends DHCPDECLINE. The running server logs the conflict once with the holder's MAC from the pod's
 * neighbour table, publishes it in the state directory, and explain says so.
 */
class DeclineIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final String ROGUE_MAC = "02:00:00:00:0b:ad";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @Test
    void declinedAddressIsLoggedOncePublishedAndExplainedWithTheHoldersMac() throws Exception {
        Prerequisites.requireTool("udhcpc", "udhcpc");
        try (TestNetwork net = TestNetwork.create("node", "pod", "guest", "rogue")) {
            String mac = CliPod.wire(net);
            Path config = CliPod.config(tmp, "");
            String[] explain = {"explain", "--config", config.toString(), "--netns", net.name("pod")};
            assertThat(K6tNetCli.run("setup", "--config", config.toString(), "--netns", net.name("pod")).exitCode())
                    .isZero();
            // Another machine on the guest's link holding the guest's address.
            net.exec("pod", "ip", "link", "add", "vrogue", "type", "veth", "peer", "name", "eth0", "netns",
                    net.name("rogue"));
            net.exec("pod", "ip", "link", "set", "vrogue", "mtu", "1450", "master", "k6t-eth0", "up");
            net.exec("rogue", "ip", "link", "set", "eth0", "address", ROGUE_MAC, "mtu", "1450", "up");
            net.exec("rogue", "ip", "addr", "add", CliPod.ADDRESS + "/24", "dev", "eth0");
            // The pod talked to it once: its neighbour table knows the MAC (the ping itself gets no answer,
            // the rogue has no route back to the bridge's link-local address).
            net.execAllowingFailure("pod", "busybox", "ping", "-c", "1", "-W", "1", CliPod.ADDRESS);
            assertThat(net.exec("pod", "ip", "neigh", "show", CliPod.ADDRESS)).contains(ROGUE_MAC);

            Path ready = tmp.resolve("ready");
            Path log = tmp.resolve("serve.log");
            Process serve = K6tNetCli.start(log, "serve", "--config", config.toString(), "--netns", net.name("pod"),
                    "--ready-file", ready.toString());
            try {
                Poll.untilTrue(TIMEOUT, "serve ready", () -> Files.exists(ready) || !serve.isAlive());
                assertThat(ready).as("serve ready:\n%s", PodCommandsIT.read(log)).exists();
                CliPod.plugGuest(net, mac);
                Path conflictFile = tmp.resolve("state").resolve("conflict-k6t-eth0.json");

                // -a: udhcpc ARP-checks the ACKed address and declines it, then starts over (after a
                // decline it never gives up: timeout ends it after a few rounds).
                // Its hook records each event: a declined lease is never "bound".
                Path events = tmp.resolve("udhcpc.events");
                Path hook = tmp.resolve("udhcpc.hook");
                Files.writeString(hook, "#!/bin/sh\necho \"$1 $ip\" >> " + events + "\n");
                Files.setPosixFilePermissions(hook, PosixFilePermissions.fromString("rwx------"));
                TestNetwork.Result udhcpc = net.execAllowingFailure("guest", "timeout", "8", "udhcpc", "-i", "eth0",
                        "-f", "-q", "-n", "-a", "-t", "2", "-T", "1", "-A", "1", "-s", hook.toString());

                Poll.untilTrue(TIMEOUT, "the conflict file", () -> Files.exists(conflictFile));
                JsonNode conflict = JSON.readTree(Files.readString(conflictFile));
                assertThat(conflict.get("address").asText()).as(udhcpc.output()).isEqualTo(CliPod.ADDRESS);
                assertThat(conflict.get("clientMac").asText()).isEqualTo(mac);
                assertThat(conflict.get("heldBy").asText()).isEqualTo(ROGUE_MAC);
                assertThat(udhcpc.output().lines().filter(l -> l.toLowerCase(Locale.ROOT).contains("declin")))
                        .as("udhcpc declined more than once (so that \"logged once\" below means something):\n%s",
                                udhcpc.output()).hasSizeGreaterThanOrEqualTo(2);
                assertThat(Files.readAllLines(events)).as("the events of udhcpc's hook").isNotEmpty()
                        .noneMatch(e -> e.startsWith("bound"));

                K6tNetCli.Run explained = K6tNetCli.run(explain);
                assertThat(explained.exitCode()).as("%s", explained).isEqualTo(1);
                assertThat(explained.stdout()).as("%s", explained).contains("PROBLEM eth0: the guest declined "
                        + CliPod.ADDRESS + " (DHCPDECLINE, ", "MAC " + ROGUE_MAC + " in the pod's neighbour table",
                        "fix: stop the machine with MAC " + ROGUE_MAC + " from using " + CliPod.ADDRESS);
            } finally {
                TestNetwork.stop(serve);
            }
            List<String> warnings = Files.readAllLines(log).stream().filter(l -> l.contains("declined "
                    + CliPod.ADDRESS)).toList();
            assertThat(warnings).as("logged once per conflict: %s", PodCommandsIT.read(log)).singleElement().asString()
                    .contains(mac, ROGUE_MAC);
        }
    }
}
