package org.onboarding.mdm.windows.soap;

import jakarta.ws.rs.core.Response;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

import static org.onboarding.mdm.windows.soap.SafeXml.escape;

/**
 * SOAP 1.2 answers: {@code application/soap+xml; charset=utf-8} with a Content-Length (a byte array entity is never
 * chunked; Windows refuses chunked enrollment answers), {@code RelatesTo} = the request's MessageID.
 */
public final class SoapResponses {

    public static final String CONTENT_TYPE = "application/soap+xml; charset=utf-8";
    private static final String FAULT_ACTION = "http://www.w3.org/2005/08/addressing/soap/fault";

    private SoapResponses() {
    }

    /** An envelope; {@code extraHeader} is inserted after RelatesTo (e.g. a WS-Security timestamp). */
    public static Response envelope(String action, String relatesTo, String extraHeader, String body) {
        return respond(200, envelopeXml(action, relatesTo, extraHeader, body));
    }

    public static String envelopeXml(String action, String relatesTo, String extraHeader, String body) {
        return "<s:Envelope xmlns:s=\"http://www.w3.org/2003/05/soap-envelope\""
                + " xmlns:a=\"http://www.w3.org/2005/08/addressing\""
                + " xmlns:u=\"http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd\">"
                + "<s:Header>"
                + "<a:Action s:mustUnderstand=\"1\">" + escape(action) + "</a:Action>"
                + "<ActivityId xmlns=\"http://schemas.microsoft.com/2004/09/ServiceModel/Diagnostics\">"
                + UUID.randomUUID() + "</ActivityId>"
                + (relatesTo == null ? "" : "<a:RelatesTo>" + escape(relatesTo) + "</a:RelatesTo>")
                + (extraHeader == null ? "" : extraHeader)
                + "</s:Header>"
                + "<s:Body>" + body + "</s:Body></s:Envelope>";
    }

    public static Response fault(SoapFault fault, String relatesTo) {
        String body = "<s:Fault><s:Code><s:Value>s:Receiver</s:Value><s:Subcode><s:Value>" + fault.subcode.value
                + "</s:Value></s:Subcode></s:Code><s:Reason><s:Text xml:lang=\"en-US\">" + escape(fault.getMessage())
                + "</s:Text></s:Reason></s:Fault>";
        return respond(fault.subcode.httpStatus, envelopeXml(FAULT_ACTION, relatesTo, null, body));
    }

    /** A WS-Security header with a Timestamp valid five minutes, as MS-WSTEP answers carry. */
    public static String timestampHeader(Instant now) {
        return "<o:Security s:mustUnderstand=\"1\" xmlns:o=\"" + SoapRequest.WSSE + "\">"
                + "<u:Timestamp u:Id=\"_0\"><u:Created>" + now + "</u:Created><u:Expires>" + now.plusSeconds(300)
                + "</u:Expires></u:Timestamp></o:Security>";
    }

    private static Response respond(int status, String xml) {
        byte[] bytes = xml.getBytes(StandardCharsets.UTF_8);
        return Response.status(status).type(CONTENT_TYPE).header("Content-Length", bytes.length).entity(bytes).build();
    }
}
