package org.onboarding.mdm.windows.enrollment;

import org.onboarding.mdm.windows.WindowsMdmConfig;
import org.onboarding.mdm.windows.ca.MdmCertificates;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Base64;

import static org.onboarding.mdm.windows.soap.SafeXml.escape;

/**
 * The wap-provisioningdoc of a successful enrollment: the organisation's CA into Root/System, the device certificate
 * into My/User (user enrollment) or My/System (device enrollment), the w7 APPLICATION (ADDR = management URL, the
 * client certificate found by its subject) and DMClient's provider with the poll schedule. No WSTEP renewal section:
 * we do not serve renewals, and Microsoft says to leave it out then.
 */
public final class ProvisioningDocument {

    private static final SecureRandom RANDOM = new SecureRandom();

    private ProvisioningDocument() {
    }

    public record Inputs(X509Certificate ca, X509Certificate client, String commonName, boolean deviceEnrollment,
                         String managementUrl, String upn, String deviceName, String entDmId) {
    }

    public static String build(Inputs in, WindowsMdmConfig config) {
        String store = in.deviceEnrollment() ? "System" : "User";
        String provider = escape(config.providerId());
        String search = "Subject=" + URLEncoder.encode("CN=" + in.commonName(), StandardCharsets.UTF_8)
                + "&Stores=" + URLEncoder.encode("My\\" + store, StandardCharsets.UTF_8);
        WindowsMdmConfig.Poll poll = config.poll();
        return "<wap-provisioningdoc version=\"1.1\">"
                + "<characteristic type=\"CertificateStore\"><characteristic type=\"Root\"><characteristic type=\"System\">"
                + "<characteristic type=\"" + MdmCertificates.thumbprint(in.ca()) + "\">"
                + "<parm name=\"EncodedCertificate\" value=\"" + base64(in.ca()) + "\"/>"
                + "</characteristic></characteristic></characteristic></characteristic>"
                + "<characteristic type=\"CertificateStore\"><characteristic type=\"My\"><characteristic type=\"" + store
                + "\"><characteristic type=\"" + MdmCertificates.thumbprint(in.client()) + "\">"
                + "<parm name=\"EncodedCertificate\" value=\"" + base64(in.client()) + "\"/>"
                + "</characteristic><characteristic type=\"PrivateKeyContainer\"/>"
                + "</characteristic></characteristic></characteristic>"
                + "<characteristic type=\"APPLICATION\">"
                + "<parm name=\"APPID\" value=\"w7\"/>"
                + "<parm name=\"PROVIDER-ID\" value=\"" + provider + "\"/>"
                + "<parm name=\"NAME\" value=\"" + provider + "\"/>"
                + "<parm name=\"ADDR\" value=\"" + escape(in.managementUrl()) + "\"/>"
                + "<parm name=\"CONNRETRYFREQ\" value=\"6\"/>"
                + "<parm name=\"INITIALBACKOFFTIME\" value=\"30000\"/>"
                + "<parm name=\"MAXBACKOFFTIME\" value=\"120000\"/>"
                + "<parm name=\"BACKCOMPATRETRYDISABLED\"/>"
                + "<parm name=\"DEFAULTENCODING\" value=\"application/vnd.syncml.dm+xml\"/>"
                + "<parm name=\"SSLCLIENTCERTSEARCHCRITERIA\" value=\"" + escape(search) + "\"/>"
                // Windows wants both APPAUTH levels present; the device is authenticated by its certificate, so these
                // secrets are random and never checked
                + "<characteristic type=\"APPAUTH\"><parm name=\"AAUTHLEVEL\" value=\"CLIENT\"/>"
                + "<parm name=\"AAUTHTYPE\" value=\"DIGEST\"/><parm name=\"AAUTHSECRET\" value=\"" + random() + "\"/>"
                + "<parm name=\"AAUTHDATA\" value=\"" + random() + "\"/></characteristic>"
                + "<characteristic type=\"APPAUTH\"><parm name=\"AAUTHLEVEL\" value=\"APPSRV\"/>"
                + "<parm name=\"AAUTHTYPE\" value=\"BASIC\"/><parm name=\"AAUTHNAME\" value=\"" + provider + "\"/>"
                + "<parm name=\"AAUTHSECRET\" value=\"" + random() + "\"/></characteristic>"
                + "</characteristic>"
                + "<characteristic type=\"DMClient\"><characteristic type=\"Provider\"><characteristic type=\"" + provider
                + "\">"
                + "<parm name=\"EntDMID\" value=\"" + escape(in.entDmId()) + "\" datatype=\"string\"/>"
                + "<parm name=\"UPN\" value=\"" + escape(in.upn()) + "\" datatype=\"string\"/>"
                + (in.deviceName() == null ? "" : "<parm name=\"EntDeviceName\" value=\"" + escape(in.deviceName())
                        + "\" datatype=\"string\"/>")
                + "<characteristic type=\"Poll\">"
                + "<parm name=\"NumberOfFirstRetries\" value=\"" + poll.firstRetries() + "\" datatype=\"integer\"/>"
                + "<parm name=\"IntervalForFirstSetOfRetries\" value=\"" + poll.firstIntervalMinutes()
                + "\" datatype=\"integer\"/>"
                + "<parm name=\"NumberOfSecondRetries\" value=\"" + poll.secondRetries() + "\" datatype=\"integer\"/>"
                + "<parm name=\"IntervalForSecondSetOfRetries\" value=\"" + poll.secondIntervalMinutes()
                + "\" datatype=\"integer\"/>"
                + "<parm name=\"NumberOfRemainingScheduledRetries\" value=\"0\" datatype=\"integer\"/>"
                + "<parm name=\"IntervalForRemainingScheduledRetries\" value=\"" + poll.remainingIntervalMinutes()
                + "\" datatype=\"integer\"/>"
                + "<parm name=\"PollOnLogin\" value=\"true\" datatype=\"boolean\"/>"
                + "</characteristic></characteristic></characteristic></characteristic>"
                + "</wap-provisioningdoc>";
    }

    private static String base64(X509Certificate certificate) {
        try {
            return Base64.getEncoder().encodeToString(certificate.getEncoded());
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String random() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
