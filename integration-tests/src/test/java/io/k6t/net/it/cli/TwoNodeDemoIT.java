package io.k6t.net.it.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.k6t.net.it.support.Prerequisites;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code scripts/demo.sh --two-node}, as a newcomer runs it (after the build): two nodes, a secondary
 * L2 served by dnsmasq, two pods bound by k6t-net, two QEMU guests. The web guest reaches the database
 * guest over TCP on both networks, and the Endpoints built from {@code k6t-net status} hold the
 * address the database guest really has on eth1.
 */
class TwoNodeDemoIT {
    private static final Pattern LINK_ETH1 = Pattern.compile("(?m)^K6T-LINK iface=eth1 .*addr=([0-9.]+)/\\d+");
    private static final Pattern ENDPOINT = Pattern.compile("(?m)^  - ip: ([0-9.]+)$");

    @TempDir
    Path tmp;

    @Test
    void guestsTalkTcpAcrossNodesOnBothNetworksAndEndpointsHoldTheRealL2Address() throws Exception {
        Prerequisites.requireRoot();
        Prerequisites.requireTool("qemu-system-x86_64", "qemu-system-x86");
        Prerequisites.requireTool("dnsmasq", "dnsmasq-base");
        Prerequisites.requireTool("jq", "jq");
        K6tNetCli.wrapper();
        Path log = tmp.resolve("demo.log");
        Process demo = new ProcessBuilder("bash", K6tNetCli.root().resolve("scripts/demo.sh").toString(),
                "--two-node", "--no-build").redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean ended = demo.waitFor(8, TimeUnit.MINUTES);
        if (!ended) {
            // SIGTERM: the demo's trap ends its guests and servers and deletes its namespaces.
            demo.destroy();
            demo.waitFor(30, TimeUnit.SECONDS);
        }
        String out = Files.readString(log);
        assertThat(ended).as("demo ended in time:\n%s", out).isTrue();
        assertThat(demo.exitValue()).as("demo exit code:\n%s", out).isZero();

        List<String> tcp = out.lines().filter(l -> l.startsWith("K6T-TCP ")).toList();
        assertThat(tcp).as(out).hasSize(2);
        assertThat(tcp).allMatch(l -> l.contains(" ok=1 ") && l.contains("reply=hello_from_db"));
        assertThat(tcp).anyMatch(l -> l.contains(" dev=eth1 ")).anyMatch(l -> l.contains(" dev=eth0 "));

        Matcher link = LINK_ETH1.matcher(out);
        assertThat(link.find()).as("the db guest's eth1 line in:\n%s", out).isTrue();
        int start = out.indexOf("--- endpoints");
        assertThat(start).as("the Endpoints in:\n%s", out).isNotNegative();
        String endpoints = out.substring(start, out.indexOf("\n---\n", start));
        Matcher ip = ENDPOINT.matcher(endpoints);
        assertThat(ip.find()).as(endpoints).isTrue();
        assertThat(ip.group(1)).isEqualTo(link.group(1));
        assertThat(tcp).anyMatch(l -> l.contains("target=" + link.group(1) + ":7000 dev=eth1 "));
    }
}
