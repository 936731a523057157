package io.k6t.net.kubevirt.cni;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The plugin's network configuration (spec section 1, one plugin object of a conflist with
 * {@code cniVersion} and {@code name}, as the runtime hands it on stdin):
 *
 * <pre>{@code
 * {"cniVersion": "1.0.0", "name": "k6t", "type": "k6t-net",
 *  "dhcp": {"leaseSeconds": 3600, "ntpServers": [], "tftpServerName": null, "bootFileName": null,
 *           "privateOptions": []},
 *  "keepPodAddress": false, "antiSpoofing": true, "stateDir": "/run/k6t-net/cni",
 *  "args": {"cni": {"logicNetworkName": "default"}}, "prevResult": {...}}
 * }</pre>
 *
 * <p>The spec's own keys are accepted; any other key is an unsupported field
 * ({@link CniException#UNSUPPORTED_FIELD}).
 */
final class NetworkConfig {
    /** Where attachments keep their binding state when the configuration names no {@code stateDir}. */
    static final Path DEFAULT_STATE_DIR = Path.of("/run/k6t-net/cni");

    private static final Set<String> SPEC_KEYS = Set.of("cniVersion", "cniVersions", "name", "type", "disableCheck",
            "disableGC", "runtimeConfig", "capabilities", "ipam", "dns", "args", "prevResult",
            "cni.dev/valid-attachments");
    private static final Set<String> OWN_KEYS = Set.of("dhcp", "keepPodAddress", "antiSpoofing", "stateDir");
    private static final Set<String> DHCP_KEYS = Set.of("leaseSeconds", "ntpServers", "tftpServerName",
            "bootFileName", "privateOptions");
    // libcni's rule for network names; the name also names a directory of the state dir.
    private static final Pattern NETWORK_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.\\-]*");

    private final ObjectNode root;
    private final String cniVersion;

    private NetworkConfig(ObjectNode root, String cniVersion) {
        this.root = root;
        this.cniVersion = cniVersion;
    }

    /** The configuration's version only: what VERSION reads (empty input: the newest version). */
    static String versionOf(ObjectMapper json, String stdin) {
        if (stdin.isBlank()) {
            return CniVersion.LATEST;
        }
        JsonNode node = tree(json, stdin);
        JsonNode version = node.get("cniVersion");
        if (version == null || version.isNull()) {
            return CniVersion.LATEST;
        }
        if (!version.isTextual()) {
            throw new CniException(CniException.DECODING_FAILED, "failed to decode the network configuration",
                    "cniVersion: " + version + " (expected: a string)");
        }
        return version.asText();
    }

    /** Parses and checks a full configuration. */
    static NetworkConfig parse(ObjectMapper json, String stdin) {
        ObjectNode root = tree(json, stdin);
        String version = requiredText(root, "cniVersion");
        CniVersion.require(version);
        NetworkConfig config = new NetworkConfig(root, version);
        String name = requiredText(root, "name");
        if (!NETWORK_NAME.matcher(name).matches()) {
            throw invalid("name", "\"" + name
                    + "\" (expected: a letter or digit, then letters, digits, '_', '.', '-')");
        }
        requiredText(root, "type");
        Set<String> unknown = new TreeSet<>();
        for (Iterator<String> it = root.fieldNames(); it.hasNext();) {
            String key = it.next();
            if (!SPEC_KEYS.contains(key) && !OWN_KEYS.contains(key)) {
                unknown.add(key + "=" + root.get(key));
            }
        }
        if (!unknown.isEmpty()) {
            throw new CniException(CniException.UNSUPPORTED_FIELD, "unsupported field in the network configuration",
                    String.join(", ", unknown) + " (k6t-net knows " + new TreeSet<>(OWN_KEYS)
                    + " and the spec's keys)");
        }
        JsonNode dhcp = root.get("dhcp");
        if (dhcp != null && !dhcp.isNull()) {
            if (!dhcp.isObject()) {
                throw decoding("dhcp", dhcp, "an object");
            }
            List<String> unknownDhcp = new ArrayList<>();
            dhcp.fieldNames().forEachRemaining(k -> {
                if (!DHCP_KEYS.contains(k)) {
                    unknownDhcp.add("dhcp." + k + "=" + dhcp.get(k));
                }
            });
            if (!unknownDhcp.isEmpty()) {
                throw new CniException(CniException.UNSUPPORTED_FIELD, "unsupported field in the network configuration",
                        String.join(", ", unknownDhcp) + " (dhcp knows " + new TreeSet<>(DHCP_KEYS) + ")");
            }
        }
        for (String flag : List.of("keepPodAddress", "antiSpoofing")) {
            JsonNode value = root.get(flag);
            if (value != null && !value.isNull() && !value.isBoolean()) {
                throw decoding(flag, value, "true or false");
            }
        }
        JsonNode stateDir = root.get("stateDir");
        if (stateDir != null && !stateDir.isNull() && (!stateDir.isTextual() || !stateDir.asText().startsWith("/"))) {
            throw invalid("stateDir", stateDir + " (expected: an absolute path)");
        }
        config.logicNetworkName();
        config.prevResult();
        return config;
    }

    String cniVersion() {
        return cniVersion;
    }

    String name() {
        return root.get("name").asText();
    }

    boolean keepPodAddress() {
        JsonNode keep = root.get("keepPodAddress");
        return keep != null && keep.asBoolean();
    }

    /**
     * Whether the binding pins the guest's traffic to the pod's MAC and IPv4 address (default true).
     * KubeVirt does not tell the binding CNI a VMI's own {@code macAddress}: a guest that uses one
     * needs this off, or its frames are dropped.
     */
    boolean antiSpoofing() {
        JsonNode value = root.get("antiSpoofing");
        return value == null || value.isNull() || value.asBoolean();
    }

    Path stateDir() {
        JsonNode dir = root.get("stateDir");
        return dir == null || dir.isNull() ? DEFAULT_STATE_DIR : Path.of(dir.asText());
    }

    /** The {@code dhcp} object as given, if any. */
    Optional<JsonNode> dhcp() {
        return Optional.ofNullable(root.get("dhcp")).filter(n -> !n.isNull());
    }

    /** {@code args.cni.logicNetworkName}: the VMI network KubeVirt asks to bind (through Multus' cni-args). */
    Optional<String> logicNetworkName() {
        JsonNode args = root.get("args");
        if (args == null || args.isNull()) {
            return Optional.empty();
        }
        if (!args.isObject()) {
            throw decoding("args", args, "an object");
        }
        JsonNode cni = args.get("cni");
        if (cni == null || cni.isNull()) {
            return Optional.empty();
        }
        if (!cni.isObject()) {
            throw decoding("args.cni", cni, "an object");
        }
        JsonNode logic = cni.get("logicNetworkName");
        if (logic == null || logic.isNull()) {
            return Optional.empty();
        }
        if (!logic.isTextual() || logic.asText().isEmpty()) {
            throw decoding("args.cni.logicNetworkName", logic, "a non-empty string");
        }
        return Optional.of(logic.asText());
    }

    /** The previous plugin's result (a copy), if chained. */
    Optional<ObjectNode> prevResult() {
        JsonNode prev = root.get("prevResult");
        if (prev == null || prev.isNull()) {
            return Optional.empty();
        }
        if (!prev.isObject()) {
            throw decoding("prevResult", prev, "an object");
        }
        return Optional.of(((ObjectNode) prev).deepCopy());
    }

    /** GC's {@code cni.dev/valid-attachments} as {@code containerID/ifname} pairs. */
    List<String[]> validAttachments() {
        JsonNode list = root.get("cni.dev/valid-attachments");
        List<String[]> valid = new ArrayList<>();
        if (list == null || list.isNull()) {
            return valid;
        }
        if (!list.isArray()) {
            throw decoding("cni.dev/valid-attachments", list, "an array");
        }
        for (JsonNode entry : list) {
            JsonNode id = entry.get("containerID");
            JsonNode ifname = entry.get("ifname");
            if (id == null || !id.isTextual() || ifname == null || !ifname.isTextual()) {
                throw decoding("cni.dev/valid-attachments[]", entry, "{\"containerID\": ..., \"ifname\": ...}");
            }
            valid.add(new String[] {id.asText(), ifname.asText()});
        }
        return valid;
    }

    private static ObjectNode tree(ObjectMapper json, String stdin) {
        JsonNode node;
        try {
            node = json.readTree(stdin);
        } catch (JsonProcessingException e) {
            throw new CniException(CniException.DECODING_FAILED, "failed to decode the network configuration",
                    e.getOriginalMessage(), e);
        }
        if (node == null || !node.isObject()) {
            throw new CniException(CniException.DECODING_FAILED, "failed to decode the network configuration",
                    "expected a JSON object, got " + (node == null || node.isMissingNode() ? "nothing" : node));
        }
        return (ObjectNode) node;
    }

    private static String requiredText(ObjectNode root, String key) {
        JsonNode value = root.get(key);
        if (value == null || value.isNull()) {
            throw invalid(key, "missing");
        }
        if (!value.isTextual()) {
            throw decoding(key, value, "a string");
        }
        return value.asText();
    }

    private static CniException invalid(String key, String what) {
        return new CniException(CniException.INVALID_CONFIG, "invalid network configuration", key + ": " + what);
    }

    private static CniException decoding(String key, JsonNode value, String expected) {
        return new CniException(CniException.DECODING_FAILED, "failed to decode the network configuration",
                key + ": " + value + " (expected: " + expected + ")");
    }
}
