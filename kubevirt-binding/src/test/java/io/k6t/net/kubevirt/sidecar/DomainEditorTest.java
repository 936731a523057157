package io.k6t.net.kubevirt.sidecar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.k6t.net.kubevirt.handoff.Handoff;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class DomainEditorTest {
    static final String POD_MAC = "0a:58:0a:f4:01:05";
    static final String BLUE_POD = Vmi.hashedPodInterfaceName("blue");

    static byte[] resource(String name) {
        try (InputStream in = DomainEditorTest.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("no test resource " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Inet4Address ip(String text) {
        try {
            return (Inet4Address) InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    static Handoff handoff(String network, String podInterface, String tap, String bridge, String podMac,
            String address) {
        Handoff.Lease lease = Handoff.Lease.of(ip("169.254.75.10"), ip(address), 24, Optional.empty(), List.of());
        return new Handoff(network, podInterface, bridge, tap, bridge.substring("k6t-".length()) + "-nic", podMac,
                1450, false, Optional.of(lease), OptionalLong.of(35));
    }

    /** {@code h} as the CNI plugin hands it over with anti-spoofing on. */
    static Handoff pinned(Handoff h) {
        return new Handoff(h.network(), h.podInterface(), h.bridge(), h.tap(), h.nic(), h.guestMac(), h.mtu(), true,
                h.lease(), h.setupMillis());
    }

    /** The VMI of {@code vmi.json} with its default interface's MAC replaced. */
    static byte[] vmiWithDefaultMac(String mac) {
        return new String(resource("vmi.json"), StandardCharsets.UTF_8).replace("02:00:00:74:17:75", mac)
                .getBytes(StandardCharsets.UTF_8);
    }

    static Map<String, Handoff> twoBound() {
        return Map.of("eth0", handoff("default", "eth0", "tap0", "k6t-eth0", POD_MAC, "10.244.1.5"),
                BLUE_POD, handoff("blue", BLUE_POD, "tap16477688c0e", "k6t-16477688c0e", "0a:58:0a:f5:00:07",
                        "10.245.0.7"));
    }

    @Test
    void addsOneEthernetInterfacePerBoundVmiInterfaceAndChangesNoOtherByte() {
        byte[] domain = resource("domain.xml");
        DomainEditor.Edit edit = new DomainEditor("k6t").edit(domain, resource("vmi.json"), twoBound());

        String expected = new String(resource("domain-with-k6t.xml"), StandardCharsets.UTF_8);
        String result = new String(edit.domainXml(), StandardCharsets.UTF_8);
        assertThat(result).isEqualTo(expected);
        // Byte-exact: cutting out the two added elements (and their line breaks) gives the input back.
        String original = new String(domain, StandardCharsets.UTF_8);
        int start = result.indexOf("\n\t\t<interface type=\"ethernet\">\n\t\t\t<target dev=\"tap0\"");
        int end = result.indexOf("</interface>", result.indexOf("ua-blue")) + "</interface>".length();
        assertThat(start).isPositive();
        assertThat(result.substring(0, start) + result.substring(end)).isEqualTo(original);
    }

    @Test
    void servesTheVmiMacWhereTheVmiSetsOneAndThePodMacElsewhere() {
        DomainEditor.Edit edit = new DomainEditor("k6t").edit(resource("domain.xml"), resource("vmi.json"), twoBound());

        assertThat(edit.served()).extracting(DomainEditor.Served::network, DomainEditor.Served::guestMac)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("default", "02:00:00:74:17:75"),
                        org.assertj.core.groups.Tuple.tuple("blue", "0a:58:0a:f5:00:07"));
    }

    @Test
    void aVmiMacOtherThanThePodsIsRefusedWhenAntiSpoofingPinsThePodsMacNamingBothAndTheFix() {
        Map<String, Handoff> bound = new java.util.HashMap<>(twoBound());
        bound.put("eth0", pinned(bound.get("eth0")));

        assertThatThrownBy(() -> new DomainEditor("k6t").edit(resource("domain.xml"),
                vmiWithDefaultMac("02:00:00:aa:bb:cc"), bound))
                .isInstanceOf(HookInputException.class)
                .hasMessage("vmi interface default: macAddress 02:00:00:aa:bb:cc is not the pod's MAC " + POD_MAC
                        + ", to which the binding's anti-spoofing holds the guest: remove macAddress from the VMI,"
                        + " or set \"antiSpoofing\": false in the NetworkAttachmentDefinition of network default");
    }

    @Test
    void thePodsOwnMacInAnyCaseIsServedWhenPinnedAndAnotherMacWhenNot() {
        Map<String, Handoff> pinned = new java.util.HashMap<>(twoBound());
        pinned.put("eth0", pinned(pinned.get("eth0")));
        DomainEditor.Edit same = new DomainEditor("k6t").edit(resource("domain.xml"),
                vmiWithDefaultMac(POD_MAC.toUpperCase(java.util.Locale.ROOT)), pinned);
        DomainEditor.Edit other = new DomainEditor("k6t").edit(resource("domain.xml"),
                vmiWithDefaultMac("02:00:00:aa:bb:cc"), twoBound());

        assertThat(same.served().get(0).guestMac()).isEqualTo(POD_MAC);
        assertThat(other.served().get(0).guestMac()).isEqualTo("02:00:00:aa:bb:cc");
    }

    @Test
    void leavesTheDomainAloneWhenNoInterfaceIsBoundToThePlugin() {
        byte[] domain = resource("domain.xml");
        DomainEditor.Edit edit = new DomainEditor("other-plugin").edit(domain, resource("vmi.json"), twoBound());

        assertThat(edit.domainXml()).isEqualTo(domain);
        assertThat(edit.served()).isEmpty();
    }

    @Test
    void malformedVmiJsonIsAnInputErrorNamingTheVmi() {
        assertThatThrownBy(() -> new DomainEditor("k6t").edit(resource("domain.xml"),
                "{\"spec\": [".getBytes(StandardCharsets.UTF_8), twoBound()))
                .isInstanceOf(HookInputException.class)
                .hasMessageStartingWith("vmi: not valid JSON");
    }

    @Test
    void aVmiMacThatIsNotUnicastIsAnInputErrorNamingTheInterface() {
        byte[] vmi = new String(resource("vmi.json"), StandardCharsets.UTF_8)
                .replace("02:00:00:74:17:75", "03:00:00:74:17:75").getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> new DomainEditor("k6t").edit(resource("domain.xml"), vmi, twoBound()))
                .isInstanceOf(HookInputException.class)
                .hasMessageContaining("vmi interface default")
                .hasMessageContaining("03:00:00:74:17:75");
    }

    @Test
    void aBootOrderThatIsNotANumberIsAnInputErrorNamingTheField() {
        byte[] vmi = new String(resource("vmi.json"), StandardCharsets.UTF_8)
                .replace("\"bootOrder\": 2", "\"bootOrder\": \"first\"").getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> new DomainEditor("k6t").edit(resource("domain.xml"), vmi, twoBound()))
                .isInstanceOf(HookInputException.class)
                .hasMessageStartingWith("vmi.spec.domain.devices.interfaces[0].bootOrder: expected an integer");
    }

    @Test
    void malformedDomainXmlIsAnInputErrorNamingTheDomain() {
        assertThatThrownBy(() -> new DomainEditor("k6t").edit("<domain><devices>".getBytes(StandardCharsets.UTF_8),
                resource("vmi.json"), twoBound()))
                .isInstanceOf(HookInputException.class)
                .hasMessageStartingWith("domainXML: ");
    }

    @Test
    void aBoundVmiInterfaceWithoutABoundPodInterfaceIsAnInputErrorNamingBoth() {
        assertThatThrownBy(() -> new DomainEditor("k6t").edit(resource("domain.xml"), resource("vmi.json"),
                Map.of("eth0", twoBound().get("eth0"))))
                .isInstanceOf(HookInputException.class)
                .hasMessageContaining("vmi interface blue")
                .hasMessageContaining(BLUE_POD);
    }

    @Test
    void secondaryNetworksTakeKubevirtsHashedPodInterfaceName() {
        // KubeVirt's namescheme: "pod" + the first 11 hex digits of SHA-256("blue").
        assertThat(Vmi.hashedPodInterfaceName("blue")).isEqualTo("pod16477688c0e");
    }
}
