package io.k6t.net.launcher.binding.internal;

import io.k6t.net.launcher.binding.InterfacePlan;
import io.k6t.net.launcher.binding.LinkAddress;
import io.k6t.net.launcher.binding.LinkRoute;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The kernel operations the bridge binding needs, in one network namespace. The production
 * implementation speaks rtnetlink ({@link NetlinkPodKernel}); tests may put a fault in front of it.
 * Adding what exists already and deleting what is gone succeed, so steps can be rerun.
 */
public interface PodKernel extends AutoCloseable {

    /** A link as the kernel reports it; {@code kind} is the rtnetlink kind ({@code bridge}, {@code tun}, ...). */
    record KernelLink(int index, String name, String kind, String mac, int mtu, boolean up, int masterIndex) {
    }

    /** What to create for a tap. Owner and group {@code -1}: unset. */
    record TapRequest(String name, int queues, int owner, int group) {
    }

    /** {@code ip link show NAME}. */
    Optional<KernelLink> link(String name);

    /** {@code ip link show} by ifindex. */
    Optional<KernelLink> link(int index);

    /** {@code ip addr show dev}: IPv4 and IPv6. */
    List<LinkAddress> addresses(int index);

    /** {@code ip route show table main dev} for IPv4 and IPv6, without cached and local routes. */
    List<LinkRoute> routes(int index);

    /** {@code ip link add NAME address MAC type bridge}. */
    void createBridge(String name, String mac);

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
    void setMac(int index, String mac);

    /** {@code ip link set mtu}. */
    void setMtu(int index, int mtu);

    /** {@code ip link set master} ({@code masterIndex} 0: {@code nomaster}). */
    void setMaster(int index, int masterIndex);

    /** {@code bridge link set dev learning on|off}. */
    void setLearning(int index, boolean learning);

    /** Whether the bridge port learns MACs; empty when the link is no bridge port. */
    Optional<Boolean> learning(int index);

    /** {@code ip addr add}; nothing when present. */
    void addAddress(int index, LinkAddress address);

    /** {@code ip addr del}; nothing when absent. */
    void deleteAddress(int index, LinkAddress address);

    /** {@code ip route add}; nothing when present. */
    void addRoute(int index, LinkRoute route);

    /** {@code ip route del}; nothing when absent. */
    void deleteRoute(int index, LinkRoute route);

    /** {@code sysctl -n net.ipv4.conf.all.arp_ignore}-style read of {@code /proc/sys/<key with / for .>}. */
    OptionalInt sysctl(String key);

    /** {@code sysctl -w}. */
    void setSysctl(String key, int value);

    /** {@code nft -f -} with {@link NftScripts#add}, in this namespace (one transaction). */
    void addDhcpIsolation(InterfacePlan plan);

    /** {@code nft -f -} with {@link NftScripts#remove}, in this namespace (one transaction). */
    void removeDhcpIsolation(InterfacePlan plan, boolean last);

    @Override
    void close();
}
