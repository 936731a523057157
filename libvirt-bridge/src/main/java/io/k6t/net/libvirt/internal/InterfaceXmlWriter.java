package io.k6t.net.libvirt.internal;

import io.k6t.net.libvirt.InterfaceSpec;
import io.k6t.net.libvirt.PciAddress;
import java.io.StringWriter;
import java.util.List;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * Writes {@code <interface>} elements with StAX, so every value is escaped by the JDK and attributes
 * keep libvirt's order. Child elements go one per line: {@code newline + indent + step}.
 */
public final class InterfaceXmlWriter {
    private final String newline;
    private final String indent;
    private final String step;

    /**
     * A writer for elements whose start tag sits at {@code indent}.
     *
     * @param newline the line separator of the surrounding document
     * @param indent the whitespace before the {@code <interface>} start tag on its line
     * @param step one more level of indentation
     */
    public InterfaceXmlWriter(String newline, String indent, String step) {
        this.newline = newline;
        this.indent = indent;
        this.step = step;
    }

    /**
     * The elements, separated by {@code newline + indent}; the first start tag has no leading
     * whitespace and the last end tag no trailing newline.
     */
    public String write(List<InterfaceSpec> specs) {
        StringWriter out = new StringWriter();
        try {
            XMLStreamWriter w = XmlFactories.output().createXMLStreamWriter(out);
            for (int i = 0; i < specs.size(); i++) {
                if (i > 0) {
                    w.writeCharacters(newline + indent);
                }
                write(w, specs.get(i));
            }
            w.flush();
            w.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("StAX could not write an interface element", e);
        }
        return out.toString();
    }

    private void write(XMLStreamWriter w, InterfaceSpec spec) throws XMLStreamException {
        w.writeStartElement("interface");
        w.writeAttribute("type", spec.type().xmlName());
        if (spec.type() == InterfaceSpec.Type.ETHERNET) {
            child(w, "target");
            w.writeAttribute("dev", spec.targetDevice().orElseThrow());
            w.writeAttribute("managed", "no");
        } else {
            child(w, "source");
            w.writeAttribute("bridge", spec.sourceBridge().orElseThrow());
        }
        child(w, "model");
        w.writeAttribute("type", spec.model());
        if (spec.queues() > 1) {
            child(w, "driver");
            w.writeAttribute("name", "vhost");
            w.writeAttribute("queues", Integer.toString(spec.queues()));
        }
        if (spec.mac().isPresent()) {
            child(w, "mac");
            w.writeAttribute("address", spec.mac().get());
        }
        if (spec.mtu().isPresent()) {
            child(w, "mtu");
            w.writeAttribute("size", Integer.toString(spec.mtu().getAsInt()));
        }
        child(w, "alias");
        w.writeAttribute("name", spec.alias());
        if (spec.bootOrder().isPresent()) {
            child(w, "boot");
            w.writeAttribute("order", Integer.toString(spec.bootOrder().getAsInt()));
        } else {
            child(w, "rom");
            w.writeAttribute("enabled", "no");
        }
        if (spec.linkDown()) {
            child(w, "link");
            w.writeAttribute("state", "down");
        }
        if (spec.pciAddress().isPresent()) {
            PciAddress a = spec.pciAddress().get();
            child(w, "address");
            w.writeAttribute("type", "pci");
            w.writeAttribute("domain", String.format("0x%04x", a.domain()));
            w.writeAttribute("bus", String.format("0x%02x", a.bus()));
            w.writeAttribute("slot", String.format("0x%02x", a.slot()));
            w.writeAttribute("function", String.format("0x%x", a.function()));
        }
        w.writeCharacters(newline + indent);
        w.writeEndElement();
    }

    private void child(XMLStreamWriter w, String name) throws XMLStreamException {
        w.writeCharacters(newline + indent + step);
        w.writeEmptyElement(name);
    }
}
