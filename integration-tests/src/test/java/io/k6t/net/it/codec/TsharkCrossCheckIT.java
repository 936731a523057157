package io.k6t.net.it.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.k6t.net.dhcp.ClasslessRoute;
import io.k6t.net.dhcp.DhcpCodec;
import io.k6t.net.dhcp.DhcpMessage;
import io.k6t.net.dhcp.DhcpOption;
import io.k6t.net.dhcp.EncodeOptions;
import io.k6t.net.dhcp.Pcap;
import io.k6t.net.it.support.Prerequisites;
import io.k6t.net.it.support.TestNetwork;
import java.io.ByteArrayInputStream;
import java.net.Inet4Address;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * tshark as an independent decoder: replies encoded by k6t-net (every typed option, RFC 3396 split
 * options, option overload) are written as a pcap with real Ethernet/IPv4/UDP framing and checksums,
 * dissected by {@code tshark -T pdml}, and tshark must report no malformation or warning and see the
 * values that were encoded.
 */
class TsharkCrossCheckIT {
    /** Wireshark's PI_WARN: expert infos at this severity or above fail the test. */
    private static final long EXPERT_WARN = 0x00600000L;

    @TempDir
    Path dir;

    /** A message and the limit it was encoded for. */
    private record Case(DhcpMessage message, EncodeOptions options) {
    }

    private static List<Case> cases() {
        return List.of(new Case(CrossCheckMessages.fullOffer(), EncodeOptions.forMaxMessageSize(1500)),
                new Case(CrossCheckMessages.splitAck(), EncodeOptions.forMaxMessageSize(1500)),
                new Case(CrossCheckMessages.overloadedOffer(), EncodeOptions.DEFAULT));
    }

    @Test
    void tsharkDecodesWhatWeEncodeWithoutComplaint() throws Exception {
        Prerequisites.requireTool("tshark", "tshark");
        List<Case> cases = cases();
        List<Pcap.Frame> frames = new ArrayList<>();
        for (Case c : cases) {
            frames.add(new Pcap.Frame(new byte[] {2, 0, 0, 0, 0, 1}, CrossCheckMessages.ip("169.254.75.10"), 67,
                    new byte[] {-1, -1, -1, -1, -1, -1}, CrossCheckMessages.ip("255.255.255.255"), 68,
                    DhcpCodec.encode(c.message(), c.options())));
        }
        Path pcap = dir.resolve("replies.pcap");
        Pcap.write(pcap, frames);

        String pdml = TestNetwork.run(List.of("tshark", "-n", "-o", "ip.check_checksum:TRUE", "-o",
                "udp.check_checksum:TRUE", "-r", pcap.toString(), "-T", "pdml"));
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", false);
        factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        Document doc = factory.newDocumentBuilder().parse(new ByteArrayInputStream(
                pdml.substring(pdml.indexOf("<?xml")).getBytes(StandardCharsets.UTF_8)));
        NodeList packets = doc.getElementsByTagName("packet");
        assertThat(packets.getLength()).isEqualTo(cases.size());
        for (int i = 0; i < cases.size(); i++) {
            checkPacket((Element) packets.item(i), cases.get(i));
        }
    }

    private static void checkPacket(Element packet, Case c) throws Exception {
        DhcpMessage m = c.message();
        String what = String.format("xid 0x%08x", m.xid());
        Map<String, List<String>> show = new LinkedHashMap<>();
        Map<String, List<String>> showname = new LinkedHashMap<>();
        NodeList fields = packet.getElementsByTagName("field");
        List<long[]> expert = new ArrayList<>();
        for (int i = 0; i < fields.getLength(); i++) {
            Element f = (Element) fields.item(i);
            show.computeIfAbsent(f.getAttribute("name"), k -> new ArrayList<>()).add(f.getAttribute("show"));
            showname.computeIfAbsent(f.getAttribute("name"), k -> new ArrayList<>()).add(f.getAttribute("showname"));
            if (f.getAttribute("name").equals("_ws.expert.severity")) {
                expert.add(new long[] {Long.parseLong(f.getAttribute("show"))});
            }
        }
        NodeList protos = packet.getElementsByTagName("proto");
        for (int i = 0; i < protos.getLength(); i++) {
            assertThat(((Element) protos.item(i)).getAttribute("name")).as(what).isNotEqualTo("_ws.malformed");
        }
        assertThat(expert).as(what + ": expert info at warning or error").allSatisfy(
                severity -> assertThat(severity[0]).isLessThan(EXPERT_WARN));
        assertThat(show.get("udp.checksum.status")).as(what).containsOnly("1");
        assertThat(show.get("ip.checksum.status")).as(what).containsOnly("1");

        // Header.
        assertThat(show.get("dhcp.id")).containsExactly(String.format("0x%08x", m.xid()));
        assertThat(show.get("dhcp.flags.bc")).containsExactly(m.broadcast() ? "1" : "0");
        assertThat(show.get("dhcp.ip.your")).containsExactly(m.yiaddr().getHostAddress());
        assertThat(show.get("dhcp.ip.server")).containsExactly(m.siaddr().getHostAddress());
        assertThat(show.get("dhcp.hw.mac_addr").get(0)).isEqualTo(m.clientMac().orElseThrow().toString());
        DhcpMessage decoded = DhcpCodec.decode(DhcpCodec.encode(m, c.options()));
        if (decoded.options().overload().isEmpty()) {
            assertThat(show.get("dhcp.server")).containsExactly(m.sname());
            assertThat(show.get("dhcp.file")).containsExactly(m.file());
        }

        // Every option's raw bytes, as tshark splits them out (split instances concatenated).
        Map<Integer, StringBuilder> tsharkValues = optionValues(packet);
        for (DhcpOption o : decoded.options()) {
            assertThat(tsharkValues.get(o.code().code())).as(what + " option " + o.code()).isNotNull();
            assertThat(tsharkValues.get(o.code().code()).toString()).as(what + " option " + o.code())
                    .isEqualTo(HexFormat.of().formatHex(o.value()));
        }
        assertThat(tsharkValues.keySet()).as(what).containsExactlyInAnyOrderElementsOf(decoded.options().stream()
                .map(o -> o.code().code()).collect(Collectors.toList()));

        // Typed values, as tshark interprets them.
        expect(show, "dhcp.option.dhcp", m.options().messageType().map(t -> Integer.toString(t.code())));
        expect(show, "dhcp.option.dhcp_server_id", m.options().serverIdentifier().map(Inet4Address::getHostAddress));
        expect(show, "dhcp.option.ip_address_lease_time", optionalLong(m.options().leaseSeconds()));
        expect(show, "dhcp.option.renewal_time_value", optionalLong(m.options().renewalSeconds()));
        expect(show, "dhcp.option.rebinding_time_value", optionalLong(m.options().rebindingSeconds()));
        expect(show, "dhcp.option.subnet_mask", m.options().subnetMask().map(Inet4Address::getHostAddress));
        expect(show, "dhcp.option.broadcast_address", m.options().broadcastAddress().map(Inet4Address::getHostAddress));
        expect(show, "dhcp.option.requested_ip_address",
                m.options().requestedIpAddress().map(Inet4Address::getHostAddress));
        expect(show, "dhcp.option.hostname", m.options().hostName());
        expect(show, "dhcp.option.domain_name", m.options().domainName());
        expect(show, "dhcp.option.vendor_class_id", m.options().vendorClassIdentifier());
        expect(show, "dhcp.option.tftp_server_name", m.options().tftpServerName());
        expect(show, "dhcp.option.bootfile_name", m.options().bootFileName());
        expect(show, "dhcp.option.private_proxy_autodiscovery", m.options().wpadUrl());
        expect(show, "dhcp.option.interface_mtu", m.options().interfaceMtu().isPresent()
                ? java.util.Optional.of(Integer.toString(m.options().interfaceMtu()
                        .getAsInt())) : java.util.Optional.empty());
        expect(show, "dhcp.option.dhcp_max_message_size", m.options().maxMessageSize().isPresent()
                ? java.util.Optional.of(Integer.toString(m.options().maxMessageSize()
                        .getAsInt())) : java.util.Optional.empty());
        expectList(show, "dhcp.option.router", addresses(m.options().routers()));
        expectList(show, "dhcp.option.domain_name_server", addresses(m.options().dnsServers()));
        expectList(show, "dhcp.option.ntp_server", addresses(m.options().ntpServers()));
        expectList(show, "dhcp.option.request_list_item", m.options().parameterRequestList().stream()
                .map(code -> Integer.toString(code.code())).collect(Collectors.toList()));
        expectList(show, "dhcp.option.dhcp_dns_domain_search_list_fqdn", m.options().domainSearch());
        List<ClasslessRoute> routes = new ArrayList<>(m.options().classlessRoutes());
        routes.addAll(m.options().msClasslessRoutes());
        expectList(showname, "dhcp.option.classless_static_route", routes.stream()
                .map(r -> " " + (r.isDefault() ? "default" : r.destination().getHostAddress() + "/" + r.prefixLength())
                        + "-" + r.gateway().getHostAddress()).collect(Collectors.toList()));
        m.options().clientFqdn().ifPresent(fqdn -> {
            assertThat(show.get("dhcp.fqdn.name")).containsExactly(fqdn.domainName().replaceAll("\\.$", ""));
            assertThat(show.get("dhcp.fqdn.e")).containsExactly(fqdn.canonicalEncoding() ? "1" : "0");
        });
        expectList(show, "dhcp.option.agent_information_option.suboption", m.options().relayAgentInformation().stream()
                .map(s -> Integer.toString(s.code())).collect(Collectors.toList()));
        expect(show, "dhcp.option.option_overload",
                m.options().overload().isPresent() || decoded.options().overload().isPresent()
                ? decoded.options().overload().map(o -> Integer.toString(o.value())) : java.util.Optional.empty());
    }

    /** Per option code, the hex of every instance's value in document order (tshark nests overloaded ones). */
    private static Map<Integer, StringBuilder> optionValues(Element packet) {
        Map<Integer, StringBuilder> out = new LinkedHashMap<>();
        NodeList fields = packet.getElementsByTagName("field");
        for (int i = 0; i < fields.getLength(); i++) {
            Element f = (Element) fields.item(i);
            if (!f.getAttribute("name").equals("dhcp.option.type")) {
                continue;
            }
            int code = Integer.parseInt(f.getAttribute("value").substring(0, 2), 16);
            if (code == 255 || code == 0) {
                continue;
            }
            String raw = f.getAttribute("value");
            // value attribute = code, length, value bytes of this instance
            out.computeIfAbsent(code, k -> new StringBuilder()).append(raw.substring(4));
        }
        return out;
    }

    private static List<String> addresses(List<Inet4Address> list) {
        return list.stream().map(Inet4Address::getHostAddress).collect(Collectors.toList());
    }

    private static java.util.Optional<String> optionalLong(java.util.OptionalLong value) {
        return value.isPresent() ? java.util.Optional.of(Long.toString(value.getAsLong())) : java.util.Optional.empty();
    }

    private static void expect(Map<String, List<String>> show, String field, java.util.Optional<String> value) {
        if (value.isPresent()) {
            assertThat(show.get(field)).as(field).containsExactly(value.get());
        } else {
            assertThat(show.get(field)).as(field).isNull();
        }
    }

    private static void expectList(Map<String, List<String>> show, String field, List<String> values) {
        if (values.isEmpty()) {
            assertThat(show.get(field)).as(field).isNull();
        } else {
            assertThat(show.get(field)).as(field).containsExactlyElementsOf(values);
        }
    }
}
