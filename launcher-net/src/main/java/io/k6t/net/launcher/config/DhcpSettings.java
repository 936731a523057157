package io.k6t.net.launcher.config;

import io.k6t.net.dhcp.server.PrivateOption;
import java.util.List;
import java.util.Optional;

/**
 * The DHCP server settings of one interface. The defaults ({@link #defaults()}) serve the pod
 * address with KubeVirt's practically infinite lease.
 *
 * @param enabled        whether k6t-net serves DHCP on this interface at all
 * @param leaseSeconds   lease time (option 51), 1..2^32-2; 0xffffffff means "infinite" in DHCP and is refused
 * @param ntpServers     IPv4 addresses for option 42, as written
 * @param tftpServerName option 66
 * @param bootFileName   option 67
 * @param privateOptions options 224-254
 * @param acceptRelayed  answer requests with giaddr set (relay agents)
 */
public record DhcpSettings(boolean enabled, long leaseSeconds, List<String> ntpServers,
        Optional<String> tftpServerName, Optional<String> bootFileName, List<PrivateOption> privateOptions,
        boolean acceptRelayed) {

    /** KubeVirt's lease time: 999 days, effectively infinite for a VM's lifetime. */
    public static final long DEFAULT_LEASE_SECONDS = 86_313_600L;

    public DhcpSettings {
        if (leaseSeconds < 1 || leaseSeconds > 0xFFFF_FFFEL) {
            throw new IllegalArgumentException("leaseSeconds: " + leaseSeconds + " (expected: 1..4294967294)");
        }
        ntpServers = List.copyOf(ntpServers);
        privateOptions = List.copyOf(privateOptions);
    }

    /** Enabled, {@link #DEFAULT_LEASE_SECONDS}, nothing else. */
    public static DhcpSettings defaults() {
        return new DhcpSettings(true, DEFAULT_LEASE_SECONDS, List.of(), Optional.empty(), Optional.empty(),
                List.of(), false);
    }
}
