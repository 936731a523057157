package io.k6t.net.launcher.netlink;

import com.google.common.net.InetAddresses;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * An address on a link with every attribute {@code ip -d addr} shows: what a restore needs to put
 * it back as it was.
 *
 * @param prefix the local address and its prefix length ({@code IFA_LOCAL}, for IPv6 {@code IFA_ADDRESS})
 * @param peer the other end of a point-to-point address ({@code ip addr add A peer P}), when it differs
 * @param broadcast the IPv4 broadcast address, when one was set ({@code brd})
 * @param label the IPv4 label as the kernel reports it: the link's name unless one was given ({@code eth0:1})
 * @param scope the address scope ({@code global}, {@code link}, {@code host})
 * @param flags {@code IFA_FLAGS}
 * @param validLifetime seconds left of the valid lifetime when read, {@link #FOREVER} for none
 * @param preferredLifetime seconds left of the preferred lifetime when read, {@link #FOREVER} for none
 * @param metric the metric of the prefix route the kernel adds for it ({@code IFA_RT_PRIORITY}), when set
 * @param protocol who added it ({@code IFA_PROTO}): 0 unknown, {@link #PROTO_KERNEL_LL} the kernel's own link-local
 */
public record Address(IpPrefix prefix, Optional<InetAddress> peer, Optional<InetAddress> broadcast,
        Optional<String> label, RouteScope scope, AddressFlags flags, long validLifetime, long preferredLifetime,
        OptionalInt metric, int protocol) {

    /** The lifetime of an address that never expires ({@code forever}, {@code INFINITY_LIFE_TIME}). */
    public static final long FOREVER = 0xFFFF_FFFFL;
    /** {@code IFAPROT_KERNEL_LO}: the kernel's loopback address. */
    public static final int PROTO_KERNEL_LO = 1;
    /** {@code IFAPROT_KERNEL_RA}: made by the kernel from a router advertisement. */
    public static final int PROTO_KERNEL_RA = 2;
    /** {@code IFAPROT_KERNEL_LL}: the link-local address the kernel makes when an IPv6 link comes up. */
    public static final int PROTO_KERNEL_LL = 3;

    public Address {
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(peer, "peer");
        Objects.requireNonNull(broadcast, "broadcast");
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(flags, "flags");
        Objects.requireNonNull(metric, "metric");
        if (peer.isPresent() && AddressFamily.of(peer.get()) != family(prefix)) {
            throw new IllegalArgumentException("peer " + InetAddresses.toAddrString(peer.get())
                    + " is not in the family of " + prefix);
        }
        if (broadcast.isPresent() && !(broadcast.get() instanceof Inet4Address && prefix.isIpv4())) {
            throw new IllegalArgumentException("broadcast " + InetAddresses.toAddrString(broadcast.get()) + " of "
                    + prefix + " (expected: IPv4 only)");
        }
        if (label.isPresent() && (label.get().isEmpty() || label.get().length() > 15)) {
            throw new IllegalArgumentException("label '" + label.get() + "' of " + prefix
                    + " (expected: 1..15 characters)");
        }
        if (validLifetime < 0 || validLifetime > FOREVER || preferredLifetime < 0 || preferredLifetime > FOREVER) {
            throw new IllegalArgumentException("lifetimes valid " + validLifetime + " preferred " + preferredLifetime
                    + " of " + prefix + " (expected: 0.." + FOREVER + ")");
        }
        if (protocol < 0 || protocol > 255) {
            throw new IllegalArgumentException("protocol " + protocol + " of " + prefix + " (expected: 0..255)");
        }
    }

    /** {@code ip addr add PREFIX}: global scope, no flags, permanent. */
    public static Address of(IpPrefix prefix) {
        return new Address(prefix, Optional.empty(), Optional.empty(), Optional.empty(), defaultScope(prefix),
                AddressFlags.NONE, FOREVER, FOREVER, OptionalInt.empty(), 0);
    }

    /** {@code ip addr add TEXT}, e.g. {@code 10.244.1.5/24}. */
    public static Address parse(String text) {
        return of(IpPrefix.parse(text));
    }

    private static RouteScope defaultScope(IpPrefix prefix) {
        return !prefix.isIpv4() && prefix.address().isLinkLocalAddress() ? RouteScope.LINK : RouteScope.UNIVERSE;
    }

    private static AddressFamily family(IpPrefix prefix) {
        return AddressFamily.of(prefix.address());
    }

    /** IPv4 or IPv6. */
    public AddressFamily family() {
        return family(prefix);
    }

    /** True for IPv4. */
    public boolean isIpv4() {
        return prefix.isIpv4();
    }

    /** True for an IPv6 link-local address ({@code fe80::/10}). */
    public boolean isIpv6LinkLocal() {
        return !isIpv4() && prefix.address().isLinkLocalAddress();
    }

    /** True for a secondary IPv4 address (another address of its subnet was added first). */
    public boolean isSecondary() {
        return flags.has(AddressFlags.SECONDARY);
    }

    /** The same address (local address, prefix length and peer), whatever the other attributes. */
    public boolean sameAddress(Address other) {
        return prefix.equals(other.prefix) && peer.equals(other.peer);
    }

    /** This address with the other lifetimes. */
    public Address withLifetimes(long valid, long preferred) {
        return new Address(prefix, peer, broadcast, label, scope, flags, valid, preferred, metric, protocol);
    }

    /** This address with another label (the kernel renames labels with their link). */
    public Address withLabel(Optional<String> newLabel) {
        return new Address(prefix, peer, broadcast, newLabel, scope, flags, validLifetime, preferredLifetime, metric,
                protocol);
    }

    /**
     * The lifetimes left {@code elapsed} after this address was read: what re-adding it then must ask
     * for so that it expires when it would have. Empty when its valid lifetime has run out (the
     * kernel would have removed it meanwhile).
     */
    public Optional<Address> after(Duration elapsed) {
        long seconds = Math.max(0, elapsed.toSeconds());
        if (validLifetime != FOREVER && validLifetime <= seconds) {
            return Optional.empty();
        }
        long valid = validLifetime == FOREVER ? FOREVER : validLifetime - seconds;
        long preferred = preferredLifetime == FOREVER ? FOREVER : Math.max(0, preferredLifetime - seconds);
        return Optional.of(withLifetimes(valid, Math.min(valid, preferred)));
    }

    /** As {@code ip addr} writes it: {@code 10.244.1.5/24 brd 10.244.1.255 scope global label eth0:1 ...}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(prefix.toString());
        peer.ifPresent(p -> sb.append(" peer ").append(InetAddresses.toAddrString(p)));
        broadcast.ifPresent(b -> sb.append(" brd ").append(InetAddresses.toAddrString(b)));
        sb.append(" scope ").append(scope);
        label.ifPresent(l -> sb.append(" label ").append(l));
        if (flags.value() != 0) {
            sb.append(' ').append(flags);
        }
        metric.ifPresent(m -> sb.append(" metric ").append(m));
        if (protocol != 0) {
            sb.append(" proto ").append(protocol);
        }
        if (validLifetime != FOREVER || preferredLifetime != FOREVER) {
            sb.append(" valid_lft ").append(validLifetime == FOREVER ? "forever" : validLifetime + "sec")
                    .append(" preferred_lft ")
                    .append(preferredLifetime == FOREVER ? "forever" : preferredLifetime + "sec");
        }
        return sb.toString();
    }
}
