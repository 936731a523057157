package io.k6t.net.launcher.binding.internal;

import io.k6t.net.launcher.binding.InterfacePlan;
import io.k6t.net.launcher.binding.LinkAddress;
import io.k6t.net.launcher.binding.LinkRoute;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * An in-memory pod namespace with the kernel behaviour the binding relies on: a link going down
 * loses its routes, a route needs an up link, names are unique, deleting a veth deletes its peer,
 * deleting a bridge releases its ports. {@link #snapshot()} is what tests compare.
 */
final class FakePodKernel implements PodKernel {
    private static final class Link {
        int index;
        String name;
        String kind;
        String mac;
        int mtu;
        boolean up;
        int master;
        boolean learning = true;
        int peer;
        final List<LinkAddress> addresses = new ArrayList<>();
        final List<LinkRoute> routes = new ArrayList<>();
    }

    private final Map<Integer, Link> links = new TreeMap<>();
    private final Map<String, Integer> sysctls = new HashMap<>();
    private final TreeSet<String> nftChains = new TreeSet<>();
    private boolean nftTable;
    private final boolean dummyDriver;
    private int nextIndex = 2;
    private int macCounter;

    FakePodKernel(boolean dummyDriver) {
        this.dummyDriver = dummyDriver;
        sysctls.put(BindingExecutor.ARP_IGNORE, 0);
    }

    /** Adds a pod link as the CNI would (up, with addresses and routes). */
    int addPodLink(String name, String mac, int mtu, List<LinkAddress> addresses, List<LinkRoute> routes) {
        Link l = newLink(name, "veth", mac);
        l.mtu = mtu;
        l.addresses.addAll(addresses);
        setUp(l.index, true);
        routes.stream().filter(r -> !l.routes.contains(r)).forEach(l.routes::add);
        return l.index;
    }

    /** Adds a link of any kind, e.g. a foreign one holding a name k6t-net wants. */
    int addLink(String name, String kind) {
        return newLink(name, kind, String.format("02:00:00:00:ff:%02x", ++macCounter)).index;
    }

    /** Everything observable, by name, without indexes except the pod links'. */
    String snapshot() {
        StringBuilder sb = new StringBuilder();
        for (Link l : links.values()) {
            sb.append(l.name).append(' ').append(l.kind).append(' ').append(l.mac).append(" mtu ").append(l.mtu)
                    .append(l.up ? " up" : " down").append(" master ").append(l.master == 0 ? "-"
                            : links.get(l.master).name).append(" learning ").append(l.learning)
                    .append(' ').append(new TreeSet<>(l.addresses.stream().map(Object::toString).toList()))
                    .append(' ').append(new TreeSet<>(l.routes.stream().map(r -> r.ipArguments(l.name)).toList()))
                    .append('\n');
        }
        return sb.append("sysctl ").append(new TreeMap<>(sysctls)).append("\nnft ").append(nftTable)
                .append(' ').append(nftChains).append('\n').toString();
    }

    private Link newLink(String name, String kind, String mac) {
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
        return new KernelLink(l.index, l.name, l.kind, l.mac, l.mtu, l.up, l.master);
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
    public List<LinkAddress> addresses(int index) {
        return List.copyOf(get(index).addresses);
    }

    @Override
    public List<LinkRoute> routes(int index) {
        return List.copyOf(get(index).routes);
    }

    @Override
    public void createBridge(String name, String mac) {
        newLink(name, "bridge", mac);
    }

    @Override
    public void createTap(TapRequest tap) {
        newLink(tap.name(), "tun", String.format("02:00:00:00:aa:%02x", ++macCounter));
    }

    @Override
    public String createPlaceholder(String name, String peer) {
        if (dummyDriver) {
            newLink(name, "dummy", String.format("02:00:00:00:bb:%02x", ++macCounter));
            return "dummy";
        }
        Link a = newLink(name, "veth", String.format("02:00:00:00:bb:%02x", ++macCounter));
        Link b = newLink(peer, "veth", String.format("02:00:00:00:bb:%02x", ++macCounter));
        a.peer = b.index;
        b.peer = a.index;
        return "veth";
    }

    @Override
    public void deleteLink(int index) {
        Link l = get(index);
        links.remove(index);
        if (l.peer != 0) {
            links.remove(l.peer);
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
            l.routes.clear();
            l.addresses.removeIf(a -> !a.isIpv4());
            return;
        }
        byte[] mac = java.util.HexFormat.ofDelimiter(":").parseHex(l.mac);
        byte[] ll = new byte[16];
        ll[0] = (byte) 0xfe;
        ll[1] = (byte) 0x80;
        ll[8] = (byte) (mac[0] ^ 2);
        ll[9] = mac[1];
        ll[10] = mac[2];
        ll[11] = (byte) 0xff;
        ll[12] = (byte) 0xfe;
        ll[13] = mac[3];
        ll[14] = mac[4];
        ll[15] = mac[5];
        try {
            LinkAddress linkLocal = LinkAddress.of(java.net.InetAddress.getByAddress(ll).getHostAddress(), 64);
            if (!l.addresses.contains(linkLocal)) {
                l.addresses.add(linkLocal);
            }
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
        l.addresses.stream().filter(LinkAddress::isIpv4).forEach(a -> connect(l, a));
    }

    /** The route the kernel adds for an IPv4 address on an up link (proto kernel, scope link). */
    private static void connect(Link l, LinkAddress a) {
        if (a.prefixLength() == 32) {
            return;
        }
        byte[] b = a.inet().getAddress();
        int v = ((b[0] & 0xff) << 24) | ((b[1] & 0xff) << 16) | ((b[2] & 0xff) << 8) | (b[3] & 0xff);
        v &= -1 << (32 - a.prefixLength());
        String net = ((v >>> 24) & 0xff) + "." + ((v >>> 16) & 0xff) + "." + ((v >>> 8) & 0xff) + "." + (v & 0xff);
        LinkRoute r = new LinkRoute(net + "/" + a.prefixLength(), Optional.empty(), "link", LinkRoute.PROTO_KERNEL,
                OptionalInt.empty(), Optional.of(a.address()));
        if (!l.routes.contains(r)) {
            l.routes.add(r);
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
        l.name = name;
    }

    @Override
    public void setMac(int index, String mac) {
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
    public void addAddress(int index, LinkAddress address) {
        Link l = get(index);
        if (l.addresses.stream().noneMatch(a -> a.cidr().equals(address.cidr()))) {
            l.addresses.add(address);
            if (l.up && address.isIpv4()) {
                connect(l, address);
            }
        }
    }

    @Override
    public void deleteAddress(int index, LinkAddress address) {
        Link l = get(index);
        l.addresses.removeIf(a -> a.cidr().equals(address.cidr()));
        l.routes.removeIf(r -> r.protocol() == LinkRoute.PROTO_KERNEL
                && r.source().equals(Optional.of(address.address())));
    }

    @Override
    public void addRoute(int index, LinkRoute route) {
        Link l = get(index);
        if (!l.up) {
            throw new IllegalStateException("ENETDOWN: route via down link " + l.name);
        }
        if (!l.routes.contains(route)) {
            l.routes.add(route);
        }
    }

    @Override
    public void deleteRoute(int index, LinkRoute route) {
        get(index).routes.remove(route);
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
