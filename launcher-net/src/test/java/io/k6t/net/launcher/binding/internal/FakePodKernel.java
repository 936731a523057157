package io.k6t.net.launcher.binding.internal;

import io.k6t.net.dhcp.MacAddress;
import io.k6t.net.launcher.binding.InterfacePlan;
import io.k6t.net.launcher.binding.PodKernel;
import io.k6t.net.launcher.discovery.PodInterface;
import io.k6t.net.launcher.netlink.Address;
import io.k6t.net.launcher.netlink.AddressFlags;
import io.k6t.net.launcher.netlink.IpPrefix;
import io.k6t.net.launcher.netlink.NextHop;
import io.k6t.net.launcher.netlink.Route;
import io.k6t.net.launcher.netlink.RouteProtocol;
import io.k6t.net.launcher.netlink.RouteScope;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.IntFunction;

/**
 * An in-memory pod namespace with the kernel behaviour the binding relies on: a link going down
 * loses its routes and its IPv6 addresses, coming up it gets its EUI-64 link-local address and the
 * prefix routes of its addresses, deleting an address deletes the routes it is the source of (a
 * primary IPv4 address its secondaries too), a route needs its links up, names are unique, deleting
 * a veth deletes its peer, deleting a bridge releases its ports. {@link #snapshot()} is what tests
 * compare: every attribute of every address and route.
 */
final class FakePodKernel implements PodKernel {
    private static final class Link {
        int index;
        String name;
        String kind;
        MacAddress mac;
        int mtu;
        boolean up;
        int master;
        boolean learning = true;
        int peer;
        final List<Address> addresses = new ArrayList<>();
    }

    private final Map<Integer, Link> links = new TreeMap<>();
    private final List<Route> routes = new ArrayList<>();
    private final Map<String, Integer> sysctls = new HashMap<>();
    private final TreeSet<String> nftChains = new TreeSet<>();
    private final Clock clock;
    private boolean nftTable;
    private final boolean dummyDriver;
    private int nextIndex = 2;
    private int macCounter;

    FakePodKernel(boolean dummyDriver, Clock clock) {
        this.dummyDriver = dummyDriver;
        this.clock = clock;
        sysctls.put(PlaceholderStep.ARP_IGNORE, 0);
        sysctls.put(InterfacePlan.IPV6_FORWARDING, 0);
    }

    /**
     * Adds a pod link as the CNI would: up, then its addresses (in order), then its routes (in order),
     * made by {@code routes} from the link's index.
     */
    int addPodLink(String name, String mac, int mtu, List<Address> addresses, IntFunction<List<Route>> podRoutes) {
        Link l = newLink(name, "veth", MacAddress.parse(mac));
        l.mtu = mtu;
        setUp(l.index, true);
        addresses.forEach(a -> addAddress(l.index, a));
        podRoutes.apply(l.index).forEach(this::addRoute);
        return l.index;
    }

    /** Adds a link of any kind, e.g. a foreign one holding a name k6t-net wants. */
    int addLink(String name, String kind) {
        return newLink(name, kind, MacAddress.parse(String.format("02:00:00:00:ff:%02x", ++macCounter))).index;
    }

    /** Everything observable, by name, without indexes except the pod links'. */
    String snapshot() {
        StringBuilder sb = new StringBuilder();
        for (Link l : links.values()) {
            sb.append(l.name).append(' ').append(l.kind).append(' ').append(l.mac).append(" mtu ").append(l.mtu)
                    .append(l.up ? " up" : " down").append(" master ").append(l.master == 0 ? "-"
                            : links.get(l.master).name).append(" learning ").append(l.learning)
                    .append(' ').append(addresses(l.index)).append('\n');
        }
        new TreeSet<>(routes.stream().map(r -> r.describe(this::nameOf)).toList())
                .forEach(r -> sb.append("route ").append(r).append('\n'));
        return sb.append("sysctl ").append(new TreeMap<>(sysctls)).append("\nnft ").append(nftTable)
                .append(' ').append(nftChains).append('\n').toString();
    }

    /**
     * The MAC the kernel draws at random for a tap or placeholder; derived from the name here, so two
     * runs that make the same links compare equal.
     */
    private static MacAddress drawnMac(int kind, String name) {
        return MacAddress.fromBytes(new byte[] {2, 0, 0, (byte) kind, (byte) (name.hashCode() >>> 8),
            (byte) name.hashCode()});
    }

    private String nameOf(int index) {
        Link l = links.get(index);
        return l == null ? "#" + index : l.name;
    }

    private Link newLink(String name, String kind, MacAddress mac) {
        if (link(name).isPresent()) {
            throw new IllegalStateException("EEXIST: " + name);
        }
        Link l = new Link();
        l.index = nextIndex++;
        l.name = name;
        l.kind = kind;
        l.mac = mac;
        l.mtu = 1500;
        links.put(l.index, l);
        return l;
    }

    private Link get(int index) {
        Link l = links.get(index);
        if (l == null) {
            throw new IllegalStateException("ENODEV: ifindex " + index);
        }
        return l;
    }

    private KernelLink view(Link l) {
        return new KernelLink(l.index, l.name, l.kind, Optional.of(l.mac), l.mtu, l.up, l.master);
    }

    @Override
    public Optional<KernelLink> link(String name) {
        return links.values().stream().filter(l -> l.name.equals(name)).findFirst().map(this::view);
    }

    @Override
    public Optional<KernelLink> link(int index) {
        return Optional.ofNullable(links.get(index)).map(this::view);
    }

    @Override
    public PodInterface discover(int index) {
        Link l = get(index);
        return new PodInterface(l.name, l.index, Optional.of(l.mac), l.mtu, l.up, addresses(index), routes(index),
                clock.instant());
    }

    @Override
    public List<Address> addresses(int index) {
        List<Address> all = new ArrayList<>(get(index).addresses.stream().filter(Address::isIpv4).toList());
        all.addAll(get(index).addresses.stream().filter(a -> !a.isIpv4()).toList());
        return all;
    }

    @Override
    public List<Route> routes(int index) {
        get(index);
        return routes.stream().filter(r -> r.uses(index)).toList();
    }

    @Override
    public void createBridge(String name, MacAddress mac) {
        newLink(name, "bridge", mac);
    }

    @Override
    public void createTap(TapRequest tap) {
        newLink(tap.name(), "tun", drawnMac(0xaa, tap.name()));
    }

    @Override
    public String createPlaceholder(String name, String peer) {
        if (dummyDriver) {
            newLink(name, "dummy", drawnMac(0xbb, name));
            return "dummy";
        }
        Link a = newLink(name, "veth", drawnMac(0xbb, name));
        Link b = newLink(peer, "veth", drawnMac(0xbb, peer));
        a.peer = b.index;
        b.peer = a.index;
        return "veth";
    }

    @Override
    public void deleteLink(int index) {
        Link l = get(index);
        links.remove(index);
        routes.removeIf(r -> r.uses(index));
        if (l.peer != 0) {
            links.remove(l.peer);
            routes.removeIf(r -> r.uses(l.peer));
        }
        for (Link other : links.values()) {
            if (other.master == index) {
                other.master = 0;
                other.learning = true;
            }
        }
    }

    @Override
    public void setUp(int index, boolean up) {
        Link l = get(index);
        if (l.up == up) {
            return;
        }
        l.up = up;
        if (!up) {
            // The kernel drops every route through a down link and, with keep_addr_on_down=0, its IPv6 addresses.
            routes.removeIf(r -> r.uses(index));
            l.addresses.removeIf(a -> !a.isIpv4());
            return;
        }
        byte[] mac = l.mac.toBytes();
        byte[] ll = {(byte) 0xfe, (byte) 0x80, 0, 0, 0, 0, 0, 0, (byte) (mac[0] ^ 2), mac[1], mac[2], (byte) 0xff,
            (byte) 0xfe, mac[3], mac[4], mac[5]};
        Address linkLocal = new Address(new IpPrefix(inet(ll), 64), Optional.empty(), Optional.empty(),
                Optional.empty(), RouteScope.LINK, new AddressFlags(AddressFlags.PERMANENT), Address.FOREVER,
                Address.FOREVER, OptionalInt.empty(), Address.PROTO_KERNEL_LL);
        if (l.addresses.stream().noneMatch(a -> a.sameAddress(linkLocal))) {
            insert(l, linkLocal);
        }
        l.addresses.forEach(a -> connect(l, a));
    }

    private static InetAddress inet(byte[] bytes) {
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    private static IpPrefix network(IpPrefix p) {
        byte[] b = p.address().getAddress();
        for (int bit = p.prefixLength(); bit < b.length * 8; bit++) {
            b[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
        }
        return new IpPrefix(inet(b), p.prefixLength());
    }

    /** The prefix route the kernel adds for an address on an up link (proto kernel). */
    private void connect(Link l, Address a) {
        if (!l.up || a.isSecondary() || a.flags().has(AddressFlags.NOPREFIXROUTE)
                || a.prefix().prefixLength() == (a.isIpv4() ? 32 : 128)) {
            return;
        }
        Route r = new Route(network(a.prefix()), Optional.empty(), l.index, Route.MAIN_TABLE,
                a.isIpv4() ? RouteScope.LINK : RouteScope.UNIVERSE, RouteProtocol.KERNEL)
                .withPriority(a.isIpv4() ? a.metric() : OptionalInt.of(a.metric().orElse(256)))
                .withPreferredSource(a.isIpv4() ? Optional.of(a.prefix().address()) : Optional.empty());
        if (!routes.contains(r)) {
            routes.add(r);
        }
    }

    @Override
    public void rename(int index, String name) {
        Link l = get(index);
        if (l.up) {
            throw new IllegalStateException("EBUSY: rename of an up link " + l.name);
        }
        if (link(name).isPresent()) {
            throw new IllegalStateException("EEXIST: " + name);
        }
        // The kernel renames IPv4 labels with their link: eth0 becomes NEW, eth0:1 becomes NEW:1.
        String old = l.name;
        l.addresses.replaceAll(a -> a.label().filter(x -> x.equals(old) || x.startsWith(old + ":"))
                .map(x -> a.withLabel(Optional.of(name + x.substring(old.length())))).orElse(a));
        l.name = name;
    }

    @Override
    public void setMac(int index, MacAddress mac) {
        get(index).mac = mac;
    }

    @Override
    public void setMtu(int index, int mtu) {
        get(index).mtu = mtu;
    }

    @Override
    public void setMaster(int index, int masterIndex) {
        Link l = get(index);
        l.master = masterIndex;
        l.learning = true;
    }

    @Override
    public void setLearning(int index, boolean learning) {
        Link l = get(index);
        if (l.master == 0) {
            throw new IllegalStateException("EOPNOTSUPP: " + l.name + " is no bridge port");
        }
        l.learning = learning;
    }

    @Override
    public Optional<Boolean> learning(int index) {
        Link l = get(index);
        return l.master == 0 ? Optional.empty() : Optional.of(l.learning);
    }

    @Override
    public void addAddress(int index, Address address) {
        Link l = get(index);
        if (l.addresses.stream().anyMatch(a -> a.sameAddress(address))) {
            return;
        }
        int flags = address.flags().settable().value();
        if (address.validLifetime() == Address.FOREVER) {
            flags |= AddressFlags.PERMANENT;
        }
        if (address.isIpv4() && l.addresses.stream().anyMatch(a -> a.isIpv4()
                && a.prefix().prefixLength() == address.prefix().prefixLength()
                && network(a.prefix()).equals(network(address.prefix())))) {
            flags |= AddressFlags.SECONDARY;
        }
        Address added = new Address(address.prefix(), address.peer(), address.broadcast(),
                address.isIpv4() ? Optional.of(address.label().orElse(l.name)) : Optional.empty(), address.scope(),
                new AddressFlags(flags), address.validLifetime(), address.preferredLifetime(), address.metric(),
                address.protocol());
        insert(l, added);
        connect(l, added);
    }

    /**
     * IPv4 addresses in the order they came; IPv6 ones as the kernel keeps them: by scope, global first,
     * and within a scope the newest first.
     */
    private static void insert(Link l, Address a) {
        if (a.isIpv4()) {
            l.addresses.add(a);
            return;
        }
        int rank = a.isIpv6LinkLocal() ? 1 : 0;
        int at = l.addresses.size();
        for (int i = 0; i < l.addresses.size(); i++) {
            Address b = l.addresses.get(i);
            if (!b.isIpv4() && (b.isIpv6LinkLocal() ? 1 : 0) >= rank) {
                at = i;
                break;
            }
        }
        l.addresses.add(at, a);
    }

    @Override
    public void deleteAddress(int index, Address address) {
        Link l = get(index);
        Optional<Address> gone = l.addresses.stream().filter(a -> a.prefix().equals(address.prefix())).findFirst();
        if (gone.isEmpty()) {
            return;
        }
        List<Address> removed = new ArrayList<>(List.of(gone.get()));
        if (gone.get().isIpv4() && !gone.get().isSecondary()) {
            // promote_secondaries=0: a primary takes the secondaries of its subnet with it.
            l.addresses.stream().filter(a -> a.isIpv4() && a.isSecondary()
                    && network(a.prefix()).equals(network(gone.get().prefix()))).forEach(removed::add);
        }
        l.addresses.removeAll(removed);
        for (Address a : removed) {
            routes.removeIf(r -> r.uses(index) && (r.preferredSource().equals(Optional.of(a.prefix().address()))
                    || r.protocol().equals(RouteProtocol.KERNEL) && r.destination().equals(network(a.prefix()))));
        }
    }

    private static List<Object> key(Route r) {
        return List.of(r.table(), r.destination(), r.tos(), r.priority());
    }

    @Override
    public void addRoute(Route route) {
        requireUp(route);
        if (routes.stream().noneMatch(r -> key(r).equals(key(route)))) {
            routes.add(route);
        }
    }

    @Override
    public void replaceRoute(Route route) {
        requireUp(route);
        routes.removeIf(r -> key(r).equals(key(route)));
        routes.add(route);
    }

    private void requireUp(Route route) {
        List<Integer> used = new ArrayList<>(route.nextHops().stream().map(NextHop::linkIndex).toList());
        if (route.linkIndex() != 0) {
            used.add(route.linkIndex());
        }
        for (int index : used) {
            if (!get(index).up) {
                throw new IllegalStateException("ENETDOWN: route via down link " + get(index).name);
            }
        }
    }

    @Override
    public void deleteRoute(Route route) {
        routes.removeIf(r -> key(r).equals(key(route)) && r.linkIndex() == route.linkIndex());
    }

    @Override
    public OptionalInt sysctl(String key) {
        Integer v = sysctls.get(key);
        return v == null ? OptionalInt.empty() : OptionalInt.of(v);
    }

    @Override
    public void setSysctl(String key, int value) {
        sysctls.put(key, value);
    }

    @Override
    public void addDhcpIsolation(InterfacePlan plan) {
        nft(NftScripts.add(plan));
    }

    @Override
    public void removeDhcpIsolation(InterfacePlan plan, boolean last) {
        nft(NftScripts.remove(plan, last));
    }

    private void nft(String script) {
        for (String line : script.split("\n")) {
            String[] w = line.split(" ");
            if (line.startsWith("add table")) {
                nftTable = true;
            } else if (line.startsWith("delete table")) {
                nftTable = false;
                nftChains.clear();
            } else if (line.startsWith("add chain")) {
                nftChains.add(w[4]);
            } else if (line.startsWith("delete chain")) {
                nftChains.remove(w[4]);
            } else if (line.startsWith("add rule")) {
                nftChains.add(w[4] + ":" + line.substring(line.indexOf(w[4]) + w[4].length() + 1));
            } else if (line.startsWith("flush chain")) {
                nftChains.removeIf(c -> c.startsWith(w[4] + ":"));
            }
        }
    }

    @Override
    public void close() {
    }
}
