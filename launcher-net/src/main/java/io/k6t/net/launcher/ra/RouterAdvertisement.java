package io.k6t.net.launcher.ra;

import io.k6t.net.dhcp.v6.Dhcp6Codec;
import io.k6t.net.dhcp.MacAddress;
import io.k6t.net.dhcp.v6.server.Lease6;
import java.io.ByteArrayOutputStream;
import java.net.Inet6Address;
import java.util.List;
import java.util.Optional;

/**
 * One router advertisement (RFC 4861 section 4.2) with the options a bridge-bound guest needs: source
 * link-layer address, MTU (4.6.4), the pod's prefix as on-link but not autonomous (4.6.2: the address
 * comes from DHCPv6, so the guest must not form its own), RDNSS and DNSSL (RFC 8106). Pure: {@link #encode}
 * gives the ICMPv6 message with a zero checksum, which the kernel fills in for raw ICMPv6 sockets
 * (RFC 3542 section 3.1).
 *
 * @param managed the M flag: addresses by DHCPv6
 * @param other the O flag: other configuration by DHCPv6
 * @param routerLifetime seconds the sender is a default router, 0..9000 (0: not a default router)
 * @param sourceMac the sender's MAC for the source link-layer address option, if any
 * @param mtu the link MTU option, if any (1280..65535)
 * @param prefix the on-link prefix, if any
 * @param prefixLength its length, 1..128 (a /128 is advertised as its /64)
 * @param dnsServers RDNSS servers (may be empty: no option)
 * @param searchDomains DNSSL domains (may be empty: no option)
 * @param dnsLifetime seconds the DNS options hold
 */
public record RouterAdvertisement(boolean managed, boolean other, int routerLifetime, Optional<MacAddress> sourceMac,
        Optional<Integer> mtu, Optional<Inet6Address> prefix, int prefixLength, List<Inet6Address> dnsServers,
        List<String> searchDomains, long dnsLifetime) {
    /** ICMPv6 type of a router solicitation. */
    public static final int TYPE_ROUTER_SOLICITATION = 133;
    /** ICMPv6 type of a router advertisement. */
    public static final int TYPE_ROUTER_ADVERTISEMENT = 134;
    /** Seconds the RDNSS and DNSSL options of a guest's advertisement hold. */
    public static final long ADVERTISED_DNS_SECONDS = 3600;
    /** Seconds the bridge is the guest's default router, per advertisement (RFC 4861: at most 9000). */
    public static final int ROUTER_LIFETIME_SECONDS = 1800;

    /**
     * @throws IllegalArgumentException naming the field and value
     */
    public RouterAdvertisement {
        if (routerLifetime < 0 || routerLifetime > 9000) {
            throw new IllegalArgumentException("routerLifetime: " + routerLifetime + " (expected: 0..9000)");
        }
        if (mtu.isPresent() && (mtu.get() < 1280 || mtu.get() > 65535)) {
            throw new IllegalArgumentException("mtu: " + mtu.get() + " (expected: 1280..65535 for IPv6)");
        }
        if (prefixLength < 1 || prefixLength > 128) {
            throw new IllegalArgumentException("prefixLength: " + prefixLength + " (expected: 1..128)");
        }
        dnsServers = List.copyOf(dnsServers);
        searchDomains = List.copyOf(searchDomains);
        for (String d : searchDomains) {
            if (!Dhcp6Codec.isValidDomainName(d)) {
                throw new IllegalArgumentException("searchDomains: '" + d + "' is not a valid domain name");
            }
        }
    }

    /**
     * The advertisement a bridge sends its guest (docs/dhcpv6.md): M and O set (address and DNS by DHCPv6),
     * the bridge (the lease's server MAC) as default router, {@code mtu} when IPv6 can use it (1280 or
     * more; else no option), the lease's prefix on-link but not autonomous, RDNSS and DNSSL from the lease.
     */
    public static RouterAdvertisement forGuest(Lease6 lease, int mtu) {
        // Below 1280 IPv6 cannot run at all; the option is left out rather than refused.
        return new RouterAdvertisement(true, true, ROUTER_LIFETIME_SECONDS, Optional.of(lease.serverMac()),
                mtu >= 1280 && mtu <= 65535 ? Optional.of(mtu) : Optional.empty(), Optional.of(lease.address()),
                lease.prefixLength(), lease.dnsServers(), lease.searchDomains(), ADVERTISED_DNS_SECONDS);
    }

    /** The ICMPv6 message bytes (type 134), checksum zero. */
    public byte[] encode() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(128);
        out.write(TYPE_ROUTER_ADVERTISEMENT);
        out.write(0);
        u16(out, 0);
        out.write(64); // Cur Hop Limit: the kernel's default, what the guest should use
        out.write((managed ? 0x80 : 0) | (other ? 0x40 : 0));
        u16(out, routerLifetime);
        u32(out, 0); // Reachable Time: unspecified
        u32(out, 0); // Retrans Timer: unspecified
        sourceMac.ifPresent(mac -> {
            out.write(1);
            out.write(1);
            out.writeBytes(mac.toBytes());
        });
        mtu.ifPresent(m -> {
            out.write(5);
            out.write(1);
            u16(out, 0);
            u32(out, m);
        });
        prefix.ifPresent(p -> {
            int length = prefixLength > 64 ? 64 : prefixLength;
            out.write(3);
            out.write(4);
            out.write(length);
            out.write(0x80); // L (on-link), not A: the address comes from DHCPv6
            u32(out, 0xffffffffL);
            u32(out, 0xffffffffL);
            u32(out, 0);
            out.writeBytes(masked(p.getAddress(), length));
        });
        if (!dnsServers.isEmpty()) {
            out.write(25);
            out.write(1 + 2 * dnsServers.size());
            u16(out, 0);
            u32(out, dnsLifetime);
            dnsServers.forEach(s -> out.writeBytes(s.getAddress()));
        }
        if (!searchDomains.isEmpty()) {
            byte[] names = Dhcp6Codec.encodeDomainNames(searchDomains);
            int total = 8 + names.length;
            int padded = (total + 7) / 8 * 8;
            out.write(31);
            out.write(padded / 8);
            u16(out, 0);
            u32(out, dnsLifetime);
            out.writeBytes(names);
            out.writeBytes(new byte[padded - total]);
        }
        return out.toByteArray();
    }

    /** Whether {@code icmp} (an ICMPv6 message) is a router solicitation (RFC 4861 section 6.1.1 checks). */
    public static boolean isRouterSolicitation(byte[] icmp, int length) {
        return length >= 8 && (icmp[0] & 0xff) == TYPE_ROUTER_SOLICITATION && icmp[1] == 0;
    }

    private static byte[] masked(byte[] address, int length) {
        byte[] out = address.clone();
        for (int i = 0; i < 16; i++) {
            int keep = Math.max(0, Math.min(8, length - 8 * i));
            out[i] &= (byte) (0xff << (8 - keep));
        }
        return out;
    }

    private static void u16(ByteArrayOutputStream out, int v) {
        out.write(v >>> 8);
        out.write(v);
    }

    private static void u32(ByteArrayOutputStream out, long v) {
        u16(out, (int) (v >>> 16) & 0xffff);
        u16(out, (int) v & 0xffff);
    }
}
