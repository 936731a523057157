package io.k6t.net.kubevirt.sidecar;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The part of a VirtualMachineInstance (the JSON virt-launcher sends with each hook call) that the
 * domain edit reads: {@code spec.domain.devices.interfaces}, {@code spec.networks},
 * {@code spec.domain.devices.useVirtioTransitional} and {@code status.interfaces[].podInterfaceName}.
 * Every other field is ignored, so newer KubeVirt versions parse too.
 *
 * @param interfaces the VMI's interfaces in spec order
 * @param useVirtioTransitional whether virtio devices must also work with legacy drivers
 */
public record Vmi(List<VmiInterface> interfaces, boolean useVirtioTransitional) {
    /** KubeVirt's pod interface for the primary network. */
    public static final String PRIMARY_POD_INTERFACE = "eth0";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int HASHED_NAME_DIGITS = 11;

    /** Copies the list. */
    public Vmi {
        interfaces = List.copyOf(interfaces);
    }

    /**
     * Parses the VMI JSON.
     *
     * @throws HookInputException naming the field, when the text is not JSON, an interface has no
     *     network, or a field has the wrong type
     */
    public static Vmi parse(byte[] json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new HookInputException("vmi", "not valid JSON: " + e.getOriginalMessage()
                    + " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr(), e);
        } catch (IOException e) {
            throw new HookInputException("vmi", "unreadable: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new HookInputException("vmi", "expected a JSON object (a VirtualMachineInstance), got "
                    + (root == null ? "nothing" : root.getNodeType().name().toLowerCase()), null);
        }
        JsonNode devices = object(root, "vmi", "spec").path("domain").path("devices");
        Map<String, String> podInterfaces = podInterfaceNames(root);
        List<VmiInterface> interfaces = new ArrayList<>();
        JsonNode list = array(devices, "vmi.spec.domain.devices.interfaces");
        for (int i = 0; i < list.size(); i++) {
            String at = "vmi.spec.domain.devices.interfaces[" + i + "]";
            JsonNode iface = list.get(i);
            if (!iface.isObject()) {
                throw new HookInputException(at, "expected an object", null);
            }
            String name = requiredText(iface, at + ".name");
            String podInterface = podInterfaces.get(name);
            if (podInterface == null) {
                throw new HookInputException(at + ".name", "\"" + name
                        + "\" names no network in vmi.spec.networks " + podInterfaces.keySet(), null);
            }
            JsonNode binding = iface.path("binding");
            Optional<String> bindingName = binding.isMissingNode() || binding.isNull()
                    ? Optional.empty() : Optional.of(requiredText(binding, at + ".binding.name"));
            interfaces.add(new VmiInterface(name, bindingName, podInterface, optionalText(iface, at + ".macAddress"),
                    optionalText(iface, at + ".model"), optionalText(iface, at + ".pciAddress"),
                    optionalInt(iface, at + ".bootOrder")));
        }
        JsonNode transitional = devices.path("useVirtioTransitional");
        if (!transitional.isMissingNode() && !transitional.isNull() && !transitional.isBoolean()) {
            throw new HookInputException("vmi.spec.domain.devices.useVirtioTransitional",
                    "expected true or false, got " + transitional, null);
        }
        return new Vmi(interfaces, transitional.asBoolean(false));
    }

    /** The interfaces whose {@code binding.name} is {@code plugin}. */
    public List<VmiInterface> boundTo(String plugin) {
        return interfaces.stream().filter(i -> i.bindingName().filter(plugin::equals).isPresent()).toList();
    }

    /**
     * KubeVirt's pod interface name for a secondary (Multus, non-default) network: {@code pod} and
     * the first 11 hex digits of SHA-256 over the network's name in the VMI.
     */
    public static String hashedPodInterfaceName(String networkName) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(networkName.getBytes(StandardCharsets.UTF_8));
            return "pod" + HexFormat.of().formatHex(digest).substring(0, HASHED_NAME_DIGITS);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    /**
     * Network name to pod interface: the status's {@code podInterfaceName} when virt-controller
     * wrote it, else KubeVirt's naming scheme ({@code eth0} for the pod network or the default
     * Multus network, the hashed name for the others).
     */
    private static Map<String, String> podInterfaceNames(JsonNode root) {
        Map<String, String> fromStatus = new HashMap<>();
        JsonNode statuses = root.path("status").path("interfaces");
        if (statuses.isArray()) {
            for (JsonNode status : statuses) {
                String name = status.path("name").asText("");
                String pod = status.path("podInterfaceName").asText("");
                if (!name.isEmpty() && !pod.isEmpty()) {
                    fromStatus.put(name, pod);
                }
            }
        }
        Map<String, String> names = new HashMap<>();
        JsonNode networks = array(root.path("spec"), "vmi.spec.networks");
        for (int i = 0; i < networks.size(); i++) {
            String at = "vmi.spec.networks[" + i + "]";
            JsonNode network = networks.get(i);
            String name = requiredText(network, at + ".name");
            JsonNode multus = network.path("multus");
            boolean secondary = multus.isObject() && !multus.path("default").asBoolean(false);
            String scheme = secondary ? hashedPodInterfaceName(name) : PRIMARY_POD_INTERFACE;
            names.put(name, fromStatus.getOrDefault(name, scheme));
        }
        return names;
    }

    private static JsonNode object(JsonNode parent, String at, String field) {
        JsonNode node = parent.path(field);
        if (!node.isObject()) {
            throw new HookInputException(at + "." + field, node.isMissingNode() ? "missing"
                    : "expected an object, got " + node, null);
        }
        return node;
    }

    private static JsonNode array(JsonNode parent, String at) {
        String field = at.substring(at.lastIndexOf('.') + 1);
        JsonNode node = parent.path(field);
        if (node.isMissingNode() || node.isNull()) {
            return JSON.createArrayNode();
        }
        if (!node.isArray()) {
            throw new HookInputException(at, "expected a list, got " + node, null);
        }
        return node;
    }

    private static String requiredText(JsonNode parent, String at) {
        return optionalText(parent, at).orElseThrow(() -> new HookInputException(at, "missing", null));
    }

    private static Optional<String> optionalText(JsonNode parent, String at) {
        JsonNode node = parent.path(at.substring(at.lastIndexOf('.') + 1));
        if (node.isMissingNode() || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isTextual()) {
            throw new HookInputException(at, "expected a string, got " + node, null);
        }
        return node.asText().isEmpty() ? Optional.empty() : Optional.of(node.asText());
    }

    private static OptionalInt optionalInt(JsonNode parent, String at) {
        JsonNode node = parent.path(at.substring(at.lastIndexOf('.') + 1));
        if (node.isMissingNode() || node.isNull()) {
            return OptionalInt.empty();
        }
        if (!node.canConvertToInt() || !node.isIntegralNumber()) {
            throw new HookInputException(at, "expected an integer, got " + node, null);
        }
        return OptionalInt.of(node.intValue());
    }
}
