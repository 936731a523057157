package io.k6t.net.it.dhcp6;

import com.google.common.net.InetAddresses;
import io.k6t.net.it.support.Prerequisites;
import io.k6t.net.it.support.TestNetwork;
import io.k6t.net.launcher.ra.RouterAdvertisement;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;

/**
 * radvd 2.19 on a pod's bridge, configured to send what k6t-net's {@link RouterAdvertisement} holds: the
 * M and O flags, router lifetime, hop limit 64, no reachable time or retransmission timer, the source
 * link-layer address, the MTU, the prefix on-link and not autonomous with infinite lifetimes, RDNSS and DNSSL
 * with the same lifetime, every 22-30 s (k6t-net: every 30 s) and unicast answers to solicitations (radvd's
 * default). The peer k6t-net's router advertiser is compared with.
 */
final class Radvd implements AutoCloseable {
    private final Process process;

    private Radvd(Process process) {
        this.process = process;
    }

    /** radvd.conf for {@code bridge} advertising {@code ra}. */
    static String config(String bridge, RouterAdvertisement ra) {
        StringBuilder sb = new StringBuilder("interface " + bridge + " {\n")
                .append("    AdvSendAdvert on;\n    MinRtrAdvInterval 22;\n    MaxRtrAdvInterval 30;\n")
                .append("    AdvManagedFlag ").append(ra.managed() ? "on" : "off").append(";\n")
                .append("    AdvOtherConfigFlag ").append(ra.other() ? "on" : "off").append(";\n")
                .append("    AdvDefaultLifetime ").append(ra.routerLifetime()).append(";\n")
                .append("    AdvCurHopLimit 64;\n    AdvReachableTime 0;\n    AdvRetransTimer 0;\n")
                .append("    AdvSourceLLAddress ").append(ra.sourceMac().isPresent() ? "on" : "off").append(";\n")
                .append("    AdvLinkMTU ").append(ra.mtu().orElse(0)).append(";\n");
        ra.prefix().ifPresent(p -> {
            int length = Math.min(ra.prefixLength(), 64);
            sb.append("    prefix ").append(InetAddresses.toAddrString(masked(p, length))).append('/').append(length)
                    .append(" {\n        AdvOnLink on;\n        AdvAutonomous off;\n        AdvRouterAddr off;\n")
                    .append("        AdvValidLifetime infinity;\n        AdvPreferredLifetime infinity;\n    };\n");
        });
        if (!ra.dnsServers().isEmpty()) {
            sb.append("    RDNSS ").append(ra.dnsServers().stream().map(InetAddresses::toAddrString)
                    .collect(Collectors.joining(" "))).append(" {\n        AdvRDNSSLifetime ")
                    .append(ra.dnsLifetime()).append(";\n    };\n");
        }
        if (!ra.searchDomains().isEmpty()) {
            sb.append("    DNSSL ").append(String.join(" ", ra.searchDomains())).append(" {\n        AdvDNSSLLifetime ")
                    .append(ra.dnsLifetime()).append(";\n    };\n");
        }
        return sb.append("};\n").toString();
    }

    private static InetAddress masked(Inet6Address address, int length) {
        byte[] b = address.getAddress();
        for (int i = 0; i < 16; i++) {
            int keep = Math.max(0, Math.min(8, length - 8 * i));
            b[i] &= (byte) (0xff << (8 - keep));
        }
        try {
            return InetAddress.getByAddress(b);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("16 bytes are an IPv6 address", e);
        }
    }

    /** radvd in {@code role}'s namespace on {@code bridge}, in the foreground, its files in {@code dir}. */
    static Radvd start(TestNetwork net, String role, String bridge, RouterAdvertisement ra, Path dir) {
        Prerequisites.requireTool("radvd", "radvd");
        try {
            Path conf = dir.resolve("radvd.conf");
            Files.writeString(conf, config(bridge, ra));
            return new Radvd(net.start(role, dir.resolve("radvd.log"), "radvd", "--nodaemon", "--config",
                    conf.toString(), "--pidfile", dir.resolve("radvd.pid").toString(), "--logmethod", "stderr"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        TestNetwork.stop(process);
    }
}
