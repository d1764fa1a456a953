package org.onboarding.mdm.windows.enrollment;

import lombok.RequiredArgsConstructor;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.jboss.logging.Logger;
import org.onboarding.mdm.api.ObjectIds;
import org.onboarding.mdm.enrollment.WinEnrollmentToken;
import org.onboarding.mdm.enrollment.WinEnrollmentTokenRepository;
import org.onboarding.mdm.user.MdmUserRepository;
import org.onboarding.mdm.organization.OrganizationRepository;
import org.onboarding.mdm.organization.WinAuthPolicy;
import org.onboarding.mdm.persistence.Stored;
import org.onboarding.mdm.windows.WindowsMdmConfig;
import org.onboarding.mdm.windows.ca.MdmCertificates;
import org.onboarding.mdm.windows.ca.OrganizationCas;
import org.onboarding.mdm.windows.device.WinDevice;
import org.onboarding.mdm.windows.device.WinDeviceRepository;
import org.onboarding.mdm.windows.soap.SafeXml;
import org.onboarding.mdm.windows.soap.SoapFault;
import org.onboarding.mdm.windows.soap.SoapRequest;
import org.onboarding.mdm.windows.soap.SoapResponses;
import org.w3c.dom.Element;

import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * MS-MDE2's three enrollment services: Discovery (where to enroll and how to authenticate), MS-XCEP GetPolicies
 * (the certificate template) and MS-WSTEP RequestSecurityToken (sign the device's CSR, answer the provisioning
 * document, consume the token). Every failure leaves as a SOAP fault.
 */
@ApplicationScoped
@RequiredArgsConstructor
public class WindowsEnrollmentService {

    private static final Logger LOG = Logger.getLogger(WindowsEnrollmentService.class);

    static final String DISCOVERY_NS = "http://schemas.microsoft.com/windows/management/2012/01/enrollment";
    static final String DISCOVER_ACTION = DISCOVERY_NS + "/IDiscoveryService/Discover";
    static final String POLICY_NS = "http://schemas.microsoft.com/windows/pki/2009/01/enrollmentpolicy";
    static final String POLICY_ACTION = POLICY_NS + "/IPolicy/GetPolicies";
    static final String ENROLL_ACTION = "http://schemas.microsoft.com/windows/pki/2009/01/enrollment/RST/wstep";
    static final String TRUST_NS = "http://docs.oasis-open.org/ws-sx/ws-trust/200512";
    static final String AUTHORIZATION_NS = "http://schemas.xmlsoap.org/ws/2006/12/authorization";
    static final String DEVICE_ENROLLMENT_TOKEN =
            "http://schemas.microsoft.com/5.0.0.0/ConfigurationManager/Enrollment/DeviceEnrollmentToken";
    static final String PKCS10 = "http://schemas.microsoft.com/windows/pki/2009/01/enrollment#PKCS10";
    static final String PROVISION_DOC =
            "http://schemas.microsoft.com/5.0.0.0/ConfigurationManager/Enrollment/DeviceEnrollmentProvisionDoc";
    static final String BASE64_BINARY =
            "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd#base64binary";
    /** The newest enrollment protocol version we speak. */
    static final String ENROLLMENT_VERSION = "4.0";

    private final EnrollmentCredentials credentials;
    private final WinEnrollmentTokenRepository tokens;
    private final OrganizationRepository organizations;
    private final MdmUserRepository users;
    private final WinDeviceRepository devices;
    private final OrganizationCas cas;
    private final MdmCertificates certificates;
    private final WresultTokens wresults;
    private final EnrollmentUrls urls;
    private final WindowsMdmConfig config;
    private final Clock clock;

    // ---- Discovery ----------------------------------------------------------------------------------------------

    /**
     * The AuthPolicy is that of the organisation of the newest live token issued to the e-mail (Federated when no
     * token matches: enrollment then fails on the credential anyway, without telling who has a token).
     */
    public Uni<Response> discover(byte[] body) {
        return soap(body, request -> {
            request.requireAction(DISCOVER_ACTION);
            Element discover = request.bodyElement(DISCOVERY_NS, "Discover");
            Element inner = SafeXml.child(discover, DISCOVERY_NS, "request");
            String email = SafeXml.text(SafeXml.child(inner, DISCOVERY_NS, "EmailAddress"));
            String requestVersion = SafeXml.text(SafeXml.child(inner, DISCOVERY_NS, "RequestVersion"));
            Instant now = now();
            Uni<WinAuthPolicy> policy = email == null || email.isEmpty() || email.length() > 128
                    ? Uni.createFrom().item(WinAuthPolicy.Federated)
                    : Panache.withSession(() -> tokens.findNewestLiveForEmail(email, now)
                            .flatMap(token -> token == null ? Uni.createFrom().nullItem()
                                    : organizations.findById(token.organizationId))
                            .map(org -> org == null ? WinAuthPolicy.Federated : org.winAuthPolicy));
            return policy.map(auth -> SoapResponses.envelope(DISCOVERY_NS + "/IDiscoveryService/DiscoverResponse",
                    request.messageId(), null,
                    "<DiscoverResponse xmlns=\"" + DISCOVERY_NS + "\"><DiscoverResult>"
                            + "<AuthPolicy>" + auth.name() + "</AuthPolicy>"
                            + "<EnrollmentVersion>" + enrollmentVersion(requestVersion) + "</EnrollmentVersion>"
                            + "<EnrollmentPolicyServiceUrl>" + SafeXml.escape(urls.policy())
                            + "</EnrollmentPolicyServiceUrl>"
                            + "<EnrollmentServiceUrl>" + SafeXml.escape(urls.enrollment()) + "</EnrollmentServiceUrl>"
                            + (auth == WinAuthPolicy.Federated ? "<AuthenticationServiceUrl>"
                            + SafeXml.escape(urls.authentication()) + "</AuthenticationServiceUrl>" : "")
                            + "</DiscoverResult></DiscoverResponse>"));
        });
    }

    /** The device's RequestVersion when it is older than ours (3.0 clients get 3.0), else ours. */
    static String enrollmentVersion(String requested) {
        try {
            double version = Double.parseDouble(requested);
            return version >= 1.0 && version < 4.0 ? String.format(Locale.ROOT, "%.1f", version) : ENROLLMENT_VERSION;
        } catch (NumberFormatException | NullPointerException e) {
            return ENROLLMENT_VERSION;
        }
    }

    // ---- MS-XCEP GetPolicies ------------------------------------------------------------------------------------

    /** The certificate template, for an authenticated device: RSA >= 2048, SHA-256 with RSA, validity, renewal. */
    public Uni<Response> getPolicies(byte[] body) {
        return soap(body, request -> {
            request.requireAction(POLICY_ACTION);
            request.bodyElement(POLICY_NS, "GetPolicies");
            Instant now = now();
            return Panache.withSession(() -> credentials.authenticate(request, now)).map(holder -> {
                long validity = config.clientCertificateValidity().toSeconds();
                long renewal = Math.max(1, validity / 10);
                return SoapResponses.envelope(POLICY_NS + "/IPolicy/GetPoliciesResponse", request.messageId(), null,
                        "<GetPoliciesResponse xmlns=\"" + POLICY_NS + "\""
                                + " xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"><response>"
                                + "<policyID/><policyFriendlyName xsi:nil=\"true\"/><nextUpdateHours xsi:nil=\"true\"/>"
                                + "<policiesNotChanged xsi:nil=\"true\"/><policies><policy>"
                                + "<policyOIDReference>0</policyOIDReference><cAs xsi:nil=\"true\"/><attributes>"
                                + "<commonName>" + SafeXml.escape(config.providerId()) + "</commonName>"
                                + "<policySchema>3</policySchema>"
                                + "<certificateValidity><validityPeriodSeconds>" + validity + "</validityPeriodSeconds>"
                                + "<renewalPeriodSeconds>" + renewal + "</renewalPeriodSeconds></certificateValidity>"
                                + "<permission><enroll>true</enroll><autoEnroll>false</autoEnroll></permission>"
                                + "<privateKeyAttributes><minimalKeyLength>" + MdmCertificates.MIN_KEY_BITS
                                + "</minimalKeyLength><keySpec xsi:nil=\"true\"/><keyUsageProperty xsi:nil=\"true\"/>"
                                + "<permissions xsi:nil=\"true\"/><algorithmOIDReference>1</algorithmOIDReference>"
                                + "<cryptoProviders xsi:nil=\"true\"/></privateKeyAttributes>"
                                + "<revision><majorRevision>101</majorRevision><minorRevision>0</minorRevision></revision>"
                                + "<supersededPolicies xsi:nil=\"true\"/><privateKeyFlags xsi:nil=\"true\"/>"
                                + "<subjectNameFlags xsi:nil=\"true\"/><enrollmentFlags xsi:nil=\"true\"/>"
                                + "<generalFlags xsi:nil=\"true\"/><hashAlgorithmOIDReference>0</hashAlgorithmOIDReference>"
                                + "<rARequirements xsi:nil=\"true\"/><keyArchivalAttributes xsi:nil=\"true\"/>"
                                + "<extensions xsi:nil=\"true\"/></attributes></policy></policies></response>"
                                + "<cAs xsi:nil=\"true\"/><oIDs>"
                                + "<oID><value>2.16.840.1.101.3.4.2.1</value><group>1</group>"
                                + "<oIDReferenceID>0</oIDReferenceID><defaultName>szOID_NIST_sha256</defaultName></oID>"
                                + "<oID><value>1.2.840.113549.1.1.1</value><group>3</group>"
                                + "<oIDReferenceID>1</oIDReferenceID><defaultName>szOID_RSA_RSA</defaultName></oID>"
                                + "</oIDs></GetPoliciesResponse>");
            });
        });
    }

    // ---- MS-WSTEP RequestSecurityToken --------------------------------------------------------------------------

    /** What the RequestSecurityToken body carries besides the credential. */
    record EnrollmentRequest(PKCS10CertificationRequest csr, Map<String, String> context) {
        String item(String name) {
            return context.get(name.toLowerCase(Locale.ROOT));
        }
    }

    public Uni<Response> enroll(byte[] body) {
        return soap(body, request -> {
            request.requireAction(ENROLL_ACTION);
            EnrollmentRequest enrollment = readEnrollment(request);
            Instant now = now();
            return Panache.withSession(() -> credentials.authenticate(request, now))
                    .flatMap(holder -> cas.ensure(holder.organization()).flatMap(ca -> {
                        WinDevice device = newDevice(holder, enrollment, now);
                        X509Certificate client = certificates.issueClientCertificate(enrollment.csr(),
                                ca.certificate(), ca.privateKey(), device.id, now, config.clientCertificateValidity());
                        device.certSerial = client.getSerialNumber().toString(16);
                        device.certFingerprint = MdmCertificates.sha256(client);
                        device.certNotAfter = client.getNotAfter().toInstant();
                        return Panache.withTransaction(() -> tokens.markEnrolled(holder.token().id, device.id, now)
                                .flatMap(updated -> {
                                    if (updated != 1) {
                                        throw SoapFault.authentication(EnrollmentCredentials.INVALID);
                                    }
                                    return devices.persist(device);
                                }))
                                .invoke(saved -> LOG.infof("Windows device %s enrolled with token %s (organisation %s)",
                                        device.id, holder.token().id, holder.organization().id))
                                .map(saved -> provisioningResponse(request, ca.certificate(), client, device,
                                        holder.user().email, now));
                    }));
        });
    }

    private EnrollmentRequest readEnrollment(SoapRequest request) {
        Element rst = request.bodyElement(TRUST_NS, "RequestSecurityToken");
        String tokenType = SafeXml.text(SafeXml.child(rst, TRUST_NS, "TokenType"));
        if (!DEVICE_ENROLLMENT_TOKEN.equals(tokenType)) {
            throw SoapFault.messageFormat("TokenType must be " + DEVICE_ENROLLMENT_TOKEN);
        }
        Element csrToken = null;
        for (Element token : SafeXml.children(rst, SoapRequest.WSSE, "BinarySecurityToken")) {
            if (PKCS10.equals(SafeXml.attribute(token, "ValueType"))) {
                csrToken = token;
            }
        }
        if (csrToken == null) {
            throw SoapFault.messageFormat("the request carries no PKCS#10 BinarySecurityToken");
        }
        Map<String, String> context = new HashMap<>();
        Element additional = SafeXml.child(rst, AUTHORIZATION_NS, "AdditionalContext");
        for (Element item : SafeXml.children(additional, AUTHORIZATION_NS, "ContextItem")) {
            String name = SafeXml.attribute(item, "Name");
            String value = SafeXml.text(SafeXml.child(item, AUTHORIZATION_NS, "Value"));
            if (name != null && value != null) {
                context.putIfAbsent(name.toLowerCase(Locale.ROOT), value);
            }
        }
        String deviceId = context.get("deviceid");
        if (deviceId == null || deviceId.isEmpty() || deviceId.length() > 128) {
            throw SoapFault.messageFormat("AdditionalContext must carry a DeviceID (at most 128 characters)");
        }
        return new EnrollmentRequest(certificates.parseRequest(SafeXml.text(csrToken)), context);
    }

    private WinDevice newDevice(EnrollmentCredentials.Holder holder, EnrollmentRequest request, Instant now) {
        WinEnrollmentToken token = holder.token();
        WinDevice device = new WinDevice();
        device.id = ObjectIds.next();
        device.organizationId = token.organizationId;
        device.winEnterpriseId = token.winEnterpriseId;
        device.tokenId = token.id;
        device.mdmUserId = token.mdmUserId;
        device.state = WinDevice.State.ENROLLED;
        device.deviceId = request.item("DeviceID");
        device.hwDevId = cap(request.item("HWDevID"), 256);
        device.name = cap(request.item("DeviceName"), 256);
        device.enrollmentType = cap(request.item("EnrollmentType"), 32);
        device.osVersion = cap(request.item("OSVersion"), 64);
        device.osEdition = cap(request.item("OSEdition"), 64);
        device.devInfo = "{}";
        device.createdAt = now;
        device.updatedAt = now;
        return device;
    }

    private Response provisioningResponse(SoapRequest request, X509Certificate ca, X509Certificate client,
                                          WinDevice device, String email, Instant now) {
        String document = ProvisioningDocument.build(new ProvisioningDocument.Inputs(ca, client, device.id,
                "Device".equalsIgnoreCase(device.enrollmentType), urls.management(), email, device.name, device.id),
                config);
        String encoded = Base64.getEncoder().encodeToString(document.getBytes(StandardCharsets.UTF_8));
        return SoapResponses.envelope("http://schemas.microsoft.com/windows/pki/2009/01/enrollment/RSTRC/wstep",
                request.messageId(), SoapResponses.timestampHeader(now),
                "<RequestSecurityTokenResponseCollection xmlns=\"" + TRUST_NS + "\"><RequestSecurityTokenResponse>"
                        + "<TokenType>" + DEVICE_ENROLLMENT_TOKEN + "</TokenType>"
                        + "<DispositionMessage xmlns=\"http://schemas.microsoft.com/windows/pki/2009/01/enrollment\"/>"
                        + "<RequestedSecurityToken><BinarySecurityToken ValueType=\"" + PROVISION_DOC
                        + "\" EncodingType=\"" + BASE64_BINARY + "\" xmlns=\"" + SoapRequest.WSSE + "\">" + encoded
                        + "</BinarySecurityToken></RequestedSecurityToken>"
                        + "<RequestID xmlns=\"http://schemas.microsoft.com/windows/pki/2009/01/enrollment\">0</RequestID>"
                        + "</RequestSecurityTokenResponse></RequestSecurityTokenResponseCollection>");
    }

    // ---- the Federated sign-in page -----------------------------------------------------------------------------

    /** The wresult for a code typed on the sign-in page, or null when the code and e-mail prove no live token. */
    public Uni<String> signIn(String email, String code) {
        if (email == null || email.isBlank() || email.length() > 128) {
            return Uni.createFrom().nullItem();
        }
        Instant now = now();
        return liveByCode(code, now).map(holder -> holder != null && holder.user().email.equalsIgnoreCase(email.trim())
                && holder.organization().winAuthPolicy == WinAuthPolicy.Federated
                ? wresults.issue(holder.token().id, holder.user().email, now) : null);
    }

    /** What the enrollment link's page shows: null when the code names no live token. */
    public record LinkDetails(String code, String email, WinAuthPolicy authPolicy, Instant expireAt,
                              String discoveryUrl) {
    }

    public Uni<LinkDetails> link(String code) {
        return liveByCode(code, now()).map(holder -> holder == null ? null : new LinkDetails(holder.token().enrollCode,
                holder.user().email, holder.organization().winAuthPolicy, holder.token().expireAt, urls.discovery()));
    }

    /** The live token a typed code names (codes are upper case; people type what they like), with its owners. */
    private Uni<EnrollmentCredentials.Holder> liveByCode(String code, Instant now) {
        if (code == null || code.isBlank() || code.length() > 128) {
            return Uni.createFrom().nullItem();
        }
        return Panache.withSession(() -> tokens.findLiveByCode(code.trim().toUpperCase(Locale.ROOT), now)
                .flatMap(token -> token == null ? Uni.createFrom().<EnrollmentCredentials.Holder>nullItem()
                        : users.findById(token.mdmUserId).flatMap(user -> organizations.findById(token.organizationId)
                        .map(org -> user == null || org == null ? null
                                : new EnrollmentCredentials.Holder(token, user, org)))));
    }

    // ---- plumbing -----------------------------------------------------------------------------------------------

    /** Parses the envelope, runs the step, and turns every failure into a fault that relates to the request. */
    private Uni<Response> soap(byte[] body, Function<SoapRequest, Uni<Response>> step) {
        int max = config.maxMessageBytes();
        return Uni.createFrom().deferred(() -> step.apply(SoapRequest.parse(body, max)))
                .onFailure().recoverWithItem(failure -> {
                    SoapFault fault;
                    if (failure instanceof SoapFault soapFault) {
                        fault = soapFault;
                    } else {
                        LOG.error("Windows enrollment failed", failure);
                        fault = new SoapFault(SoapFault.Subcode.INTERNAL_SERVICE_FAULT,
                                "The enrollment server could not process the request");
                    }
                    if (fault.subcode != SoapFault.Subcode.INTERNAL_SERVICE_FAULT) {
                        LOG.infof("Windows enrollment refused: %s %s", fault.subcode.value, fault.getMessage());
                    }
                    return SoapResponses.fault(fault, SoapRequest.messageIdOrNull(body, max));
                });
    }

    private static String cap(String value, int max) {
        return value == null ? null : value.length() > max ? value.substring(0, max) : value;
    }

    private Instant now() {
        return Stored.now(clock);
    }
}
