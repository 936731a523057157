package io.k6t.net.kubevirt.handoff;

import io.k6t.net.dhcp.server.LeaseConfig;
import io.k6t.net.dhcp.server.PrivateOption;
import io.k6t.net.dhcp.server.StaticRoute;
import io.k6t.net.launcher.netlink.LinkName;
import java.net.Inet4Address;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * What the CNI plugin hands to the sidecar for one bound pod interface: the names of the links the
 * binding made, the guest's MAC and MTU, and the lease (absent when the pod interface had no IPv4,
 * so there is nothing to serve).
 *
 * <p>DNS servers, search domains and the host name are not in the hand-off: the CNI plugin runs in the
 * node's mount namespace and never sees the pod's {@code /etc/resolv.conf}, while the sidecar, a
 * container of the same pod, gets the same file from the kubelet and the pod's host name; it adds
 * them with {@link #leaseConfig}.
 *
 * @param network      the VMI's network name ({@code args.cni.logicNetworkName}, else the CNI network's name)
 * @param podInterface the pod interface as the network's CNI created it ({@code eth0}, {@code pod<hash>}, {@code net1})
 * @param bridge       the bridge of the binding, where the DHCP server listens
 * @param tap          the tap the domain's {@code <interface type='ethernet'>} targets
 * @param nic          the pod interface's name after the binding renamed it
 * @param guestMac     the guest's MAC, lower-case {@code xx:xx:xx:xx:xx:xx}
 * @param mtu          the guest's MTU
 * @param macPinned    whether the binding's anti-spoofing lets traffic of {@code guestMac} only out of the pod,
 *                     so a domain must give the guest that MAC
 * @param lease        what the DHCP server offers; absent: the guest gets no IPv4 from k6t-net
 * @param setupMillis  how long the CNI plugin's ADD took, when it measured it
 */
public record Handoff(String network, String podInterface, String bridge, String tap, String nic, String guestMac,
        int mtu, boolean macPinned, Optional<Lease> lease, OptionalLong setupMillis) {

    private static final Pattern MAC = Pattern.compile("[0-9a-f]{2}(:[0-9a-f]{2}){5}");

    public Handoff {
        Objects.requireNonNull(network, "network");
        if (network.isEmpty()) {
            throw new IllegalArgumentException("network: \"\" (expected: a network name)");
        }
        LinkName.requireValid(podInterface);
        LinkName.requireValid(bridge);
        LinkName.requireValid(tap);
        LinkName.requireValid(nic);
        if (!MAC.matcher(guestMac).matches()) {
            throw new IllegalArgumentException("guestMac: \"" + guestMac
                    + "\" (expected: lower-case xx:xx:xx:xx:xx:xx)");
        }
        if (mtu < LeaseConfig.MIN_MTU || mtu > LeaseConfig.MAX_MTU) {
            throw new IllegalArgumentException("mtu: " + mtu + " (expected: " + LeaseConfig.MIN_MTU + ".."
                    + LeaseConfig.MAX_MTU + ")");
        }
        Objects.requireNonNull(lease, "lease");
        Objects.requireNonNull(setupMillis, "setupMillis");
        if (setupMillis.isPresent() && setupMillis.getAsLong() < 0) {
            throw new IllegalArgumentException("setupMillis: " + setupMillis.getAsLong() + " (expected: >= 0)");
        }
    }

    /** The links whose aliases carry this hand-off, in part order: the bridge, the tap, the renamed pod link. */
    public List<String> carriers() {
        return List.of(bridge, tap, nic);
    }

    /**
     * The DHCP server's lease for this interface, completed with what the sidecar reads in the pod
     * ({@code /etc/resolv.conf}, the pod's host name); empty when there is no lease to serve.
     *
     * @throws io.k6t.net.dhcp.server.LeaseConfigException naming a value the server cannot send
     */
    public Optional<LeaseConfig> leaseConfig(List<Inet4Address> dnsServers, List<String> searchDomains,
            Optional<String> hostname) {
        if (lease.isEmpty()) {
            return Optional.empty();
        }
        Lease l = lease.get();
        LeaseConfig.Builder builder = LeaseConfig.builder()
                .interfaceName(bridge)
                .serverAddress(l.serverAddress())
                .clientMac(guestMac)
                .address(l.address(), l.prefixLength())
                .mtu(mtu)
                .leaseSeconds(l.leaseSeconds());
        l.gateway().ifPresent(builder::gateway);
        l.routes().forEach(builder::addRoute);
        dnsServers.forEach(builder::addDnsServer);
        searchDomains.forEach(builder::addSearchDomain);
        hostname.ifPresent(builder::hostname);
        l.ntpServers().forEach(builder::addNtpServer);
        l.tftpServerName().ifPresent(builder::tftpServerName);
        l.bootFileName().ifPresent(builder::bootFileName);
        l.privateOptions().forEach(builder::addPrivateOption);
        return Optional.of(builder.build());
    }

    /**
     * The lease part of a hand-off.
     *
     * @param serverAddress  the server's address on the bridge ({@code 169.254.75.1<index>})
     * @param address        the guest's address (the pod's IPv4 before the binding moved it)
     * @param prefixLength   its prefix length
     * @param gateway        the default gateway (option 3)
     * @param routes         the guest's routes (option 121), without the on-link route to the server,
     *                       which the server adds itself
     * @param leaseSeconds   lease time
     * @param ntpServers     option 42
     * @param tftpServerName option 66
     * @param bootFileName   option 67
     * @param privateOptions options 224..254
     */
    public record Lease(Inet4Address serverAddress, Inet4Address address, int prefixLength,
            Optional<Inet4Address> gateway, List<StaticRoute> routes, long leaseSeconds, List<Inet4Address> ntpServers,
            Optional<String> tftpServerName, Optional<String> bootFileName, List<PrivateOption> privateOptions) {

        public Lease {
            Objects.requireNonNull(serverAddress, "serverAddress");
            Objects.requireNonNull(address, "address");
            if (prefixLength < 0 || prefixLength > 32) {
                throw new IllegalArgumentException("prefixLength: " + prefixLength + " (expected: 0..32)");
            }
            Objects.requireNonNull(gateway, "gateway");
            routes = List.copyOf(routes);
            if (leaseSeconds <= 0 || leaseSeconds > LeaseConfig.MAX_LEASE_SECONDS) {
                throw new IllegalArgumentException("leaseSeconds: " + leaseSeconds + " (expected: 1.."
                        + LeaseConfig.MAX_LEASE_SECONDS + ")");
            }
            ntpServers = List.copyOf(ntpServers);
            Objects.requireNonNull(tftpServerName, "tftpServerName");
            Objects.requireNonNull(bootFileName, "bootFileName");
            privateOptions = List.copyOf(privateOptions);
        }

        /** A lease with the default lease time and no optional DHCP settings. */
        public static Lease of(Inet4Address serverAddress, Inet4Address address, int prefixLength,
                Optional<Inet4Address> gateway, List<StaticRoute> routes) {
            return new Lease(serverAddress, address, prefixLength, gateway, routes, LeaseConfig.DEFAULT_LEASE_SECONDS,
                    List.of(), Optional.empty(), Optional.empty(), List.of());
        }

        /**
         * The same lease built from a {@link LeaseConfig} (as the binding writes it), dropping what
         * the sidecar adds itself (DNS, search domains, host name).
         */
        public static Lease from(LeaseConfig config) {
            return new Lease(config.serverAddress(), config.address(), config.prefixLength(), config.gateway(),
                    config.routes(), config.leaseSeconds(), config.ntpServers(), config.tftpServerName(),
                    config.bootFileName(), config.privateOptions());
        }
    }
}
