package io.k6t.net.libvirt.internal;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLOutputFactory;

/**
 * JDK XML factories set up for untrusted input: no DTDs, no external entities (domain XML comes
 * from libvirt or from users; neither needs either, and both are the classic XXE holes).
 */
public final class XmlFactories {
    private XmlFactories() {
    }

    /** A StAX reader factory without DTD or external entity support. */
    public static XMLInputFactory input() {
        XMLInputFactory factory = XMLInputFactory.newFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_COALESCING, false);
        return factory;
    }

    /** A StAX writer factory. */
    public static XMLOutputFactory output() {
        return XMLOutputFactory.newFactory();
    }

    /** A namespace-aware DOM builder that refuses any DOCTYPE. */
    public static DocumentBuilder documentBuilder() {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setXIncludeAware(false);
            factory.setExpandEntityReferences(false);
            DocumentBuilder builder = factory.newDocumentBuilder();
            // The default handler prints to stderr before throwing; the exception alone is enough.
            builder.setErrorHandler(null);
            return builder;
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("the JDK's DOM parser lacks a standard feature", e);
        }
    }
}
