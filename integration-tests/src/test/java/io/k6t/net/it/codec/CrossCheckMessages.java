package io.k6t.net.it.codec;

import io.k6t.net.dhcp.ClasslessRoute;
import io.k6t.net.dhcp.ClientFqdn;
import io.k6t.net.dhcp.DhcpMessage;
import io.k6t.net.dhcp.DhcpOptionCode;
import io.k6t.net.dhcp.MacAddress;
import io.k6t.net.dhcp.MessageType;
import io.k6t.net.dhcp.RelayAgentSubOption;
import io.k6t.net.dhcp.internal.Ipv4;
import java.net.Inet4Address;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** The messages {@link TsharkCrossCheckIT} encodes and has tshark decode. */
final class CrossCheckMessages {
    static final MacAddress CLIENT = MacAddress.parse("02:00:00:74:17:75");

    private CrossCheckMessages() {
    }

    static Inet4Address ip(String text) {
        return Ipv4.parse("address", text);
    }

    /** An OFFER carrying every option k6t-net's typed API covers. */
    static DhcpMessage fullOffer() {
        return DhcpMessage.builder().op(DhcpMessage.BOOTREPLY).xid(0x5eed0001).secs(3).broadcast(true)
                .yiaddr(ip("10.244.1.5")).siaddr(ip("169.254.75.10")).giaddr(ip("0.0.0.0")).clientMac(CLIENT)
                .sname("k6t-net").file("pxelinux.0")
                .messageType(MessageType.OFFER)
                .serverIdentifier(ip("169.254.75.10"))
                .leaseSeconds(86_313_600L).renewalSeconds(43_156_800L).rebindingSeconds(75_524_400L)
                .subnetMask(ip("255.255.255.0"))
                .routers(List.of(ip("10.244.1.1")))
                .dnsServers(List.of(ip("10.96.0.10"), ip("10.96.0.11")))
                .hostName("nodejs")
                .domainName("cluster.local")
                .interfaceMtu(1450)
                .broadcastAddress(ip("10.244.1.255"))
                .ntpServers(List.of(ip("10.0.0.123")))
                .requestedIpAddress(ip("10.244.1.5"))
                .parameterRequestList(List.of(DhcpOptionCode.SUBNET_MASK, DhcpOptionCode.CLASSLESS_STATIC_ROUTE,
                        DhcpOptionCode.ROUTER, DhcpOptionCode.DOMAIN_NAME_SERVER, DhcpOptionCode.DOMAIN_SEARCH))
                .maxMessageSize(1500)
                .vendorClassIdentifier("k6t-net")
                .clientIdentifier(new byte[] {1, 2, 0, 0, 0x74, 0x17, 0x75})
                .tftpServerName("tftp.example")
                .bootFileName("pxelinux.0")
                .clientFqdn(new ClientFqdn(ClientFqdn.FLAG_E | ClientFqdn.FLAG_S, 0, 0, "nodejs.vm.cluster.local."))
                .relayAgentInformation(List.of(RelayAgentSubOption.of(1, "eth0".getBytes(StandardCharsets.US_ASCII)),
                        RelayAgentSubOption.of(2, new byte[] {1, 2, 3})))
                .domainSearch(List.of("vm.svc.cluster.local", "svc.cluster.local", "cluster.local"))
                .classlessRoutes(List.of(ClasslessRoute.of("169.254.75.10/32", "0.0.0.0"),
                        ClasslessRoute.of("10.0.0.0/8", "10.244.1.1"), ClasslessRoute.of("0.0.0.0/0", "10.244.1.1")))
                .msClasslessRoutes(List.of(ClasslessRoute.of("0.0.0.0/0", "10.244.1.1")))
                .wpadUrl("http://wpad.example/wpad.dat")
                .privateOption(240, "extra".getBytes(StandardCharsets.US_ASCII))
                .build();
    }

    /** 40 search domains: option 119 is over 255 bytes and split (RFC 3396). */
    static List<String> longSearchList() {
        List<String> domains = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            domains.add("ns" + i + ".tenant" + i + ".svc.cluster.local");
        }
        return domains;
    }

    /** An ACK with a split option 119 and a 300-byte private option. */
    static DhcpMessage splitAck() {
        byte[] big = new byte[300];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) i;
        }
        return DhcpMessage.builder().op(DhcpMessage.BOOTREPLY).xid(0x5eed0002).yiaddr(ip("10.244.1.5"))
                .clientMac(CLIENT).messageType(MessageType.ACK).serverIdentifier(ip("169.254.75.10"))
                .leaseSeconds(3600).domainSearch(longSearchList()).privateOption(250, big).build();
    }

    /** An OFFER too big for 576 bytes: the encoder overloads it into file and sname. */
    static DhcpMessage overloadedOffer() {
        List<String> domains = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            domains.add("ns" + i + ".svc.cluster" + i + ".example");
        }
        return DhcpMessage.builder().op(DhcpMessage.BOOTREPLY).xid(0x5eed0003).yiaddr(ip("10.244.1.5"))
                .clientMac(CLIENT).messageType(MessageType.OFFER).serverIdentifier(ip("169.254.75.10"))
                .leaseSeconds(3600).subnetMask(ip("255.255.255.0")).routers(List.of(ip("10.244.1.1")))
                .domainSearch(domains).hostName("h".repeat(60)).privateOption(241, new byte[40]).build();
    }
}
