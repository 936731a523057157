package io.k6t.net.launcher.netlink;

import io.k6t.net.dhcp.MacAddress;
import io.k6t.net.launcher.netlink.internal.ErrorMessage;
import io.k6t.net.launcher.netlink.internal.MessageBuilder;
import io.k6t.net.launcher.netlink.internal.NetlinkMessage;
import io.k6t.net.launcher.netlink.internal.Requests;
import io.k6t.net.launcher.netlink.internal.Rtnl;
import io.k6t.net.launcher.netlink.internal.SocketTransport;
import io.k6t.net.launcher.netns.NetNamespace;
import io.k6t.net.launcher.tap.TapConfig;
import io.k6t.net.launcher.tap.TapDevices;
import io.k6t.net.os.Errno;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Benchmark (not a test; run with scripts/bench-netlink.sh as root): the netlink requests and tap
 * ioctls of a bridge-binding setup, three ways in the same run, rounds interleaved:
 * <ol>
 *   <li>{@code library}: the public API (names resolved by lookups, replies decoded);</li>
 *   <li>{@code floor}: the same kernel changes as pre-built raw requests on one socket, no lookups
 *       (the bridge is created with a fixed ifindex, the tap addressed by name): the cost of the
 *       round trips themselves;</li>
 *   <li>{@code ip}: the equivalent {@code ip -n NS ...} / {@code bridge -n NS ...} commands.</li>
 * </ol>
 * The pod namespace is reset (untimed) after each round. Prints medians and ratios as Markdown.
 */
public final class SetupSequenceBenchmark {
    private static final String POD_MAC = "0a:58:0a:f4:01:05";
    private static final MacAddress BRIDGE_MAC = MacAddress.parse("02:00:00:74:17:75");
    private static final IpPrefix POD_ADDRESS = IpPrefix.parse("10.244.1.5/24");
    private static final IpPrefix SERVER_ADDRESS = IpPrefix.parse("169.254.75.10/32");
    private static final int FLOOR_BRIDGE_INDEX = 4000;

    private final String namespace;
    private final NetNamespace pod;
    private final NetlinkHandle netlink;
    private final SocketTransport raw;
    private final int eth0;
    private int sequence = 1;

    private SetupSequenceBenchmark(String namespace) throws Exception {
        this.namespace = namespace;
        run("ip", "netns", "add", namespace);
        run("ip", "-n", namespace, "link", "add", "eth0", "address", POD_MAC, "mtu", "1450", "type", "veth",
                "peer", "name", "peer0");
        run("ip", "-n", namespace, "link", "set", "peer0", "up");
        pod = NetNamespace.open(namespace);
        netlink = pod.run(NetlinkHandle::open);
        raw = pod.run(SocketTransport::open);
        eth0 = netlink.link("eth0").index();
        reset();
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        int warmup = Math.max(10, rounds / 5);
        String namespace = "k6tbench-" + ProcessHandle.current().pid();
        SetupSequenceBenchmark bench = null;
        try {
            bench = new SetupSequenceBenchmark(namespace);
            long[][] samples = new long[3][rounds];
            for (int round = -warmup; round < rounds; round++) {
                long library = bench.time(bench::library);
                long floor = bench.time(bench::floor);
                long ip = bench.time(bench::ipCommands);
                if (round >= 0) {
                    samples[0][round] = library;
                    samples[1][round] = floor;
                    samples[2][round] = ip;
                }
            }
            bench.report(rounds, samples);
        } finally {
            if (bench != null) {
                bench.netlink.close();
                bench.raw.close();
                bench.pod.close();
            }
            new ProcessBuilder("ip", "netns", "del", namespace).inheritIO().start().waitFor();
        }
    }

    private void report(int rounds, long[][] samples) {
        System.out.printf(Locale.ROOT, "| way | min (µs) | median (µs) | p90 (µs) |%n|---|---:|---:|---:|%n");
        String[] names = {"library (NetlinkHandle + TapDevices)", "floor (raw requests, no lookups)",
            "ip / bridge commands (20 processes)"};
        for (int i = 0; i < 3; i++) {
            System.out.printf(Locale.ROOT, "| %s | %.0f | %.0f | %.0f |%n", names[i], percentile(samples[i], 0) / 1000,
                    median(samples[i]) / 1000, percentile(samples[i], 0.9) / 1000);
        }
        System.out.printf(Locale.ROOT, "%nrounds: %d; medians: ip / library = %.1fx, library / floor = %.2fx; "
                + "minimums: ip / library = %.1fx, library / floor = %.2fx%n", rounds,
                median(samples[2]) / median(samples[0]), median(samples[0]) / median(samples[1]),
                percentile(samples[2], 0) / percentile(samples[0], 0),
                percentile(samples[0], 0) / percentile(samples[1], 0));
    }

    /** What a bridge binding does, through the public API. */
    private void library() throws Exception {
        NetlinkHandle n = netlink;
        n.link("eth0");
        n.addresses("eth0", AddressFamily.INET);
        n.addresses("eth0", AddressFamily.INET6);
        n.routes(eth0, Route.MAIN_TABLE);
        Bridge bridge = n.addBridge("k6t-eth0", BRIDGE_MAC);
        n.flushAddresses("k6t-eth0", AddressFamily.INET);
        n.addAddress("k6t-eth0", SERVER_ADDRESS);
        n.setUp("k6t-eth0");
        n.setDown("eth0");
        n.rename("eth0", "eth0-nic");
        n.setMac("eth0-nic", BRIDGE_MAC);
        n.setMaster("eth0-nic", "k6t-eth0");
        n.flushAddresses("eth0-nic", AddressFamily.INET);
        n.setUp("eth0-nic");
        n.setLearning("eth0-nic", false);
        createTap();
        n.setMtu("tap0", 1450);
        n.setMaster("tap0", "k6t-eth0");
        n.setUp("tap0");
        n.addRoute(Route.onLink(IpPrefix.parse("10.244.1.5/32"), bridge.index()));
    }

    /** The same kernel work as raw requests: every ifindex known in advance, nothing decoded but ACKs. */
    private void floor() throws Exception {
        byte[] pod = POD_ADDRESS.address().getAddress();
        dump(seq -> Requests.getLink(seq, eth0), false);
        dump(seq -> Requests.dumpAddresses(seq, Rtnl.AF_INET, eth0), true);
        dump(seq -> Requests.dumpAddresses(seq, Rtnl.AF_INET6, eth0), true);
        dump(seq -> Requests.dumpRoutes(seq, Route.MAIN_TABLE, eth0), true);
        MessageBuilder bridge = new MessageBuilder(Rtnl.RTM_NEWLINK, Requests.CREATE_EXCLUSIVE, ++sequence)
                .ifinfomsg(Rtnl.AF_UNSPEC, FLOOR_BRIDGE_INDEX, 0, 0)
                .attribute(Rtnl.IFLA_ADDRESS, BRIDGE_MAC.toBytes()).attribute(Rtnl.IFLA_IFNAME, "k6t-eth0");
        int info = bridge.beginNest(Rtnl.IFLA_LINKINFO);
        bridge.attribute(Rtnl.IFLA_INFO_KIND, "bridge");
        ack(bridge.endNest(info).build());
        dump(seq -> Requests.dumpAddresses(seq, Rtnl.AF_INET, FLOOR_BRIDGE_INDEX), true);
        ack(Requests.newAddress(++sequence, Requests.CREATE_EXCLUSIVE, FLOOR_BRIDGE_INDEX,
                SERVER_ADDRESS.address().getAddress(), 32));
        ack(Requests.setLinkUp(++sequence, FLOOR_BRIDGE_INDEX, true));
        ack(Requests.setLinkUp(++sequence, eth0, false));
        ack(Requests.setLinkName(++sequence, eth0, "eth0-nic"));
        ack(Requests.setLinkAddress(++sequence, eth0, BRIDGE_MAC.toBytes()));
        ack(Requests.setLinkMaster(++sequence, eth0, FLOOR_BRIDGE_INDEX));
        dump(seq -> Requests.dumpAddresses(seq, Rtnl.AF_INET, eth0), true);
        ack(Requests.deleteAddress(++sequence, eth0, pod, POD_ADDRESS.prefixLength()));
        ack(Requests.setLinkUp(++sequence, eth0, true));
        ack(Requests.setBridgePortLearning(++sequence, eth0, false));
        createTap();
        ack(byName("tap0").attributeU32(Rtnl.IFLA_MTU, 1450).build());
        ack(byName("tap0").attributeU32(Rtnl.IFLA_MASTER, FLOOR_BRIDGE_INDEX).build());
        ack(new MessageBuilder(Rtnl.RTM_NEWLINK, Requests.CHANGE, ++sequence)
                .ifinfomsg(Rtnl.AF_UNSPEC, 0, Rtnl.IFF_UP, Rtnl.IFF_UP).attribute(Rtnl.IFLA_IFNAME, "tap0").build());
        ack(Requests.newRoute(++sequence, Requests.CREATE_EXCLUSIVE, new Requests.RouteFields(Rtnl.AF_INET,
                InetAddress.getByName("10.244.1.5").getAddress(), 32, null, FLOOR_BRIDGE_INDEX, Route.MAIN_TABLE,
                3, 253)));
    }

    /** The same setup as iproute2 commands, one process each. */
    private void ipCommands() throws Exception {
        String ns = namespace;
        String bridge = BRIDGE_MAC.toString();
        run("ip", "-n", ns, "link", "show", "dev", "eth0");
        run("ip", "-n", ns, "-4", "addr", "show", "dev", "eth0");
        run("ip", "-n", ns, "-6", "addr", "show", "dev", "eth0");
        run("ip", "-n", ns, "route", "show", "dev", "eth0");
        run("ip", "-n", ns, "link", "add", "k6t-eth0", "address", bridge, "type", "bridge");
        run("ip", "-n", ns, "-4", "addr", "flush", "dev", "k6t-eth0");
        run("ip", "-n", ns, "addr", "add", "169.254.75.10/32", "dev", "k6t-eth0");
        run("ip", "-n", ns, "link", "set", "k6t-eth0", "up");
        run("ip", "-n", ns, "link", "set", "eth0", "down");
        run("ip", "-n", ns, "link", "set", "eth0", "name", "eth0-nic");
        run("ip", "-n", ns, "link", "set", "eth0-nic", "address", bridge);
        run("ip", "-n", ns, "link", "set", "eth0-nic", "master", "k6t-eth0");
        run("ip", "-n", ns, "-4", "addr", "flush", "dev", "eth0-nic");
        run("ip", "-n", ns, "link", "set", "eth0-nic", "up");
        run("bridge", "-n", ns, "link", "set", "dev", "eth0-nic", "learning", "off");
        run("ip", "-n", ns, "tuntap", "add", "dev", "tap0", "mode", "tap", "user", "107", "group", "107");
        run("ip", "-n", ns, "link", "set", "tap0", "mtu", "1450");
        run("ip", "-n", ns, "link", "set", "tap0", "master", "k6t-eth0");
        run("ip", "-n", ns, "link", "set", "tap0", "up");
        run("ip", "-n", ns, "route", "add", "10.244.1.5/32", "dev", "k6t-eth0");
    }

    private void createTap() throws Exception {
        pod.run(() -> {
            TapDevices.create(TapConfig.builder("tap0").owner(107).group(107).build());
            return null;
        });
    }

    /** Back to a CNI-made pod: eth0 with its MAC and address, up; no bridge, no tap. */
    private void reset() throws Exception {
        for (String link : List.of("k6t-eth0", "tap0")) {
            if (netlink.findLink(link).isPresent()) {
                netlink.deleteLink(link);
            }
        }
        Link pod = netlink.link(eth0);
        if (!pod.name().equals("eth0")) {
            netlink.setDown(pod.name());
            netlink.rename(pod.name(), "eth0");
        }
        netlink.setMac("eth0", MacAddress.parse(POD_MAC));
        netlink.flushAddresses("eth0", AddressFamily.INET);
        netlink.addAddress("eth0", POD_ADDRESS);
        netlink.setUp("eth0");
    }

    private long time(Step step) throws Exception {
        long start = System.nanoTime();
        step.run();
        long elapsed = System.nanoTime() - start;
        reset();
        return elapsed;
    }

    private MessageBuilder byName(String name) {
        return new MessageBuilder(Rtnl.RTM_NEWLINK, Requests.CHANGE, ++sequence)
                .ifinfomsg(Rtnl.AF_UNSPEC, 0, 0, 0).attribute(Rtnl.IFLA_IFNAME, name);
    }

    /** Sends one request and waits for its ACK. */
    private void ack(byte[] request) throws NetlinkException {
        raw.send("floor", request);
        int seq = ByteBuffer.wrap(request).order(java.nio.ByteOrder.nativeOrder()).getInt(8);
        while (true) {
            for (NetlinkMessage reply : NetlinkMessage.decodeAll(raw.receive("floor"))) {
                if (reply.sequence() == seq && reply.type() == Rtnl.NLMSG_ERROR) {
                    int errno = ErrorMessage.decodeError(reply).errno();
                    if (errno != 0) {
                        throw new NetlinkException("floor request type " + reply.type(), Errno.valueOf(errno), null);
                    }
                    return;
                }
            }
        }
    }

    /** Sends a get ({@code multi} false) or a dump and reads its replies to the end. */
    private void dump(java.util.function.IntFunction<byte[]> request, boolean multi) throws NetlinkException {
        int seq = ++sequence;
        raw.send("floor", request.apply(seq));
        boolean done = false;
        while (!done) {
            for (NetlinkMessage reply : NetlinkMessage.decodeAll(raw.receive("floor"))) {
                if (reply.sequence() == seq
                        && (!multi || reply.type() == Rtnl.NLMSG_DONE || reply.type() == Rtnl.NLMSG_ERROR)) {
                    done = true;
                }
            }
        }
    }

    private static double median(long[] samples) {
        return percentile(samples, 0.5);
    }

    private static double percentile(long[] samples, double p) {
        long[] sorted = samples.clone();
        Arrays.sort(sorted);
        return sorted[(int) Math.min(sorted.length - 1, Math.round(p * (sorted.length - 1)))];
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] output = process.getInputStream().readAllBytes();
        if (process.waitFor() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + new String(output));
        }
    }

    @FunctionalInterface
    private interface Step {
        void run() throws Exception;
    }
}
