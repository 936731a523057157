package io.k6t.net.launcher.binding;

import com.google.common.net.InetAddresses;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Optional;

/**
 * An address on a link, as {@code ip addr} shows it.
 *
 * @param address      the address literal, e.g. {@code 10.244.1.5} or {@code fd00::5}
 * @param prefixLength the prefix length
 * @param broadcast    the IPv4 broadcast address, when the link had one set
 */
public record LinkAddress(String address, int prefixLength, Optional<String> broadcast) {
    public LinkAddress {
        InetAddress parsed = InetAddresses.forString(address);
        address = InetAddresses.toAddrString(parsed);
        int max = parsed instanceof Inet4Address ? 32 : 128;
        if (prefixLength < 0 || prefixLength > max) {
            throw new IllegalArgumentException("prefixLength: " + prefixLength + " (expected: 0.." + max + ")");
        }
        broadcast = broadcast.map(b -> InetAddresses.toAddrString(InetAddresses.forString(b)));
    }

    /** {@code address/prefix} without broadcast. */
    public static LinkAddress of(String address, int prefixLength) {
        return new LinkAddress(address, prefixLength, Optional.empty());
    }

    /** The address as an {@link InetAddress}. */
    public InetAddress inet() {
        return InetAddresses.forString(address);
    }

    /** Whether this is an IPv4 address. */
    public boolean isIpv4() {
        return inet() instanceof Inet4Address;
    }

    /** Whether this is an IPv6 link-local address (which the kernel makes itself when a link comes up). */
    public boolean isIpv6LinkLocal() {
        return !isIpv4() && inet().isLinkLocalAddress();
    }

    /** {@code address/prefixLength}. */
    public String cidr() {
        return address + "/" + prefixLength;
    }

    @Override
    public String toString() {
        return cidr() + broadcast.map(b -> " brd " + b).orElse("");
    }
}
