package io.k6t.net.it.codec;

import io.k6t.net.dhcp.ClasslessRoute;
import io.k6t.net.dhcp.ClientFqdn;
import io.k6t.net.dhcp.DhcpMessage;
import io.k6t.net.dhcp.DhcpOptionCode;
import io.k6t.net.dhcp.DhcpOptionCodecs;
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
                .option(DhcpOptionCodecs.DHCP_MESSAGE_TYPE, MessageType.OFFER)
                .option(DhcpOptionCodecs.SERVER_IDENTIFIER, ip("169.254.75.10"))
                .option(DhcpOptionCodecs.IP_ADDRESS_LEASE_TIME, 86_313_600L)
                .option(DhcpOptionCodecs.RENEWAL_TIME, 43_156_800L).option(DhcpOptionCodecs.REBINDING_TIME, 75_524_400L)
                .option(DhcpOptionCodecs.SUBNET_MASK, ip("255.255.255.0"))
                .option(DhcpOptionCodecs.ROUTER, List.of(ip("10.244.1.1")))
                .option(DhcpOptionCodecs.DOMAIN_NAME_SERVER, List.of(ip("10.96.0.10"), ip("10.96.0.11")))
                .option(DhcpOptionCodecs.HOST_NAME, "nodejs")
                .option(DhcpOptionCodecs.DOMAIN_NAME, "cluster.local")
                .option(DhcpOptionCodecs.INTERFACE_MTU, 1450)
                .option(DhcpOptionCodecs.BROADCAST_ADDRESS, ip("10.244.1.255"))
                .option(DhcpOptionCodecs.NTP_SERVERS, List.of(ip("10.0.0.123")))
                .option(DhcpOptionCodecs.REQUESTED_IP_ADDRESS, ip("10.244.1.5"))
                .option(DhcpOptionCodecs.PARAMETER_REQUEST_LIST,
                        List.of(DhcpOptionCode.SUBNET_MASK, DhcpOptionCode.CLASSLESS_STATIC_ROUTE,
                        DhcpOptionCode.ROUTER, DhcpOptionCode.DOMAIN_NAME_SERVER, DhcpOptionCode.DOMAIN_SEARCH))
                .option(DhcpOptionCodecs.MAXIMUM_DHCP_MESSAGE_SIZE, 1500)
                .option(DhcpOptionCodecs.VENDOR_CLASS_IDENTIFIER, "k6t-net")
                .option(DhcpOptionCodecs.CLIENT_IDENTIFIER, new byte[] {1, 2, 0, 0, 0x74, 0x17, 0x75})
                .option(DhcpOptionCodecs.TFTP_SERVER_NAME, "tftp.example")
                .option(DhcpOptionCodecs.BOOTFILE_NAME, "pxelinux.0")
                .option(DhcpOptionCodecs.CLIENT_FQDN,
                        new ClientFqdn(ClientFqdn.FLAG_E | ClientFqdn.FLAG_S, 0, 0, "nodejs.vm.cluster.local."))
                .option(DhcpOptionCodecs.RELAY_AGENT_INFORMATION,
                        List.of(RelayAgentSubOption.of(1, "eth0".getBytes(StandardCharsets.US_ASCII)),
                        RelayAgentSubOption.of(2, new byte[] {1, 2, 3})))
                .option(DhcpOptionCodecs.DOMAIN_SEARCH,
                        List.of("vm.svc.cluster.local", "svc.cluster.local", "cluster.local"))
                .option(DhcpOptionCodecs.CLASSLESS_STATIC_ROUTE,
                        List.of(ClasslessRoute.of("169.254.75.10/32", "0.0.0.0"),
                        ClasslessRoute.of("10.0.0.0/8", "10.244.1.1"), ClasslessRoute.of("0.0.0.0/0", "10.244.1.1")))
                .option(DhcpOptionCodecs.MS_CLASSLESS_STATIC_ROUTE,
                        List.of(ClasslessRoute.of("0.0.0.0/0", "10.244.1.1")))
                .option(DhcpOptionCodecs.WPAD, "http://wpad.example/wpad.dat")
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
                .clientMac(CLIENT).option(DhcpOptionCodecs.DHCP_MESSAGE_TYPE, MessageType.ACK)
                .option(DhcpOptionCodecs.SERVER_IDENTIFIER, ip("169.254.75.10"))
                .option(DhcpOptionCodecs.IP_ADDRESS_LEASE_TIME, 3600L)
                .option(DhcpOptionCodecs.DOMAIN_SEARCH, longSearchList()).privateOption(250, big).build();
    }

    /** An OFFER too big for 576 bytes: the encoder overloads it into file and sname. */
    static DhcpMessage overloadedOffer() {
        List<String> domains = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            domains.add("ns" + i + ".svc.cluster" + i + ".example");
        }
        return DhcpMessage.builder().op(DhcpMessage.BOOTREPLY).xid(0x5eed0003).yiaddr(ip("10.244.1.5"))
                .clientMac(CLIENT).option(DhcpOptionCodecs.DHCP_MESSAGE_TYPE, MessageType.OFFER)
                .option(DhcpOptionCodecs.SERVER_IDENTIFIER, ip("169.254.75.10"))
                .option(DhcpOptionCodecs.IP_ADDRESS_LEASE_TIME, 3600L)
                .option(DhcpOptionCodecs.SUBNET_MASK, ip("255.255.255.0"))
                .option(DhcpOptionCodecs.ROUTER, List.of(ip("10.244.1.1")))
                .option(DhcpOptionCodecs.DOMAIN_SEARCH, domains).option(DhcpOptionCodecs.HOST_NAME, "h".repeat(60))
                .privateOption(241, new byte[40]).build();
    }
}
