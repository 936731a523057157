package io.k6t.net.it.codec;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.net.InetAddresses;
import io.k6t.net.dhcp.MacAddress;
import io.k6t.net.dhcp.Pcap6Writer;
import io.k6t.net.dhcp.v6.Dhcp6Codec;
import io.k6t.net.dhcp.v6.Dhcp6Message;
import io.k6t.net.dhcp.v6.Dhcp6MessageType;
import io.k6t.net.dhcp.v6.Dhcp6Options;
import io.k6t.net.dhcp.v6.Duid;
import io.k6t.net.dhcp.v6.IaNa;
import io.k6t.net.dhcp.v6.server.Decision6;
import io.k6t.net.dhcp.v6.server.Lease6;
import io.k6t.net.dhcp.v6.server.Responder6;
import io.k6t.net.it.support.Prerequisites;
import io.k6t.net.it.support.TestNetwork;
import io.k6t.net.launcher.ra.RouterAdvertisement;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * tshark as an independent decoder of what k6t-net sends for IPv6: the responder's Advertise, Rapid
 * Commit Reply and Information-request Reply, and the router advertisement, written with real
 * Ethernet/IPv6 framing and checksums. tshark must see no malformation and no expert warning or
 * error, and read the values that were encoded.
 */
class Tshark6CrossCheckIT {
    private static final MacAddress BRIDGE = MacAddress.parse("02:00:00:6b:36:74");
    private static final MacAddress GUEST = MacAddress.parse("02:00:00:74:17:75");
    private static final Inet6Address GUEST_LL = ip("fe80::ff:fe74:1775");
    private static final Inet6Address BRIDGE_LL = ip("fe80::ff:fe6b:3674");
    private static final Lease6 LEASE = new Lease6("k6t-eth0", BRIDGE, GUEST, ip("fd00:10:244::5"), 64, 86_400,
            List.of(ip("fd00:10:96::a")), List.of("vm.svc.cluster.local", "cluster.local"), true);

    @TempDir
    Path dir;

    private static Inet6Address ip(String text) {
        return (Inet6Address) InetAddresses.forString(text);
    }

    private static byte[] reply(Dhcp6MessageType type, boolean rapid, boolean withIa) {
        Dhcp6Options.Builder options = Dhcp6Options.builder().clientId(Duid.linkLayer(GUEST)).elapsedTime(0);
        if (withIa) {
            options.addIaNa(new IaNa(1, 0, 0, Dhcp6Options.empty()));
        }
        if (rapid) {
            options.rapidCommit();
        }
        Decision6 decision = Responder6.respond(new Dhcp6Message(type, 0x123456, options.build()),
                new InetSocketAddress(GUEST_LL, 546), LEASE);
        return Dhcp6Codec.encode(((Decision6.Reply) decision).message());
    }

    @Test
    void tsharkReadsOurDhcpv6RepliesAndRouterAdvertisementWithoutComplaint() throws Exception {
        Prerequisites.requireTool("tshark", "tshark");
        List<Pcap6Writer.Frame6> frames = new ArrayList<>();
        for (byte[] payload : List.of(reply(Dhcp6MessageType.SOLICIT, false, true),
                reply(Dhcp6MessageType.SOLICIT, true, true),
                reply(Dhcp6MessageType.INFORMATION_REQUEST, false, false))) {
            frames.add(Pcap6Writer.Frame6.udp(BRIDGE.toBytes(), BRIDGE_LL, 547, GUEST.toBytes(), GUEST_LL, 546,
                    payload));
        }
        RouterAdvertisement ra = new RouterAdvertisement(true, true, 1800, Optional.of(BRIDGE), Optional.of(1450),
                Optional.of(ip("fd00:10:244::5")), 64, List.of(ip("fd00:10:96::a")),
                List.of("vm.svc.cluster.local", "cluster.local"), 3600);
        frames.add(new Pcap6Writer.Frame6(BRIDGE.toBytes(), BRIDGE_LL, new byte[] {0x33, 0x33, 0, 0, 0, 1},
                ip("ff02::1"), 58,
                255, ra.encode()));
        Path pcap = dir.resolve("v6.pcap");
        Pcap6Writer.write6(pcap, frames);

        String out = TestNetwork.run(List.of("tshark", "-n", "-o", "udp.check_checksum:TRUE", "-r", pcap.toString(),
                "-T", "fields", "-E", "separator=|", "-e",
                "_ws.malformed", "-e", "_ws.expert.severity", "-e", "dhcpv6.msgtype", "-e", "dhcpv6.iaaddr.ip", "-e",
                "dhcpv6.dns_server", "-e", "icmpv6.nd.ra.flag.m", "-e", "icmpv6.nd.ra.flag.o", "-e",
                "icmpv6.nd.ra.router_lifetime", "-e", "icmpv6.opt.mtu", "-e", "icmpv6.opt.prefix", "-e",
                "icmpv6.opt.prefix.flag.a", "-e", "icmpv6.opt.rdnss", "-e", "icmpv6.opt.dnssl", "-e",
                "udp.checksum.status", "-e", "icmpv6.checksum.status"));
        List<String> lines = out.lines().filter(l -> l.contains("|")).toList();
        assertThat(lines).hasSize(4);
        for (String line : lines) {
            String[] f = line.split("\\|", -1);
            assertThat(f[0]).as("malformed: %s", line).isEmpty();
            assertThat(f[1]).as("expert: %s", line).isEmpty();
        }
        assertThat(lines.get(0)).startsWith("||2|fd00:10:244::5|fd00:10:96::a|").endsWith("|1|"); // checksum good
        assertThat(lines.get(1)).startsWith("||7|fd00:10:244::5|fd00:10:96::a|");
        assertThat(lines.get(2)).startsWith("||7||fd00:10:96::a|");
        assertThat(lines.get(3)).isEqualTo("|||||1|1|1800|1450|fd00:10:244::|0|fd00:10:96::a"
                + "|vm.svc.cluster.local,cluster.local||1");
        String verbose = TestNetwork.run(List.of("tshark", "-n", "-r", pcap.toString(), "-V", "-Y", "dhcpv6"));
        assertThat(verbose).contains("Rapid Commit").contains("List entry: vm.svc.cluster.local.")
                .contains("List entry: cluster.local.").contains("Pref-value: 255");
    }
}
