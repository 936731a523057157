package io.k6t.net.cli.internal.dhcp;

import io.k6t.net.dhcp.DhcpMessage;
import io.k6t.net.dhcp.DhcpOption;
import io.k6t.net.dhcp.DhcpOptionCodecs;
import io.k6t.net.dhcp.MessageType;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A decoded DHCP message as {@code k6t-net dhcp decode} shows it. {@link #fields} is the JSON object
 * of the CLI contract, in its field order: frame, op, xid, chaddr, ciaddr, yiaddr, siaddr, giaddr,
 * broadcast, messageType, options ({@code {code, name, value, hex}}, {@code value} typed and left
 * out for unknown and private codes).
 */
public final class MessageView {
    private MessageView() {
    }

    /** The contract's JSON fields of {@code message}, captured as frame {@code frame} (1-based). */
    public static Map<String, Object> fields(long frame, DhcpMessage message) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("frame", frame);
        fields.put("op", op(message));
        fields.put("xid", xid(message));
        fields.put("chaddr", chaddr(message));
        fields.put("ciaddr", message.ciaddr().getHostAddress());
        fields.put("yiaddr", message.yiaddr().getHostAddress());
        fields.put("siaddr", message.siaddr().getHostAddress());
        fields.put("giaddr", message.giaddr().getHostAddress());
        fields.put("broadcast", message.broadcast());
        fields.put("messageType", messageType(message).orElse(null));
        List<Map<String, Object>> options = new ArrayList<>();
        for (DhcpOption option : message.options()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("code", option.code().code());
            entry.put("name", option.code().name());
            DhcpOptionCodecs.format(option).ifPresent(value -> entry.put("value", value));
            entry.put("hex", OptionValues.hex(option.value()));
            options.add(entry);
        }
        fields.put("options", options);
        return fields;
    }

    /**
     * The message as text: a header line (frame, addresses, type, xid, chaddr) and one indented line
     * per non-zero address field and per option.
     */
    public static String text(String header, DhcpMessage message) {
        StringBuilder text = new StringBuilder(header);
        text.append("  ").append(messageType(message).orElse(op(message))).append(" xid ").append(xid(message))
                .append(" chaddr ").append(chaddr(message));
        if (message.broadcast()) {
            text.append(" broadcast");
        }
        text.append('\n');
        addAddress(text, "ciaddr", message.ciaddr().getHostAddress());
        addAddress(text, "yiaddr", message.yiaddr().getHostAddress());
        addAddress(text, "siaddr", message.siaddr().getHostAddress());
        addAddress(text, "giaddr", message.giaddr().getHostAddress());
        for (DhcpOption option : message.options()) {
            text.append(String.format("    %3d %s: ", option.code().code(), option.code().name()));
            Optional<Object> value = DhcpOptionCodecs.format(option);
            text.append(value.map(MessageView::plain).orElse("0x" + OptionValues.hex(option.value()))).append('\n');
        }
        return text.toString();
    }

    /** The DHCP message type name (DISCOVER...), if the message carries option 53. */
    public static Optional<String> messageType(DhcpMessage message) {
        return message.options().messageType().map(MessageType::name);
    }

    /** The transaction id as the contract writes it: {@code 0x} and 8 hex digits. */
    public static String xid(DhcpMessage message) {
        // Not String.format: dhcp serve writes this for every request.
        return "0x" + HexFormat.of().toHexDigits(message.xid());
    }

    private static String op(DhcpMessage message) {
        if (message.isRequest()) {
            return "BOOTREQUEST";
        }
        return message.isReply() ? "BOOTREPLY" : Integer.toString(message.op());
    }

    private static String chaddr(DhcpMessage message) {
        return message.clientMac().map(Object::toString)
                .orElseGet(() -> OptionValues.hex(message.clientHardwareAddress()));
    }

    private static void addAddress(StringBuilder text, String name, String address) {
        if (!"0.0.0.0".equals(address)) {
            text.append("    ").append(name).append(' ').append(address).append('\n');
        }
    }

    private static String plain(Object value) {
        if (value instanceof List<?> list) {
            List<String> parts = new ArrayList<>();
            for (Object item : list) {
                parts.add(plain(item));
            }
            return String.join(", ", parts);
        }
        if (value instanceof Map<?, ?> route) {
            return route.get("destination") + " via " + route.get("gateway");
        }
        return String.valueOf(value);
    }
}
