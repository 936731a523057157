package io.k6t.net.cli.internal.explain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.k6t.net.launcher.netlink.Address;
import io.k6t.net.launcher.netlink.AddressFamily;
import io.k6t.net.launcher.netlink.IpPrefix;
import io.k6t.net.launcher.netlink.Link;
import io.k6t.net.launcher.netlink.NetlinkException;
import io.k6t.net.launcher.netlink.NetlinkHandle;
import io.k6t.net.launcher.netlink.Route;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

/**
 * A snapshot of the pod namespace as explain needs it: links, their IPv4 addresses and main-table
 * routes (rtnetlink), the UDP sockets bound to port 67 ({@code /proc/thread-self/net/udp}) and tap
 * owners ({@code ip -d -j link}). Must be taken on a thread inside the pod's namespace.
 */
final class LiveState {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** {@code /proc/net/udp} writes the local port in hex: 67 is {@code 0043}. */
    private static final String DHCP_PORT_HEX = ":0043";

    final Map<String, Link> links = new LinkedHashMap<>();
    final Map<String, List<IpPrefix>> ipv4 = new LinkedHashMap<>();
    final Map<String, List<Route>> routes = new LinkedHashMap<>();
    boolean dhcpSocketBound;

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
            }
        }
        for (String line : Files.readAllLines(Path.of("/proc/thread-self/net/udp"), StandardCharsets.US_ASCII)) {
            String[] fields = line.trim().split("\\s+");
            if (fields.length > 1 && fields[1].endsWith(DHCP_PORT_HEX)) {
                state.dhcpSocketBound = true;
            }
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

    /** The owner uid of tap {@code name} as {@code ip -d link} reports it; empty when it has none. */
    static OptionalInt tapOwner(String name) throws IOException, InterruptedException {
        Process ip = new ProcessBuilder("ip", "-d", "-j", "link", "show", "dev", name).redirectErrorStream(true)
                .start();
        byte[] out = ip.getInputStream().readAllBytes();
        if (!ip.waitFor(10, TimeUnit.SECONDS) || ip.exitValue() != 0) {
            return OptionalInt.empty();
        }
        List<JsonNode> found = new ArrayList<>();
        JSON.readTree(out).forEach(found::add);
        for (JsonNode link : found) {
            JsonNode user = link.path("linkinfo").path("info_data").path("user");
            if (user.isNumber()) {
                return OptionalInt.of(user.asInt());
            }
            if (user.isTextual()) {
                return uidOf(user.asText());
            }
        }
        return OptionalInt.empty();
    }

    private static OptionalInt uidOf(String user) throws IOException {
        if (user.matches("\\d+")) {
            return OptionalInt.of(Integer.parseInt(user));
        }
        for (String line : Files.readAllLines(Path.of("/etc/passwd"))) {
            String[] f = line.split(":");
            if (f.length > 2 && f[0].equals(user)) {
                return OptionalInt.of(Integer.parseInt(f[2]));
            }
        }
        return OptionalInt.empty();
    }
}
