package io.k6t.net.launcher.netlink;

import com.google.common.net.InetAddresses;
import io.k6t.net.dhcp.MacAddress;
import io.k6t.net.launcher.netlink.internal.AddressMessage;
import io.k6t.net.launcher.netlink.internal.LinkMessage;
import io.k6t.net.launcher.netlink.internal.NeighbourMessage;
import io.k6t.net.launcher.netlink.internal.NetlinkMessage;
import io.k6t.net.launcher.netlink.internal.Requests;
import io.k6t.net.launcher.netlink.internal.RouteMessage;
import io.k6t.net.launcher.netlink.internal.Rtnl;
import io.k6t.net.os.Errno;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An rtnetlink socket ({@code AF_NETLINK}, {@code NETLINK_ROUTE}) in the network namespace of the
 * thread that opened it; it keeps talking to that namespace from any thread. One handle per
 * namespace, no global state: open it inside {@code NetNamespace.run} to manage another namespace.
 *
 * <p>Every request is acknowledged before its method returns; a refusal throws a
 * {@link NetlinkException} with the kernel's errno and extended-ACK text. Dumps interrupted by a
 * concurrent change ({@code NLM_F_DUMP_INTR}) are repeated. Methods are synchronized: one request
 * at a time per handle.
 *
 * <p>Each method names the {@code ip} command it matches; names and MACs are checked before any
 * request ({@link IllegalArgumentException} naming the input).
 */
public final class NetlinkHandle implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NetlinkHandle.class);
    /** Longest link alias the kernel keeps ({@code IFALIASZ - 1}). */
    public static final int MAX_ALIAS_BYTES = 255;

    private final RequestLoop loop;

    /** A handle whose first request takes the sequence number after {@code lastUsedSequence}. */
    NetlinkHandle(Transport transport, int lastUsedSequence) {
        this.loop = new RequestLoop(transport, lastUsedSequence);
    }

    /**
     * Opens a handle in the calling thread's network namespace, with extended ACKs, capped ACKs and
     * strict checking of dump requests on.
     */
    public static NetlinkHandle open() throws NetlinkException {
        return new NetlinkHandle(SocketTransport.open(), ThreadLocalRandom.current().nextInt(1, Integer.MAX_VALUE / 2));
    }

    // ---------------------------------------------------------------- links

    /** Every link. Equivalent to: {@code ip link show}. */
    public synchronized List<Link> links() throws NetlinkException {
        List<Link> links = new ArrayList<>();
        for (NetlinkMessage message : dump("ip link show", Requests::dumpLinks)) {
            if (message.type() == Rtnl.RTM_NEWLINK) {
                links.add(decoded("ip link show", () -> Decoding.link(LinkMessage.decode(message))));
            }
        }
        return links;
    }

    /** The link named {@code name}. Equivalent to: {@code ip link show dev NAME}. */
    public synchronized Link link(String name) throws NetlinkException {
        LinkName.requireValid(name);
        String operation = "ip link show dev " + name;
        try {
            NetlinkMessage reply = single(operation, seq -> Requests.getLink(seq, name));
            return decoded(operation, () -> Decoding.link(LinkMessage.decode(reply)));
        } catch (NetlinkException e) {
            throw notFound(e, operation, name);
        }
    }

    /** The link with index {@code index}. Equivalent to: {@code ip link show} filtered by index. */
    public synchronized Link link(int index) throws NetlinkException {
        if (index <= 0) {
            throw new IllegalArgumentException("link index " + index + " (expected: > 0)");
        }
        String operation = "ip link show (index " + index + ")";
        try {
            NetlinkMessage reply = single(operation, seq -> Requests.getLink(seq, index));
            return decoded(operation, () -> Decoding.link(LinkMessage.decode(reply)));
        } catch (NetlinkException e) {
            throw notFound(e, operation, "#" + index);
        }
    }

    /** The link named {@code name}, or empty if there is none. */
    public synchronized Optional<Link> findLink(String name) throws NetlinkException {
        try {
            return Optional.of(link(name));
        } catch (LinkNotFoundException e) {
            return Optional.empty();
        }
    }

    /**
     * Creates a bridge with a fixed MAC (so the kernel never changes it when ports come and go).
     * Equivalent to: {@code ip link add NAME address MAC type bridge}.
     */
    public synchronized Bridge addBridge(String name, MacAddress mac) throws NetlinkException {
        LinkName.requireValid(name);
        execute("ip link add " + name + " address " + mac + " type bridge",
                seq -> Requests.newLink(seq, name, mac.toBytes(), "bridge"));
        return (Bridge) link(name);
    }

    /**
     * Creates a dummy link. Throws {@link UnsupportedLinkKindException} on kernels without the dummy
     * driver (such as this project's test machines): see {@link #supportsLinkKind}.
     * Equivalent to: {@code ip link add NAME type dummy}.
     */
    public synchronized Dummy addDummy(String name) throws NetlinkException {
        LinkName.requireValid(name);
        String operation = "ip link add " + name + " type dummy";
        try {
            execute(operation, seq -> Requests.newLink(seq, name, null, "dummy"));
        } catch (NetlinkException e) {
            if (e.errno().equals(Errno.EOPNOTSUPP)) {
                throw new UnsupportedLinkKindException(operation, "dummy", e.extAck().orElse(null));
            }
            throw e;
        }
        return (Dummy) link(name);
    }

    /**
     * Creates a veth pair; returns the end named {@code name}.
     * Equivalent to: {@code ip link add NAME type veth peer name PEER}.
     */
    public synchronized Veth addVeth(String name, String peer) throws NetlinkException {
        LinkName.requireValid(name);
        LinkName.requireValid(peer);
        execute("ip link add " + name + " type veth peer name " + peer, seq -> Requests.newVeth(seq, name, peer));
        return (Veth) link(name);
    }

    /**
     * Whether the kernel can create links of {@code kind} ({@code bridge}, {@code veth}, {@code dummy},
     * ...). Sends a creation the kernel must refuse (zero transmit queues): it refuses an unknown kind
     * with {@code EOPNOTSUPP} ("Unknown device type") before it checks the queues, a known kind with
     * {@code EINVAL} after. Nothing is created. Equivalent to: {@code ip link add NAME numtxqueues 0
     * type KIND}. {@code tun} reports false: tun/tap devices are made through {@code /dev/net/tun}.
     */
    public synchronized boolean supportsLinkKind(String kind) throws NetlinkException {
        if (kind.isEmpty() || kind.length() > 64 || kind.chars().anyMatch(c -> c <= ' ' || c > '~')) {
            throw new IllegalArgumentException("link kind '" + kind + "' (expected: a driver name like dummy)");
        }
        String probe = "k6tprobe" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000000));
        String operation = "ip link add " + probe + " numtxqueues 0 type " + kind;
        try {
            execute(operation, seq -> Requests.probeLinkKind(seq, probe, kind));
        } catch (NetlinkException e) {
            return !e.errno().equals(Errno.EOPNOTSUPP);
        }
        LOG.warn("{}: the kernel created the probe link; deleting it", operation);
        deleteLink(probe);
        return true;
    }

    /** Deletes a link (and, for a veth, its peer). Equivalent to: {@code ip link del NAME}. */
    public synchronized void deleteLink(String name) throws NetlinkException {
        onLink("ip link del " + name, name, Requests::deleteLink);
    }

    /** Equivalent to: {@code ip link set dev NAME up}. */
    public synchronized void setUp(String name) throws NetlinkException {
        onLink("ip link set dev " + name + " up", name, (seq, index) -> Requests.setLinkUp(seq, index, true));
    }

    /** Equivalent to: {@code ip link set dev NAME down}. */
    public synchronized void setDown(String name) throws NetlinkException {
        onLink("ip link set dev " + name + " down", name, (seq, index) -> Requests.setLinkUp(seq, index, false));
    }

    /** Equivalent to: {@code ip link set dev NAME name NEWNAME} (older kernels refuse an up link: EBUSY). */
    public synchronized void rename(String name, String newName) throws NetlinkException {
        LinkName.requireValid(newName);
        onLink("ip link set dev " + name + " name " + newName, name,
                (seq, index) -> Requests.setLinkName(seq, index, newName));
    }

    /**
     * The alias of every link that has one ({@code IFLA_IFALIAS}), by link name, in link order.
     * Equivalent to: {@code ip -d link show} (the {@code alias} lines). Needs no privilege.
     */
    public synchronized Map<String, String> aliases() throws NetlinkException {
        Map<String, String> aliases = new LinkedHashMap<>();
        for (NetlinkMessage message : dump("ip link show", Requests::dumpLinks)) {
            if (message.type() == Rtnl.RTM_NEWLINK) {
                LinkMessage link = decoded("ip link show", () -> LinkMessage.decode(message));
                Optional<String> alias = link.attributes().string(Rtnl.IFLA_IFALIAS).filter(a -> !a.isEmpty());
                if (alias.isPresent()) {
                    aliases.put(link.attributes().string(Rtnl.IFLA_IFNAME).orElse("#" + link.index()), alias.get());
                }
            }
        }
        return aliases;
    }

    /**
     * Sets the link's alias, at most {@value #MAX_ALIAS_BYTES} bytes of UTF-8; an empty alias removes
     * it. Equivalent to: {@code ip link set dev NAME alias ALIAS}.
     */
    public synchronized void setAlias(String name, String alias) throws NetlinkException {
        byte[] bytes = alias.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > MAX_ALIAS_BYTES || alias.indexOf(0) >= 0) {
            throw new IllegalArgumentException("alias of link '" + name + "': " + bytes.length
                    + " bytes (expected: at most " + MAX_ALIAS_BYTES + ", no NUL)");
        }
        onLink("ip link set dev " + name + " alias " + alias, name,
                (seq, index) -> Requests.setLinkAlias(seq, index, bytes));
    }

    /** Equivalent to: {@code ip link set dev NAME address MAC}. */
    public synchronized void setMac(String name, MacAddress mac) throws NetlinkException {
        onLink("ip link set dev " + name + " address " + mac, name,
                (seq, index) -> Requests.setLinkAddress(seq, index, mac.toBytes()));
    }

    /** Equivalent to: {@code ip link set dev NAME mtu MTU}. */
    public synchronized void setMtu(String name, int mtu) throws NetlinkException {
        if (mtu <= 0) {
            throw new IllegalArgumentException("MTU " + mtu + " for link '" + name + "' (expected: > 0)");
        }
        onLink("ip link set dev " + name + " mtu " + mtu, name, (seq, index) -> Requests.setLinkMtu(seq, index, mtu));
    }

    /** Enslaves {@code name} to the bridge {@code master}. Equivalent to: {@code ip link set dev NAME master BR}. */
    public synchronized void setMaster(String name, String master) throws NetlinkException {
        int masterIndex = index(master);
        onLink("ip link set dev " + name + " master " + master, name,
                (seq, index) -> Requests.setLinkMaster(seq, index, masterIndex));
    }

    /** Releases {@code name} from its bridge. Equivalent to: {@code ip link set dev NAME nomaster}. */
    public synchronized void setNoMaster(String name) throws NetlinkException {
        onLink("ip link set dev " + name + " nomaster", name, (seq, index) -> Requests.setLinkMaster(seq, index, 0));
    }

    /**
     * Turns MAC learning on a bridge port on or off ({@code IFLA_PROTINFO}/{@code IFLA_BRPORT_LEARNING}).
     * Equivalent to: {@code bridge link set dev NAME learning on|off}.
     */
    public synchronized void setLearning(String port, boolean learning) throws NetlinkException {
        onLink("bridge link set dev " + port + " learning " + (learning ? "on" : "off"), port,
                (seq, index) -> Requests.setBridgePortLearning(seq, index, learning));
    }

    // ------------------------------------------------------------ addresses

    /**
     * The addresses of one family on a link, with every attribute, in kernel order (a primary before
     * its secondaries). Equivalent to: {@code ip -4|-6 addr show dev NAME}.
     */
    public synchronized List<Address> addresses(String name, AddressFamily family) throws NetlinkException {
        return addresses(index(name), name, family);
    }

    /** The IPv4, then the IPv6 addresses of the link with index {@code index}. */
    public synchronized List<Address> addresses(int index) throws NetlinkException {
        if (index <= 0) {
            throw new IllegalArgumentException("link index " + index + " (expected: > 0)");
        }
        List<Address> all = new ArrayList<>(addresses(index, "#" + index, AddressFamily.INET));
        all.addAll(addresses(index, "#" + index, AddressFamily.INET6));
        return all;
    }

    private List<Address> addresses(int index, String name, AddressFamily family) throws NetlinkException {
        String operation = "ip " + (family == AddressFamily.INET ? "-4" : "-6") + " addr show dev " + name;
        List<Address> addresses = new ArrayList<>();
        for (NetlinkMessage message : dump(operation,
                seq -> Requests.dumpAddresses(seq, family.kernelValue(), index))) {
            if (message.type() == Rtnl.RTM_NEWADDR) {
                decoded(operation, () -> {
                    AddressMessage address = AddressMessage.decode(message);
                    return address.index() == index && address.family() == family.kernelValue()
                            ? Decoding.address(address) : Optional.<Address>empty();
                }).ifPresent(addresses::add);
            }
        }
        return addresses;
    }

    /** Equivalent to: {@code ip addr add ADDRESS/PREFIX dev NAME}. */
    public synchronized void addAddress(String name, IpPrefix address) throws NetlinkException {
        onLink("ip addr add " + address + " dev " + name, name, (seq, index) -> Requests.newAddress(seq,
                Requests.CREATE_EXCLUSIVE, index, address.address().getAddress(), address.prefixLength()));
    }

    /**
     * Adds an address with its attributes: broadcast, label, scope, the flags a request can set,
     * lifetimes, prefix-route metric, protocol. Equivalent to: {@code ip addr add ADDRESS dev NAME}
     * with {@code ADDRESS} as {@link Address#toString()} writes it.
     */
    public synchronized void addAddress(String name, Address address) throws NetlinkException {
        onLink("ip addr add " + address + " dev " + name, name, (seq, index) -> Requests.newAddress(seq,
                Requests.CREATE_EXCLUSIVE, index, fields(address)));
    }

    /** Adds the address or updates it in place. Equivalent to: {@code ip addr replace ADDRESS/PREFIX dev NAME}. */
    public synchronized void replaceAddress(String name, IpPrefix address) throws NetlinkException {
        onLink("ip addr replace " + address + " dev " + name, name, (seq, index) -> Requests.newAddress(seq,
                Requests.CREATE_OR_REPLACE, index, address.address().getAddress(), address.prefixLength()));
    }

    /** Equivalent to: {@code ip addr del ADDRESS/PREFIX dev NAME}. */
    public synchronized void deleteAddress(String name, IpPrefix address) throws NetlinkException {
        onLink("ip addr del " + address + " dev " + name, name, (seq, index) -> Requests.deleteAddress(seq, index,
                address.address().getAddress(), address.prefixLength()));
    }

    /**
     * Deletes every address of one family from a link (an address that vanishes meanwhile is fine).
     * Equivalent to: {@code ip -4|-6 addr flush dev NAME}.
     */
    public synchronized void flushAddresses(String name, AddressFamily family) throws NetlinkException {
        int index = index(name);
        for (Address found : addresses(index, name, family)) {
            IpPrefix address = found.prefix();
            String operation = "ip addr del " + address + " dev " + name;
            try {
                execute(operation, seq -> Requests.deleteAddress(seq, index, address.address().getAddress(),
                        address.prefixLength()));
            } catch (NetlinkException e) {
                if (!e.errno().equals(Errno.EADDRNOTAVAIL)) {
                    throw notFound(e, operation, name);
                }
            }
        }
    }

    // --------------------------------------------------------------- routes

    /**
     * The unicast IPv4 and IPv6 routes through one link in one table (the kernel filters).
     * Equivalent to: {@code ip route show table TABLE dev NAME} plus {@code ip -6 route show ...}.
     */
    public synchronized List<Route> routes(int linkIndex, int table) throws NetlinkException {
        List<Route> routes = new ArrayList<>();
        String operation = "ip route show table " + table + " dev #" + linkIndex;
        for (NetlinkMessage message : dump(operation,
                seq -> Requests.dumpRoutes(seq, table, linkIndex))) {
            if (message.type() == Rtnl.RTM_NEWROUTE) {
                decoded(operation, () -> Decoding.route(RouteMessage.decode(message)))
                        .filter(r -> r.type().equals(RouteType.UNICAST) && r.linkIndex() == linkIndex
                                && r.table() == table)
                        .ifPresent(routes::add);
            }
        }
        return routes;
    }

    /**
     * Every route of both families, in every table, that sends through the link: its output link or
     * one of its next hops (a multipath route). The kernel's own local-table routes are among them.
     * Equivalent to: {@code ip -d route show table all} filtered by the link, next hops included.
     */
    public synchronized List<Route> routesVia(int linkIndex) throws NetlinkException {
        if (linkIndex <= 0) {
            throw new IllegalArgumentException("link index " + linkIndex + " (expected: > 0)");
        }
        List<Route> routes = new ArrayList<>();
        String operation = "ip route show table all dev #" + linkIndex;
        for (NetlinkMessage message : dump(operation, seq -> Requests.dumpRoutes(seq, 0, linkIndex))) {
            if (message.type() == Rtnl.RTM_NEWROUTE) {
                decoded(operation, () -> Decoding.route(RouteMessage.decode(message)))
                        .filter(r -> r.uses(linkIndex)).ifPresent(routes::add);
            }
        }
        return routes;
    }

    /** Equivalent to: {@code ip route add DST [via GW] dev LINK table T proto P scope S}. */
    public synchronized void addRoute(Route route) throws NetlinkException {
        execute("ip route add " + route, seq -> Requests.newRoute(seq, Requests.CREATE_EXCLUSIVE, fields(route)));
    }

    /** Adds the route or replaces the one with the same destination. Equivalent to: {@code ip route replace ...}. */
    public synchronized void replaceRoute(Route route) throws NetlinkException {
        execute("ip route replace " + route, seq -> Requests.newRoute(seq, Requests.CREATE_OR_REPLACE, fields(route)));
    }

    /**
     * Deletes the route matching destination, gateway, link and table (scope and protocol are not
     * compared). Equivalent to: {@code ip route del DST [via GW] dev LINK table T}.
     */
    public synchronized void deleteRoute(Route route) throws NetlinkException {
        execute("ip route del " + route, seq -> Requests.deleteRoute(seq, fields(route)));
    }

    // ----------------------------------------------------------- neighbours

    /** A permanent neighbour entry. Equivalent to: {@code ip neigh add ADDRESS lladdr MAC dev NAME}. */
    public synchronized void addNeighbour(String name, InetAddress address, MacAddress mac) throws NetlinkException {
        onLink("ip neigh add " + InetAddresses.toAddrString(address) + " lladdr " + mac + " dev " + name, name,
                (seq, index) -> Requests.newNeighbour(seq, index, address.getAddress(), mac.toBytes()));
    }

    /**
     * The neighbour table of one family, every link. Equivalent to: {@code ip -4|-6 neigh show}.
     */
    public synchronized List<Neighbour> neighbours(AddressFamily family) throws NetlinkException {
        String operation = "ip " + (family == AddressFamily.INET ? "-4" : "-6") + " neigh show";
        List<Neighbour> neighbours = new ArrayList<>();
        for (NetlinkMessage message : dump(operation, seq -> Requests.dumpNeighbours(seq, family.kernelValue()))) {
            if (message.type() == Rtnl.RTM_NEWNEIGH) {
                decoded(operation, () -> Decoding.neighbour(NeighbourMessage.decode(message)))
                        .filter(n -> Requests.family(n.address().getAddress()) == family.kernelValue())
                        .ifPresent(neighbours::add);
            }
        }
        return neighbours;
    }

    /** Equivalent to: {@code ip neigh del ADDRESS dev NAME}. */
    public synchronized void deleteNeighbour(String name, InetAddress address) throws NetlinkException {
        onLink("ip neigh del " + InetAddresses.toAddrString(address) + " dev " + name, name,
                (seq, index) -> Requests.deleteNeighbour(seq, index, address.getAddress()));
    }

    @Override
    public synchronized void close() throws NetlinkException {
        loop.close();
    }

    @Override
    public String toString() {
        return "NetlinkHandle[" + loop + "]";
    }

    // ------------------------------------------------------------ transport

    /** A request addressed to a link index. */
    @FunctionalInterface
    private interface IndexedRequest {
        byte[] build(int sequence, int index);
    }

    private void onLink(String operation, String name, IndexedRequest request) throws NetlinkException {
        int index = index(name);
        try {
            execute(operation, seq -> request.build(seq, index));
        } catch (NetlinkException e) {
            throw notFound(e, operation, name);
        }
    }

    /**
     * The index of the link named {@code name}, as {@code if_nametoindex(3)} finds it: one ioctl in
     * the handle's namespace, cheaper than an {@code RTM_GETLINK} round trip.
     */
    private int index(String name) throws NetlinkException {
        LinkName.requireValid(name);
        return loop.linkIndex("if_nametoindex(" + name + ")", name);
    }

    private static NetlinkException notFound(NetlinkException e, String operation, String link) {
        if (e.errno().equals(Errno.ENODEV) && !(e instanceof LinkNotFoundException)) {
            return new LinkNotFoundException(operation, link, e.extAck().orElse(null), e);
        }
        return e;
    }

    private static Requests.RouteFields fields(Route route) {
        SortedMap<Integer, Long> metrics = new TreeMap<>();
        route.metrics().forEach((name, value) -> metrics.put(Route.metricNumber(name), value));
        return new Requests.RouteFields(AddressFamily.of(route.destination().address()).kernelValue(),
                route.destination().address().getAddress(), route.destination().prefixLength(),
                route.gateway().map(InetAddress::getAddress).orElse(null), route.linkIndex(), route.table(),
                route.protocol().value(), route.scope().value(), route.type().value(),
                route.priority().isPresent() ? Integer.toUnsignedLong(route.priority().getAsInt()) : -1,
                route.preferredSource().map(InetAddress::getAddress).orElse(null),
                route.nextHops().stream().map(h -> new Requests.NextHopFields(
                        h.gateway().map(InetAddress::getAddress).orElse(null), h.linkIndex(), h.weight(),
                        h.flags() & Route.SETTABLE_FLAGS)).toList(),
                route.flags() & Route.SETTABLE_FLAGS, route.tos(), metrics, route.preference().orElse(-1));
    }

    private static Requests.AddressFields fields(Address a) {
        return new Requests.AddressFields(a.prefix().address().getAddress(), a.prefix().prefixLength(),
                a.peer().map(InetAddress::getAddress).orElse(null), a.broadcast().map(InetAddress::getAddress)
                .orElse(null), a.label().orElse(null), a.scope().value(), a.flags().settable().value(),
                a.validLifetime(), a.preferredLifetime(), a.metric().isPresent()
                ? Integer.toUnsignedLong(a.metric().getAsInt()) : -1, a.protocol());
    }

    private void execute(String operation, IntFunction<byte[]> request) throws NetlinkException {
        loop.execute(operation, request);
    }

    private NetlinkMessage single(String operation, IntFunction<byte[]> request) throws NetlinkException {
        return loop.single(operation, request);
    }

    private List<NetlinkMessage> dump(String operation, IntFunction<byte[]> request) throws NetlinkException {
        return loop.dump(operation, request);
    }

    private static <T> T decoded(String operation, Supplier<T> decoder) throws NetlinkException {
        return RequestLoop.decoded(operation, decoder);
    }
}
