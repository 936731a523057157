package io.k6t.net.it.binding;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.k6t.net.it.netlink.Ip;
import io.k6t.net.it.support.Poll;
import io.k6t.net.it.support.Prerequisites;
import io.k6t.net.it.support.TestNetwork;
import io.k6t.net.launcher.config.InterfaceConfig;
import io.k6t.net.launcher.config.PodConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * What a CNI leaves behind, in throw-away namespaces: a "node" namespace holding the gateways and a
 * "pod" namespace joined to it by one veth per interface ({@code eth0}, {@code net1}, ...), each
 * pod end with its pod IP {@code 10.(100+i).1.5/24}. {@code eth0} also has what an exact teardown
 * must put back: a broadcast address, a labelled secondary address with finite lifetimes, the
 * default route with a metric and a preferred source, a static route {@code 10.96.0.0/12}, a
 * multipath route and a route with metrics and onlink in table 100; optionally an IPv6 address
 * (nodad) with an IPv6 default route and a route in table 200. A "guest" namespace stands for the
 * VM: {@link #attachGuest} plugs a veth into a bridge, as QEMU would plug the tap.
 */
final class PodFixture implements AutoCloseable {
    /** The address k6t-net's DHCP server has on the first interface's bridge (the link-local default). */
    static final String SERVER = "169.254.75.10";

    final TestNetwork net;
    final Ip pod;
    final Path dir;
    private final List<String> podInterfaces = new ArrayList<>();

    private PodFixture(TestNetwork net, Path dir) {
        this.net = net;
        this.pod = new Ip(net, "pod");
        this.dir = dir;
    }

    /** {@code count} pod interfaces; those listed in {@code withoutIpv4} get no address (Multus without IPAM). */
    static PodFixture create(Path dir, int count, boolean ipv6, int... withoutIpv4) {
        Prerequisites.requireTool("nft", "nftables");
        TestNetwork net = TestNetwork.create("node", "pod", "guest");
        PodFixture f = new PodFixture(net, dir);
        try {
            // Duplicate address detection would keep every IPv6 address the kernel makes or a restore
            // puts back tentative for up to a second (even with no probes to send, the kernel first
            // waits a random part of rtr_solicit_delay); without it the pod settles at once and two
            // snapshots of the same setup are equal.
            net.exec("pod", "sysctl", "-q", "-w", "net.ipv6.conf.all.accept_dad=0",
                    "net.ipv6.conf.default.accept_dad=0");
            StringBuilder node = new StringBuilder();
            StringBuilder pod = new StringBuilder();
            for (int i = 0; i < count; i++) {
                String podIf = podInterface(i);
                f.podInterfaces.add(podIf);
                TestNetwork.run(List.of("ip", "link", "add", "n" + i, "netns", net.name("node"), "type", "veth",
                        "peer", "name", podIf, "netns", net.name("pod")));
                node.append("addr add ").append(gateway(i)).append("/24 dev n").append(i).append('\n');
                node.append("link set n").append(i).append(" up\n");
                pod.append("link set ").append(podIf).append(" address ").append(podMac(i)).append('\n');
                pod.append("link set ").append(podIf).append(" mtu ").append(1450 - i).append('\n');
                int index = i;
                boolean v4 = Arrays.stream(withoutIpv4).noneMatch(n -> n == index);
                if (v4) {
                    pod.append("addr add ").append(podIp(i)).append("/24 brd + dev ").append(podIf).append('\n');
                }
                if (i == 0 && v4) {
                    pod.append("addr add 10.100.1.6/24 dev eth0 label eth0:vip valid_lft 3600 preferred_lft 1800\n");
                }
                if (ipv6 && i == 0) {
                    pod.append("addr add fd00:100::5/64 dev eth0 nodad\n");
                }
                pod.append("link set ").append(podIf).append(" up\n");
                if (i == 0 && v4) {
                    pod.append("route add default via ").append(gateway(0)).append(" dev eth0 metric 100 src ")
                            .append(podIp(0)).append('\n');
                    pod.append("route add 10.96.0.0/12 via ").append(gateway(0)).append(" dev eth0 proto static\n");
                    pod.append("route add 10.9.0.0/16 table 100 nexthop via 10.100.1.2 dev eth0 weight 2"
                            + " nexthop via 10.100.1.3 dev eth0\n");
                    pod.append("route add 10.97.0.0/16 via 10.100.1.1 dev eth0 table 100 mtu lock 1400 advmss 1360"
                            + " onlink\n");
                }
                if (ipv6 && i == 0) {
                    pod.append("route add default via fd00:100::1 dev eth0 metric 1024\n");
                    pod.append("route add fd01::/64 via fd00:100::1 dev eth0 table 200 proto static\n");
                }
            }
            f.batch("node", node.toString());
            f.batch("pod", pod.toString());
            // The kernel adds each link's IPv6 link-local address shortly after it comes up, tentative
            // while duplicate address detection runs when the veth was made before the sysctl applied:
            // the original snapshot is taken once every one is there and settled.
            Poll.untilTrue(Duration.ofSeconds(10), "settled IPv6 link-local addresses on " + f.podInterfaces,
                    () -> f.podInterfaces.stream().allMatch(n -> f.net.exec("pod", "ip", "-6", "addr", "show", "dev",
                            n, "scope", "link").contains("fe80::")
                            && f.net.exec("pod", "ip", "-6", "addr", "show", "dev", n, "tentative").isBlank()));
            Files.writeString(dir.resolve("resolv.conf"), "search ns.svc.cluster.local svc.cluster.local\n"
                    + "nameserver 10.96.0.10\n");
        } catch (IOException e) {
            net.close();
            throw new UncheckedIOException(e);
        } catch (RuntimeException | Error e) {
            net.close();
            throw e;
        }
        return f;
    }

    static String podInterface(int i) {
        return i == 0 ? "eth0" : "net" + i;
    }

    static String podIp(int i) {
        return "10." + (100 + i) + ".1.5";
    }

    static String gateway(int i) {
        return "10." + (100 + i) + ".1.1";
    }

    static String podMac(int i) {
        return String.format("0a:58:0a:%02x:01:05", 100 + i);
    }

    /** Runs iproute2 batch commands in {@code role}'s namespace. */
    void batch(String role, String commands) throws IOException {
        Path file = Files.createTempFile(dir, "ip-", ".batch");
        Files.writeString(file, commands);
        net.exec(role, "ip", "-batch", file.toString());
    }

    /** A config binding every pod interface, state in {@code dir/state}. */
    PodConfig config(UnaryOperator<InterfaceConfig> each) {
        List<InterfaceConfig> interfaces = new ArrayList<>();
        for (int i = 0; i < podInterfaces.size(); i++) {
            interfaces.add(each.apply(InterfaceConfig.of(i == 0 ? "default" : "net" + i, podInterfaces.get(i))));
        }
        return new PodConfig(dir.resolve("state"), dir.resolve("resolv.conf"), Optional.of("vm1"), Optional.empty(),
                interfaces);
    }

    PodConfig config() {
        return config(i -> i);
    }

    /**
     * Everything observable in the pod namespace: every field {@code ip -d -j link show},
     * {@code ip -d -j addr show} and {@code ip -d -j route show table all} print (both families, every
     * table; routes sorted), the arp_ignore and IPv6 forwarding sysctls and the nftables ruleset. Normalised only
     * where a value legitimately differs between two runs of the same setup:
     * <ul>
     * <li>a link setup creates (bridge, tap, placeholder) gets a new ifindex each time: its
     *     {@code ifindex} is written {@code new}; taps and placeholders get a MAC the kernel draws at
     *     random: their {@code address} is written {@code random} (the bridge's MAC is k6t-net's own
     *     and compared);</li>
     * <li>bridge and bridge-port timers ({@code *_timer}) count time since the last event: written
     *     {@code timer};</li>
     * <li>a finite address lifetime counts down every second: written {@code finite} (the unit tests
     *     check that a restore ages it by the time since discovery).</li>
     * </ul>
     */
    String snapshot() {
        int cniLinks = podInterfaces.size() + 1;
        StringBuilder sb = new StringBuilder();
        for (JsonNode l : pod.json("-d", "link", "show")) {
            sb.append("link ").append(normalised(l, cniLinks)).append('\n');
        }
        for (JsonNode l : pod.json("-d", "addr", "show")) {
            ObjectNode link = normalised(l, cniLinks);
            for (JsonNode a : link.path("addr_info")) {
                for (String lifetime : List.of("valid_life_time", "preferred_life_time")) {
                    if (a.path(lifetime).asLong() != FOREVER) {
                        ((ObjectNode) a).put(lifetime, "finite");
                    }
                }
            }
            sb.append("addr ").append(link).append('\n');
        }
        // Routes are compared as a set: the kernel lists routes to one prefix in the order their links
        // came up (fe80::/64 of eth0 and net1), an order a teardown that brings links up one by one
        // cannot and need not repeat.
        List<String> routes = new ArrayList<>();
        for (JsonNode r : pod.json("-d", "route", "show", "table", "all")) {
            routes.add("route " + r);
        }
        routes.stream().sorted().forEach(r -> sb.append(r).append('\n'));
        sb.append("arp_ignore ").append(net.exec("pod", "sysctl", "-n", "net.ipv4.conf.all.arp_ignore").strip())
                .append('\n');
        sb.append("ipv6 forwarding ").append(net.exec("pod", "sysctl", "-n", "net.ipv6.conf.all.forwarding").strip())
                .append('\n');
        sb.append("nft ").append(net.exec("pod", "nft", "list", "ruleset").strip()).append('\n');
        return sb.toString();
    }

    /** {@code valid_life_time} of an address that never expires. */
    private static final long FOREVER = 0xFFFF_FFFFL;

    private static ObjectNode normalised(JsonNode link, int cniLinks) {
        ObjectNode copy = link.deepCopy();
        if (copy.path("ifindex").asInt() > cniLinks) {
            copy.put("ifindex", "new");
            String kind = copy.path("linkinfo").path("info_kind").asText("");
            if (!kind.equals("bridge") && copy.has("address")) {
                copy.put("address", "random");
            }
        }
        timers(copy);
        return copy;
    }

    private static void timers(JsonNode node) {
        if (node instanceof ObjectNode object) {
            List<String> names = new ArrayList<>();
            object.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                if (name.endsWith("_timer")) {
                    object.put(name, "timer");
                } else {
                    timers(object.get(name));
                }
            }
        } else if (node.isArray()) {
            node.forEach(PodFixture::timers);
        }
    }

    /**
     * Plugs a veth into {@code bridge} in the pod, its other end {@code g<n>} (MAC {@code mac}, up) in
     * the guest namespace: a stand-in for QEMU's side of the tap.
     */
    String attachGuest(int n, String bridge, String mac) {
        String guestIf = "g" + n;
        TestNetwork.run(List.of("ip", "link", "add", "gp" + n, "netns", net.name("pod"), "type", "veth", "peer",
                "name", guestIf, "netns", net.name("guest")));
        net.exec("pod", "ip", "link", "set", "gp" + n, "master", bridge, "up");
        net.exec("guest", "ip", "link", "set", guestIf, "address", mac, "up");
        return guestIf;
    }

    /**
     * Puts the guest where QEMU would be: replaces the tap {@code tap} that setup made by a veth of
     * the same name, a port of {@code bridge}, whose other end {@code g<n>} (MAC {@code mac}, up) is in
     * the guest namespace, so rules that match the tap's name see the guest's frames.
     */
    String attachGuestAsTap(int n, String tap, String bridge, String mac) {
        String guestIf = "g" + n;
        net.exec("pod", "ip", "link", "del", tap);
        TestNetwork.run(List.of("ip", "link", "add", tap, "netns", net.name("pod"), "type", "veth", "peer",
                "name", guestIf, "netns", net.name("guest")));
        net.exec("pod", "ip", "link", "set", tap, "master", bridge, "up");
        net.exec("guest", "ip", "link", "set", guestIf, "address", mac, "up");
        return guestIf;
    }

    @Override
    public void close() {
        net.close();
    }
}
