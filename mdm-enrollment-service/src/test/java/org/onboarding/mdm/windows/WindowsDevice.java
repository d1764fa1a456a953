package org.onboarding.mdm.windows;

import io.restassured.response.Response;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;

/**
 * Plays a Windows 10/11 enrollment client: the messages are those of Microsoft's MS-MDE2 examples (Discover,
 * GetPolicies, RequestSecurityToken, the first SyncML package), the CSR a real PKCS#10 request from Bouncy Castle.
 */
public final class WindowsDevice {

    public static final String SOAP_TYPE = "application/soap+xml; charset=utf-8";
    public static final String WSSE = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd";
    public static final String APPRU = "ms-app://windows.immersivecontrolpanel";

    public final String deviceId = UUID.randomUUID().toString().toUpperCase();
    public final String hwDevId = UUID.randomUUID().toString().replace("-", "").toUpperCase();
    public final KeyPair keys;
    public final String csrBase64;

    public WindowsDevice() {
        this(2048);
    }

    public WindowsDevice(int keyBits) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(keyBits);
            keys = generator.generateKeyPair();
            PKCS10CertificationRequest csr = new JcaPKCS10CertificationRequestBuilder(
                    new X500Name("CN=B1C43CD0-1624-5FBB-8E54-34CF17DFD3A1"), keys.getPublic())
                    .build(new JcaContentSignerBuilder("SHA256withRSA").build(keys.getPrivate()));
            csrBase64 = Base64.getEncoder().encodeToString(csr.getEncoded());
        } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- credentials (the WS-Security header) ----

    public static String usernameToken(String email, String password) {
        return "<wsse:Security s:mustUnderstand=\"1\"><wsse:UsernameToken u:Id=\"uuid-cc1ccc1f-2fba-4bcf-b063-ffc0cac77917-4\">"
                + "<wsse:Username>" + email + "</wsse:Username>"
                + "<wsse:Password wsse:Type=\"http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0#PasswordText\">"
                + password + "</wsse:Password></wsse:UsernameToken></wsse:Security>";
    }

    /** What Windows does with the page's wresult: base64 it into a DeviceEnrollmentUserToken. */
    public static String federatedToken(String wresult) {
        return "<wsse:Security s:mustUnderstand=\"1\"><wsse:BinarySecurityToken "
                + "ValueType=\"http://schemas.microsoft.com/5.0.0.0/ConfigurationManager/Enrollment/DeviceEnrollmentUserToken\" "
                + "EncodingType=\"http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd#base64binary\">"
                + Base64.getEncoder().encodeToString(wresult.getBytes(StandardCharsets.UTF_8))
                + "</wsse:BinarySecurityToken></wsse:Security>";
    }

    // ---- messages ----

    public static String discover(String messageId, String email) {
        return "<?xml version=\"1.0\"?>"
                + "<s:Envelope xmlns:a=\"http://www.w3.org/2005/08/addressing\" xmlns:s=\"http://www.w3.org/2003/05/soap-envelope\">"
                + "<s:Header><a:Action s:mustUnderstand=\"1\">http://schemas.microsoft.com/windows/management/2012/01/enrollment/IDiscoveryService/Discover</a:Action>"
                + "<a:MessageID>" + messageId + "</a:MessageID>"
                + "<a:ReplyTo><a:Address>http://www.w3.org/2005/08/addressing/anonymous</a:Address></a:ReplyTo>"
                + "<a:To s:mustUnderstand=\"1\">https://mdm.onboarding.local/EnrollmentServer/Discovery.svc</a:To></s:Header>"
                + "<s:Body><Discover xmlns=\"http://schemas.microsoft.com/windows/management/2012/01/enrollment\">"
                + "<request xmlns:i=\"http://www.w3.org/2001/XMLSchema-instance\">"
                + "<EmailAddress>" + email + "</EmailAddress><RequestVersion>4.0</RequestVersion>"
                + "<DeviceType>CIMClient_Windows</DeviceType><ApplicationVersion>10.0.22631.2428</ApplicationVersion>"
                + "<OSEdition>72</OSEdition><AuthPolicies><AuthPolicy>OnPremise</AuthPolicy>"
                + "<AuthPolicy>Federated</AuthPolicy></AuthPolicies></request></Discover></s:Body></s:Envelope>";
    }

    public static String getPolicies(String messageId, String security) {
        return envelopeStart("http://schemas.microsoft.com/windows/pki/2009/01/enrollmentpolicy/IPolicy/GetPolicies",
                messageId, "https://mdm.onboarding.local/EnrollmentServer/Policy.svc", security)
                + "<s:Body xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\">"
                + "<GetPolicies xmlns=\"http://schemas.microsoft.com/windows/pki/2009/01/enrollmentpolicy\">"
                + "<client><lastUpdate xsi:nil=\"true\"/><preferredLanguage xsi:nil=\"true\"/></client>"
                + "<requestFilter xsi:nil=\"true\"/></GetPolicies></s:Body></s:Envelope>";
    }

    public String requestSecurityToken(String messageId, String security) {
        return requestSecurityToken(messageId, security, csrBase64, deviceId);
    }

    public String requestSecurityToken(String messageId, String security, String csr, String contextDeviceId) {
        return envelopeStart("http://schemas.microsoft.com/windows/pki/2009/01/enrollment/RST/wstep", messageId,
                "https://mdm.onboarding.local/EnrollmentServer/Enrollment.svc", security)
                + "<s:Body><wst:RequestSecurityToken>"
                + "<wst:TokenType>http://schemas.microsoft.com/5.0.0.0/ConfigurationManager/Enrollment/DeviceEnrollmentToken</wst:TokenType>"
                + "<wst:RequestType>http://docs.oasis-open.org/ws-sx/ws-trust/200512/Issue</wst:RequestType>"
                + "<wsse:BinarySecurityToken ValueType=\"http://schemas.microsoft.com/windows/pki/2009/01/enrollment#PKCS10\" "
                + "EncodingType=\"http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd#base64binary\">"
                + csr + "</wsse:BinarySecurityToken>"
                + "<ac:AdditionalContext xmlns=\"http://schemas.xmlsoap.org/ws/2006/12/authorization\">"
                + item("UXInitiated", "true") + item("HWDevID", hwDevId) + item("Locale", "en-US")
                + item("TargetedUserLoggedIn", "true") + item("OSEdition", "72") + item("DeviceName", "DESKTOP-TEST01")
                + item("MAC", "00-0C-29-51-AB-DC") + item("DeviceID", contextDeviceId)
                + item("EnrollmentType", "Full") + item("DeviceType", "CIMClient_Windows")
                + item("OSVersion", "10.0.22631.2428") + item("ApplicationVersion", "10.0.22631.2428")
                + item("NotInOobe", "false") + item("RequestVersion", "4.0")
                + "</ac:AdditionalContext></wst:RequestSecurityToken></s:Body></s:Envelope>";
    }

    /** The first package of a management session: Alert 1201, the login status and Replace ./DevInfo/*. */
    public String firstSyncMessage(String managementUrl) {
        return syncMessage(1, managementUrl, "<Alert><CmdID>2</CmdID><Data>1201</Data></Alert>"
                + "<Alert><CmdID>3</CmdID><Data>1224</Data><Item><Meta><Type xmlns=\"syncml:metinf\">"
                + "com.microsoft/MDM/LoginStatus</Type></Meta><Data>user</Data></Item></Alert>"
                + "<Replace><CmdID>4</CmdID>"
                + devInfo("DevId", deviceId) + devInfo("Man", "Contoso Ltd") + devInfo("Mod", "Surface Laptop 5")
                + devInfo("DmV", "1.3") + devInfo("Lang", "en-US") + "</Replace>");
    }

    public String followUpSyncMessage(String managementUrl) {
        return syncMessage(2, managementUrl,
                "<Status><CmdID>1</CmdID><MsgRef>1</MsgRef><CmdRef>0</CmdRef><Cmd>SyncHdr</Cmd><Data>200</Data></Status>"
                + "<Status><CmdID>2</CmdID><MsgRef>1</MsgRef><CmdRef>5</CmdRef><Cmd>Replace</Cmd><Data>200</Data></Status>");
    }

    /** A final SyncML message of session 1 from this device, its body holding {@code commands}. */
    private String syncMessage(int messageId, String managementUrl, String commands) {
        return "<SyncML xmlns=\"SYNCML:SYNCML1.2\"><SyncHdr><VerDTD>1.2</VerDTD><VerProto>DM/1.2</VerProto>"
                + "<SessionID>1</SessionID><MsgID>" + messageId + "</MsgID><Target><LocURI>" + managementUrl
                + "</LocURI></Target><Source><LocURI>" + deviceId + "</LocURI></Source></SyncHdr><SyncBody>"
                + commands + "<Final/></SyncBody></SyncML>";
    }

    // ---- transport ----

    public static Response post(String path, String body) {
        return given().contentType(SOAP_TYPE).body(body.getBytes(StandardCharsets.UTF_8)).post(path);
    }

    public static Response sync(X509Certificate certificate, String body) {
        var request = given().contentType("application/vnd.syncml.dm+xml").body(body.getBytes(StandardCharsets.UTF_8));
        if (certificate != null) {
            request.header("X-Client-Cert", urlEncodedPem(certificate));
        }
        return request.post("/ManagementServer/MDM.svc");
    }

    public static String urlEncodedPem(X509Certificate certificate) {
        try {
            String pem = "-----BEGIN CERTIFICATE-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                    .encodeToString(certificate.getEncoded()) + "\n-----END CERTIFICATE-----\n";
            return URLEncoder.encode(pem, StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- reading answers ----

    public static Document xml(byte[] bytes) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            return factory.newDocumentBuilder().parse(new ByteArrayInputStream(bytes));
        } catch (Exception e) {
            throw new AssertionError("not XML: " + new String(bytes, StandardCharsets.UTF_8), e);
        }
    }

    /** Text of the first element with that local name, any namespace; null when absent. */
    public static String text(Document document, String localName) {
        NodeList list = document.getElementsByTagNameNS("*", localName);
        return list.getLength() == 0 ? null : list.item(0).getTextContent().trim();
    }

    public static List<Element> elements(Document document, String localName) {
        NodeList list = document.getElementsByTagNameNS("*", localName);
        List<Element> out = new ArrayList<>();
        for (int i = 0; i < list.getLength(); i++) {
            out.add((Element) list.item(i));
        }
        return out;
    }

    /** The subcode of a SOAP fault answer. */
    public static String faultSubcode(Response response) {
        Document document = xml(response.asByteArray());
        List<Element> values = elements(document, "Value");
        return values.size() < 2 ? null : values.get(1).getTextContent().trim();
    }

    public static X509Certificate certificate(String base64) {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(Base64.getDecoder().decode(base64)));
        } catch (GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    private static String envelopeStart(String action, String messageId, String to, String security) {
        return "<s:Envelope xmlns:s=\"http://www.w3.org/2003/05/soap-envelope\" xmlns:a=\"http://www.w3.org/2005/08/addressing\" "
                + "xmlns:u=\"http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd\" "
                + "xmlns:wsse=\"" + WSSE + "\" xmlns:wst=\"http://docs.oasis-open.org/ws-sx/ws-trust/200512\" "
                + "xmlns:ac=\"http://schemas.xmlsoap.org/ws/2006/12/authorization\">"
                + "<s:Header><a:Action s:mustUnderstand=\"1\">" + action + "</a:Action>"
                + "<a:MessageID>" + messageId + "</a:MessageID>"
                + "<a:ReplyTo><a:Address>http://www.w3.org/2005/08/addressing/anonymous</a:Address></a:ReplyTo>"
                + "<a:To s:mustUnderstand=\"1\">" + to + "</a:To>" + (security == null ? "" : security) + "</s:Header>";
    }

    private static String item(String name, String value) {
        return "<ac:ContextItem Name=\"" + name + "\"><ac:Value>" + value + "</ac:Value></ac:ContextItem>";
    }

    private static String devInfo(String node, String value) {
        return "<Item><Source><LocURI>./DevInfo/" + node + "</LocURI></Source><Data>" + value + "</Data></Item>";
    }
}
