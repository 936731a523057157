package io.k6t.net.dhcp.server;

import io.k6t.net.dhcp.DhcpMessage;
import io.k6t.net.dhcp.DhcpOptionCode;
import io.k6t.net.dhcp.DhcpOptionCodecs;
import io.k6t.net.dhcp.MacAddress;
import io.k6t.net.dhcp.MessageType;
import io.k6t.net.dhcp.internal.Ipv4;
import java.net.Inet4Address;
import java.util.Arrays;
import java.util.List;

/** Requests as the clients send them, for unit tests. */
final class Requests {
    static final String MAC = "02:00:00:74:17:75";
    static final String OTHER_MAC = "02:00:00:00:00:99";

    private Requests() {
    }

    static LeaseConfig lease() {
        return LeaseConfig.parse(LeaseConfigTest.designExample());
    }

    static Inet4Address ip(String text) {
        return Ipv4.tryParse(text).orElseThrow();
    }

    /** A request from {@link #MAC} with the udhcpc parameter request list. */
    static DhcpMessage.Builder request(MessageType type) {
        return DhcpMessage.builder().xid(0x1234abcd).clientMac(MacAddress.parse(MAC))
                .option(DhcpOptionCodecs.DHCP_MESSAGE_TYPE, type)
                .option(DhcpOptionCodecs.PARAMETER_REQUEST_LIST, codes(1, 3, 6, 12, 15, 28, 42, 26, 119, 121));
    }

    static List<DhcpOptionCode> codes(int... codes) {
        return Arrays.stream(codes).mapToObj(DhcpOptionCode::valueOf).toList();
    }
}
