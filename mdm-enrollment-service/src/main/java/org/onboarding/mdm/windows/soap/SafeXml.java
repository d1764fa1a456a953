package org.onboarding.mdm.windows.soap;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;

/**
 * The one XML parser of the device protocols, hardened: any DOCTYPE is refused (so no DTD, no entity, internal or
 * external, can be declared), external DTDs/schemas are never fetched, XInclude is off, the JDK's secure-processing
 * limits apply and nesting is capped. Callers cap the byte size before parsing. Every failure is an
 * {@link InvalidXmlException} with a short message, never a parser stack trace.
 */
public final class SafeXml {

    private static final int MAX_DEPTH = 64;
    private static final DocumentBuilderFactory FACTORY = factory();

    private SafeXml() {
    }

    /** Thrown for anything that is not a well-formed, DTD-free XML document. */
    public static final class InvalidXmlException extends Exception {
        InvalidXmlException(String message) {
            super(message, null, false, false);
        }
    }

    private static DocumentBuilderFactory factory() {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
            factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            factory.setAttribute("jdk.xml.maxElementDepth", MAX_DEPTH);
            factory.setXIncludeAware(false);
            factory.setExpandEntityReferences(false);
            factory.setValidating(false);
            return factory;
        } catch (ParserConfigurationException | IllegalArgumentException e) {
            throw new IllegalStateException("the JDK XML parser cannot be hardened", e);
        }
    }

    public static Document parse(byte[] body) throws InvalidXmlException {
        if (body == null || body.length == 0) {
            throw new InvalidXmlException("empty message");
        }
        try {
            DocumentBuilder builder = FACTORY.newDocumentBuilder();
            builder.setErrorHandler(SILENT);
            // a DTD-less parser must never resolve anything; this is the second lock on that door
            builder.setEntityResolver((publicId, systemId) -> new InputSource(new StringReader("")));
            return builder.parse(new ByteArrayInputStream(body));
        } catch (SAXParseException e) {
            String reason = e.getMessage() != null && e.getMessage().contains("DOCTYPE")
                    ? "DOCTYPE declarations are not allowed" : "malformed XML";
            throw new InvalidXmlException(reason + " (line " + e.getLineNumber() + ")");
        } catch (SAXException | IOException | ParserConfigurationException | RuntimeException e) {
            throw new InvalidXmlException("malformed XML");
        }
    }

    private static final ErrorHandler SILENT = new ErrorHandler() {
        @Override
        public void warning(SAXParseException e) {
        }

        @Override
        public void error(SAXParseException e) throws SAXException {
            throw e;
        }

        @Override
        public void fatalError(SAXParseException e) throws SAXException {
            throw e;
        }
    };

    // ---- navigation helpers: namespace-qualified, direct children only ----

    public static Element child(Element parent, String namespace, String localName) {
        if (parent == null) {
            return null;
        }
        for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element && localName.equals(element.getLocalName())
                    && (namespace == null || namespace.equals(element.getNamespaceURI()))) {
                return element;
            }
        }
        return null;
    }

    public static List<Element> children(Element parent, String namespace, String localName) {
        List<Element> found = new ArrayList<>();
        if (parent == null) {
            return found;
        }
        for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element && (localName == null || localName.equals(element.getLocalName()))
                    && (namespace == null || namespace.equals(element.getNamespaceURI()))) {
                found.add(element);
            }
        }
        return found;
    }

    /** The first descendant with that name, depth first. */
    public static Element descendant(Element root, String namespace, String localName) {
        if (root == null) {
            return null;
        }
        NodeList list = namespace == null ? root.getElementsByTagNameNS("*", localName)
                : root.getElementsByTagNameNS(namespace, localName);
        return list.getLength() == 0 ? null : (Element) list.item(0);
    }

    /** Trimmed text content, or null when the element is absent. */
    public static String text(Element element) {
        return element == null ? null : element.getTextContent().trim();
    }

    /** An attribute by local name in no namespace or any namespace (devices send both forms). */
    public static String attribute(Element element, String localName) {
        if (element == null) {
            return null;
        }
        if (element.hasAttribute(localName)) {
            return element.getAttribute(localName);
        }
        var attributes = element.getAttributes();
        for (int i = 0; i < attributes.getLength(); i++) {
            Node attribute = attributes.item(i);
            if (localName.equals(attribute.getLocalName())) {
                return attribute.getNodeValue();
            }
        }
        return null;
    }

    /** Escapes text for element content and double-quoted attribute values. */
    public static String escape(String value) {
        if (value == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(value.length() + 16);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&apos;");
                default -> {
                    // characters XML 1.0 cannot carry at all are dropped rather than producing an unreadable answer
                    if (c >= 0x20 || c == '\t' || c == '\n' || c == '\r') {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }
}
