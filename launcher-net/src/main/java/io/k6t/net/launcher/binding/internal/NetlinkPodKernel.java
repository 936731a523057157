package io.k6t.net.launcher.binding.internal;

import com.google.common.net.InetAddresses;
import io.k6t.net.launcher.binding.BindingException;
import io.k6t.net.launcher.binding.BindingException.Reason;
import io.k6t.net.launcher.binding.InterfacePlan;
import io.k6t.net.launcher.binding.LinkAddress;
import io.k6t.net.launcher.binding.LinkRoute;
import io.k6t.net.launcher.netlink.AddressFamily;
import io.k6t.net.os.Errno;
import io.k6t.net.launcher.netlink.IpPrefix;
import io.k6t.net.launcher.netlink.Link;
import io.k6t.net.launcher.netlink.LinkAttributes;
import io.k6t.net.dhcp.MacAddress;
import io.k6t.net.launcher.netlink.NetlinkException;
import io.k6t.net.launcher.netlink.NetlinkHandle;
import io.k6t.net.launcher.netlink.NftablesHandle;
import io.k6t.net.launcher.netlink.Route;
import io.k6t.net.launcher.netlink.RouteProtocol;
import io.k6t.net.launcher.netlink.RouteScope;
import io.k6t.net.launcher.netlink.Sysctl;
import io.k6t.net.launcher.netlink.UnsupportedLinkKindException;
import io.k6t.net.launcher.netlink.internal.NftBatch;
import io.k6t.net.launcher.netns.NetNamespace;
import io.k6t.net.launcher.tap.TapConfig;
import io.k6t.net.launcher.tap.TapDevices;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.IntFunction;

/**
 * {@link PodKernel} over rtnetlink ({@link NetlinkHandle}), nf_tables netlink ({@link NftablesHandle}: no
 * {@code nft} process), {@code /dev/net/tun} and {@code /proc/sys/net}, in one network namespace: the
 * caller's, or one entered through a {@link NetNamespace} (whose thread creates the sockets and taps
 * and reads the sysctls). Kernel refusals become {@link BindingException}s
 * ({@link Reason#KERNEL}) whose cause is the {@link NetlinkException} with its errno.
 */
public final class NetlinkPodKernel implements PodKernel {
    private static final Set<Errno> GONE = Set.of(Errno.ENODEV, Errno.ENOENT, Errno.ESRCH, Errno.EADDRNOTAVAIL);

    private final Optional<NetNamespace> namespace;
    private final NetlinkHandle netlink;
    private NftablesHandle nftables;

    private NetlinkPodKernel(Optional<NetNamespace> namespace, NetlinkHandle netlink) {
        this.namespace = namespace;
        this.netlink = netlink;
    }

    /** In the caller's network namespace. */
    public static NetlinkPodKernel current() throws IOException {
        return new NetlinkPodKernel(Optional.empty(), NetlinkHandle.open());
    }

    /** In {@code namespace}, which the caller keeps open while this is used and closes afterwards. */
    public static NetlinkPodKernel in(NetNamespace namespace) throws IOException {
        return new NetlinkPodKernel(Optional.of(namespace), namespace.run(NetlinkHandle::open));
    }

    private interface Call<T> {
        T call() throws IOException;
    }

    private interface Action {
        void run() throws IOException;
    }

    private <T> T inNamespace(Call<T> call) throws IOException {
        return namespace.isPresent() ? namespace.get().run(call::call) : call.call();
    }

    private static BindingException kernel(IOException e) {
        return new BindingException(Reason.KERNEL, e.getMessage(), null, e);
    }

    private static void tolerating(Set<Errno> fine, Action action) {
        try {
            action.run();
        } catch (NetlinkException e) {
            if (!fine.contains(e.errno())) {
                throw kernel(e);
            }
        } catch (IOException e) {
            throw kernel(e);
        }
    }

    private static <T> T checked(Call<T> call) {
        try {
            return call.call();
        } catch (IOException e) {
            throw kernel(e);
        }
    }

    private String name(int index) {
        return checked(() -> netlink.link(index).name());
    }

    private static KernelLink view(Link link) {
        LinkAttributes a = link.attributes();
        return new KernelLink(a.index(), a.name(), a.kind(), a.mac().map(MacAddress::toString).orElse(""), a.mtu(),
                a.up(), a.masterIndex().orElse(0));
    }

    @Override
    public Optional<KernelLink> link(String name) {
        return checked(() -> netlink.findLink(name)).map(NetlinkPodKernel::view);
    }

    @Override
    public Optional<KernelLink> link(int index) {
        try {
            return Optional.of(view(netlink.link(index)));
        } catch (NetlinkException e) {
            if (e.errno().equals(Errno.ENODEV) || e instanceof io.k6t.net.launcher.netlink.LinkNotFoundException) {
                return Optional.empty();
            }
            throw kernel(e);
        }
    }

    @Override
    public List<LinkAddress> addresses(int index) {
        String name = name(index);
        List<LinkAddress> all = new ArrayList<>();
        for (AddressFamily family : List.of(AddressFamily.INET, AddressFamily.INET6)) {
            for (IpPrefix p : checked(() -> netlink.addresses(name, family))) {
                all.add(LinkAddress.of(InetAddresses.toAddrString(p.address()), p.prefixLength()));
            }
        }
        return all;
    }

    @Override
    public List<LinkRoute> routes(int index) {
        List<LinkRoute> routes = new ArrayList<>();
        for (Route r : checked(() -> netlink.routes(index, Route.MAIN_TABLE))) {
            routes.add(new LinkRoute(r.destination().toString(), r.gateway().map(InetAddresses::toAddrString),
                    scopeName(r.scope()), r.protocol().value(), OptionalInt.empty(), Optional.empty()));
        }
        return routes;
    }

    private static String scopeName(RouteScope scope) {
        if (scope.equals(RouteScope.UNIVERSE)) {
            return "universe";
        } else if (scope.equals(RouteScope.LINK)) {
            return "link";
        } else if (scope.equals(RouteScope.HOST)) {
            return "host";
        } else if (scope.equals(RouteScope.SITE)) {
            return "site";
        }
        return Integer.toString(scope.value());
    }

    private static RouteScope scope(String name) {
        return switch (name) {
            case "universe" -> RouteScope.UNIVERSE;
            case "link" -> RouteScope.LINK;
            case "host" -> RouteScope.HOST;
            case "site" -> RouteScope.SITE;
            default -> new RouteScope(Integer.parseInt(name));
        };
    }

    private static Route toRoute(int index, LinkRoute r) {
        return new Route(IpPrefix.parse(r.destination()), r.gateway().map(InetAddresses::forString), index,
                Route.MAIN_TABLE, scope(r.scope()), new RouteProtocol(r.protocol()));
    }

    @Override
    public void createBridge(String name, String mac) {
        checked(() -> netlink.addBridge(name, MacAddress.parse(mac)));
    }

    @Override
    public void createTap(TapRequest tap) {
        TapConfig.Builder config = TapConfig.builder(tap.name()).queues(tap.queues()).vnetHeader(true);
        if (tap.owner() >= 0) {
            config.owner(tap.owner());
        }
        if (tap.group() >= 0) {
            config.group(tap.group());
        }
        TapConfig built = config.build();
        checked(() -> inNamespace(() -> {
            TapDevices.create(built);
            return null;
        }));
    }

    @Override
    public String createPlaceholder(String name, String peer) {
        try {
            netlink.addDummy(name);
            return "dummy";
        } catch (UnsupportedLinkKindException e) {
            // No dummy driver (this project's test kernels): one end of a veth pair, kept down, holds the addresses.
            checked(() -> netlink.addVeth(name, peer));
            return "veth";
        } catch (NetlinkException e) {
            throw kernel(e);
        }
    }

    @Override
    public void deleteLink(int index) {
        tolerating(GONE, () -> netlink.deleteLink(netlink.link(index).name()));
    }

    /** Runs {@code action} on the current name of link {@code index} (the handle addresses links by name). */
    private void onLink(int index, NamedAction action) {
        String name = name(index);
        checked(() -> {
            action.run(name);
            return null;
        });
    }

    private interface NamedAction {
        void run(String name) throws IOException;
    }

    @Override
    public void setUp(int index, boolean up) {
        onLink(index, name -> {
            if (up) {
                netlink.setUp(name);
            } else {
                netlink.setDown(name);
            }
        });
    }

    @Override
    public void rename(int index, String name) {
        onLink(index, current -> netlink.rename(current, name));
    }

    @Override
    public void setMac(int index, String mac) {
        onLink(index, name -> netlink.setMac(name, MacAddress.parse(mac)));
    }

    @Override
    public void setMtu(int index, int mtu) {
        onLink(index, name -> netlink.setMtu(name, mtu));
    }

    @Override
    public void setMaster(int index, int masterIndex) {
        onLink(index, name -> {
            if (masterIndex == 0) {
                netlink.setNoMaster(name);
            } else {
                netlink.setMaster(name, name(masterIndex));
            }
        });
    }

    @Override
    public void setLearning(int index, boolean learning) {
        onLink(index, name -> netlink.setLearning(name, learning));
    }

    @Override
    public Optional<Boolean> learning(int index) {
        // The handle does not read IFLA_PROTINFO back: unknown, so the step sets it (a no-op when already off).
        return Optional.empty();
    }

    @Override
    public void addAddress(int index, LinkAddress address) {
        String name = name(index);
        tolerating(Set.of(Errno.EEXIST), () -> netlink.addAddress(name, IpPrefix.parse(address.cidr())));
    }

    @Override
    public void deleteAddress(int index, LinkAddress address) {
        String name = name(index);
        tolerating(GONE, () -> netlink.deleteAddress(name, IpPrefix.parse(address.cidr())));
    }

    @Override
    public void addRoute(int index, LinkRoute route) {
        tolerating(Set.of(Errno.EEXIST), () -> netlink.addRoute(toRoute(index, route)));
    }

    @Override
    public void deleteRoute(int index, LinkRoute route) {
        tolerating(GONE, () -> netlink.deleteRoute(toRoute(index, route)));
    }

    @Override
    public OptionalInt sysctl(String key) {
        String value = checked(() -> inNamespace(() -> Sysctl.read(key)));
        return OptionalInt.of(Integer.parseInt(value.strip()));
    }

    @Override
    public void setSysctl(String key, int value) {
        checked(() -> inNamespace(() -> {
            Sysctl.write(key, Integer.toString(value));
            return null;
        }));
    }

    @Override
    public void addDhcpIsolation(InterfacePlan plan) {
        nftables("nft -f - <<EOF\n" + NftScripts.add(plan) + "EOF",
                seq -> NftScripts.addBatch(NftScripts.Target.of(plan), seq, true));
    }

    @Override
    public void removeDhcpIsolation(InterfacePlan plan, boolean last) {
        nftables("nft -f - <<EOF\n" + NftScripts.remove(plan, last) + "EOF",
                seq -> NftScripts.removeBatch(NftScripts.Target.of(plan), last, seq, true));
    }

    /** Commits one nf_tables batch over this namespace's netfilter socket, opened on first use. */
    private void nftables(String operation, IntFunction<NftBatch> batch) {
        checked(() -> {
            if (nftables == null) {
                // Opened from the namespace thread: the socket stays in that namespace for good.
                nftables = inNamespace(NftablesHandle::open);
            }
            nftables.commit(operation, batch);
            return null;
        });
    }

    @Override
    public void close() {
        // Both sockets are closed even when the first close fails, so a failure leaks neither.
        NetlinkException failure = null;
        try {
            netlink.close();
        } catch (NetlinkException e) {
            failure = e;
        }
        if (nftables != null) {
            try {
                nftables.close();
            } catch (NetlinkException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw kernel(failure);
        }
    }
}
