package io.k6t.net.dhcp.v6.server;

import com.google.common.net.InetAddresses;
import io.k6t.net.dhcp.MacAddress;
import io.k6t.net.dhcp.server.LeaseConfigException;
import io.k6t.net.dhcp.server.internal.LeaseConfigJson;
import io.k6t.net.dhcp.v6.Dhcp6Codec;
import io.k6t.net.dhcp.v6.Duid;
import java.net.Inet6Address;
import java.nio.file.Path;
import java.util.List;

/**
 * What the DHCPv6 server of one bridge hands its one guest: the pod's global IPv6 address and the DNS
 * configuration, with the lifetimes. The prefix length is not sent by DHCPv6 (IA addresses have none);
 * the router advertisement carries the prefix as on-link, and the guest installs the address as /128
 * (what dhcpcd and systemd-networkd do) or with the advertised prefix.
 *
 * @param interfaceName the bridge served ({@code k6t-eth0})
 * @param serverMac the bridge's MAC: the server's DUID-LL is made of it, so it is stable for the pod's life
 * @param clientMac the guest's MAC: the only client served
 * @param address the pod's global address, now the guest's
 * @param prefixLength the pod's prefix length (64 or 128 as CNIs give them), for the router advertisement
 * @param leaseSeconds preferred and valid lifetime; T1 is half of it, T2 four fifths (RFC 8415 section 21.4)
 * @param dnsServers option 23, from the pod's resolv.conf (IPv6 name servers); may be empty
 * @param searchDomains option 24, from the pod's resolv.conf; may be empty
 * @param rapidCommit whether a Solicit with Rapid Commit gets the Reply at once (RFC 8415 section 18.3.1)
 */
public record Lease6(String interfaceName, MacAddress serverMac, MacAddress clientMac, Inet6Address address,
        int prefixLength, long leaseSeconds, List<Inet6Address> dnsServers, List<String> searchDomains,
        boolean rapidCommit) {
    /** A day: the guest renews every 12 hours, and a restarted server answers long before expiry. */
    public static final long DEFAULT_LEASE_SECONDS = 86_400;

    /**
     * @throws IllegalArgumentException naming the field and the value
     */
    public Lease6 {
        if (interfaceName.isEmpty() || interfaceName.length() > 15) {
            throw new IllegalArgumentException("interfaceName: '" + interfaceName + "' (expected: 1..15 bytes)");
        }
        if (address.isLinkLocalAddress() || address.isMulticastAddress() || address.isAnyLocalAddress()
                || address.isLoopbackAddress()) {
            throw new IllegalArgumentException("address: " + InetAddresses.toAddrString(address)
                    + " (expected: a global or unique-local unicast address)");
        }
        if (prefixLength < 1 || prefixLength > 128) {
            throw new IllegalArgumentException("prefixLength: " + prefixLength + " (expected: 1..128)");
        }
        if (leaseSeconds < 4 || leaseSeconds > 0xffffffffL) {
            throw new IllegalArgumentException("leaseSeconds: " + leaseSeconds + " (expected: 4..4294967295)");
        }
        dnsServers = List.copyOf(dnsServers);
        searchDomains = List.copyOf(searchDomains);
        for (String domain : searchDomains) {
            if (!Dhcp6Codec.isValidDomainName(domain)) {
                throw new IllegalArgumentException("searchDomains: '" + domain + "' is not a valid domain name");
            }
        }
    }

    /**
     * Parses a DHCPv6 lease file: {@code interface}, {@code serverMac}, {@code clientMac}, {@code address}
     * ({@code addr/len}) required; {@code leaseSeconds} (default a day), {@code dnsServers},
     * {@code searchDomains}, {@code rapidCommit} (default true) optional. Unknown and duplicate fields
     * are errors.
     *
     * @throws LeaseConfigException naming the field and value that is wrong
     */
    public static Lease6 parse(String json) {
        return LeaseConfigJson.parse6(json, "lease");
    }

    /** Reads and parses a DHCPv6 lease file; errors name the file, the field and the value. */
    public static Lease6 load(Path file) {
        return LeaseConfigJson.load6(file);
    }

    /** This lease as a lease file (JSON), which {@link #parse} reads back to an equal lease. */
    public String toJson() {
        return LeaseConfigJson.write6(this);
    }

    /** The server's DUID-LL, from the bridge MAC. */
    public Duid serverDuid() {
        return Duid.linkLayer(serverMac);
    }

    /** Seconds until the guest renews. */
    public long t1() {
        return leaseSeconds / 2;
    }

    /** Seconds until the guest rebinds. */
    public long t2() {
        return leaseSeconds * 4 / 5;
    }

    /** Whether {@code other} is on the lease's link: in its prefix (for Confirm). */
    public boolean onLink(Inet6Address other) {
        byte[] a = address.getAddress();
        byte[] b = other.getAddress();
        int bits = prefixLength == 128 ? 64 : prefixLength;
        for (int i = 0; i < bits; i++) {
            int mask = 0x80 >>> (i % 8);
            if ((a[i / 8] & mask) != (b[i / 8] & mask)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return "Lease6{" + interfaceName + ", " + clientMac + " -> " + InetAddresses.toAddrString(address) + "/"
                + prefixLength + "}";
    }
}
