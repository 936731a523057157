/**
 * rtnetlink for k6t-net: {@link io.k6t.net.launcher.netlink.NetlinkHandle} (one per network
 * namespace) with typed links, addresses, routes and neighbours, errors that keep the kernel's errno
 * and extended-ACK text, and {@link io.k6t.net.launcher.netlink.Sysctl} for {@code /proc/sys/net}.
 * Everything is non-null unless documented otherwise; absent values are {@code Optional}.
 */
package io.k6t.net.launcher.netlink;
