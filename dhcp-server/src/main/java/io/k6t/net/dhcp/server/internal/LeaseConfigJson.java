package io.k6t.net.dhcp.server.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.common.net.InetAddresses;
import io.k6t.net.dhcp.MacAddress;
import io.k6t.net.dhcp.internal.Ipv4;
import io.k6t.net.dhcp.server.LeaseConfig;
import io.k6t.net.dhcp.server.LeaseConfigException;
import io.k6t.net.dhcp.server.PrivateOption;
import io.k6t.net.dhcp.server.StaticRoute;
import io.k6t.net.dhcp.v6.Dhcp6Codec;
import io.k6t.net.dhcp.v6.server.Lease6;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads and writes the lease files (JSON) of both families, field by field: the DHCPv4 one through the
 * {@link LeaseConfig.Builder}, the DHCPv6 one into a {@link Lease6}; the same error contract for both.
 */
public final class LeaseConfigJson {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(SerializationFeature.INDENT_OUTPUT);
    private static final List<String> FIELDS = List.of("interface", "serverAddress", "clientMac", "address", "gateway",
            "routes", "dnsServers", "searchDomains", "domainName", "mtu", "hostname", "leaseSeconds", "ntpServers",
            "tftpServerName", "bootFileName", "privateOptions", "acceptRelayed");

    private static final List<String> FIELDS6 = List.of("interface", "serverMac", "clientMac", "address",
            "leaseSeconds", "dnsServers", "searchDomains", "rapidCommit");
    /** IA address lifetimes are unsigned 32-bit seconds (RFC 8415 section 21.6). */
    private static final long MAX_LEASE_SECONDS6 = 0xffff_ffffL;

    private LeaseConfigJson() {
    }

    /** Reads a DHCPv6 lease file; errors are prefixed with the file name. */
    public static Lease6 load6(Path file) {
        return parse6(readFile(file), file.toString());
    }

    /** Parses DHCPv6 lease JSON; {@code source} names it in error messages. */
    public static Lease6 parse6(String json, String source) {
        return parse(json, source, LeaseConfigJson::read6);
    }

    private static Lease6 read6(JsonNode root) {
        if (root == null || !root.isObject()) {
            throw new LeaseConfigException("(document)", String.valueOf(root), "a JSON object");
        }
        checkFields("", root, FIELDS6);
        String name = text(root, "interface", true);
        if (name.isEmpty() || name.length() > 15) {
            throw new LeaseConfigException("interface", name, "a Linux interface name of 1..15 characters");
        }
        MacAddress serverMac = mac("serverMac", text(root, "serverMac", true));
        MacAddress clientMac = mac("clientMac", text(root, "clientMac", true));
        String cidr = text(root, "address", true);
        int slash = cidr.indexOf('/');
        String prefix = slash < 0 ? "" : cidr.substring(slash + 1);
        if (slash < 0 || prefix.isEmpty() || prefix.length() > 3 || !prefix.chars().allMatch(Character::isDigit)
                || Integer.parseInt(prefix) < 1 || Integer.parseInt(prefix) > 128) {
            throw new LeaseConfigException("address", cidr, "address/prefix with a prefix length of 1..128, e.g. "
                    + "fd00:10:244::5/64");
        }
        Inet6Address address = ipv6("address", cidr.substring(0, slash));
        if (address.isLinkLocalAddress() || address.isMulticastAddress() || address.isAnyLocalAddress()
                || address.isLoopbackAddress()) {
            throw new LeaseConfigException("address", cidr, "a global or unique-local unicast address");
        }
        long leaseSeconds = present(root, "leaseSeconds") ? integer(root, "leaseSeconds", Long.MAX_VALUE)
                : Lease6.DEFAULT_LEASE_SECONDS;
        if (leaseSeconds < 4 || leaseSeconds > MAX_LEASE_SECONDS6) {
            throw new LeaseConfigException("leaseSeconds", Long.toString(leaseSeconds), "4.." + MAX_LEASE_SECONDS6);
        }
        List<Inet6Address> dns = new ArrayList<>();
        each(root, "dnsServers", (field, node) -> dns.add(ipv6(field, textValue(field, node))));
        List<String> search = new ArrayList<>();
        each(root, "searchDomains", (field, node) -> {
            String domain = textValue(field, node);
            if (!Dhcp6Codec.isValidDomainName(domain)) {
                throw new LeaseConfigException(field, domain, "a domain name");
            }
            search.add(domain);
        });
        boolean rapidCommit = true;
        if (present(root, "rapidCommit")) {
            JsonNode rapid = root.get("rapidCommit");
            if (!rapid.isBoolean()) {
                throw new LeaseConfigException("rapidCommit", rapid.toString(), "true or false");
            }
            rapidCommit = rapid.booleanValue();
        }
        // Every field Lease6 checks was checked above, naming its JSON field.
        return new Lease6(name, serverMac, clientMac, address, Integer.parseInt(prefix), leaseSeconds, dns, search,
                rapidCommit);
    }

    /** Writes a DHCPv6 lease as JSON (the inverse of {@link #parse6}). */
    public static String write6(Lease6 lease) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("interface", lease.interfaceName());
        root.put("serverMac", lease.serverMac().toString());
        root.put("clientMac", lease.clientMac().toString());
        root.put("address", InetAddresses.toAddrString(lease.address()) + "/" + lease.prefixLength());
        root.put("leaseSeconds", lease.leaseSeconds());
        ArrayNode dns = root.putArray("dnsServers");
        lease.dnsServers().forEach(a -> dns.add(InetAddresses.toAddrString(a)));
        ArrayNode search = root.putArray("searchDomains");
        lease.searchDomains().forEach(search::add);
        root.put("rapidCommit", lease.rapidCommit());
        try {
            return MAPPER.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serializes", e);
        }
    }

    private static MacAddress mac(String field, String text) {
        try {
            return MacAddress.parse(text);
        } catch (IllegalArgumentException e) {
            throw new LeaseConfigException(field, text, "a MAC address aa:bb:cc:dd:ee:ff");
        }
    }

    private static Inet6Address ipv6(String field, String text) {
        if (text.indexOf(':') < 0 || !InetAddresses.isInetAddress(text)
                || !(InetAddresses.forString(text) instanceof Inet6Address address)) {
            throw new LeaseConfigException(field, text, "an IPv6 address");
        }
        return address;
    }

    /** Reads {@code file}; errors are prefixed with the file name. */
    public static LeaseConfig load(Path file) {
        return parse(readFile(file), file.toString());
    }

    /** Parses lease JSON; {@code source} names it in error messages. */
    public static LeaseConfig parse(String json, String source) {
        return parse(json, source, LeaseConfigJson::read);
    }

    private static String readFile(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new LeaseConfigException(file.toString(), "cannot read lease file: " + e, e);
        }
    }

    /** The JSON tree of either lease file read by {@code reader}, every error prefixed with {@code source}. */
    private static <T> T parse(String json, String source, Function<JsonNode, T> reader) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new LeaseConfigException(source, "not valid JSON: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr()), e);
        }
        try {
            return reader.apply(root);
        } catch (LeaseConfigException e) {
            throw new LeaseConfigException(source, e);
        }
    }

    private static LeaseConfig read(JsonNode root) {
        if (root == null || !root.isObject()) {
            throw new LeaseConfigException("(document)", String.valueOf(root), "a JSON object");
        }
        checkFields("", root, FIELDS);
        LeaseConfig.Builder b = LeaseConfig.builder();
        b.interfaceName(text(root, "interface", true));
        b.serverAddress(address("serverAddress", text(root, "serverAddress", true)));
        b.clientMac(text(root, "clientMac", true));
        String cidr = text(root, "address", true);
        Cidr address = cidr("address", cidr);
        b.address(address.address, address.prefixLength);
        String gateway = text(root, "gateway", false);
        b.gateway(gateway == null ? null : address("gateway", gateway));
        each(root, "routes", (field, node) -> {
            if (!node.isObject()) {
                throw new LeaseConfigException(field, node.toString(), "an object {destination, gateway}");
            }
            checkFields(field + ".", node, List.of("destination", "gateway"));
            Cidr destination = cidr(field + ".destination", text(node, "destination", field + ".destination", true));
            String via = text(node, "gateway", field + ".gateway", false);
            Inet4Address hop = via == null ? Ipv4.ANY : address(field + ".gateway", via);
            try {
                b.addRoute(new StaticRoute(destination.address, destination.prefixLength, hop));
            } catch (IllegalArgumentException e) {
                throw new LeaseConfigException(field + ".destination", destination.text, "a network address ("
                        + e.getMessage() + ")");
            }
        });
        each(root, "dnsServers", (field, node) -> b.addDnsServer(address(field, textValue(field, node))));
        each(root, "searchDomains", (field, node) -> b.addSearchDomain(textValue(field, node)));
        b.domainName(text(root, "domainName", false));
        if (present(root, "mtu")) {
            b.mtu(integer(root, "mtu", Integer.MAX_VALUE).intValue());
        }
        b.hostname(text(root, "hostname", false));
        if (present(root, "leaseSeconds")) {
            b.leaseSeconds(integer(root, "leaseSeconds", Long.MAX_VALUE));
        }
        each(root, "ntpServers", (field, node) -> b.addNtpServer(address(field, textValue(field, node))));
        b.tftpServerName(text(root, "tftpServerName", false));
        b.bootFileName(text(root, "bootFileName", false));
        each(root, "privateOptions", (field, node) -> b.addPrivateOption(privateOption(field, node)));
        if (present(root, "acceptRelayed")) {
            JsonNode accept = root.get("acceptRelayed");
            if (!accept.isBoolean()) {
                throw new LeaseConfigException("acceptRelayed", accept.toString(), "true or false");
            }
            b.acceptRelayed(accept.booleanValue());
        }
        return b.build();
    }

    private static PrivateOption privateOption(String field, JsonNode node) {
        if (!node.isObject()) {
            throw new LeaseConfigException(field, node.toString(), "an object {code, value} or {code, hex}");
        }
        checkFields(field + ".", node, List.of("code", "value", "hex"));
        JsonNode code = node.get("code");
        if (code == null || !code.canConvertToInt() || !code.isIntegralNumber()) {
            throw new LeaseConfigException(field + ".code", code == null ? null : code.toString(),
                    PrivateOption.MIN_CODE + ".." + PrivateOption.MAX_CODE);
        }
        int number = code.intValue();
        if (number < PrivateOption.MIN_CODE || number > PrivateOption.MAX_CODE) {
            throw new LeaseConfigException(field + ".code", code.toString(),
                    "a site-specific code " + PrivateOption.MIN_CODE + ".." + PrivateOption.MAX_CODE);
        }
        String text = text(node, "value", field + ".value", false);
        String hex = text(node, "hex", field + ".hex", false);
        if ((text == null) == (hex == null)) {
            throw new LeaseConfigException(field, node.toString(), "exactly one of \"value\" (text) or \"hex\"");
        }
        if (text != null) {
            return PrivateOption.ofText(number, text);
        }
        try {
            return PrivateOption.ofBytes(number, HexFormat.of().parseHex(hex.replace(":", "")));
        } catch (IllegalArgumentException e) {
            throw new LeaseConfigException(field + ".hex", hex, "an even number of hex digits");
        }
    }

    /** Writes a lease back as JSON (the inverse of {@link #parse}). */
    public static String write(LeaseConfig lease) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("interface", lease.interfaceName());
        root.put("serverAddress", lease.serverAddress().getHostAddress());
        root.put("clientMac", lease.clientMacText());
        root.put("address", lease.address().getHostAddress() + "/" + lease.prefixLength());
        root.put("gateway", lease.gateway().map(Inet4Address::getHostAddress).orElse(null));
        ArrayNode routes = root.putArray("routes");
        for (StaticRoute route : lease.routes()) {
            routes.addObject().put("destination", route.destination().getHostAddress() + "/" + route.prefixLength())
                    .put("gateway", route.gateway().getHostAddress());
        }
        ArrayNode dns = root.putArray("dnsServers");
        lease.dnsServers().forEach(a -> dns.add(a.getHostAddress()));
        ArrayNode search = root.putArray("searchDomains");
        lease.searchDomains().forEach(search::add);
        root.put("domainName", lease.domainName().orElse(null));
        if (lease.mtu().isPresent()) {
            root.put("mtu", lease.mtu().getAsInt());
        } else {
            root.putNull("mtu");
        }
        root.put("hostname", lease.hostname().orElse(null));
        root.put("leaseSeconds", lease.leaseSeconds());
        ArrayNode ntp = root.putArray("ntpServers");
        lease.ntpServers().forEach(a -> ntp.add(a.getHostAddress()));
        root.put("tftpServerName", lease.tftpServerName().orElse(null));
        root.put("bootFileName", lease.bootFileName().orElse(null));
        ArrayNode options = root.putArray("privateOptions");
        for (PrivateOption option : lease.privateOptions()) {
            ObjectNode o = options.addObject().put("code", option.code());
            Optional<String> text = option.text();
            if (text.isPresent()) {
                o.put("value", text.get());
            } else {
                o.put("hex", HexFormat.of().formatHex(option.value()));
            }
        }
        root.put("acceptRelayed", lease.acceptRelayed());
        try {
            return MAPPER.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serializes", e);
        }
    }

    private static void checkFields(String prefix, JsonNode object, List<String> known) {
        Set<String> allowed = Set.copyOf(known);
        for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
            String name = it.next().getKey();
            if (!allowed.contains(name)) {
                throw new LeaseConfigException(prefix + name, object.get(name).toString(),
                        "no such field; known fields: " + String.join(", ", known));
            }
        }
    }

    private static boolean present(JsonNode object, String name) {
        JsonNode node = object.get(name);
        return node != null && !node.isNull();
    }

    private static String text(JsonNode object, String name, boolean required) {
        return text(object, name, name, required);
    }

    private static String text(JsonNode object, String name, String field, boolean required) {
        JsonNode node = object.get(name);
        if (node == null || node.isNull()) {
            if (required) {
                throw new LeaseConfigException(field, null, "a value (required field)");
            }
            return null;
        }
        return textValue(field, node);
    }

    private static String textValue(String field, JsonNode node) {
        if (!node.isTextual()) {
            throw new LeaseConfigException(field, node.toString(), "a JSON string");
        }
        return node.textValue();
    }

    private static Long integer(JsonNode object, String field, long max) {
        JsonNode node = object.get(field);
        if (!node.isIntegralNumber() || !node.canConvertToLong() || node.longValue() > max) {
            throw new LeaseConfigException(field, node.toString(), "an integer");
        }
        return node.longValue();
    }

    private static void each(JsonNode object, String name, ArrayItem item) {
        JsonNode node = object.get(name);
        if (node == null || node.isNull()) {
            return;
        }
        if (!node.isArray()) {
            throw new LeaseConfigException(name, node.toString(), "a JSON array");
        }
        for (int i = 0; i < node.size(); i++) {
            item.accept(name + "[" + i + "]", node.get(i));
        }
    }

    private static Inet4Address address(String field, String text) {
        return Ipv4.tryParse(text).orElseThrow(() -> new LeaseConfigException(field, text, "an IPv4 address"));
    }

    private static Cidr cidr(String field, String text) {
        int slash = text.indexOf('/');
        if (slash < 0) {
            throw new LeaseConfigException(field, text, "address/prefix, e.g. 10.244.1.5/24");
        }
        String prefix = text.substring(slash + 1);
        if (prefix.isEmpty() || prefix.length() > 2 || !prefix.chars().allMatch(Character::isDigit)
                || Integer.parseInt(prefix) > 32) {
            throw new LeaseConfigException(field, text, "a prefix length of 0..32 after the slash");
        }
        Inet4Address address = Ipv4.tryParse(text.substring(0, slash))
                .orElseThrow(() -> new LeaseConfigException(field, text, "an IPv4 address before the slash"));
        return new Cidr(text, address, Integer.parseInt(prefix));
    }

    private record Cidr(String text, Inet4Address address, int prefixLength) {
    }

    @FunctionalInterface
    private interface ArrayItem {
        void accept(String field, JsonNode node);
    }
}
