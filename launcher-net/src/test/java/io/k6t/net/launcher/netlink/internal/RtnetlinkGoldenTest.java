package io.k6t.net.launcher.netlink.internal;

import static io.k6t.net.launcher.netlink.internal.Hex.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.ByteOrder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every request k6t-net sends, byte for byte against what iproute2 6.1 sends for the command in
 * each test's comment. Provenance: {@code capture.sh} (beside {@code capture.txt} in this package's
 * test resources) runs each command in a throw-away namespace under
 * {@code strace -e trace=sendmsg -e write=3,4} and keeps the hex dumps in {@code capture.txt}; the
 * vectors below are those dumps, split per field. {@code nlmsg_seq} is the one iproute2 used
 * (0x6b09a76b); interface indexes are those of that namespace (br0 = 4, v0 = 6, v9 = 3).
 * Multi-byte fields are little-endian: these captures come from x86-64.
 */
class RtnetlinkGoldenTest {
    private static final int SEQ = 0x6b09a76b;
    private static final String SEQ_HEX = "6b a7 09 6b";
    private static final byte[] BR0_MAC = {2, 0, 0, 0, 0, 1};

    @BeforeAll
    static void littleEndianHost() {
        assertThat(ByteOrder.nativeOrder()).isEqualTo(ByteOrder.LITTLE_ENDIAN);
    }

    @Test
    void addBridgeWithMac() {
        // ip link add br0 address 02:00:00:00:00:01 type bridge
        byte[] expected = bytes(
                "44 00 00 00", // nlmsg_len 68
                "10 00", // nlmsg_type RTM_NEWLINK
                "05 06", // nlmsg_flags REQUEST|ACK|EXCL|CREATE
                SEQ_HEX, // nlmsg_seq
                "00 00 00 00", // nlmsg_pid
                "00 00 00 00", // ifinfomsg: family AF_UNSPEC, pad, type 0
                "00 00 00 00", // ifi_index 0
                "00 00 00 00", // ifi_flags
                "00 00 00 00", // ifi_change
                "0a 00 01 00", // IFLA_ADDRESS, len 10
                "02 00 00 00 00 01 00 00", // 02:00:00:00:00:01 + pad
                "08 00 03 00", // IFLA_IFNAME, len 8
                "62 72 30 00", // "br0\0"
                "10 00 12 00", // IFLA_LINKINFO, len 16
                "0a 00 01 00", // IFLA_INFO_KIND, len 10
                "62 72 69 64 67 65 00 00"); // "bridge" + pad (iproute2 sends no NUL)
        assertThat(Requests.newLink(SEQ, "br0", BR0_MAC, "bridge")).isEqualTo(expected);
    }

    @Test
    void addVethPair() {
        // ip link add v0 type veth peer name v1
        byte[] expected = bytes(
                "54 00 00 00 10 00 05 06", SEQ_HEX, "00 00 00 00", // len 84, RTM_NEWLINK, REQUEST|ACK|EXCL|CREATE
                "00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00", // ifinfomsg, all zero
                "07 00 03 00 76 30 00 00", // IFLA_IFNAME "v0\0" + pad
                "2c 00 12 00", // IFLA_LINKINFO, len 44
                "08 00 01 00 76 65 74 68", // IFLA_INFO_KIND "veth"
                "20 00 02 00", // IFLA_INFO_DATA, len 32
                "1c 00 01 00", // VETH_INFO_PEER, len 28
                "00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00", // the peer's ifinfomsg, all zero
                "07 00 03 00 76 31 00 00"); // peer IFLA_IFNAME "v1\0" + pad
        assertThat(Requests.newVeth(SEQ, "v0", "v1")).isEqualTo(expected);
    }

    @Test
    void addDummy() {
        // ip link add d0 type dummy
        byte[] expected = bytes(
                "38 00 00 00 10 00 05 06", SEQ_HEX, "00 00 00 00", // len 56, RTM_NEWLINK, create exclusive
                "00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00", // ifinfomsg
                "07 00 03 00 64 30 00 00", // IFLA_IFNAME "d0\0"
                "10 00 12 00", // IFLA_LINKINFO, len 16
                "09 00 01 00 64 75 6d 6d 79 00 00 00"); // IFLA_INFO_KIND "dummy" + pad
        assertThat(Requests.newLink(SEQ, "d0", null, "dummy")).isEqualTo(expected);
    }

    @Test
    void probeLinkKind() {
        // ip link add probe0 numtxqueues 0 type dummy
        byte[] expected = bytes(
                "44 00 00 00 10 00 05 06", SEQ_HEX, "00 00 00 00", // len 68, RTM_NEWLINK, create exclusive
                "00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00", // ifinfomsg
                "08 00 1f 00 00 00 00 00", // IFLA_NUM_TX_QUEUES 0
                "0b 00 03 00 70 72 6f 62 65 30 00 00", // IFLA_IFNAME "probe0\0" + pad
                "10 00 12 00", // IFLA_LINKINFO, len 16
                "09 00 01 00 64 75 6d 6d 79 00 00 00"); // IFLA_INFO_KIND "dummy" + pad
        assertThat(Requests.probeLinkKind(SEQ, "probe0", "dummy")).isEqualTo(expected);
    }

    @Test
    void getLinkByName() {
        // ip link show dev br0 (its name lookup: the first sendmsg, on fd 4)
        byte[] expected = bytes(
                "30 00 00 00", // nlmsg_len 48
                "12 00 01 00", // RTM_GETLINK, flags REQUEST
                SEQ_HEX, "00 00 00 00",
                "00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00", // ifinfomsg
                "08 00 1d 00 09 00 00 00", // IFLA_EXT_MASK RTEXT_FILTER_VF|RTEXT_FILTER_SKIP_STATS
                "08 00 03 00 62 72 30 00"); // IFLA_IFNAME "br0\0"
        assertThat(Requests.getLink(SEQ, "br0")).isEqualTo(expected);
    }

    @Test
    void setUpAndDown() {
        // ip link set dev br0 up
        byte[] up = bytes(
                "20 00 00 00 10 00 05 00", SEQ_HEX, "00 00 00 00", // len 32, RTM_NEWLINK, REQUEST|ACK
                "00 00 00 00", // family, pad, type
                "04 00 00 00", // ifi_index 4 (br0)
                "01 00 00 00", // ifi_flags IFF_UP
                "01 00 00 00"); // ifi_change IFF_UP
        assertThat(Requests.setLinkUp(SEQ, 4, true)).isEqualTo(up);
        // ip link set dev br0 down
        byte[] down = bytes(
                "20 00 00 00 10 00 05 00", SEQ_HEX, "00 00 00 00",
                "00 00 00 00 04 00 00 00",
                "00 00 00 00", // ifi_flags 0
                "01 00 00 00"); // ifi_change IFF_UP
        assertThat(Requests.setLinkUp(SEQ, 4, false)).isEqualTo(down);
    }

    @Test
    void rename() {
        // ip link set dev v9 name v7
        byte[] expected = bytes(
                "28 00 00 00 10 00 05 00", SEQ_HEX, "00 00 00 00", // len 40, RTM_NEWLINK, REQUEST|ACK
                "00 00 00 00 03 00 00 00 00 00 00 00 00 00 00 00", // ifinfomsg, index 3 (v9)
                "07 00 03 00 76 37 00 00"); // IFLA_IFNAME "v7\0"
        assertThat(Requests.setLinkName(SEQ, 3, "v7")).isEqualTo(expected);
    }

    @Test
    void setAndRemoveAlias() {
        // ip link set dev v9 alias ab: iproute2 sends the alias without its NUL (addattr_l with strlen),
        // so a 255-byte alias stays within the kernel's IFALIASZ - 1; an empty alias removes it
        byte[] set = bytes(
                "28 00 00 00 10 00 05 00", SEQ_HEX, "00 00 00 00", // len 40, RTM_NEWLINK, REQUEST|ACK
                "00 00 00 00 03 00 00 00 00 00 00 00 00 00 00 00", // ifinfomsg, index 3 (v9)
                "06 00 14 00 61 62 00 00"); // IFLA_IFALIAS "ab" (no NUL) + pad
        byte[] remove = bytes(
                "24 00 00 00 10 00 05 00", SEQ_HEX, "00 00 00 00", // len 36
                "00 00 00 00 03 00 00 00 00 00 00 00 00 00 00 00",
                "04 00 14 00"); // IFLA_IFALIAS, empty
        assertThat(Requests.setLinkAlias(SEQ, 3, new byte[] {'a', 'b'})).isEqualTo(set);
        assertThat(Requests.setLinkAlias(SEQ, 3, new byte[0])).isEqualTo(remove);
    }

    @Test
    void setMac() {
        // ip link set dev br0 address 02:00:00:00:00:03 (sequence one higher: iproute2 asked for br0 first)
        byte[] expected = bytes(
                "2c 00 00 00 10 00 05 00 6c a7 09 6b 00 00 00 00", // len 44, RTM_NEWLINK, REQUEST|ACK
                "00 00 00 00 04 00 00 00 00 00 00 00 00 00 00 00", // ifinfomsg, index 4
                "0a 00 01 00 02 00 00 00 00 03 00 00"); // IFLA_ADDRESS 02:00:00:00:00:03 + pad
        assertThat(Requests.setLinkAddress(SEQ + 1, 4, new byte[] {2, 0, 0, 0, 0, 3})).isEqualTo(expected);
    }

    @Test
    void setMtu() {
        // ip link set dev br0 mtu 1400
        byte[] expected = bytes(
                "28 00 00 00 10 00 05 00", SEQ_HEX, "00 00 00 00",
                "00 00 00 00 04 00 00 00 00 00 00 00 00 00 00 00", // ifinfomsg, index 4
                "08 00 04 00 78 05 00 00"); // IFLA_MTU 1400
        assertThat(Requests.setLinkMtu(SEQ, 4, 1400)).isEqualTo(expected);
    }

    @Test
    void masterAndNomaster() {
        // ip link set dev v0 master br0
        byte[] master = bytes(
                "28 00 00 00 10 00 05 00", SEQ_HEX, "00 00 00 00",
                "00 00 00 00 06 00 00 00 00 00 00 00 00 00 00 00", // ifinfomsg, index 6 (v0)
                "08 00 0a 00 04 00 00 00"); // IFLA_MASTER 4 (br0)
        assertThat(Requests.setLinkMaster(SEQ, 6, 4)).isEqualTo(master);
        // ip link set dev v0 nomaster
        byte[] nomaster = bytes(
                "28 00 00 00 10 00 05 00", SEQ_HEX, "00 00 00 00",
                "00 00 00 00 06 00 00 00 00 00 00 00 00 00 00 00",
                "08 00 0a 00 00 00 00 00"); // IFLA_MASTER 0
        assertThat(Requests.setLinkMaster(SEQ, 6, 0)).isEqualTo(nomaster);
    }

    @Test
    void bridgePortLearningOff() {
        // bridge link set dev v0 learning off
        byte[] expected = bytes(
                "2c 00 00 00", // nlmsg_len 44
                "13 00 05 00", // RTM_SETLINK, REQUEST|ACK
                "6c a7 09 6b 00 00 00 00",
                "07 00 00 00", // ifi_family AF_BRIDGE
                "06 00 00 00 00 00 00 00 00 00 00 00", // index 6, flags, change
                "0c 00 0c 80", // NLA_F_NESTED|IFLA_PROTINFO, len 12
                "05 00 08 00 00 00 00 00"); // IFLA_BRPORT_LEARNING 0 + pad
        assertThat(Requests.setBridgePortLearning(SEQ + 1, 6, false)).isEqualTo(expected);
    }

    @Test
    void deleteLink() {
        // ip link del br0
        byte[] expected = bytes(
                "20 00 00 00 11 00 05 00 6c a7 09 6b 00 00 00 00", // len 32, RTM_DELLINK, REQUEST|ACK
                "00 00 00 00 04 00 00 00 00 00 00 00 00 00 00 00"); // ifinfomsg, index 4
        assertThat(Requests.deleteLink(SEQ + 1, 4)).isEqualTo(expected);
    }

    @Test
    void addReplaceDeleteIpv4Address() throws Exception {
        byte[] address = InetAddress.getByName("10.0.0.1").getAddress();
        String body = "02 18 00 00 04 00 00 00" // ifaddrmsg: AF_INET, prefix 24, flags 0, scope 0, index 4
                + "08 00 02 00 0a 00 00 01" // IFA_LOCAL 10.0.0.1
                + "08 00 01 00 0a 00 00 01"; // IFA_ADDRESS 10.0.0.1
        // ip addr add 10.0.0.1/24 dev br0
        assertThat(Requests.newAddress(SEQ, Requests.CREATE_EXCLUSIVE, 4, address, 24)).isEqualTo(bytes(
                "28 00 00 00 14 00 05 06", SEQ_HEX, "00 00 00 00", body)); // RTM_NEWADDR, REQUEST|ACK|EXCL|CREATE
        // ip addr replace 10.0.0.1/24 dev br0
        assertThat(Requests.newAddress(SEQ + 1, Requests.CREATE_OR_REPLACE, 4, address, 24)).isEqualTo(bytes(
                "28 00 00 00 14 00 05 05 6c a7 09 6b 00 00 00 00", body)); // REQUEST|ACK|REPLACE|CREATE
        // ip addr del 10.0.0.1/24 dev br0
        assertThat(Requests.deleteAddress(SEQ + 1, 4, address, 24)).isEqualTo(bytes(
                "28 00 00 00 15 00 05 00 6c a7 09 6b 00 00 00 00", body)); // RTM_DELADDR, REQUEST|ACK
    }

    @Test
    void addIpv6Address() throws Exception {
        // ip addr add fd00::1/64 dev br0
        byte[] expected = bytes(
                "40 00 00 00 14 00 05 06 6c a7 09 6b 00 00 00 00", // len 64, RTM_NEWADDR, create exclusive
                "0a 40 00 00 04 00 00 00", // ifaddrmsg: AF_INET6, prefix 64, index 4
                "14 00 02 00 fd 00 00 00 00 00 00 00 00 00 00 00 00 00 00 01", // IFA_LOCAL fd00::1
                "14 00 01 00 fd 00 00 00 00 00 00 00 00 00 00 00 00 00 00 01"); // IFA_ADDRESS fd00::1
        assertThat(Requests.newAddress(SEQ + 1, Requests.CREATE_EXCLUSIVE, 4,
                InetAddress.getByName("fd00::1").getAddress(), 64)).isEqualTo(expected);
    }

    @Test
    void routes() throws Exception {
        byte[] net = InetAddress.getByName("10.1.0.0").getAddress();
        String tail = "08 00 01 00 0a 01 00 00" // RTA_DST 10.1.0.0
                + "08 00 05 00 0a 00 00 fe" // RTA_GATEWAY 10.0.0.254
                + "08 00 04 00 04 00 00 00"; // RTA_OIF 4
        Requests.RouteFields via = new Requests.RouteFields(Rtnl.AF_INET, net, 16,
                InetAddress.getByName("10.0.0.254").getAddress(), 4, 254, 3, 0);
        // ip route add 10.1.0.0/16 via 10.0.0.254 dev br0
        assertThat(Requests.newRoute(SEQ + 1, Requests.CREATE_EXCLUSIVE, via)).isEqualTo(bytes(
                "34 00 00 00 18 00 05 06 6c a7 09 6b 00 00 00 00", // len 52, RTM_NEWROUTE, create exclusive
                "02 10 00 00", // rtmsg: AF_INET, dst_len 16, src_len 0, tos 0
                "fe 03 00 01", // table main, protocol boot, scope universe, type unicast
                "00 00 00 00", // rtm_flags
                tail));
        // ip route del 10.1.0.0/16 via 10.0.0.254 dev br0
        assertThat(Requests.deleteRoute(SEQ + 1, via)).isEqualTo(bytes(
                "34 00 00 00 19 00 05 00 6c a7 09 6b 00 00 00 00", // RTM_DELROUTE, REQUEST|ACK
                "02 10 00 00",
                "fe 00 ff 00", // table main, protocol unspec, scope nowhere, type unspec: wildcards
                "00 00 00 00", tail));
        // ip route replace 10.1.0.0/16 via 10.0.0.253 dev br0 table 100 proto static
        Requests.RouteFields replaced = new Requests.RouteFields(Rtnl.AF_INET, net, 16,
                InetAddress.getByName("10.0.0.253").getAddress(), 4, 100, 4, 0);
        assertThat(Requests.newRoute(SEQ + 1, Requests.CREATE_OR_REPLACE, replaced)).isEqualTo(bytes(
                "34 00 00 00 18 00 05 05 6c a7 09 6b 00 00 00 00", // RTM_NEWROUTE, REQUEST|ACK|REPLACE|CREATE
                "02 10 00 00",
                "64 04 00 01", // table 100, protocol static, scope universe, unicast
                "00 00 00 00",
                "08 00 01 00 0a 01 00 00 08 00 05 00 0a 00 00 fd 08 00 04 00 04 00 00 00"));
        // ip route add 10.0.0.5/32 dev br0 scope link
        Requests.RouteFields onLink = new Requests.RouteFields(Rtnl.AF_INET,
                InetAddress.getByName("10.0.0.5").getAddress(), 32, null, 4, 254, 3, 253);
        assertThat(Requests.newRoute(SEQ + 1, Requests.CREATE_EXCLUSIVE, onLink)).isEqualTo(bytes(
                "2c 00 00 00 18 00 05 06 6c a7 09 6b 00 00 00 00", // len 44
                "02 20 00 00", // AF_INET, dst_len 32
                "fe 03 fd 01", // main, boot, scope link, unicast
                "00 00 00 00",
                "08 00 01 00 0a 00 00 05", // RTA_DST 10.0.0.5
                "08 00 04 00 04 00 00 00")); // RTA_OIF 4, no gateway
    }

    @Test
    void tablesAbove255AndTheDefaultRoute() throws Exception {
        byte[] gateway = InetAddress.getByName("10.0.0.254").getAddress();
        // ip route add 10.2.0.0/16 via 10.0.0.254 dev br0 table 1000 (a later capture: nlmsg_seq 0x6b09ae71)
        Requests.RouteFields bigTable = new Requests.RouteFields(Rtnl.AF_INET,
                InetAddress.getByName("10.2.0.0").getAddress(), 16, gateway, 4, 1000, 3, 0);
        assertThat(Requests.newRoute(0x6b09ae71, Requests.CREATE_EXCLUSIVE, bigTable)).isEqualTo(bytes(
                "3c 00 00 00 18 00 05 06 71 ae 09 6b 00 00 00 00", // len 60, RTM_NEWROUTE, create exclusive
                "02 10 00 00",
                "00 03 00 01", // rtm_table RT_TABLE_UNSPEC: the table travels in RTA_TABLE
                "00 00 00 00",
                "08 00 01 00 0a 02 00 00", // RTA_DST 10.2.0.0
                "08 00 05 00 0a 00 00 fe", // RTA_GATEWAY 10.0.0.254
                "08 00 0f 00 e8 03 00 00", // RTA_TABLE 1000
                "08 00 04 00 04 00 00 00")); // RTA_OIF 4
        // ip route add default via 10.0.0.254 dev br0
        Requests.RouteFields defaultRoute = new Requests.RouteFields(Rtnl.AF_INET, new byte[4], 0, gateway, 4, 254,
                3, 0);
        assertThat(Requests.newRoute(0x6b09ae71, Requests.CREATE_EXCLUSIVE, defaultRoute)).isEqualTo(bytes(
                "2c 00 00 00 18 00 05 06 71 ae 09 6b 00 00 00 00", // len 44
                "02 00 00 00", // AF_INET, dst_len 0
                "fe 03 00 01 00 00 00 00", // main, boot, universe, unicast
                "08 00 05 00 0a 00 00 fe", // RTA_GATEWAY 10.0.0.254, no RTA_DST
                "08 00 04 00 04 00 00 00")); // RTA_OIF 4
    }

    @Test
    void neighbours() throws Exception {
        byte[] address = InetAddress.getByName("10.0.0.2").getAddress();
        // ip neigh add 10.0.0.2 lladdr 02:00:00:00:00:02 dev br0
        assertThat(Requests.newNeighbour(SEQ + 2, 4, address, new byte[] {2, 0, 0, 0, 0, 2})).isEqualTo(bytes(
                "30 00 00 00 1c 00 05 06 6d a7 09 6b 00 00 00 00", // len 48, RTM_NEWNEIGH, create exclusive
                "02 00 00 00", // ndmsg: AF_INET, pads
                "04 00 00 00", // ndm_ifindex 4
                "80 00 00 00", // ndm_state NUD_PERMANENT, flags 0, type 0
                "08 00 01 00 0a 00 00 02", // NDA_DST 10.0.0.2
                "0a 00 02 00 02 00 00 00 00 02 00 00")); // NDA_LLADDR 02:00:00:00:00:02 + pad
        // ip neigh del 10.0.0.2 dev br0
        assertThat(Requests.deleteNeighbour(SEQ + 2, 4, address)).isEqualTo(bytes(
                "24 00 00 00 1d 00 05 00 6d a7 09 6b 00 00 00 00", // len 36, RTM_DELNEIGH, REQUEST|ACK
                "02 00 00 00 04 00 00 00 80 00 00 00",
                "08 00 01 00 0a 00 00 02"));
    }
}
