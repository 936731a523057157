package io.k6t.net.libvirt;

import io.k6t.net.libvirt.internal.InterfaceXmlWriter;
import java.util.List;

/**
 * Writes {@link InterfaceSpec}s as libvirt {@code <interface>} elements, with the JDK's StAX writer
 * (values escaped by the JDK, two-space indentation, no XML declaration). The output validates
 * against libvirt's domain schema ({@code virt-xml-validate FILE domain}) inside {@code <devices>}.
 *
 * <pre>{@code
 * <interface type="ethernet">
 *   <target dev="tap0" managed="no"/>
 *   <model type="virtio-non-transitional"/>
 *   <mac address="02:00:00:74:17:75"/>
 *   <mtu size="1450"/>
 *   <alias name="ua-default"/>
 *   <rom enabled="no"/>
 * </interface>
 * }</pre>
 */
public final class InterfaceXml {
    private InterfaceXml() {
    }

    /** One {@code <interface>} element, without a trailing newline. */
    public static String toXml(InterfaceSpec spec) {
        return toXml(List.of(spec));
    }

    /** The elements one after another, each starting on a new line, without a trailing newline. */
    public static String toXml(List<InterfaceSpec> specs) {
        return new InterfaceXmlWriter("\n", "", "  ").write(specs);
    }
}
