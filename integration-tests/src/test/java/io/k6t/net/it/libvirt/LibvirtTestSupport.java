package io.k6t.net.it.libvirt;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Resources of the libvirt integration tests. */
final class LibvirtTestSupport {
    private LibvirtTestSupport() {
    }

    /**
     * A q35 QEMU (TCG) domain without disk or kernel, with free PCIe root ports for hot-plug and native
     * PCIe hotplug (see the comment in the file), named {@code name}.
     */
    static String q35Domain(String name) {
        try (InputStream in = LibvirtTestSupport.class.getResourceAsStream("q35-domain.xml")) {
            if (in == null) {
                throw new IllegalStateException("missing resource io/k6t/net/it/libvirt/q35-domain.xml");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .replace("<name>k6t-it</name>", "<name>" + name + "</name>");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
