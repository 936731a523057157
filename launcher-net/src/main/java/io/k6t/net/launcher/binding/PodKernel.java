package io.k6t.net.launcher.binding;

import io.k6t.net.dhcp.MacAddress;
import io.k6t.net.launcher.binding.internal.NetlinkPodKernel;
import io.k6t.net.launcher.discovery.PodInterface;
import io.k6t.net.launcher.netlink.Address;
import io.k6t.net.launcher.netlink.Route;
import io.k6t.net.launcher.netns.NetNamespace;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The kernel operations the bridge binding needs, in one network namespace. {@link #current()} and
 * {@link #in(NetNamespace)} give the production implementation (rtnetlink, nf_tables netlink,
 * {@code /dev/net/tun}, {@code /proc/sys}); tests put a fake or a fault in front of it. Adding what
 * exists already and deleting what is gone succeed, so steps can be rerun. Failures are
 * {@link BindingException}s ({@link BindingException.Reason#KERNEL}) whose cause names the request.
 */
public interface PodKernel extends AutoCloseable {

    /**
     * A link as the kernel reports it.
     *
     * @param kind the rtnetlink kind ({@code bridge}, {@code tun}, {@code veth}, ...; empty when none)
     * @param mac the hardware address, empty for links without one
     * @param masterIndex the bridge it is a port of, 0 for none
     */
    record KernelLink(int index, String name, String kind, Optional<MacAddress> mac, int mtu, boolean up,
            int masterIndex) {
    }

    /** What to create for a tap. Owner and group {@code -1}: unset. */
    record TapRequest(String name, int queues, int owner, int group) {
    }

    /** The production implementation in the caller's network namespace. */
    static PodKernel current() throws IOException {
        return NetlinkPodKernel.current();
    }

    /** The production implementation in {@code namespace}, which the caller keeps open while this is used. */
    static PodKernel in(NetNamespace namespace) throws IOException {
        return NetlinkPodKernel.in(namespace);
    }

    /** {@code ip link show NAME}. */
    Optional<KernelLink> link(String name);

    /** {@code ip link show} by ifindex. */
    Optional<KernelLink> link(int index);

    /** The link with ifindex {@code index}, its addresses and the routes through it, as discovery reads them. */
    PodInterface discover(int index);

    /** {@code ip -d addr show dev}: IPv4 then IPv6, every attribute. */
    List<Address> addresses(int index);

    /** {@code ip -d route show table all}, both families, of the routes sending through the link (next hops too). */
    List<Route> routes(int index);

    /** {@code ip link add NAME address MAC type bridge}. */
    void createBridge(String name, MacAddress mac);

    /** {@code ip tuntap add dev NAME mode tap vnet_hdr [multi_queue] [user U] [group G]} (persistent). */
    void createTap(TapRequest tap);

    /**
     * Creates a down link {@code name} to hold addresses: a dummy where the kernel has the driver,
     * else a veth pair {@code name}/{@code peer}, both kept down. Returns the kind created.
     */
    String createPlaceholder(String name, String peer);

    /** {@code ip link del}; nothing when it is gone. */
    void deleteLink(int index);

    /** {@code ip link set up|down}. */
    void setUp(int index, boolean up);

    /** {@code ip link set name}. */
    void rename(int index, String name);

    /** {@code ip link set address}. */
    void setMac(int index, MacAddress mac);

    /** {@code ip link set mtu}. */
    void setMtu(int index, int mtu);

    /** {@code ip link set master} ({@code masterIndex} 0: {@code nomaster}). */
    void setMaster(int index, int masterIndex);

    /** {@code bridge link set dev learning on|off}. */
    void setLearning(int index, boolean learning);

    /** Whether the bridge port learns MACs; empty when unknown or the link is no bridge port. */
    Optional<Boolean> learning(int index);

    /** {@code ip addr add} with every attribute of {@code address}; nothing when the address is present. */
    void addAddress(int index, Address address);

    /** {@code ip addr del} (by address and prefix length); nothing when absent. */
    void deleteAddress(int index, Address address);

    /** {@code ip route add}; nothing when a route with the same key (table, destination, tos, metric) exists. */
    void addRoute(Route route);

    /** {@code ip route replace}: creates the route or replaces the one with its key, with every attribute. */
    void replaceRoute(Route route);

    /** {@code ip route del}; nothing when absent. */
    void deleteRoute(Route route);

    /** {@code sysctl -n net.ipv4.conf.all.arp_ignore}-style read of {@code /proc/sys/<key with / for .>}. */
    OptionalInt sysctl(String key);

    /** {@code sysctl -w}. */
    void setSysctl(String key, int value);

    /** The DHCP isolation rules of {@code plan}, in this namespace (one nf_tables transaction). */
    void addDhcpIsolation(InterfacePlan plan);

    /** Removes them ({@code last}: the table too), in this namespace (one transaction). */
    void removeDhcpIsolation(InterfacePlan plan, boolean last);

    @Override
    void close();
}
