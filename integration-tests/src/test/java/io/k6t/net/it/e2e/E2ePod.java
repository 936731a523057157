package io.k6t.net.it.e2e;

import io.k6t.net.it.support.Prerequisites;
import io.k6t.net.it.support.TestNetwork;
import io.k6t.net.launcher.config.DhcpSettings;
import io.k6t.net.launcher.config.InterfaceConfig;
import io.k6t.net.launcher.config.PodConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A pod as a CNI leaves it, for a real guest: namespace "node" holds the gateway {@link #GATEWAY}
 * on {@code n0}; namespace "pod" has {@code eth0} (the veth peer, MAC {@link #POD_MAC}, MTU
 * {@link #MTU}) with the pod IP, the default route and a static route {@code 10.96.0.0/12}, and a
 * resolv.conf. With {@link #withSecondary()}, {@code net1} (MAC {@link #SECONDARY_MAC}, no IPv4,
 * as Multus without IPAM leaves it) is a veth to namespace "ext", whose {@code ext0} holds
 * {@link #EXT_GATEWAY}: the far side of a second L2 network where the test runs its own DHCP server.
 *
 * <p>With IPv6 ({@link #dualStack}, {@link #ipv6Only}) the pod is shaped as IPv6 CNIs leave it: {@code eth0}
 * also (or only) holds {@link #POD_IP6} ({@code /64} as ptp gives it alongside IPv4, {@code /128} as Calico
 * gives it alone) and {@code default via <the node veth's link-local address>}; the node reaches
 * {@link #NODE_IP6} (on its loopback) and routes {@link #POD_IP6} to its veth; resolv.conf also names
 * {@link #DNS6}.
 */
final class E2ePod implements AutoCloseable {
    static final String GATEWAY = "10.100.1.1";
    static final String POD_IP = "10.100.1.5";
    static final String POD_MAC = "0a:58:0a:64:01:05";
    static final int MTU = 1450;
    static final String SERVICE_ROUTE = "10.96.0.0/12";
    static final String DNS = "10.96.0.10";
    static final List<String> SEARCH = List.of("ns.svc.cluster.local", "svc.cluster.local");
    static final String HOSTNAME = "vm1";
    static final String SECONDARY_MAC = "0a:58:c0:a8:32:14";
    static final String EXT_GATEWAY = "192.168.50.1";
    static final String POD_IP6 = "fd00:10:100::5";
    static final String NODE_IP6 = "fd00:ff::1";
    static final String DNS6 = "fd00:10:96::a";

    /** Which address families the pod link has. */
    enum Stack { IPV4, DUAL, IPV6 }

    final TestNetwork net;
    final Path dir;
    private final boolean secondary;
    private final Stack stack;
    private final long leaseSeconds;

    private E2ePod(TestNetwork net, Path dir, boolean secondary, Stack stack, long leaseSeconds) {
        this.net = net;
        this.dir = dir;
        this.secondary = secondary;
        this.stack = stack;
        this.leaseSeconds = leaseSeconds;
    }

    /** The pod with {@code eth0} only. */
    static E2ePod create(Path dir) {
        return create(dir, false, Stack.IPV4, DhcpSettings.DEFAULT_LEASE_SECONDS);
    }

    /** The pod with {@code eth0} and the secondary network {@code net1}. */
    static E2ePod withSecondary(Path dir) {
        return create(dir, true, Stack.IPV4, DhcpSettings.DEFAULT_LEASE_SECONDS);
    }

    /** The pod with {@code eth0} holding {@link #POD_IP} and {@link #POD_IP6}{@code /64}. */
    static E2ePod dualStack(Path dir) {
        return create(dir, false, Stack.DUAL, DhcpSettings.DEFAULT_LEASE_SECONDS);
    }

    /** The pod with {@code eth0} holding only {@link #POD_IP6}{@code /128}; DHCP leases last {@code leaseSeconds}. */
    static E2ePod ipv6Only(Path dir, long leaseSeconds) {
        return create(dir, false, Stack.IPV6, leaseSeconds);
    }

    private static E2ePod create(Path dir, boolean secondary, Stack stack, long leaseSeconds) {
        Prerequisites.requireTool("nft", "nftables");
        TestNetwork net = secondary ? TestNetwork.create("node", "pod", "ext") : TestNetwork.create("node", "pod");
        E2ePod pod = new E2ePod(net, dir, secondary, stack, leaseSeconds);
        try {
            if (stack != Stack.IPV4) {
                // Addresses usable at once: duplicate address detection would hold each for a second or two.
                for (String role : List.of("node", "pod")) {
                    net.exec(role, "sysctl", "-qw", "net.ipv6.conf.all.accept_dad=0",
                            "net.ipv6.conf.default.accept_dad=0");
                }
            }
            veth(net, "node", "n0", "eth0");
            net.exec("node", "ip", "addr", "add", GATEWAY + "/24", "dev", "n0");
            net.exec("node", "ip", "link", "set", "n0", "up");
            net.exec("pod", "ip", "link", "set", "eth0", "address", POD_MAC, "mtu", Integer.toString(MTU));
            if (stack != Stack.IPV6) {
                pod.podAddress(POD_IP);
            }
            if (stack != Stack.IPV4) {
                net.exec("pod", "ip", "link", "set", "eth0", "up");
                net.exec("node", "ip", "addr", "add", NODE_IP6 + "/128", "dev", "lo");
                net.exec("node", "sysctl", "-qw", "net.ipv6.conf.all.forwarding=1");
                net.exec("node", "ip", "-6", "route", "add", POD_IP6 + "/128", "dev", "n0");
                net.exec("pod", "ip", "addr", "add", POD_IP6 + (stack == Stack.DUAL ? "/64" : "/128"), "dev", "eth0",
                        "nodad");
                net.exec("pod", "ip", "-6", "route", "add", "default", "via", net.linkLocal("node", "n0"), "dev",
                        "eth0");
            }
            if (secondary) {
                veth(net, "ext", "ext0", "net1");
                net.exec("ext", "ip", "addr", "add", EXT_GATEWAY + "/24", "dev", "ext0");
                net.exec("ext", "ip", "link", "set", "ext0", "up");
                net.exec("pod", "ip", "link", "set", "net1", "address", SECONDARY_MAC, "mtu", "1400", "up");
            }
            String nameservers = switch (stack) {
                case IPV4 -> "nameserver " + DNS + "\n";
                case DUAL -> "nameserver " + DNS + "\nnameserver " + DNS6 + "\n";
                case IPV6 -> "nameserver " + DNS6 + "\n";
            };
            Files.writeString(dir.resolve("resolv.conf"), "search " + String.join(" ", SEARCH) + "\n" + nameservers
                    + "options ndots:5\n");
        } catch (IOException e) {
            net.close();
            throw new UncheckedIOException(e);
        } catch (RuntimeException | Error e) {
            net.close();
            throw e;
        }
        return pod;
    }

    private static void veth(TestNetwork net, String farRole, String farName, String podName) {
        TestNetwork.run(List.of("ip", "link", "add", farName, "netns", net.name(farRole), "type", "veth", "peer",
                "name", podName, "netns", net.name("pod")));
    }

    /**
     * Gives the pod link {@code eth0} the pod IP {@code address}/24 (replacing any other) with the
     * CNI's routes, as when a pod is created again with another IP. Only while it is not bound.
     */
    void podAddress(String address) {
        net.exec("pod", "ip", "-4", "addr", "flush", "dev", "eth0");
        net.exec("pod", "ip", "addr", "add", address + "/24", "dev", "eth0");
        net.exec("pod", "ip", "link", "set", "eth0", "up");
        net.exec("pod", "ip", "route", "replace", "default", "via", GATEWAY, "dev", "eth0");
        net.exec("pod", "ip", "route", "replace", SERVICE_ROUTE, "via", GATEWAY, "dev", "eth0", "proto", "static");
    }

    /** The pod config: {@code default} on {@code eth0} (with {@code net1} on {@code net1}), state in dir/state. */
    PodConfig config() {
        List<InterfaceConfig> interfaces = new ArrayList<>();
        interfaces.add(InterfaceConfig.of("default", "eth0").withDhcp(new DhcpSettings(true, leaseSeconds, List.of(),
                Optional.empty(), Optional.empty(), List.of(), false)));
        if (secondary) {
            interfaces.add(InterfaceConfig.of("net1", "net1"));
        }
        return new PodConfig(dir.resolve("state"), dir.resolve("resolv.conf"), Optional.of(HOSTNAME),
                Optional.empty(), interfaces);
    }

    @Override
    public void close() {
        net.close();
    }
}
