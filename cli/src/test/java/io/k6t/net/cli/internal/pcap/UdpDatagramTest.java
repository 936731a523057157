package io.k6t.net.cli.internal.pcap;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.net.InetAddresses;
import java.net.Inet6Address;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class UdpDatagramTest {
    @Test
    void endpointsPutIpv6InBracketsWithoutTheSocketsScope() throws Exception {
        byte[] linkLocal = InetAddresses.forString("fe80::ff:fe74:1775").getAddress();

        assertThat(UdpDatagram.endpoint(Inet6Address.getByAddress(null, linkLocal, 2), 546))
                .isEqualTo("[fe80::ff:fe74:1775]:546");
        assertThat(UdpDatagram.endpoint(InetAddresses.forString("255.255.255.255"), 67))
                .isEqualTo("255.255.255.255:67");
    }

    @Test
    void familyIsToldByEitherPort() {
        assertThat(datagram(546, 547).isDhcp6()).isTrue();
        assertThat(datagram(547, 547).isDhcp6()).as("relay to server").isTrue();
        assertThat(datagram(68, 67).isDhcp6()).isFalse();
        assertThat(datagram(68, 67).isDhcp()).isTrue();
        assertThat(datagram(4011, 1000).isDhcp()).isTrue();
        assertThat(datagram(53, 1000).isDhcp()).isFalse();
    }

    private static UdpDatagram datagram(int from, int to) {
        return new UdpDatagram(1, Instant.EPOCH, "", "", InetAddresses.forString("fe80::1"), from,
                InetAddresses.forString("ff02::1:2"), to, new byte[0]);
    }
}
