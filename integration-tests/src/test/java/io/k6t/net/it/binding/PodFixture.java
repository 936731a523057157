package io.k6t.net.it.binding;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.util.TreeSet;
import java.util.function.UnaryOperator;

/**
 * What a CNI leaves behind, in throw-away namespaces: a "node" namespace holding the gateways and a
 * "pod" namespace joined to it by one veth per interface ({@code eth0}, {@code net1}, ...), each
 * pod end with its pod IP {@code 10.(100+i).1.5/24}; {@code eth0} also has the default route and a
 * static route {@code 10.96.0.0/12}, and optionally an IPv6 address. A "guest" namespace stands for
 * the VM: {@link #attachGuest} plugs a veth into a bridge, as QEMU would plug the tap.
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
                    pod.append("addr add ").append(podIp(i)).append("/24 dev ").append(podIf).append('\n');
                }
                if (ipv6 && i == 0) {
                    pod.append("addr add fd00:100::5/64 dev eth0 nodad\n");
                }
                pod.append("link set ").append(podIf).append(" up\n");
                if (i == 0 && v4) {
                    pod.append("route add default via ").append(gateway(0)).append(" dev eth0\n");
                    pod.append("route add 10.96.0.0/12 via ").append(gateway(0)).append(" dev eth0 proto static\n");
                }
            }
            f.batch("node", node.toString());
            f.batch("pod", pod.toString());
            // The kernel adds each link's IPv6 link-local address shortly after it comes up: wait for all.
            Poll.untilTrue(Duration.ofSeconds(10), "IPv6 link-local addresses on " + f.podInterfaces,
                    () -> f.podInterfaces.stream().allMatch(n -> f.net.exec("pod", "ip", "-6", "addr", "show", "dev",
                            n, "scope", "link").contains("fe80::")));
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
     * Everything observable in the pod namespace, as iproute2, nft and sysctl print it: links
     * (name, index, kind, MAC, MTU, up, master), addresses, main-table routes of both families,
     * the arp_ignore sysctl and the nftables ruleset.
     */
    String snapshot() {
        StringBuilder sb = new StringBuilder();
        for (JsonNode l : pod.json("-d", "link", "show")) {
            String name = l.get("ifname").asText();
            String kind = l.path("linkinfo").path("info_kind").asText("-");
            // Links made by setup get a new index and (taps, placeholders) a kernel-chosen MAC each run.
            boolean cni = l.get("ifindex").asInt() <= podInterfaces.size() + 1;
            sb.append("link ").append(name).append(cni ? " #" + l.get("ifindex").asInt() : "")
                    .append(" kind ").append(kind).append(' ')
                    .append(cni || kind.equals("bridge") ? l.path("address").asText() : "(random MAC)")
                    .append(" mtu ").append(l.get("mtu").asInt())
                    .append(flags(l).contains("UP") ? " up" : " down").append(" master ")
                    .append(l.path("master").asText("-")).append('\n');
        }
        for (JsonNode l : pod.json("addr", "show")) {
            TreeSet<String> addrs = new TreeSet<>();
            for (JsonNode a : l.path("addr_info")) {
                addrs.add(a.get("local").asText() + "/" + a.get("prefixlen").asInt());
            }
            sb.append("addr ").append(l.get("ifname").asText()).append(' ').append(addrs).append('\n');
        }
        TreeSet<String> routes = new TreeSet<>();
        for (String family : List.of("-4", "-6")) {
            for (JsonNode r : pod.json(family, "route", "show", "table", "main")) {
                routes.add(r.get("dst").asText() + " via " + r.path("gateway").asText("-") + " dev "
                        + r.path("dev").asText() + " proto " + r.path("protocol").asText("-") + " scope "
                        + r.path("scope").asText("global"));
            }
        }
        routes.forEach(r -> sb.append("route ").append(r).append('\n'));
        sb.append("arp_ignore ").append(net.exec("pod", "sysctl", "-n", "net.ipv4.conf.all.arp_ignore").strip())
                .append('\n');
        sb.append("nft ").append(net.exec("pod", "nft", "list", "ruleset").strip()).append('\n');
        return sb.toString();
    }

    private static List<String> flags(JsonNode link) {
        List<String> flags = new ArrayList<>();
        link.path("flags").forEach(f -> flags.add(f.asText()));
        return flags;
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
