package io.k6t.net.libvirt;

import io.k6t.net.libvirt.DomainXmlException.Reason;
import io.k6t.net.libvirt.internal.DomainLayout;
import io.k6t.net.libvirt.internal.InterfaceXmlReader;
import io.k6t.net.libvirt.internal.InterfaceXmlWriter;
import io.k6t.net.libvirt.internal.XmlFactories;
import java.io.IOException;
import java.io.StringReader;
import java.util.List;
import java.util.Optional;
import org.w3c.dom.Document;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;

/**
 * Edits the {@code <interface>} elements of a libvirt domain XML by alias, as text: the element's
 * range is located with a streaming parser and only that range is replaced, so comments,
 * attribute quoting, namespaces, whitespace and every other element stay exactly as they were. New
 * elements take the indentation of their neighbours.
 *
 * <p>Every method throws {@link DomainXmlException} with {@link Reason#MALFORMED} for text that is not
 * a well-formed {@code <domain>} document.
 */
public final class DomainXml {
    private static final String DEFAULT_STEP = "  ";

    private DomainXml() {
    }

    /**
     * Adds {@code spec} as the last {@code <interface>} of {@code <devices>} (right after the last
     * existing interface, else at the end of {@code <devices>}).
     *
     * @throws DomainXmlException {@link Reason#MISSING_DEVICES} if there is no {@code <devices>},
     *     {@link Reason#DUPLICATE_ALIAS} if an interface with {@code spec.alias()} exists
     */
    public static String insertInterface(String domainXml, InterfaceSpec spec) {
        DomainLayout layout = DomainLayout.of(domainXml);
        DomainLayout.Element devices = layout.devices().orElseThrow(() -> new DomainXmlException(
                Reason.MISSING_DEVICES, spec.alias(), "the domain has no <devices> element to add "
                + spec.alias() + " to", null));
        if (!matching(layout, spec.alias()).isEmpty()) {
            throw new DomainXmlException(Reason.DUPLICATE_ALIAS, spec.alias(),
                    "the domain has an interface with alias " + spec.alias() + " already", null);
        }
        String devicesIndent = layout.indentBefore(devices.start()).orElse("");
        List<DomainLayout.Element> existing = layout.interfaces();
        if (!existing.isEmpty()) {
            DomainLayout.Element last = existing.get(existing.size() - 1);
            String nl = layout.newlineBefore(last.start());
            String indent = layout.indentBefore(last.start()).orElse(devicesIndent + DEFAULT_STEP);
            String element = writer(nl, indent, step(indent, devicesIndent)).write(List.of(spec));
            return splice(domainXml, last.end(), last.end(), nl + indent + element);
        }
        String indent = layout.firstDeviceStart() >= 0
                ? layout.indentBefore(layout.firstDeviceStart()).orElse(devicesIndent + DEFAULT_STEP)
                : devicesIndent + DEFAULT_STEP;
        int endTag = domainXml.lastIndexOf("</", devices.end() - 1);
        String nl = layout.newlineBefore(devices.selfClosing() ? devices.start() : endTag);
        String element = writer(nl, indent, step(indent, devicesIndent)).write(List.of(spec));
        if (devices.selfClosing()) {
            // <devices/>: open it up; the "/>" are the last two characters of the start tag.
            return splice(domainXml, devices.end() - 2, devices.end(),
                    ">" + nl + indent + element + nl + devicesIndent + "</devices>");
        }
        Optional<String> endTagIndent = layout.indentBefore(endTag);
        if (endTagIndent.isPresent() && endTag - endTagIndent.get().length() > devices.startTagEnd()) {
            // The end tag has its own line: the element gets a line of its own before it.
            int lineStart = endTag - endTagIndent.get().length();
            return splice(domainXml, lineStart, lineStart, indent + element + nl);
        }
        return splice(domainXml, endTag, endTag, nl + indent + element + nl + devicesIndent);
    }

    /**
     * Replaces the interface whose alias is {@code spec.alias()} with {@code spec}, in place.
     *
     * @throws DomainXmlException {@link Reason#UNKNOWN_ALIAS} if there is none,
     *     {@link Reason#DUPLICATE_ALIAS} if there are several
     */
    public static String replaceInterface(String domainXml, InterfaceSpec spec) {
        DomainLayout layout = DomainLayout.of(domainXml);
        DomainLayout.Element old = single(layout, spec.alias());
        String devicesIndent = layout.devices().flatMap(d -> layout.indentBefore(d.start())).orElse("");
        String indent = layout.indentBefore(old.start()).orElse(devicesIndent + DEFAULT_STEP);
        String element = writer(layout.newlineBefore(old.start()), indent, step(indent, devicesIndent))
                .write(List.of(spec));
        return splice(domainXml, old.start(), old.end(), element);
    }

    /**
     * Removes the interface with {@code alias}, together with its line when it stands on a line of
     * its own.
     *
     * @throws DomainXmlException {@link Reason#UNKNOWN_ALIAS} if there is none,
     *     {@link Reason#DUPLICATE_ALIAS} if there are several
     */
    public static String removeInterface(String domainXml, String alias) {
        DomainLayout layout = DomainLayout.of(domainXml);
        DomainLayout.Element old = single(layout, alias);
        int start = old.start();
        int end = old.end();
        Optional<String> indent = layout.indentBefore(start);
        int lineEnd = end;
        while (lineEnd < domainXml.length()
                && (domainXml.charAt(lineEnd) == ' ' || domainXml.charAt(lineEnd) == '\t')) {
            lineEnd++;
        }
        boolean ownLine = indent.isPresent() && (start - indent.get().length() > 0)
                && (lineEnd == domainXml.length() || domainXml.charAt(lineEnd) == '\n'
                || domainXml.charAt(lineEnd) == '\r');
        if (ownLine) {
            start -= indent.get().length();
            end = lineEnd;
            if (domainXml.startsWith("\r\n", end)) {
                end += 2;
            } else if (end < domainXml.length()) {
                end++;
            }
        }
        return splice(domainXml, start, end, "");
    }

    /**
     * The text of the interface element with {@code alias}, exactly as it stands in the document
     * (what libvirt's detach wants), or empty if none has it.
     *
     * @throws DomainXmlException {@link Reason#DUPLICATE_ALIAS} if several have it
     */
    public static Optional<String> interfaceElement(String domainXml, String alias) {
        List<DomainLayout.Element> found = matching(DomainLayout.of(domainXml), alias);
        if (found.size() > 1) {
            throw duplicate(alias, found.size());
        }
        return found.stream().findFirst().map(e -> domainXml.substring(e.start(), e.end()));
    }

    /** The interfaces of the domain's {@code <devices>}, in document order, as libvirt wrote them. */
    public static List<DomainInterface> interfaces(String domainXml) {
        DomainLayout.of(domainXml);
        try {
            Document doc = XmlFactories.documentBuilder().parse(new InputSource(new StringReader(domainXml)));
            return InterfaceXmlReader.interfaces(doc.getDocumentElement());
        } catch (SAXException | IOException e) {
            throw new DomainXmlException(Reason.MALFORMED, null, "not well-formed XML: " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            // NumberFormatException and InvalidInterfaceSpecException: a value libvirt would not write.
            throw new DomainXmlException(Reason.MALFORMED, null, "an <interface> holds an invalid value: "
                    + e.getMessage(), e);
        }
    }

    private static DomainLayout.Element single(DomainLayout layout, String alias) {
        List<DomainLayout.Element> found = matching(layout, alias);
        if (found.isEmpty()) {
            throw new DomainXmlException(Reason.UNKNOWN_ALIAS, alias, "the domain has no interface with alias "
                    + alias + "; it has " + layout.interfaces().stream()
                    .map(e -> e.alias().orElse("(no alias)")).toList(), null);
        }
        if (found.size() > 1) {
            throw duplicate(alias, found.size());
        }
        return found.get(0);
    }

    private static DomainXmlException duplicate(String alias, int count) {
        return new DomainXmlException(Reason.DUPLICATE_ALIAS, alias, count + " interfaces have alias " + alias, null);
    }

    private static List<DomainLayout.Element> matching(DomainLayout layout, String alias) {
        return layout.interfaces().stream().filter(e -> e.alias().filter(alias::equals).isPresent()).toList();
    }

    private static InterfaceXmlWriter writer(String newline, String indent, String step) {
        return new InterfaceXmlWriter(newline, indent, step);
    }

    /** One level of indentation: the child's indent beyond its parent's, else two spaces. */
    private static String step(String childIndent, String parentIndent) {
        if (childIndent.length() > parentIndent.length() && childIndent.startsWith(parentIndent)) {
            return childIndent.substring(parentIndent.length());
        }
        return DEFAULT_STEP;
    }

    private static String splice(String text, int start, int end, String replacement) {
        return new StringBuilder(text.length() - (end - start) + replacement.length())
                .append(text, 0, start).append(replacement).append(text, end, text.length()).toString();
    }
}
