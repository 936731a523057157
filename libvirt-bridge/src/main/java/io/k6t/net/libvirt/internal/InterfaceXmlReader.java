package io.k6t.net.libvirt.internal;

import io.k6t.net.libvirt.DomainInterface;
import io.k6t.net.libvirt.PciAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/** Reads {@code <interface>} elements of a parsed domain XML into {@link DomainInterface} values. */
public final class InterfaceXmlReader {
    private InterfaceXmlReader() {
    }

    /** The {@code <interface>} children of the root's {@code <devices>}, in document order. */
    public static List<DomainInterface> interfaces(Element domain) {
        List<DomainInterface> result = new ArrayList<>();
        for (Element devices : children(domain, "devices")) {
            for (Element iface : children(devices, "interface")) {
                result.add(read(iface));
            }
        }
        return result;
    }

    /** One {@code <interface>} element. */
    public static DomainInterface read(Element iface) {
        Optional<Element> target = child(iface, "target");
        Optional<Element> driver = child(iface, "driver");
        Optional<Element> rom = child(iface, "rom");
        Optional<Element> link = child(iface, "link");
        return new DomainInterface(
                iface.getAttribute("type"),
                attribute(iface, "alias", "name"),
                attribute(iface, "mac", "address").map(mac -> mac.toLowerCase(Locale.ROOT)),
                attribute(iface, "model", "type"),
                target.flatMap(t -> attribute(t, "dev")),
                target.flatMap(t -> attribute(t, "managed")).map("no"::equals).orElse(false),
                attribute(iface, "source", "bridge"),
                number(attribute(iface, "mtu", "size")),
                number(driver.flatMap(d -> attribute(d, "queues"))),
                number(attribute(iface, "boot", "order")),
                rom.flatMap(r -> attribute(r, "enabled")).map("no"::equals).orElse(false),
                link.flatMap(l -> attribute(l, "state")).map("down"::equals).orElse(false),
                child(iface, "address").filter(a -> "pci".equals(a.getAttribute("type")))
                        .map(InterfaceXmlReader::pciAddress));
    }

    private static PciAddress pciAddress(Element address) {
        return PciAddress.of(hex(address, "domain"), hex(address, "bus"), hex(address, "slot"),
                hex(address, "function"));
    }

    private static int hex(Element address, String attribute) {
        String value = address.getAttribute(attribute);
        if (value.isEmpty()) {
            return 0;
        }
        // libvirt writes 0x-prefixed hex, and also accepts decimal on input.
        return value.startsWith("0x") ? Integer.parseInt(value.substring(2), 16) : Integer.parseInt(value);
    }

    private static OptionalInt number(Optional<String> value) {
        return value.map(v -> OptionalInt.of(Integer.parseInt(v))).orElse(OptionalInt.empty());
    }

    private static Optional<String> attribute(Element parent, String child, String attribute) {
        return child(parent, child).flatMap(c -> attribute(c, attribute));
    }

    private static Optional<String> attribute(Element element, String attribute) {
        return element.hasAttribute(attribute) ? Optional.of(element.getAttribute(attribute)) : Optional.empty();
    }

    private static Optional<Element> child(Element parent, String name) {
        List<Element> found = children(parent, name);
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    private static List<Element> children(Element parent, String name) {
        List<Element> found = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getNamespaceURI() == null && name.equals(e.getLocalName())) {
                found.add(e);
            }
        }
        return found;
    }
}
