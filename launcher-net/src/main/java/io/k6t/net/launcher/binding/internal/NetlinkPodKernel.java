package io.k6t.net.launcher.binding.internal;

import io.k6t.net.dhcp.MacAddress;
import io.k6t.net.launcher.binding.BindingException;
import io.k6t.net.launcher.binding.BindingException.Reason;
import io.k6t.net.launcher.binding.InterfacePlan;
import io.k6t.net.launcher.binding.PodKernel;
import io.k6t.net.launcher.discovery.PodDiscovery;
import io.k6t.net.launcher.discovery.PodInterface;
import io.k6t.net.launcher.netlink.Address;
import io.k6t.net.os.Errno;
import io.k6t.net.launcher.netlink.Link;
import io.k6t.net.launcher.netlink.LinkAttributes;
import io.k6t.net.launcher.netlink.NetlinkException;
import io.k6t.net.launcher.netlink.NetlinkHandle;
import io.k6t.net.launcher.netlink.NftablesHandle;
import io.k6t.net.launcher.netlink.Route;
import io.k6t.net.launcher.netlink.Sysctl;
import io.k6t.net.launcher.netlink.UnsupportedLinkKindException;
import io.k6t.net.launcher.netlink.internal.NftBatch;
import io.k6t.net.launcher.netns.NetNamespace;
import io.k6t.net.launcher.tap.TapConfig;
import io.k6t.net.launcher.tap.TapDevices;
import java.io.IOException;
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
        return new KernelLink(a.index(), a.name(), a.kind(), a.mac(),
                a.mtu(), a.up(), a.masterIndex().orElse(0));
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
    public PodInterface discover(int index) {
        return checked(() -> new PodDiscovery(netlink).discover(index));
    }

    @Override
    public List<Address> addresses(int index) {
        return checked(() -> netlink.addresses(index));
    }

    @Override
    public List<Route> routes(int index) {
        return checked(() -> netlink.routesVia(index));
    }

    @Override
    public void createBridge(String name, MacAddress mac) {
        checked(() -> netlink.addBridge(name, mac));
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
    public void setMac(int index, MacAddress mac) {
        onLink(index, name -> netlink.setMac(name, mac));
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
    public void addAddress(int index, Address address) {
        String name = name(index);
        tolerating(Set.of(Errno.EEXIST), () -> netlink.addAddress(name, address));
    }

    @Override
    public void deleteAddress(int index, Address address) {
        String name = name(index);
        tolerating(GONE, () -> netlink.deleteAddress(name, address.prefix()));
    }

    @Override
    public void addRoute(Route route) {
        tolerating(Set.of(Errno.EEXIST), () -> netlink.addRoute(route));
    }

    @Override
    public void replaceRoute(Route route) {
        checked(() -> {
            netlink.replaceRoute(route);
            return null;
        });
    }

    @Override
    public void deleteRoute(Route route) {
        tolerating(GONE, () -> netlink.deleteRoute(route));
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
