package io.k6t.net.launcher.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.common.net.InetAddresses;
import io.k6t.net.dhcp.server.PrivateOption;
import io.k6t.net.launcher.netlink.LinkName;
import java.net.Inet4Address;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/** Walks the JSON tree, checking every field as it goes; the first problem becomes a {@link PodConfigException}. */
final class ConfigReader {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Pattern MAC = Pattern.compile("[0-9a-f]{2}(:[0-9a-f]{2}){5}");
    private static final Pattern HOSTNAME = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
            + "(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9._-]{0,62})");

    PodConfig read(String json) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new PodConfigException("$", abbreviate(json), "expected: a JSON document: "
                    + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new PodConfigException("$", root == null ? "empty" : root.toString(), "expected: a JSON object");
        }
        Obj pod = new Obj("", root, Set.of("stateDir", "resolvConf", "hostname", "subdomain", "interfaces",
                "nameScheme"));
        Path stateDir = Path.of(pod.requiredString("stateDir"));
        Path resolvConf = pod.optionalString("resolvConf").map(Path::of).orElse(PodConfig.DEFAULT_RESOLV_CONF);
        Optional<String> hostname = pod.optionalString("hostname").map(h -> checkHostname(pod.path("hostname"), h));
        Optional<String> subdomain = pod.optionalString("subdomain")
                .map(h -> checkHostname(pod.path("subdomain"), h));
        JsonNode list = pod.required("interfaces");
        if (!list.isArray() || list.isEmpty()) {
            throw new PodConfigException("interfaces", list.toString(), "expected: a non-empty array");
        }
        List<InterfaceConfig> interfaces = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            interfaces.add(readInterface("interfaces[" + i + "]", list.get(i)));
        }
        NameScheme scheme = NameScheme.K6T;
        Optional<String> schemeName = pod.optionalString("nameScheme");
        if (schemeName.isPresent()) {
            try {
                scheme = NameScheme.parse(schemeName.get());
            } catch (IllegalArgumentException e) {
                throw new PodConfigException(pod.path("nameScheme"), quote(schemeName.get()),
                        "expected: one of [k6t, kubevirt]");
            }
        }
        return new PodConfig(stateDir, resolvConf, hostname, subdomain, interfaces, scheme);
    }

    private InterfaceConfig readInterface(String at, JsonNode node) {
        Obj o = new Obj(at, node, Set.of("name", "podInterface", "binding", "macAddress", "mtu", "queues",
                "tapOwner", "model", "bootOrder", "keepPodAddress", "antiSpoofing", "dhcp"));
        String name = o.requiredString("name");
        if (!NAME.matcher(name).matches()) {
            throw new PodConfigException(o.path("name"), quote(name),
                    "expected: 1..63 characters of A-Z a-z 0-9 . _ -, starting with a letter or digit");
        }
        String podInterface = o.requiredString("podInterface");
        if (!LinkName.isValid(podInterface)) {
            throw new PodConfigException(o.path("podInterface"), quote(podInterface),
                    "expected: a Linux link name: 1..15 printable ASCII characters, no space, '/' or ':'");
        }
        String binding = o.requiredString("binding");
        if (!binding.equals(InterfaceConfig.BRIDGE_BINDING)) {
            throw new PodConfigException(o.path("binding"), quote(binding), "expected: one of [bridge]");
        }
        Optional<String> mac = o.optionalString("macAddress").map(m -> checkMac(o.path("macAddress"), m));
        OptionalInt mtu = o.optionalInt("mtu", 68, 65535);
        int queues = o.optionalInt("queues", 1, 256).orElse(1);
        Optional<TapOwner> owner = o.optionalObject("tapOwner", Set.of("uid", "gid"))
                .map(t -> new TapOwner(t.requiredInt("uid", 0, Integer.MAX_VALUE),
                        t.requiredInt("gid", 0, Integer.MAX_VALUE)));
        Optional<String> model = o.optionalString("model");
        if (model.isPresent() && !NAME.matcher(model.get()).matches()) {
            throw new PodConfigException(o.path("model"), quote(model.get()), "expected: a libvirt model name");
        }
        OptionalInt bootOrder = o.optionalInt("bootOrder", 1, Integer.MAX_VALUE);
        boolean keep = o.optionalBoolean("keepPodAddress").orElse(false);
        boolean antiSpoofing = o.optionalBoolean("antiSpoofing").orElse(true);
        DhcpSettings dhcp = o.optionalObject("dhcp", Set.of("enabled", "leaseSeconds", "ntpServers",
                "tftpServerName", "bootFileName", "privateOptions", "acceptRelayed"))
                .map(this::readDhcp).orElse(DhcpSettings.defaults());
        return new InterfaceConfig(name, podInterface, mac, mtu, queues, owner, model, bootOrder, keep, antiSpoofing,
                dhcp);
    }

    private DhcpSettings readDhcp(Obj d) {
        boolean enabled = d.optionalBoolean("enabled").orElse(true);
        long lease = d.optionalLong("leaseSeconds", 1, 0xFFFF_FFFEL).orElse(DhcpSettings.DEFAULT_LEASE_SECONDS);
        List<String> ntp = d.optionalArray("ntpServers", (path, n) -> {
            String text = textOf(path, n);
            if (!InetAddresses.isInetAddress(text) || !(InetAddresses.forString(text) instanceof Inet4Address)) {
                throw new PodConfigException(path, quote(text), "expected: an IPv4 address");
            }
            return text;
        });
        Optional<String> tftp = d.optionalString("tftpServerName");
        Optional<String> bootFile = d.optionalString("bootFileName");
        List<PrivateOption> privateOptions = d.optionalArray("privateOptions", (path, n) -> {
            Obj p = new Obj(path, n, Set.of("code", "value"));
            int code = p.requiredInt("code", 224, 254);
            String value = p.requiredString("value");
            if (value.isEmpty()) {
                throw new PodConfigException(p.path("value"), "\"\"", "expected: non-empty");
            }
            return PrivateOption.ofText(code, value);
        });
        boolean relayed = d.optionalBoolean("acceptRelayed").orElse(false);
        return new DhcpSettings(enabled, lease, ntp, tftp, bootFile, privateOptions, relayed);
    }

    private static String checkMac(String path, String mac) {
        String lower = mac.toLowerCase(Locale.ROOT);
        if (!MAC.matcher(lower).matches()) {
            throw new PodConfigException(path, quote(mac), "expected: xx:xx:xx:xx:xx:xx");
        }
        if ((Integer.parseInt(lower.substring(0, 2), 16) & 1) != 0) {
            throw new PodConfigException(path, quote(mac), "expected: a unicast MAC (first octet even)");
        }
        if (lower.equals("00:00:00:00:00:00")) {
            throw new PodConfigException(path, quote(mac), "expected: a non-zero MAC");
        }
        return lower;
    }

    private static String checkHostname(String path, String name) {
        if (name.length() > 253 || !HOSTNAME.matcher(name).matches()) {
            throw new PodConfigException(path, quote(name), "expected: a DNS name (RFC 1123 labels)");
        }
        return name;
    }

    private static String textOf(String path, JsonNode n) {
        if (!n.isTextual()) {
            throw new PodConfigException(path, n.toString(), "expected: a string");
        }
        return n.asText();
    }

    private static String quote(String s) {
        return "\"" + s + "\"";
    }

    private static String abbreviate(String s) {
        String flat = s.strip().replace('\n', ' ');
        return flat.length() <= 40 ? quote(flat) : quote(flat.substring(0, 40) + "...");
    }

    /** Reads an array element at a JSON path. */
    private interface ElementReader<T> {
        T read(String path, JsonNode node);
    }

    /** A JSON object whose fields are checked against a known set; {@code null} counts as absent. */
    private static final class Obj {
        private final String at;
        private final JsonNode node;

        Obj(String at, JsonNode node, Set<String> known) {
            this.at = at;
            if (!node.isObject()) {
                throw new PodConfigException(at.isEmpty() ? "$" : at, node.toString(), "expected: a JSON object");
            }
            this.node = node;
            Set<String> unknown = new TreeSet<>();
            for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                String field = it.next();
                if (!known.contains(field)) {
                    unknown.add(field);
                }
            }
            if (!unknown.isEmpty()) {
                String first = unknown.iterator().next();
                throw new PodConfigException(path(first), node.get(first).toString(),
                        "unknown field" + (unknown.size() > 1 ? "s " + unknown : "") + "; expected one of "
                                + new TreeSet<>(known));
            }
        }

        String path(String field) {
            return at.isEmpty() ? field : at + "." + field;
        }

        JsonNode required(String field) {
            JsonNode v = node.get(field);
            if (v == null || v.isNull()) {
                throw new PodConfigException(path(field), "null", "required");
            }
            return v;
        }

        Optional<JsonNode> optional(String field) {
            JsonNode v = node.get(field);
            return v == null || v.isNull() ? Optional.empty() : Optional.of(v);
        }

        String requiredString(String field) {
            String s = textOf(path(field), required(field));
            if (s.isEmpty()) {
                throw new PodConfigException(path(field), "\"\"", "expected: non-empty");
            }
            return s;
        }

        Optional<String> optionalString(String field) {
            return optional(field).map(n -> textOf(path(field), n));
        }

        Optional<Boolean> optionalBoolean(String field) {
            return optional(field).map(n -> {
                if (!n.isBoolean()) {
                    throw new PodConfigException(path(field), n.toString(), "expected: true or false");
                }
                return n.asBoolean();
            });
        }

        int requiredInt(String field, int min, int max) {
            return (int) number(field, required(field), min, max);
        }

        OptionalInt optionalInt(String field, int min, int max) {
            Optional<JsonNode> n = optional(field);
            return n.isPresent() ? OptionalInt.of((int) number(field, n.get(), min, max)) : OptionalInt.empty();
        }

        Optional<Long> optionalLong(String field, long min, long max) {
            return optional(field).map(n -> number(field, n, min, max));
        }

        private long number(String field, JsonNode n, long min, long max) {
            if (!n.isIntegralNumber() || !n.canConvertToLong() || n.asLong() < min || n.asLong() > max) {
                throw new PodConfigException(path(field), n.toString(), "expected: an integer in " + min + ".." + max);
            }
            return n.asLong();
        }

        Optional<Obj> optionalObject(String field, Set<String> known) {
            return optional(field).map(n -> new Obj(path(field), n, known));
        }

        <T> List<T> optionalArray(String field, ElementReader<T> reader) {
            Optional<JsonNode> n = optional(field);
            if (n.isEmpty()) {
                return List.of();
            }
            if (!n.get().isArray()) {
                throw new PodConfigException(path(field), n.get().toString(), "expected: an array");
            }
            List<T> out = new ArrayList<>();
            for (int i = 0; i < n.get().size(); i++) {
                out.add(reader.read(path(field) + "[" + i + "]", n.get().get(i)));
            }
            return out;
        }
    }
}
