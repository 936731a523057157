package io.k6t.net.libvirt.internal;

import io.k6t.net.libvirt.DomainXmlException;
import io.k6t.net.libvirt.DomainXmlException.Reason;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.xml.stream.Location;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Where {@code <devices>} and its {@code <interface>} children sit in a domain XML text, as
 * character ranges, found with one streaming pass so that edits can splice text and leave the rest
 * of the document byte-for-byte as it was.
 *
 * <p>StAX reports the line and column just after each tag. The JDK's character offsets drift after
 * CRLF line ends and surrogate pairs, its line/column pairs do not, so offsets come from those. A
 * start tag begins at the last {@code <} before its end: {@code <} cannot occur inside a tag (XML
 * 1.0 section 2.3 forbids it in attribute values). Every range is checked against the text. The
 * JDK also miscounts columns after a lone CR, so the parser reads a copy with each lone CR turned
 * into LF: the same length, and the same document, since XML reads a lone CR as LF (section 2.11).
 */
public final class DomainLayout {
    /** A located element: {@code text.substring(start, end)} is the whole element. */
    public record Element(int start, int startTagEnd, int end, Optional<String> alias) {
        /** Whether the element is written as {@code <name .../>}. */
        public boolean selfClosing() {
            return startTagEnd == end;
        }
    }

    private final String text;
    private final Element devices;
    private final int firstDeviceStart;
    private final List<Element> interfaces;

    private DomainLayout(String text, Element devices, int firstDeviceStart, List<Element> interfaces) {
        this.text = text;
        this.devices = devices;
        this.firstDeviceStart = firstDeviceStart;
        this.interfaces = interfaces;
    }

    /**
     * Locates the elements of {@code xml}.
     *
     * @throws DomainXmlException {@link Reason#MALFORMED} if it is not well-formed or not a {@code <domain>}
     */
    public static DomainLayout of(String xml) {
        String parsed = loneCrToLf(xml);
        int[] lineStarts = lineStarts(parsed);
        Element devices = null;
        int firstDeviceStart = -1;
        List<Element> interfaces = new ArrayList<>();
        int depth = 0;
        int devicesDepth = -1;
        int devicesStart = -1;
        int devicesStartTagEnd = -1;
        int ifaceStart = -1;
        int ifaceStartTagEnd = -1;
        String alias = null;
        try {
            XMLStreamReader r = XmlFactories.input().createXMLStreamReader(new StringReader(parsed));
            while (r.hasNext()) {
                int event = r.next();
                if (event == XMLStreamConstants.START_ELEMENT) {
                    depth++;
                    boolean plain = r.getNamespaceURI() == null || r.getNamespaceURI().isEmpty();
                    String name = r.getLocalName();
                    int tagEnd = offset(xml, lineStarts, r.getLocation());
                    if (depth == 1 && !(plain && "domain".equals(name))) {
                        throw new DomainXmlException(Reason.MALFORMED, null,
                                "the root element is <" + r.getName() + ">, expected <domain>", null);
                    }
                    if (depth == 2 && plain && "devices".equals(name) && devicesDepth < 0 && devices == null) {
                        devicesDepth = depth;
                        devicesStartTagEnd = tagEnd;
                        devicesStart = tagStart(xml, tagEnd, "devices");
                    } else if (depth == devicesDepth + 1 && devicesDepth > 0) {
                        int start = tagStart(xml, tagEnd, r.getPrefix() == null || r.getPrefix().isEmpty()
                                ? name : r.getPrefix() + ":" + name);
                        if (firstDeviceStart < 0) {
                            firstDeviceStart = start;
                        }
                        if (plain && "interface".equals(name)) {
                            ifaceStart = start;
                            ifaceStartTagEnd = tagEnd;
                            alias = null;
                        }
                    } else if (depth == devicesDepth + 2 && ifaceStart >= 0 && plain && "alias".equals(name)) {
                        alias = r.getAttributeValue(null, "name");
                    }
                } else if (event == XMLStreamConstants.END_ELEMENT) {
                    int tagEnd = offset(xml, lineStarts, r.getLocation());
                    if (depth == devicesDepth + 1 && ifaceStart >= 0) {
                        checkEnd(xml, tagEnd);
                        interfaces.add(new Element(ifaceStart, ifaceStartTagEnd, tagEnd, Optional.ofNullable(alias)));
                        ifaceStart = -1;
                    } else if (depth == devicesDepth) {
                        checkEnd(xml, tagEnd);
                        devices = new Element(devicesStart, devicesStartTagEnd, tagEnd, Optional.empty());
                        devicesDepth = -1;
                    }
                    depth--;
                }
            }
            r.close();
        } catch (XMLStreamException e) {
            throw new DomainXmlException(Reason.MALFORMED, null, "not well-formed XML: " + e.getMessage(), e);
        }
        return new DomainLayout(xml, devices, firstDeviceStart, List.copyOf(interfaces));
    }

    /** The document text. */
    public String text() {
        return text;
    }

    /** The root's {@code <devices>} element, if any. */
    public Optional<Element> devices() {
        return Optional.ofNullable(devices);
    }

    /** The start of the first element inside {@code <devices>}, or -1. */
    public int firstDeviceStart() {
        return firstDeviceStart;
    }

    /** The {@code <interface>} children of {@code <devices>}, in document order. */
    public List<Element> interfaces() {
        return interfaces;
    }

    /** The line separator the document uses: CRLF if it has any, CR if it has only CRs, else LF. */
    public String newline() {
        if (text.contains("\r\n")) {
            return "\r\n";
        }
        return text.indexOf('\r') >= 0 && text.indexOf('\n') < 0 ? "\r" : "\n";
    }

    /**
     * The line break that ends the line before the one holding {@code pos} (documents may mix them),
     * else {@link #newline()}.
     */
    public String newlineBefore(int pos) {
        int lineStart = lineStart(pos);
        if (lineStart >= 2 && text.startsWith("\r\n", lineStart - 2)) {
            return "\r\n";
        }
        if (lineStart >= 1) {
            return text.substring(lineStart - 1, lineStart);
        }
        return newline();
    }

    /**
     * The whitespace between the start of the line holding {@code pos} and {@code pos}, or empty if
     * something else precedes {@code pos} on that line.
     */
    public Optional<String> indentBefore(int pos) {
        int lineStart = lineStart(pos);
        for (int i = lineStart; i < pos; i++) {
            if (text.charAt(i) != ' ' && text.charAt(i) != '\t') {
                return Optional.empty();
            }
        }
        return Optional.of(text.substring(lineStart, pos));
    }

    private int lineStart(int pos) {
        int lineStart = pos;
        while (lineStart > 0 && text.charAt(lineStart - 1) != '\n' && text.charAt(lineStart - 1) != '\r') {
            lineStart--;
        }
        return lineStart;
    }

    private static String loneCrToLf(String xml) {
        char[] chars = xml.toCharArray();
        for (int i = 0; i < chars.length; i++) {
            if (chars[i] == '\r' && (i + 1 == chars.length || chars[i + 1] != '\n')) {
                chars[i] = '\n';
            }
        }
        return new String(chars);
    }

    /** Where each line starts; the text has no lone CR, so a line ends with LF (or CRLF). */
    private static int[] lineStarts(String xml) {
        List<Integer> starts = new ArrayList<>();
        starts.add(0);
        for (int i = 0; i < xml.length(); i++) {
            if (xml.charAt(i) == '\n') {
                starts.add(i + 1);
            }
        }
        return starts.stream().mapToInt(Integer::intValue).toArray();
    }

    private static int offset(String xml, int[] lineStarts, Location location) {
        int line = location.getLineNumber();
        int column = location.getColumnNumber();
        if (line < 1 || line > lineStarts.length || column < 1) {
            throw located(location);
        }
        int offset = lineStarts[line - 1] + column - 1;
        if (offset < 1 || offset > xml.length() || xml.charAt(offset - 1) != '>') {
            throw located(location);
        }
        return offset;
    }

    private static int tagStart(String xml, int tagEnd, String qualifiedName) {
        int start = xml.lastIndexOf('<', tagEnd - 1);
        if (start < 0 || !xml.startsWith(qualifiedName, start + 1)) {
            throw new DomainXmlException(Reason.MALFORMED, null,
                    "cannot locate the start tag of <" + qualifiedName + "> before offset " + tagEnd, null);
        }
        return start;
    }

    private static void checkEnd(String xml, int tagEnd) {
        if (xml.charAt(tagEnd - 1) != '>') {
            throw new DomainXmlException(Reason.MALFORMED, null, "cannot locate an end tag at offset " + tagEnd, null);
        }
    }

    private static DomainXmlException located(Location location) {
        return new DomainXmlException(Reason.MALFORMED, null, "the parser reported position line "
                + location.getLineNumber() + " column " + location.getColumnNumber() + ", which is not a tag end",
                null);
    }
}
