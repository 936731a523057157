package io.k6t.net.cli.internal.explain;

import io.k6t.net.cli.internal.CliFailure;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/** The MAC a libvirt domain (or a bare interface element) gives an interface, found by alias or tap. */
final class LibvirtMacs {
    private final Document xml;

    private LibvirtMacs(Document xml) {
        this.xml = xml;
    }

    static LibvirtMacs read(Path file) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            return new LibvirtMacs(factory.newDocumentBuilder().parse(file.toFile()));
        } catch (IOException | SAXException e) {
            throw CliFailure.usage(file + ": not readable libvirt XML (" + e.getMessage() + ")", e);
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("JDK XML parser", e);
        }
    }

    /** The MAC of the interface with alias {@code ua-NAME} or target {@code tap}, if the XML has it. */
    Optional<String> macOf(String name, String tap) {
        NodeList interfaces = xml.getElementsByTagName("interface");
        for (int i = 0; i < interfaces.getLength(); i++) {
            Element element = (Element) interfaces.item(i);
            if (attribute(element, "alias", "name").equals("ua-" + name)
                    || attribute(element, "target", "dev").equals(tap)) {
                String mac = attribute(element, "mac", "address");
                return mac.isEmpty() ? Optional.empty() : Optional.of(mac);
            }
        }
        return Optional.empty();
    }

    private static String attribute(Element parent, String child, String attribute) {
        NodeList children = parent.getElementsByTagName(child);
        return children.getLength() == 0 ? "" : ((Element) children.item(0)).getAttribute(attribute);
    }
}
