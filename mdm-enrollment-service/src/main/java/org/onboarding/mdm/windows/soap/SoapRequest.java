package org.onboarding.mdm.windows.soap;

import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * A parsed SOAP 1.2 request: its WS-Addressing {@code Action} and {@code MessageID}, header and body. Anything that
 * is not a SOAP 1.2 envelope, or is bigger than the limit, is a {@code s:messageformat} fault.
 */
public record SoapRequest(String action, String messageId, Element header, Element body) {

    public static final String SOAP = "http://www.w3.org/2003/05/soap-envelope";
    public static final String ADDRESSING = "http://www.w3.org/2005/08/addressing";
    public static final String WSSE = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd";

    public static SoapRequest parse(byte[] bytes, int maxBytes) {
        if (bytes != null && bytes.length > maxBytes) {
            throw SoapFault.messageFormat("message larger than " + maxBytes + " bytes");
        }
        Document document;
        try {
            document = SafeXml.parse(bytes);
        } catch (SafeXml.InvalidXmlException e) {
            throw SoapFault.messageFormat(e.getMessage());
        }
        Element envelope = document.getDocumentElement();
        if (!"Envelope".equals(envelope.getLocalName()) || !SOAP.equals(envelope.getNamespaceURI())) {
            throw SoapFault.messageFormat("not a SOAP 1.2 envelope");
        }
        Element header = SafeXml.child(envelope, SOAP, "Header");
        Element body = SafeXml.child(envelope, SOAP, "Body");
        if (body == null) {
            throw SoapFault.messageFormat("the envelope has no Body");
        }
        return new SoapRequest(SafeXml.text(SafeXml.child(header, ADDRESSING, "Action")),
                SafeXml.text(SafeXml.child(header, ADDRESSING, "MessageID")), header, body);
    }

    /** The MessageID of a request that could be parsed that far, for the RelatesTo of a fault. */
    public static String messageIdOrNull(byte[] bytes, int maxBytes) {
        try {
            return parse(bytes, maxBytes).messageId();
        } catch (SoapFault e) {
            return null;
        }
    }

    public Element bodyElement(String namespace, String localName) {
        Element element = SafeXml.child(body, namespace, localName);
        if (element == null) {
            throw SoapFault.messageFormat("the Body carries no " + localName);
        }
        return element;
    }

    public void requireAction(String expected) {
        if (action == null || !action.equals(expected)) {
            throw SoapFault.messageFormat("expected the action " + expected);
        }
    }

    public Element security() {
        return SafeXml.child(header, WSSE, "Security");
    }
}
