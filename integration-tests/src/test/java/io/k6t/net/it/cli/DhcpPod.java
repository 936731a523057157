package io.k6t.net.it.cli;

import io.k6t.net.it.support.TestNetwork;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A pod wired by hand for the DHCP commands alone: bridge {@code k6t-eth0} with the server address
 * in "pod", and a guest namespace whose {@code eth0} (the lease's MAC) is a port of that bridge.
 */
final class DhcpPod {
    static final String MAC = "02:00:00:74:17:75";
    static final String SERVER = "169.254.75.10";
    static final String ADDRESS = "10.244.1.5";

    private DhcpPod() {
    }

    /** Wires "pod" and "guest" of {@code net}. */
    static void wire(TestNetwork net) {
        net.exec("pod", "ip", "link", "add", "k6t-eth0", "type", "bridge");
        net.exec("pod", "ip", "addr", "add", SERVER + "/32", "dev", "k6t-eth0");
        net.exec("pod", "ip", "link", "set", "k6t-eth0", "up");
        net.exec("pod", "ip", "link", "add", "vguest", "type", "veth", "peer", "name", "eth0", "netns",
                net.name("guest"));
        net.exec("pod", "ip", "link", "set", "vguest", "master", "k6t-eth0", "up");
        net.exec("guest", "ip", "link", "set", "eth0", "address", MAC, "up");
    }

    /** The design's lease file for the guest, written to {@code dir}. */
    static Path lease(Path dir) {
        return write(dir.resolve("lease.json"), """
                { "interface": "k6t-eth0", "serverAddress": "169.254.75.10", "clientMac": "02:00:00:74:17:75",
                  "address": "10.244.1.5/24", "gateway": "10.244.1.1",
                  "routes": [{"destination": "0.0.0.0/0", "gateway": "10.244.1.1"}],
                  "dnsServers": ["10.96.0.10"], "searchDomains": ["vm.svc.cluster.local", "cluster.local"],
                  "domainName": null, "mtu": 1450, "hostname": "nodejs", "leaseSeconds": 86313600,
                  "ntpServers": [], "tftpServerName": null, "bootFileName": null,
                  "privateOptions": [{"code": 240, "value": "extra"}], "acceptRelayed": false }
                """);
    }

    /** Writes {@code text} to {@code file}. */
    static Path write(Path file, String text) {
        try {
            return Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs udhcpc once in "guest"; returns the variables its hook saw (ip, mask, router, ...). */
    static Map<String, String> udhcpc(TestNetwork net, Path dir) {
        Path out = dir.resolve("udhcpc.env");
        Path hook = write(dir.resolve("udhcpc.hook"), "#!/bin/sh\n"
                + "[ \"$1\" = bound ] && env > " + out + "\nexit 0\n");
        hook.toFile().setExecutable(true);
        net.exec("guest", "udhcpc", "-i", "eth0", "-f", "-q", "-n", "-t", "5", "-T", "1", "-O", "staticroutes",
                "-O", "search", "-O", "mtu", "-O", "hostname", "-s", hook.toString());
        Map<String, String> env = new LinkedHashMap<>();
        try {
            for (String line : Files.readAllLines(out)) {
                int eq = line.indexOf('=');
                if (eq > 0) {
                    env.put(line.substring(0, eq), line.substring(eq + 1));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("udhcpc got no lease (no " + out + ")", e);
        }
        return env;
    }
}
