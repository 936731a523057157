package io.k6t.net.it.netlink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.k6t.net.it.support.KernelLinkKinds;
import io.k6t.net.launcher.netlink.Bridge;
import io.k6t.net.launcher.netlink.Dummy;
import io.k6t.net.os.Errno;
import io.k6t.net.launcher.netlink.Link;
import io.k6t.net.launcher.netlink.LinkNotFoundException;
import io.k6t.net.dhcp.MacAddress;
import io.k6t.net.launcher.netlink.NetlinkException;
import io.k6t.net.launcher.netlink.NetlinkHandle;
import io.k6t.net.launcher.netlink.OperState;
import io.k6t.net.launcher.netlink.UnsupportedLinkKindException;
import io.k6t.net.launcher.netlink.Veth;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Link operations against the kernel, each checked with {@code ip -j -d link}. */
class NetlinkLinksIT {
    private static final MacAddress BRIDGE_MAC = MacAddress.parse("02:00:00:00:00:01");

    private PodFixture fixture;
    private NetlinkHandle netlink;
    private Ip ip;

    @BeforeEach
    void setUp() throws Exception {
        fixture = PodFixture.create();
        netlink = fixture.netlink();
        ip = fixture.ip();
    }

    @AfterEach
    void tearDown() throws Exception {
        fixture.close();
    }

    @Test
    void addBridgeCreatesABridgeWithTheGivenMac() throws Exception {
        Bridge bridge = netlink.addBridge("k6t-eth0", BRIDGE_MAC);

        JsonNode seen = ip.link("k6t-eth0").orElseThrow();
        assertThat(seen.get("linkinfo").get("info_kind").asText()).isEqualTo("bridge");
        assertThat(seen.get("address").asText()).isEqualTo("02:00:00:00:00:01");
        assertThat(bridge.index()).isEqualTo(seen.get("ifindex").asInt());
        assertThat(bridge.attributes().mac()).contains(BRIDGE_MAC);
        assertThat(bridge.attributes().up()).isFalse();
        assertThat(bridge.attributes().operState()).isEqualTo(OperState.DOWN);
        assertThat(netlink.links()).extracting(Link::name).containsExactlyInAnyOrderElementsOf(ip.linkNames());
    }

    @Test
    void addingAnExistingNameFailsWithEexistAndLeavesTheLinkAlone() throws Exception {
        netlink.addBridge("k6t-eth0", BRIDGE_MAC);

        assertThatThrownBy(() -> netlink.addBridge("k6t-eth0", MacAddress.parse("02:00:00:00:00:99")))
                .isInstanceOfSatisfying(NetlinkException.class, e -> {
                    assertThat(e.errno()).isEqualTo(Errno.EEXIST);
                    assertThat(e.getMessage()).contains("ip link add k6t-eth0");
                });
        assertThat(ip.link("k6t-eth0").orElseThrow().get("address").asText()).isEqualTo("02:00:00:00:00:01");
    }

    @Test
    void badNamesAndMacsAreRefusedBeforeAnyRequest() throws Exception {
        List<String> before = ip.linkNames();

        assertThatThrownBy(() -> netlink.addBridge("k6t-0123456789ab", BRIDGE_MAC))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("k6t-0123456789ab")
                .hasMessageContaining("16 bytes");
        assertThatThrownBy(() -> MacAddress.parse("02:00:00:00:00"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'02:00:00:00:00'");
        assertThatThrownBy(() -> netlink.addBridge("k6t-eth0", MacAddress.parse("01:00:5e:00:00:01")))
                .isInstanceOfSatisfying(NetlinkException.class,
                        e -> assertThat(e.errno()).isEqualTo(Errno.EADDRNOTAVAIL));
        assertThat(ip.linkNames()).isEqualTo(before);
    }

    @Test
    void missingLinksAreLinkNotFound() {
        assertThatThrownBy(() -> netlink.link("nosuch0"))
                .isInstanceOfSatisfying(LinkNotFoundException.class, e -> {
                    assertThat(e.errno()).isEqualTo(Errno.ENODEV);
                    assertThat(e.link()).isEqualTo("nosuch0");
                });
        assertThatThrownBy(() -> netlink.link(99999)).isInstanceOfSatisfying(LinkNotFoundException.class,
                e -> assertThat(e.link()).isEqualTo("#99999"));
        assertThatThrownBy(() -> netlink.setUp("nosuch0")).isInstanceOf(LinkNotFoundException.class);
        assertThatThrownBy(() -> netlink.deleteLink("nosuch0")).isInstanceOf(LinkNotFoundException.class);
    }

    /**
     * This kernel has no dummy driver; stock Debian and Ubuntu kernels have it. Each asserts its own
     * branch, with iproute2 as the judge of which kernel it is.
     */
    @Test
    void addDummyCreatesADummyWithTheDriverAndIsATypedErrorLeavingNothingWithout() throws Exception {
        List<String> before = ip.linkNames();
        boolean kernelHasDummy = KernelLinkKinds.available(fixture.net(), "pod", "dummy");

        assertThat(netlink.supportsLinkKind("dummy")).as("supportsLinkKind agrees with ip(8)")
                .isEqualTo(kernelHasDummy);
        assertThat(netlink.supportsLinkKind("bridge")).isTrue();
        assertThat(netlink.supportsLinkKind("veth")).isTrue();
        if (kernelHasDummy) {
            Dummy dummy = netlink.addDummy("placeholder0");
            assertThat(ip.link("placeholder0").orElseThrow().get("linkinfo").get("info_kind").asText())
                    .isEqualTo("dummy");
            assertThat(dummy.index()).isEqualTo(ip.link("placeholder0").orElseThrow().get("ifindex").asInt());
            assertThat(netlink.link("placeholder0")).isInstanceOf(Dummy.class);
            netlink.deleteLink("placeholder0");
        } else {
            assertThatThrownBy(() -> netlink.addDummy("placeholder0"))
                    .isInstanceOfSatisfying(UnsupportedLinkKindException.class, e -> {
                        assertThat(e.errno()).isEqualTo(Errno.EOPNOTSUPP);
                        assertThat(e.kind()).isEqualTo("dummy");
                        assertThat(e.extAck()).contains("Unknown device type");
                    });
        }
        assertThat(ip.linkNames()).isEqualTo(before);
    }

    @Test
    void vethPairEndsKnowEachOther() throws Exception {
        Veth veth = netlink.addVeth("v0", "v1");

        int peerIndex = ip.link("v1").orElseThrow().get("ifindex").asInt();
        assertThat(ip.link("v0").orElseThrow().get("linkinfo").get("info_kind").asText()).isEqualTo("veth");
        assertThat(veth.peerIndex()).hasValue(peerIndex);
        assertThat(netlink.link("v1")).isInstanceOf(Veth.class);
    }

    @Test
    void upDownRenameMacMtu() throws Exception {
        netlink.addVeth("v0", "v1");
        int index = netlink.link("v0").index();

        netlink.setUp("v0");
        assertThat(ip.flags("v0")).contains("UP");
        assertThat(netlink.link("v0").attributes().up()).isTrue();
        netlink.setDown("v0");
        assertThat(ip.flags("v0")).doesNotContain("UP");

        netlink.rename("v0", "eth0-nic");
        assertThat(ip.link("v0")).isEmpty();
        assertThat(ip.link("eth0-nic").orElseThrow().get("ifindex").asInt()).isEqualTo(index);

        netlink.setMac("eth0-nic", MacAddress.parse("02:aa:bb:cc:dd:ee"));
        netlink.setMtu("eth0-nic", 1400);
        JsonNode seen = ip.link("eth0-nic").orElseThrow();
        assertThat(seen.get("address").asText()).isEqualTo("02:aa:bb:cc:dd:ee");
        assertThat(seen.get("mtu").asInt()).isEqualTo(1400);
        assertThat(netlink.link(index).attributes().mtu()).isEqualTo(1400);
    }

    @Test
    void renamingToAnExistingNameFailsWithEexist() throws Exception {
        netlink.addVeth("v0", "v1");

        assertThatThrownBy(() -> netlink.rename("v0", "v1")).isInstanceOfSatisfying(NetlinkException.class,
                e -> assertThat(e.errno()).isEqualTo(Errno.EEXIST));
        assertThat(ip.link("v0")).isPresent();
    }

    @Test
    void masterNomasterAndLearning() throws Exception {
        Bridge bridge = netlink.addBridge("k6t-eth0", BRIDGE_MAC);
        netlink.addVeth("v0", "v1");

        netlink.setMaster("v0", "k6t-eth0");
        assertThat(ip.link("v0").orElseThrow().get("master").asText()).isEqualTo("k6t-eth0");
        assertThat(netlink.link("v0").attributes().masterIndex()).hasValue(bridge.index());
        assertThat(learning("v0")).isTrue();

        netlink.setLearning("v0", false);
        assertThat(learning("v0")).isFalse();
        netlink.setLearning("v0", true);
        assertThat(learning("v0")).isTrue();

        netlink.setNoMaster("v0");
        assertThat(ip.link("v0").orElseThrow().has("master")).isFalse();
        assertThat(netlink.link("v0").attributes().masterIndex()).isEmpty();
    }

    @Test
    void learningOnALinkThatIsNoBridgePortIsRefused() throws Exception {
        netlink.addVeth("v0", "v1");

        assertThatThrownBy(() -> netlink.setLearning("v0", false)).isInstanceOfSatisfying(NetlinkException.class,
                e -> assertThat(e.errno()).isIn(Errno.EOPNOTSUPP, Errno.EINVAL));
    }

    @Test
    void deleteRemovesTheLinkAndItsVethPeer() throws Exception {
        netlink.addVeth("v0", "v1");

        netlink.deleteLink("v0");

        assertThat(ip.link("v0")).isEmpty();
        assertThat(ip.link("v1")).isEmpty();
        assertThat(netlink.findLink("v0")).isEmpty();
    }

    private boolean learning(String port) {
        return ip.link(port).orElseThrow().get("linkinfo").get("info_slave_data").get("learning").asBoolean();
    }
}
