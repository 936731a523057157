package io.k6t.net.cli.internal.dhcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.k6t.net.dhcp.ClasslessRoute;
import io.k6t.net.dhcp.DhcpCodec;
import io.k6t.net.dhcp.DhcpMessage;
import io.k6t.net.dhcp.DhcpOptionCode;
import io.k6t.net.dhcp.DhcpOptionCodecs;
import io.k6t.net.dhcp.MacAddress;
import io.k6t.net.dhcp.MessageType;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The JSON object of dhcp decode --json: field order and the typed value of each kind of option. */
class MessageViewTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void fieldsAreTheContractsInItsOrder() throws Exception {
        JsonNode json = decodeToJson(ack());
        List<String> names = new ArrayList<>();
        json.fieldNames().forEachRemaining(names::add);
        assertThat(names).containsExactly("frame", "op", "xid", "chaddr", "ciaddr", "yiaddr", "siaddr", "giaddr",
                "broadcast", "messageType", "options");
        assertThat(json.get("frame").asLong()).isEqualTo(7);
        assertThat(json.get("op").asText()).isEqualTo("BOOTREPLY");
        assertThat(json.get("xid").asText()).isEqualTo("0x0000beef");
        assertThat(json.get("chaddr").asText()).isEqualTo("02:00:00:74:17:75");
        assertThat(json.get("yiaddr").asText()).isEqualTo("10.244.1.5");
        assertThat(json.get("broadcast").asBoolean()).isTrue();
        assertThat(json.get("messageType").asText()).isEqualTo("ACK");
    }

    @Test
    void optionValuesAreTypedPerCode() throws Exception {
        JsonNode options = decodeToJson(ack()).get("options");

        assertThat(option(options, 51).get("value").isNumber()).isTrue();
        assertThat(option(options, 51).get("value").asLong()).isEqualTo(86_313_600L);
        assertThat(option(options, 26).get("value").asInt()).isEqualTo(1450);
        assertThat(option(options, 12).get("value").asText()).isEqualTo("nodejs");
        assertThat(option(options, 1).get("value").asText()).isEqualTo("255.255.255.0");
        assertThat(option(options, 54).get("value").asText()).isEqualTo("169.254.75.10");
        assertThat(option(options, 6).get("value").toString()).isEqualTo("[\"10.96.0.10\",\"10.96.0.11\"]");
        assertThat(option(options, 119).get("value").toString())
                .isEqualTo("[\"vm.svc.cluster.local\",\"cluster.local\"]");
        assertThat(option(options, 121).get("value").toString()).isEqualTo(
                "[{\"destination\":\"169.254.75.10/32\",\"gateway\":\"0.0.0.0\"},"
                + "{\"destination\":\"0.0.0.0/0\",\"gateway\":\"10.244.1.1\"}]");
        assertThat(option(options, 53).get("value").asText()).isEqualTo("ACK");
    }

    @Test
    void parameterRequestListIsAListOfCodes() throws Exception {
        DhcpMessage discover = DhcpMessage.builder().op(DhcpMessage.BOOTREQUEST).xid(1)
                .clientMac(MacAddress.parse("02:00:00:74:17:75"))
                .option(DhcpOptionCodecs.DHCP_MESSAGE_TYPE, MessageType.DISCOVER)
                .option(DhcpOptionCodecs.PARAMETER_REQUEST_LIST,
                        List.of(DhcpOptionCode.SUBNET_MASK, DhcpOptionCode.valueOf(121),
                        DhcpOptionCode.ROUTER))
                .build();
        JsonNode json = decodeToJson(discover);
        assertThat(json.get("op").asText()).isEqualTo("BOOTREQUEST");
        assertThat(option(json.get("options"), 55).get("value").toString()).isEqualTo("[1,121,3]");
    }

    @Test
    void privateAndUnknownCodesHaveHexAlone() throws Exception {
        DhcpMessage offer = ack().toBuilder().privateOption(240, "extra".getBytes(StandardCharsets.US_ASCII)).build();
        JsonNode option = option(decodeToJson(offer).get("options"), 240);
        assertThat(option.has("value")).isFalse();
        assertThat(option.get("hex").asText()).isEqualTo("6578747261");
        assertThat(option.get("name").asText()).isEqualTo(DhcpOptionCode.valueOf(240).name());
    }

    @Test
    void textShowsTypeXidAndOneLinePerOption() throws Exception {
        String text = MessageView.text("frame 7", DhcpCodec.decode(DhcpCodec.encode(ack())));
        assertThat(text).startsWith("frame 7  ACK xid 0x0000beef chaddr 02:00:00:74:17:75 broadcast\n");
        assertThat(text).contains("    yiaddr 10.244.1.5\n",
                "121 CLASSLESS_STATIC_ROUTE: 169.254.75.10/32 via 0.0.0.0, "
                + "0.0.0.0/0 via 10.244.1.1\n", "  6 DOMAIN_NAME_SERVER: 10.96.0.10, 10.96.0.11\n");
        assertThat(text).doesNotContain("ciaddr");
    }

    private static JsonNode decodeToJson(DhcpMessage message) throws Exception {
        DhcpMessage decoded = DhcpCodec.decode(DhcpCodec.encode(message));
        return MAPPER.readTree(MessagePrinter.toJson(MessageView.fields(7, decoded)));
    }

    private static JsonNode option(JsonNode options, int code) {
        for (JsonNode option : options) {
            if (option.get("code").asInt() == code) {
                return option;
            }
        }
        throw new AssertionError("no option " + code + " in " + options);
    }

    private static DhcpMessage ack() throws Exception {
        return DhcpMessage.builder().op(DhcpMessage.BOOTREPLY).xid(0xbeef).broadcast(true)
                .clientMac(MacAddress.parse("02:00:00:74:17:75"))
                .yiaddr(ip("10.244.1.5"))
                .option(DhcpOptionCodecs.DHCP_MESSAGE_TYPE, MessageType.ACK)
                .option(DhcpOptionCodecs.SERVER_IDENTIFIER, ip("169.254.75.10"))
                .option(DhcpOptionCodecs.IP_ADDRESS_LEASE_TIME, 86_313_600L)
                .option(DhcpOptionCodecs.SUBNET_MASK, ip("255.255.255.0"))
                .option(DhcpOptionCodecs.CLASSLESS_STATIC_ROUTE,
                        List.of(ClasslessRoute.of("169.254.75.10/32", "0.0.0.0"),
                        ClasslessRoute.of("0.0.0.0/0", "10.244.1.1")))
                .option(DhcpOptionCodecs.ROUTER, List.of(ip("10.244.1.1")))
                .option(DhcpOptionCodecs.DOMAIN_NAME_SERVER, List.of(ip("10.96.0.10"), ip("10.96.0.11")))
                .option(DhcpOptionCodecs.DOMAIN_SEARCH, List.of("vm.svc.cluster.local", "cluster.local"))
                .option(DhcpOptionCodecs.HOST_NAME, "nodejs")
                .option(DhcpOptionCodecs.INTERFACE_MTU, 1450)
                .build();
    }

    private static Inet4Address ip(String text) throws Exception {
        return (Inet4Address) InetAddress.getByName(text);
    }
}
