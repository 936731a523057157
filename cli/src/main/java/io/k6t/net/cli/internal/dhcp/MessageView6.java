package io.k6t.net.cli.internal.dhcp;

import com.google.common.net.InetAddresses;
import io.k6t.net.dhcp.v6.Dhcp6Codec;
import io.k6t.net.dhcp.v6.Dhcp6DecodeException;
import io.k6t.net.dhcp.v6.Dhcp6Message;
import io.k6t.net.dhcp.v6.Dhcp6Option;
import io.k6t.net.dhcp.v6.Dhcp6OptionCode;
import io.k6t.net.dhcp.v6.Dhcp6Options;
import io.k6t.net.dhcp.v6.Dhcp6Packet;
import io.k6t.net.dhcp.v6.Dhcp6RelayMessage;
import io.k6t.net.dhcp.v6.Duid;
import io.k6t.net.dhcp.v6.IaAddress;
import io.k6t.net.dhcp.v6.IaNa;
import io.k6t.net.dhcp.v6.StatusCode;
import java.net.Inet6Address;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A decoded DHCPv6 message as {@code k6t-net dhcp decode} shows it. {@link #fields} is the JSON object:
 * frame, protocol ({@code DHCPv6}: a DHCPv4 object has {@code op} instead), messageType (SOLICIT, ...,
 * RELAY_FORW), then xid for a client/server message or hopCount, linkAddress and peerAddress for a relay
 * message, then options ({@code {code, name, value, hex}}, {@code value} typed and left out where the
 * option has no typed view). A relay message's option 9 holds the relayed message's object as its value.
 */
public final class MessageView6 {
    /** The {@code protocol} field of a DHCPv6 object. */
    public static final String PROTOCOL = "DHCPv6";
    private static final String[] STATUS_NAMES = {"Success", "UnspecFail", "NoAddrsAvail", "NoBinding", "NotOnLink",
        "UseMulticast", "NoPrefixAvail"};
    private static final String[] DUID_TYPES = {"", "LLT", "EN", "LL", "UUID"};

    private MessageView6() {
    }

    /** The JSON fields of {@code packet}, captured as frame {@code frame} (1-based). */
    public static Map<String, Object> fields(long frame, Dhcp6Packet packet) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("frame", frame);
        fields.putAll(body(packet));
        return fields;
    }

    /** The fields without the frame: a relayed message's value, a replay's reply. */
    public static Map<String, Object> body(Dhcp6Packet packet) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("protocol", PROTOCOL);
        fields.put("messageType", packet.type().name());
        if (packet instanceof Dhcp6Message message) {
            fields.put("xid", xid(message));
        } else {
            Dhcp6RelayMessage relay = (Dhcp6RelayMessage) packet;
            fields.put("hopCount", relay.hopCount());
            fields.put("linkAddress", address(relay.linkAddress()));
            fields.put("peerAddress", address(relay.peerAddress()));
        }
        List<Map<String, Object>> options = new ArrayList<>();
        for (Dhcp6Option option : packet.options()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("code", option.code().code());
            entry.put("name", option.code().name());
            value(option).ifPresent(value -> entry.put("value", value));
            entry.put("hex", OptionValues.hex(option.value()));
            options.add(entry);
        }
        fields.put("options", options);
        return fields;
    }

    /**
     * The message as text: a header line (frame, addresses, type, xid or relay addresses, the client's
     * DUID) and one indented line per option; a relayed message follows, indented, under option 9.
     */
    public static String text(String header, Dhcp6Packet packet) {
        StringBuilder text = new StringBuilder(header).append("  ").append(summary(packet)).append('\n');
        appendOptions(text, packet.options(), "    ");
        return text.toString();
    }

    /**
     * {@code SOLICIT xid 0x91599d client 000300010200...} for a message, {@code RELAY_FORW hops 0 link ::
     * peer fe80::1} for a relay message: what the header, {@code dhcp serve} and {@code dhcp replay} print.
     */
    public static String summary(Dhcp6Packet packet) {
        StringBuilder s = new StringBuilder(packet.type().name());
        if (packet instanceof Dhcp6Message message) {
            s.append(" xid ").append(xid(message));
            Optional<Duid> client = message.options().clientId();
            s.append(" client ").append(client.isPresent() ? describe(client.get()) : "?");
        } else {
            Dhcp6RelayMessage relay = (Dhcp6RelayMessage) packet;
            s.append(" hops ").append(relay.hopCount()).append(" link ").append(address(relay.linkAddress()))
                    .append(" peer ").append(address(relay.peerAddress()));
        }
        return s.toString();
    }

    /** The transaction id as {@code 0x} and 6 hex digits (24 bits). */
    public static String xid(Dhcp6Message message) {
        return "0x" + HexFormat.of().toHexDigits(message.transactionId()).substring(2);
    }

    /** A DUID as {@code LL 02:00:00:74:17:75} when it holds a MAC, else its hex. */
    public static String describe(Duid duid) {
        Optional<String> type = duidType(duid);
        return duid.macAddress().map(mac -> type.orElseThrow() + " " + mac).orElse(duid.toString());
    }

    /** The first address of the first IA_NA, if any: what a reply hands out. */
    public static Optional<Inet6Address> firstAddress(Dhcp6Options options) {
        return options.iaNas().stream().flatMap(ia -> ia.addresses().stream()).map(IaAddress::address)
                .findFirst();
    }

    private static void appendOptions(StringBuilder text, Dhcp6Options options, String indent) {
        for (Dhcp6Option option : options) {
            text.append(indent).append(String.format("%3d %s: ", option.code().code(), option.code().name()));
            if (option.code().equals(Dhcp6OptionCode.RELAY_MSG)) {
                Optional<Dhcp6Packet> relayed = relayed(option);
                if (relayed.isPresent()) {
                    text.append(summary(relayed.get())).append('\n');
                    appendOptions(text, relayed.get().options(), indent + "    ");
                    continue;
                }
            }
            text.append(value(option).map(MessageView6::plain).orElse("0x" + OptionValues.hex(option.value())))
                    .append('\n');
        }
    }

    /** The typed value of one option, if its code has a typed view. */
    static Optional<Object> value(Dhcp6Option option) {
        Dhcp6Options one = Dhcp6Options.of(option);
        int code = option.code().code();
        return Optional.ofNullable(switch (code) {
            case 1 -> duid(one.clientId().orElseThrow());
            case 2 -> duid(one.serverId().orElseThrow());
            case 3 -> iaNa(one.iaNas().get(0));
            case 5 -> iaAddress(one.iaAddresses().get(0));
            case 6 -> one.requestedOptions().stream().map(Dhcp6OptionCode::code).toList();
            case 7 -> one.preference().getAsInt();
            case 8 -> one.elapsedTime().getAsInt();
            case 9 -> relayed(option).map(MessageView6::body).orElse(null);
            case 12 -> address(one.unicast().orElseThrow());
            case 13 -> status(one.statusCode().orElseThrow());
            case 14 -> true;
            case 23 -> one.dnsServers().stream().map(MessageView6::address).toList();
            case 24 -> one.domainList();
            case 32 -> one.informationRefreshTime().orElseThrow();
            case 79 -> one.clientLinkLayerAddress().orElseThrow().toString();
            default -> null;
        });
    }

    private static Optional<Dhcp6Packet> relayed(Dhcp6Option option) {
        try {
            return Optional.of(Dhcp6Codec.decode(option.value()));
        } catch (Dhcp6DecodeException e) {
            // The decoder checked option 9 when it decoded the relay message; never reached.
            throw new IllegalStateException("option 9 was checked when it was decoded: " + e.getMessage(), e);
        }
    }

    private static Map<String, Object> duid(Duid duid) {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("type", duidType(duid).orElse(Integer.toString(duid.type())));
        duid.macAddress().ifPresent(mac -> value.put("mac", mac.toString()));
        return value;
    }

    private static Optional<String> duidType(Duid duid) {
        int type = duid.type();
        return type >= 1 && type < DUID_TYPES.length ? Optional.of(DUID_TYPES[type]) : Optional.empty();
    }

    private static Map<String, Object> iaNa(IaNa ia) {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("iaid", ia.iaid());
        value.put("t1", ia.t1());
        value.put("t2", ia.t2());
        value.put("addresses", ia.addresses().stream().map(MessageView6::iaAddress).toList());
        ia.statusCode().ifPresent(s -> value.put("status", status(s)));
        return value;
    }

    private static Map<String, Object> iaAddress(IaAddress address) {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("address", address(address.address()));
        value.put("preferredLifetime", address.preferredLifetime());
        value.put("validLifetime", address.validLifetime());
        address.statusCode().ifPresent(s -> value.put("status", status(s)));
        return value;
    }

    /** A status code's RFC 8415 name ({@code NoAddrsAvail}), or its number when unnamed. */
    public static String statusName(int status) {
        return status < STATUS_NAMES.length ? STATUS_NAMES[status] : Integer.toString(status);
    }

    private static Map<String, Object> status(StatusCode status) {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("status", statusName(status.status()));
        value.put("message", status.message());
        return value;
    }

    private static String address(Inet6Address address) {
        return InetAddresses.toAddrString(address);
    }

    /** A typed value as one line of text. */
    private static String plain(Object value) {
        if (value instanceof List<?> list) {
            List<String> parts = new ArrayList<>();
            for (Object item : list) {
                parts.add(plain(item));
            }
            return String.join(", ", parts);
        }
        if (value instanceof Map<?, ?> map) {
            List<String> parts = new ArrayList<>();
            map.forEach((k, v) -> parts.add(k + " " + (v instanceof List<?> || v instanceof Map<?, ?>
                    ? "(" + plain(v) + ")" : v)));
            return String.join(" ", parts);
        }
        return String.valueOf(value);
    }
}
