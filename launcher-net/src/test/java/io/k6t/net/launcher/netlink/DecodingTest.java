package io.k6t.net.launcher.netlink;

import io.k6t.net.dhcp.MacAddress;
import static org.assertj.core.api.Assertions.assertThat;

import io.k6t.net.launcher.netlink.internal.AddressMessage;
import io.k6t.net.launcher.netlink.internal.Captures;
import io.k6t.net.launcher.netlink.internal.LinkMessage;
import io.k6t.net.launcher.netlink.internal.NetlinkMessage;
import io.k6t.net.launcher.netlink.internal.RouteMessage;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/** Captured kernel replies (see capture-replies.sh) to the public value types. */
class DecodingTest {

    @Test
    void vethEnslavedToABridge() {
        // ip link show dev v0: veth v0 (4), peer v1 (3), master br0 (2), 02:00:00:00:00:02, down
        Link link = Decoding.link(LinkMessage.decode(first(Captures.replies("ip link show dev v0").get(1))));

        assertThat(link).isInstanceOfSatisfying(Veth.class, veth -> assertThat(veth.peerIndex()).hasValue(3));
        LinkAttributes a = link.attributes();
        assertThat(a.name()).isEqualTo("v0");
        assertThat(a.index()).isEqualTo(4);
        assertThat(a.mac()).contains(MacAddress.parse("02:00:00:00:00:02"));
        assertThat(a.mtu()).isEqualTo(1500);
        assertThat(a.up()).isFalse();
        assertThat(a.masterIndex()).hasValue(2);
        assertThat(a.operState()).isEqualTo(OperState.DOWN);
        assertThat(a.kind()).isEqualTo("veth");
    }

    @Test
    void bridgeAndItsAddress() {
        // ip -4 addr show dev br0: br0 (2) up with 10.0.0.1/24; made with mtu 1400, but a bridge takes
        // the smallest MTU of its ports once one is enslaved (v0: 1500)
        var datagrams = Captures.replies("ip -4 addr show dev br0");
        Link bridge = Decoding.link(LinkMessage.decode(first(datagrams.get(0))));

        assertThat(bridge).isInstanceOf(Bridge.class);
        assertThat(bridge.attributes().up()).isTrue();
        assertThat(bridge.attributes().mtu()).isEqualTo(1500);
        assertThat(bridge.attributes().masterIndex()).isEmpty();
        Address address = Decoding.address(AddressMessage.decode(first(datagrams.get(1)))).orElseThrow();
        assertThat(address.prefix()).isEqualTo(IpPrefix.parse("10.0.0.1/24"));
        assertThat(address.broadcast()).isEmpty();
        assertThat(address.label()).contains("br0");
        assertThat(address.scope()).isEqualTo(RouteScope.UNIVERSE);
        assertThat(address.flags().names()).containsExactly("permanent");
        assertThat(address.validLifetime()).isEqualTo(Address.FOREVER);
        assertThat(address.preferredLifetime()).isEqualTo(Address.FOREVER);
        assertThat(address.metric()).isEmpty();
        assertThat(address.toString()).isEqualTo("10.0.0.1/24 scope global label br0 permanent");
    }

    @Test
    void kernelRouteOfAnIpv6Prefix() {
        // ip -6 route show dev br0: fd00::/64 dev br0 proto kernel metric 256
        Route route = Decoding.route(RouteMessage.decode(first(Captures.replies("ip -6 route show dev br0").get(0))))
                .orElseThrow();

        assertThat(route.destination()).isEqualTo(IpPrefix.parse("fd00::/64"));
        assertThat(route.gateway()).isEmpty();
        assertThat(route.linkIndex()).isEqualTo(2);
        assertThat(route.table()).isEqualTo(Route.MAIN_TABLE);
        assertThat(route.protocol()).isEqualTo(RouteProtocol.KERNEL);
        assertThat(route.scope()).isEqualTo(RouteScope.UNIVERSE);
        assertThat(route.type()).isEqualTo(RouteType.UNICAST);
        assertThat(route.priority()).hasValue(256);
        assertThat(route.preference()).hasValue(0);
        assertThat(route.nextHops()).isEmpty();
        assertThat(route.settable().preference()).isEmpty();
    }

    private static NetlinkMessage first(byte[] datagram) {
        return NetlinkMessage.decodeAll(ByteBuffer.wrap(datagram)).get(0);
    }
}
