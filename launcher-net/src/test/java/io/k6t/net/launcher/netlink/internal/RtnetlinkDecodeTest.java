package io.k6t.net.launcher.netlink.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Kernel replies captured from iproute2 (see {@code capture-replies.sh}: kernel 6.18, iproute2 6.1)
 * through the decoders. For {@code ip link} commands the first datagram of a section answers
 * iproute2's own start-up probe; the second is the one that matters.
 */
class RtnetlinkDecodeTest {

    @Test
    void unknownLinkKindIsEopnotsuppWithExtendedAckText() {
        // ip link add d0 type dummy, on a kernel without the dummy driver
        List<NetlinkMessage> messages = decode(Captures.replies("ip link add d0 type dummy").get(1));

        assertThat(messages).hasSize(1);
        NetlinkMessage message = messages.get(0);
        assertThat(message.type()).isEqualTo(Rtnl.NLMSG_ERROR);
        assertThat(message.flags() & Rtnl.NLM_F_ACK_TLVS).isNotZero();
        ErrorMessage error = ErrorMessage.decodeError(message);
        assertThat(error.errno()).isEqualTo(95);
        assertThat(error.extAckMessage()).contains("Unknown device type");
    }

    @Test
    void existingLinkIsEexistWithoutText() {
        // ip link add br0 type bridge, br0 existing
        ErrorMessage error = ErrorMessage.decodeError(
                decode(Captures.replies("ip link add br0 type bridge").get(1)).get(0));

        assertThat(error.errno()).isEqualTo(17);
        assertThat(error.extAckMessage()).isEmpty();
    }

    @Test
    void linkReplyCarriesNameMtuMasterKindAndPeer() {
        // ip link show dev v0: v0 (index 4) is a veth enslaved to br0 (index 2), peer v1 (index 3)
        NetlinkMessage reply = decode(Captures.replies("ip link show dev v0").get(1)).get(0);
        LinkMessage link = LinkMessage.decode(reply);

        assertThat(reply.type()).isEqualTo(Rtnl.RTM_NEWLINK);
        assertThat(link.index()).isEqualTo(4);
        assertThat(link.flags() & Rtnl.IFF_UP).isZero();
        Attributes a = link.attributes();
        assertThat(a.string(Rtnl.IFLA_IFNAME)).contains("v0");
        assertThat(a.u32(Rtnl.IFLA_MTU)).hasValue(1500);
        assertThat(a.u32(Rtnl.IFLA_MASTER)).hasValue(2);
        assertThat(a.u32(Rtnl.IFLA_LINK)).hasValue(3);
        assertThat(a.bytes(Rtnl.IFLA_ADDRESS)).hasValueSatisfying(
                mac -> assertThat(mac).containsExactly(2, 0, 0, 0, 0, 2));
        assertThat(a.nested(Rtnl.IFLA_LINKINFO).string(Rtnl.IFLA_INFO_KIND)).contains("veth");
        assertThat(a.nested(Rtnl.IFLA_LINKINFO).string(Rtnl.IFLA_INFO_SLAVE_KIND)).contains("bridge");
    }

    @Test
    void addressDumpIsMultiPartEndingInDone() {
        // ip -4 addr show dev br0: the link (one reply), then the address dump and NLMSG_DONE
        List<byte[]> datagrams = Captures.replies("ip -4 addr show dev br0");
        List<NetlinkMessage> dump = decode(datagrams.get(1));
        NetlinkMessage done = decode(datagrams.get(2)).get(0);

        assertThat(dump).hasSize(1);
        assertThat(dump.get(0).flags() & Rtnl.NLM_F_MULTI).isNotZero();
        AddressMessage address = AddressMessage.decode(dump.get(0));
        assertThat(address.family()).isEqualTo(Rtnl.AF_INET);
        assertThat(address.prefixLength()).isEqualTo(24);
        assertThat(address.index()).isEqualTo(2);
        assertThat(address.attributes().bytes(Rtnl.IFA_LOCAL)).hasValueSatisfying(
                ip -> assertThat(ip).containsExactly(10, 0, 0, 1));
        assertThat(address.attributes().string(Rtnl.IFA_LABEL)).contains("br0");
        assertThat(done.type()).isEqualTo(Rtnl.NLMSG_DONE);
        assertThat(done.sequence()).isEqualTo(dump.get(0).sequence());
        assertThat(ErrorMessage.decodeDone(done).errno()).isZero();
    }

    @Test
    void routeReplyCarriesTableProtocolAndOutputLink() {
        // ip -6 route show dev br0: fd00::/64 proto kernel metric 256
        RouteMessage route = RouteMessage.decode(decode(Captures.replies("ip -6 route show dev br0").get(0)).get(0));

        assertThat(route.family()).isEqualTo(Rtnl.AF_INET6);
        assertThat(route.destinationLength()).isEqualTo(64);
        assertThat(route.table()).isEqualTo(254);
        assertThat(route.protocol()).isEqualTo(2);
        assertThat(route.scope()).isZero();
        assertThat(route.type()).isEqualTo(Rtnl.RTN_UNICAST);
        assertThat(route.attributes().u32(Rtnl.RTA_OIF)).hasValue(2);
        assertThat(route.attributes().u32(Rtnl.RTA_PRIORITY)).hasValue(256);
    }

    @Test
    void truncatedMessagesNameTheOffset() {
        byte[] reply = Captures.replies("ip link show dev v0").get(1);

        assertThatThrownBy(() -> decode(java.util.Arrays.copyOf(reply, 100)))
                .isInstanceOfSatisfying(MalformedMessageException.class, e -> assertThat(e.offset()).isZero())
                .hasMessageContaining("nlmsg_len 1848");
        ByteBuffer badAttribute = ByteBuffer.wrap(new byte[] {8, 0, 3, 0, 'a', 0, 0, 0, 9, 0, 1, 0, 0, 0, 0, 0});
        assertThatThrownBy(() -> Attributes.decode(badAttribute))
                .isInstanceOfSatisfying(MalformedMessageException.class, e -> assertThat(e.offset()).isEqualTo(8));
    }

    @Test
    void arbitraryBytesOnlyEverThrowMalformedMessage() {
        long seed = System.nanoTime();
        SplittableRandom random = new SplittableRandom(seed);
        byte[] real = Captures.replies("ip link show dev v0").get(1);
        for (int round = 0; round < 20_000; round++) {
            byte[] input = round % 2 == 0 ? new byte[random.nextInt(0, 200)] : real.clone();
            if (round % 2 == 0) {
                random.nextBytes(input);
            } else {
                for (int flips = random.nextInt(1, 8); flips > 0; flips--) {
                    input[random.nextInt(input.length)] = (byte) random.nextInt(256);
                }
            }
            try {
                for (NetlinkMessage message : decode(input)) {
                    decodeEverything(message);
                }
            } catch (MalformedMessageException expected) {
                // the one exception the decoders may throw
            } catch (RuntimeException e) {
                throw new AssertionError("seed " + seed + ", round " + round + ": " + e, e);
            }
        }
    }

    private static void decodeEverything(NetlinkMessage message) {
        switch (message.type()) {
            case Rtnl.NLMSG_ERROR -> ErrorMessage.decodeError(message);
            case Rtnl.NLMSG_DONE -> ErrorMessage.decodeDone(message);
            case Rtnl.RTM_NEWADDR -> AddressMessage.decode(message);
            case Rtnl.RTM_NEWROUTE -> RouteMessage.decode(message);
            default -> {
                Attributes a = LinkMessage.decode(message).attributes();
                a.string(Rtnl.IFLA_IFNAME);
                a.u32(Rtnl.IFLA_MTU);
                a.nested(Rtnl.IFLA_LINKINFO).string(Rtnl.IFLA_INFO_KIND);
            }
        }
    }

    private static List<NetlinkMessage> decode(byte[] datagram) {
        return NetlinkMessage.decodeAll(ByteBuffer.wrap(datagram));
    }
}
