package io.k6t.net.kubevirt.sidecar;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

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
    /**
     * Jackson's streaming parser, not its tree: the sidecar parses one VMI per domain definition, and
     * databind's ~350 classes would stay loaded for the life of the process (resident memory).
     */
    private static final JsonFactory JSON = new JsonFactory();
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
        VmiReader reader = new VmiReader();
        try (JsonParser parser = JSON.createParser(json)) {
            reader.read(parser);
        } catch (JsonProcessingException e) {
            throw new HookInputException("vmi", "not valid JSON: " + e.getOriginalMessage()
                    + " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr(), e);
        } catch (IOException e) {
            throw new HookInputException("vmi", "unreadable: " + e.getMessage(), e);
        }
        return reader.vmi();
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
}
