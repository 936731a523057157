package io.k6t.net.libvirt;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every variant of the interface XML, by the name of its golden file
 * ({@code src/test/resources/io/k6t/net/libvirt/golden/<name>.xml}). Shared with the integration
 * tests (test-jar), which validate each against libvirt's schema and define it on libvirt.
 */
public final class InterfaceVariants {
    /** A minimal domain for libvirt's test driver and schema, with an empty {@code <devices>}. */
    public static final String BASE_DOMAIN = "base-domain.xml";

    private InterfaceVariants() {
    }

    /** Name to spec lists (one element except for the list variant), in a fixed order. */
    public static Map<String, List<InterfaceSpec>> all() {
        Map<String, List<InterfaceSpec>> v = new LinkedHashMap<>();
        v.put("ethernet-minimal", List.of(InterfaceSpec.builder().name("default").ethernet("tap0").build()));
        v.put("ethernet-default", List.of(ethernet().build()));
        v.put("ethernet-multiqueue", List.of(ethernet().queues(4).build()));
        v.put("ethernet-boot", List.of(ethernet().bootOrder(1).build()));
        v.put("ethernet-link-down", List.of(ethernet().linkDown(true).build()));
        v.put("ethernet-pci-address", List.of(ethernet().pciAddress(PciAddress.of(0, 1, 0, 0)).build()));
        v.put("ethernet-model-e1000e", List.of(ethernet().model("e1000e").build()));
        v.put("bridge-default", List.of(InterfaceSpec.builder().name("default").bridge("k6t-eth0")
                .mac("02:00:00:74:17:75").mtu(1450).build()));
        v.put("bridge-full", List.of(InterfaceSpec.builder().name("net1").bridge("k6t-net1")
                .mac("0a:58:0a:f4:01:05").model("virtio").mtu(9000).queues(2).bootOrder(2).linkDown(true)
                .pciAddress(PciAddress.of(0, 2, 0, 0)).build()));
        v.put("two-interfaces", List.of(ethernet().build(),
                InterfaceSpec.builder().name("net1").ethernet("tap1").mac("02:00:00:00:00:02").build()));
        return v;
    }

    /** The golden text of {@code name} (or {@link #BASE_DOMAIN}), from the classpath. */
    public static String resource(String name) {
        String path = name.endsWith(".xml") ? name : "golden/" + name + ".xml";
        try (InputStream in = InterfaceVariants.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource io/k6t/net/libvirt/" + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@link #BASE_DOMAIN} with {@code specs} inserted, named {@code domainName}. */
    public static String domainWith(String domainName, List<InterfaceSpec> specs) {
        String xml = resource(BASE_DOMAIN).replace("<name>k6t-base</name>", "<name>" + domainName + "</name>");
        for (InterfaceSpec spec : specs) {
            xml = DomainXml.insertInterface(xml, spec);
        }
        return xml;
    }

    private static InterfaceSpec.Builder ethernet() {
        return InterfaceSpec.builder().name("default").ethernet("tap0").mac("02:00:00:74:17:75").mtu(1450);
    }
}
