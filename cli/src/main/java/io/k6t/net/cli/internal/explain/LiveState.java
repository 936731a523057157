package io.k6t.net.cli.internal.explain;

import io.k6t.net.launcher.binding.IsolationCheck;
import io.k6t.net.launcher.netlink.Address;
import io.k6t.net.launcher.netlink.AddressFamily;
import io.k6t.net.launcher.netlink.IpPrefix;
import io.k6t.net.launcher.netlink.Link;
import io.k6t.net.launcher.netlink.NetlinkException;
import io.k6t.net.launcher.netlink.NetlinkHandle;
import io.k6t.net.launcher.netlink.NftablesHandle;
import io.k6t.net.launcher.netlink.Route;
import io.k6t.net.launcher.netlink.Tuntap;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A snapshot of the pod namespace as explain needs it: links, their IPv4 addresses and main-table
 * routes and tap owners (rtnetlink), the {@code bridge k6t} nftables table (nf_tables netlink), the UDP
 * sockets bound to port 67 ({@code /proc/thread-self/net/udp}).
 * Must be taken on a thread inside the pod's namespace.
 */
final class LiveState {
    /** {@code /proc/net/udp} writes the local port in hex: 67 is {@code 0043}. */
    private static final String DHCP_PORT_HEX = ":0043";
    /** DHCPv6's server port 547 as {@code /proc/net/udp6} writes it. */
    private static final String DHCP6_PORT_HEX = ":0223";

    final Map<String, Link> links = new LinkedHashMap<>();
    final Map<String, List<IpPrefix>> ipv4 = new LinkedHashMap<>();
    final Map<String, List<Route>> routes = new LinkedHashMap<>();
    boolean dhcpSocketBound;
    /** Global (not link-local) IPv6 addresses by link. */
    final Map<String, List<IpPrefix>> ipv6 = new LinkedHashMap<>();
    boolean dhcp6SocketBound;
    /** {@code net.ipv6.conf.all.forwarding}, empty when unreadable. */
    Optional<String> ipv6Forwarding = Optional.empty();
    IsolationCheck isolation;

    private LiveState() {
    }

    /** Reads the state of the calling thread's namespace. */
    static LiveState read() throws NetlinkException, IOException {
        LiveState state = new LiveState();
        try (NetlinkHandle netlink = NetlinkHandle.open()) {
            for (Link link : netlink.links()) {
                String name = link.attributes().name();
                state.links.put(name, link);
                state.ipv4.put(name, netlink.addresses(name, AddressFamily.INET).stream().map(Address::prefix)
                        .toList());
                state.routes.put(name, netlink.routes(link.attributes().index(), Route.MAIN_TABLE));
                state.ipv6.put(name, netlink.addresses(name, AddressFamily.INET6).stream()
                        .filter(a -> !a.isIpv6LinkLocal()).map(Address::prefix).toList());
            }
        }
        try (NftablesHandle nftables = NftablesHandle.open()) {
            state.isolation = IsolationCheck.read(nftables);
        }
        for (String line : Files.readAllLines(Path.of("/proc/thread-self/net/udp"), StandardCharsets.US_ASCII)) {
            String[] fields = line.trim().split("\\s+");
            if (fields.length > 1 && fields[1].endsWith(DHCP_PORT_HEX)) {
                state.dhcpSocketBound = true;
            }
        }
        Path udp6 = Path.of("/proc/thread-self/net/udp6");
        if (Files.exists(udp6)) {
            for (String line : Files.readAllLines(udp6, StandardCharsets.US_ASCII)) {
                String[] fields = line.trim().split("\\s+");
                if (fields.length > 1 && fields[1].endsWith(DHCP6_PORT_HEX)) {
                    state.dhcp6SocketBound = true;
                }
            }
        }
        Path forwarding = Path.of("/proc/sys/net/ipv6/conf/all/forwarding");
        if (Files.isReadable(forwarding)) {
            state.ipv6Forwarding = Optional.of(Files.readString(forwarding, StandardCharsets.US_ASCII).strip());
        }
        return state;
    }

    Optional<Link> link(String name) {
        return Optional.ofNullable(links.get(name));
    }

    /** The name of the link with index {@code index}, if any. */
    Optional<String> nameOf(int index) {
        return links.values().stream().filter(l -> l.attributes().index() == index)
                .map(l -> l.attributes().name()).findFirst();
    }

    /** The owner uid of tap {@code name} as the kernel reports it (rtnetlink); empty when it has none. */
    OptionalInt tapOwner(String name) {
        return link(name).filter(Tuntap.class::isInstance).map(l -> ((Tuntap) l).owner()).orElse(OptionalInt.empty());
    }
}
