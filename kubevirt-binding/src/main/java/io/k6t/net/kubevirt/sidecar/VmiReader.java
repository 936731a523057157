package io.k6t.net.kubevirt.sidecar;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Reads the fields {@link Vmi} needs from a VMI with Jackson's streaming parser, skipping every other
 * value unread. Fields may come in any order (KubeVirt writes {@code status} after {@code spec}, a
 * client may not), so the parts are collected first and joined in {@link #vmi()}. A repeated key keeps
 * its last value. Absent and {@code null} mean the same.
 */
final class VmiReader {
    /** What one {@code spec.domain.devices.interfaces[]} entry says, before its network is resolved. */
    private record Entry(String at, String name, Optional<String> bindingName, Optional<String> macAddress,
            Optional<String> model, Optional<String> pciAddress, OptionalInt bootOrder) {
    }

    private final List<Entry> interfaces = new ArrayList<>();
    /** spec.networks in order: name to whether it is a secondary (non-default Multus) network. */
    private final Map<String, Boolean> networks = new HashMap<>();
    private final Map<String, String> podInterfaceFromStatus = new HashMap<>();
    private boolean useVirtioTransitional;
    private boolean sawSpec;

    /** Reads the root value; throws {@link HookInputException} for a field of the wrong type. */
    void read(JsonParser p) throws IOException {
        JsonToken first = p.nextToken();
        if (first != JsonToken.START_OBJECT) {
            throw new HookInputException("vmi", "expected a JSON object (a VirtualMachineInstance), got "
                    + (first == null ? "nothing" : kind(first)), null);
        }
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            if (field.equals("spec")) {
                if (value != JsonToken.START_OBJECT) {
                    throw new HookInputException("vmi.spec", "expected an object, got " + describe(p), null);
                }
                sawSpec = true;
                spec(p);
            } else if (field.equals("status") && value == JsonToken.START_OBJECT) {
                status(p);
            } else {
                p.skipChildren();
            }
        }
    }

    /** The VMI, once {@link #read} returned. */
    Vmi vmi() {
        if (!sawSpec) {
            throw new HookInputException("vmi.spec", "missing", null);
        }
        Map<String, String> podInterfaces = new HashMap<>();
        networks.forEach((name, secondary) -> podInterfaces.put(name, podInterfaceFromStatus.getOrDefault(name,
                secondary ? Vmi.hashedPodInterfaceName(name) : Vmi.PRIMARY_POD_INTERFACE)));
        List<VmiInterface> resolved = new ArrayList<>();
        for (Entry e : interfaces) {
            String podInterface = podInterfaces.get(e.name());
            if (podInterface == null) {
                throw new HookInputException(e.at() + ".name", "\"" + e.name()
                        + "\" names no network in vmi.spec.networks " + podInterfaces.keySet(), null);
            }
            resolved.add(new VmiInterface(e.name(), e.bindingName(), podInterface, e.macAddress(), e.model(),
                    e.pciAddress(), e.bootOrder()));
        }
        return new Vmi(resolved, useVirtioTransitional);
    }

    private void spec(JsonParser p) throws IOException {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            if (field.equals("domain") && value == JsonToken.START_OBJECT) {
                domain(p);
            } else if (field.equals("networks")) {
                networks.clear();
                int i = 0;
                for (boolean more = list(p, "vmi.spec.networks"); more; more = next(p)) {
                    network(p, "vmi.spec.networks[" + i++ + "]");
                }
            } else {
                p.skipChildren();
            }
        }
    }

    private void domain(JsonParser p) throws IOException {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            if (field.equals("devices") && value == JsonToken.START_OBJECT) {
                devices(p);
            } else {
                p.skipChildren();
            }
        }
    }

    private void devices(JsonParser p) throws IOException {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            if (field.equals("interfaces")) {
                interfaces.clear();
                int i = 0;
                for (boolean more = list(p, "vmi.spec.domain.devices.interfaces"); more; more = next(p)) {
                    interfaces.add(iface(p, "vmi.spec.domain.devices.interfaces[" + i++ + "]"));
                }
            } else if (field.equals("useVirtioTransitional")) {
                if (value != JsonToken.VALUE_NULL && !value.isBoolean()) {
                    throw new HookInputException("vmi.spec.domain.devices.useVirtioTransitional",
                            "expected true or false, got " + describe(p), null);
                }
                useVirtioTransitional = value == JsonToken.VALUE_TRUE;
            } else {
                p.skipChildren();
            }
        }
    }

    private static Entry iface(JsonParser p, String at) throws IOException {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            throw new HookInputException(at, "expected an object", null);
        }
        Optional<String> name = Optional.empty();
        Optional<String> bindingName = Optional.empty();
        Optional<String> mac = Optional.empty();
        Optional<String> model = Optional.empty();
        Optional<String> pci = Optional.empty();
        OptionalInt bootOrder = OptionalInt.empty();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            p.nextToken();
            switch (field) {
                case "name" -> name = optionalText(p, at + ".name");
                case "binding" -> bindingName = p.currentToken() == JsonToken.VALUE_NULL ? Optional.empty()
                        : Optional.of(requiredText(p, at + ".binding.name", "name"));
                case "macAddress" -> mac = optionalText(p, at + ".macAddress");
                case "model" -> model = optionalText(p, at + ".model");
                case "pciAddress" -> pci = optionalText(p, at + ".pciAddress");
                case "bootOrder" -> bootOrder = optionalInt(p, at + ".bootOrder");
                default -> p.skipChildren();
            }
        }
        return new Entry(at, name.orElseThrow(() -> new HookInputException(at + ".name", "missing", null)),
                bindingName, mac, model, pci, bootOrder);
    }

    private void network(JsonParser p, String at) throws IOException {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            p.skipChildren();
            throw new HookInputException(at + ".name", "missing", null);
        }
        Optional<String> name = Optional.empty();
        boolean secondary = false;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            if (field.equals("name")) {
                name = optionalText(p, at + ".name");
            } else if (field.equals("multus")) {
                secondary = value == JsonToken.START_OBJECT && !multusDefault(p);
                p.skipChildren();
            } else {
                p.skipChildren();
            }
        }
        networks.put(name.orElseThrow(() -> new HookInputException(at + ".name", "missing", null)), secondary);
    }

    /** Reads a {@code multus} object up to its end: whether it says {@code default: true}. */
    private static boolean multusDefault(JsonParser p) throws IOException {
        boolean isDefault = false;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            if (field.equals("default")) {
                isDefault = value == JsonToken.VALUE_TRUE
                        || value == JsonToken.VALUE_STRING && "true".equalsIgnoreCase(p.getText().trim());
            }
            p.skipChildren();
        }
        return isDefault;
    }

    /** status.interfaces[]: name to podInterfaceName, where virt-controller wrote both. */
    private void status(JsonParser p) throws IOException {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            if (!field.equals("interfaces") || value != JsonToken.START_ARRAY) {
                p.skipChildren();
                continue;
            }
            podInterfaceFromStatus.clear();
            while (p.nextToken() != JsonToken.END_ARRAY) {
                if (p.currentToken() != JsonToken.START_OBJECT) {
                    p.skipChildren();
                    continue;
                }
                String name = "";
                String pod = "";
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String key = p.currentName();
                    JsonToken v = p.nextToken();
                    if (key.equals("name") && v.isScalarValue()) {
                        name = v == JsonToken.VALUE_NULL ? "" : p.getText();
                    } else if (key.equals("podInterfaceName") && v.isScalarValue()) {
                        pod = v == JsonToken.VALUE_NULL ? "" : p.getText();
                    } else {
                        p.skipChildren();
                    }
                }
                if (!name.isEmpty() && !pod.isEmpty()) {
                    podInterfaceFromStatus.put(name, pod);
                }
            }
        }
    }

    /**
     * At a list's value: false for {@code null} (no entries), true when positioned on its first entry,
     * false when it is empty.
     *
     * @throws HookInputException when the value is not a list
     */
    private static boolean list(JsonParser p, String at) throws IOException {
        JsonToken token = p.currentToken();
        if (token == JsonToken.VALUE_NULL) {
            return false;
        }
        if (token != JsonToken.START_ARRAY) {
            throw new HookInputException(at, "expected a list, got " + describe(p), null);
        }
        return next(p);
    }

    /** Moves to the next entry of a list; false at its end. */
    private static boolean next(JsonParser p) throws IOException {
        return p.nextToken() != JsonToken.END_ARRAY;
    }

    /** At a value that must be an object holding the text field {@code field}. */
    private static String requiredText(JsonParser p, String at, String field) throws IOException {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            p.skipChildren();
            throw new HookInputException(at, "missing", null);
        }
        Optional<String> text = Optional.empty();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            p.nextToken();
            if (key.equals(field)) {
                text = optionalText(p, at);
            } else {
                p.skipChildren();
            }
        }
        return text.orElseThrow(() -> new HookInputException(at, "missing", null));
    }

    /** At a value that must be a string or null; an empty string counts as absent. */
    private static Optional<String> optionalText(JsonParser p, String at) throws IOException {
        JsonToken token = p.currentToken();
        if (token == JsonToken.VALUE_NULL) {
            return Optional.empty();
        }
        if (token != JsonToken.VALUE_STRING) {
            throw new HookInputException(at, "expected a string, got " + describe(p), null);
        }
        String text = p.getText();
        return text.isEmpty() ? Optional.empty() : Optional.of(text);
    }

    /** At a value that must be an integer in int's range, or null. */
    private static OptionalInt optionalInt(JsonParser p, String at) throws IOException {
        JsonToken token = p.currentToken();
        if (token == JsonToken.VALUE_NULL) {
            return OptionalInt.empty();
        }
        if (token != JsonToken.VALUE_NUMBER_INT || p.getNumberType() != JsonParser.NumberType.INT) {
            throw new HookInputException(at, "expected an integer, got " + describe(p), null);
        }
        return OptionalInt.of(p.getIntValue());
    }

    /** The current value for a message: a scalar as JSON text, a list or an object by its kind. */
    private static String describe(JsonParser p) throws IOException {
        JsonToken token = p.currentToken();
        if (token == JsonToken.VALUE_STRING) {
            return '"' + p.getText() + '"';
        }
        if (token.isScalarValue()) {
            return p.getText();
        }
        p.skipChildren();
        return kind(token);
    }

    private static String kind(JsonToken token) {
        return switch (token) {
            case START_OBJECT -> "an object";
            case START_ARRAY -> "a list";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> token.name().toLowerCase(Locale.ROOT);
        };
    }
}
