package io.k6t.net.launcher.netlink;

import com.google.common.net.InetAddresses;
import java.net.InetAddress;
import java.util.Objects;
import java.util.Optional;
import java.util.function.IntFunction;

/**
 * One next hop of a multipath route ({@code struct rtnexthop} in {@code RTA_MULTIPATH}).
 *
 * @param gateway the next hop's router, empty for an on-link hop
 * @param linkIndex its output link
 * @param weight {@code ip route}'s weight, 1..256 ({@code rtnh_hops} + 1)
 * @param flags {@code rtnh_flags} ({@link Route#FLAG_ONLINK}; dead and linkdown are the kernel's)
 */
public record NextHop(Optional<InetAddress> gateway, int linkIndex, int weight, int flags) {
    public NextHop {
        Objects.requireNonNull(gateway, "gateway");
        if (linkIndex <= 0) {
            throw new IllegalArgumentException("next hop link index " + linkIndex + " (expected: > 0)");
        }
        if (weight < 1 || weight > 256) {
            throw new IllegalArgumentException("next hop weight " + weight + " (expected: 1..256)");
        }
        if ((flags & ~0xff) != 0) {
            throw new IllegalArgumentException("next hop flags 0x" + Integer.toHexString(flags)
                    + " (expected: 8 bits)");
        }
    }

    /** The same hop, whatever state flags the kernel reports on it (dead, linkdown). */
    public NextHop settable() {
        return new NextHop(gateway, linkIndex, weight, flags & Route.SETTABLE_FLAGS);
    }

    /** {@code nexthop via GW dev NAME weight W [onlink]}, links named by {@code names}. */
    public String describe(IntFunction<String> names) {
        return "nexthop" + gateway.map(g -> " via " + InetAddresses.toAddrString(g)).orElse("") + " dev "
                + names.apply(linkIndex) + " weight " + weight + Route.flagWords(flags);
    }

    @Override
    public String toString() {
        return describe(i -> "#" + i);
    }
}
