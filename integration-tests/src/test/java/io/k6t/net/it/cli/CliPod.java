package io.k6t.net.it.cli;

import io.k6t.net.it.support.TestNetwork;
import java.nio.file.Path;

/**
 * A pod as a CNI plugin leaves it, for the pod commands: "node" and "pod" joined by a veth pair,
 * {@code eth0} in the pod with 10.244.1.5/24 (MTU 1450) and a default route via the node's
 * 10.244.1.1, plus a "guest" namespace; and the pod config k6t-net reads.
 */
final class CliPod {
    static final String ADDRESS = "10.244.1.5";

    private CliPod() {
    }

    /** Wires node, pod and guest of {@code net}; returns the pod link's MAC (what the guest gets). */
    static String wire(TestNetwork net) {
        net.exec("node", "ip", "link", "add", "veth-pod", "type", "veth", "peer", "name", "eth0", "netns",
                net.name("pod"));
        net.exec("node", "ip", "addr", "add", "10.244.1.1/24", "dev", "veth-pod");
        net.exec("node", "ip", "link", "set", "veth-pod", "up");
        net.exec("pod", "ip", "link", "set", "eth0", "mtu", "1450", "up");
        net.exec("pod", "ip", "addr", "add", ADDRESS + "/24", "dev", "eth0");
        net.exec("pod", "ip", "route", "add", "default", "via", "10.244.1.1");
        return net.exec("pod", "cat", "/sys/class/net/eth0/address").trim();
    }

    /** Writes resolv.conf and the pod config into {@code dir}; {@code extra} is added to the interface. */
    static Path config(Path dir, String extra) {
        DhcpPod.write(dir.resolve("resolv.conf"), "nameserver 10.96.0.10\nsearch ns1.svc.cluster.local "
                + "svc.cluster.local cluster.local\n");
        return DhcpPod.write(dir.resolve("pod.json"), "{ \"stateDir\": \"" + dir.resolve("state")
                + "\", \"resolvConf\": \"" + dir.resolve("resolv.conf") + "\", \"hostname\": \"vm1\",\n"
                + "  \"interfaces\": [ { \"name\": \"default\", \"podInterface\": \"eth0\", \"binding\": \"bridge\""
                + extra + " } ] }\n");
    }

    /** Plugs a veth from the pod's bridge into "guest" as {@code eth0} with {@code mac} (a stand-in for the VM). */
    static void plugGuest(TestNetwork net, String mac) {
        net.exec("pod", "ip", "link", "add", "vguest", "type", "veth", "peer", "name", "eth0", "netns",
                net.name("guest"));
        net.exec("pod", "ip", "link", "set", "vguest", "mtu", "1450", "master", "k6t-eth0", "up");
        net.exec("guest", "ip", "link", "set", "eth0", "address", mac, "mtu", "1450", "up");
    }
}
