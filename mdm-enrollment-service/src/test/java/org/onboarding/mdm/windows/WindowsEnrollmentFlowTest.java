package org.onboarding.mdm.windows;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;
import org.onboarding.mdm.Api;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.onboarding.mdm.Api.ADMIN;
import static org.onboarding.mdm.Api.as;
import static org.onboarding.mdm.windows.WindowsDevice.elements;
import static org.onboarding.mdm.windows.WindowsDevice.faultSubcode;
import static org.onboarding.mdm.windows.WindowsDevice.post;
import static org.onboarding.mdm.windows.WindowsDevice.text;
import static org.onboarding.mdm.windows.WindowsDevice.xml;

/** A Windows device enrolls with an enrollment token, both auth policies, end to end over HTTP. */
@QuarkusTest
class WindowsEnrollmentFlowTest {

    @jakarta.inject.Inject
    io.quarkus.mailer.MockMailbox mailbox;

    static final String BASE = "https://mdm.onboarding.local";
    static final String MANAGEMENT = BASE + "/ManagementServer/MDM.svc";
    private static final Pattern WRESULT = Pattern.compile("name=\"wresult\" value=\"([^\"]+)\"");

    /** An organisation with a user, a policy and a token assigned to it. */
    record Fixture(String orgId, String email, String tokenId, String code, String policyId) {
    }

    static Fixture fixture(String authPolicy, Map<String, Object> policyConfig) {
        String slug = Api.uniqueSlug("win");
        Map<String, Object> body = new HashMap<>(Map.of("name", "Win " + slug, "slug", slug));
        if (authPolicy != null) {
            body.put("winAuthPolicy", authPolicy);
        }
        String orgId = as(ADMIN).body(body).post("/v1/organizations").then().statusCode(200)
                .body("data.winAuthPolicy", org.hamcrest.Matchers.equalTo(authPolicy == null ? "Federated" : authPolicy))
                .extract().path("data.id");
        String email = "dev-" + slug + "@example.com";
        String userId = Api.user(orgId, email);
        String policyId = as(ADMIN).body(Map.of("name", "Baseline", "config", policyConfig))
                .post("/v1/organizations/" + orgId + "/mdm/windows/enterprise/policies")
                .then().statusCode(200).extract().path("data.id");
        Response token = as(ADMIN).body(Map.of("mdmUserId", userId, "sendEmail", false,
                        "winPolicyAssignments", List.of(Map.of("winPolicyId", policyId, "priority", 1))))
                .post(Api.tokens(orgId)).then().statusCode(200).extract().response();
        return new Fixture(orgId, email, token.path("data.id"), token.path("data.enrollCode"), policyId);
    }

    static String signIn(String email, String code) {
        String page = given().contentType("application/x-www-form-urlencoded")
                .formParam("appru", WindowsDevice.APPRU).formParam("email", email).formParam("code", code)
                .post("/EnrollmentServer/Authenticate").then().statusCode(200).extract().asString();
        Matcher matcher = WRESULT.matcher(page);
        return matcher.find() ? matcher.group(1) : null;
    }

    /** Decodes the provisioning document of an RSTR. */
    static Document provisioningDoc(Response response) {
        Document rstr = xml(response.asByteArray());
        String encoded = text(rstr, "BinarySecurityToken");
        return xml(Base64.getDecoder().decode(encoded));
    }

    /** The EncodedCertificate under CertificateStore/{store}/{sub}. */
    static X509Certificate storeCertificate(Document doc, String store, String sub) {
        for (Element storeChar : elements(doc, "characteristic")) {
            if (store.equals(storeChar.getAttribute("type"))) {
                for (Element child : children(storeChar)) {
                    if (sub.equals(child.getAttribute("type"))) {
                        Element byThumbprint = children(child).get(0);
                        Element parm = (Element) byThumbprint.getElementsByTagName("parm").item(0);
                        assertEquals("EncodedCertificate", parm.getAttribute("name"));
                        return WindowsDevice.certificate(parm.getAttribute("value"));
                    }
                }
            }
        }
        throw new AssertionError("no certificate in " + store + "/" + sub);
    }

    static String parm(Document doc, String name) {
        for (Element parm : elements(doc, "parm")) {
            if (name.equals(parm.getAttribute("name"))) {
                return parm.getAttribute("value");
            }
        }
        return null;
    }

    private static List<Element> children(Element element) {
        List<Element> out = new java.util.ArrayList<>();
        for (var node = element.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element child) {
                out.add(child);
            }
        }
        return out;
    }

    static String messageId() {
        return "urn:uuid:" + UUID.randomUUID();
    }

    @Test
    void federatedDeviceEnrollsThroughTheSignInPageAndRunsItsFirstManagementSession() throws Exception {
        Fixture f = fixture(null, Map.of("cameraEnabled", false, "passwordMinimumLength", 8,
                "csp", Map.of("./Device/Vendor/MSFT/Policy/Config/Browser/AllowCookies", 0)));
        WindowsDevice device = new WindowsDevice();

        // discovery: the probe, then the SOAP request
        Response probe = given().get("/EnrollmentServer/Discovery.svc");
        assertEquals(200, probe.statusCode());
        assertEquals("0", probe.header("Content-Length"));
        String discoverId = messageId();
        Response discovery = post("/EnrollmentServer/Discovery.svc", WindowsDevice.discover(discoverId, f.email()));
        assertEquals(200, discovery.statusCode(), discovery.asString());
        assertTrue(discovery.contentType().startsWith("application/soap+xml"), discovery.contentType());
        assertTrue(discovery.contentType().toLowerCase().contains("charset=utf-8"), discovery.contentType());
        assertEquals(String.valueOf(discovery.asByteArray().length), discovery.header("Content-Length"));
        assertNull(discovery.header("Transfer-Encoding"));
        Document discovered = xml(discovery.asByteArray());
        assertEquals(discoverId, text(discovered, "RelatesTo"));
        assertEquals("Federated", text(discovered, "AuthPolicy"));
        assertEquals("4.0", text(discovered, "EnrollmentVersion"));
        assertEquals(BASE + "/EnrollmentServer/Policy.svc", text(discovered, "EnrollmentPolicyServiceUrl"));
        assertEquals(BASE + "/EnrollmentServer/Enrollment.svc", text(discovered, "EnrollmentServiceUrl"));
        assertEquals(BASE + "/EnrollmentServer/Authenticate", text(discovered, "AuthenticationServiceUrl"));

        // the web authentication broker's page: a wrong code gets no wresult, the right one does
        given().queryParam("appru", WindowsDevice.APPRU).queryParam("login_hint", f.email())
                .get("/EnrollmentServer/Authenticate").then().statusCode(200)
                .contentType(containsString("text/html"))
                .body(containsString("name=\"code\""), containsString("value=\"" + f.email() + "\""),
                        containsString("value=\"" + WindowsDevice.APPRU + "\""));
        given().queryParam("appru", "https://evil.example/steal").get("/EnrollmentServer/Authenticate")
                .then().statusCode(400);
        assertNull(signIn(f.email(), "WRONGCODE2"));
        assertNull(signIn("someone-else@example.com", f.code()), "the code is bound to its user");
        String page = given().contentType("application/x-www-form-urlencoded")
                .formParam("appru", WindowsDevice.APPRU).formParam("email", f.email())
                .formParam("code", f.code().toLowerCase())
                .post("/EnrollmentServer/Authenticate").then().statusCode(200).extract().asString();
        assertTrue(page.contains("<form method=\"post\" action=\"" + WindowsDevice.APPRU + "\">"), page);
        Matcher matcher = WRESULT.matcher(page);
        assertTrue(matcher.find(), page);
        String wresult = matcher.group(1);

        // GetPolicies with the wresult as DeviceEnrollmentUserToken
        String policiesId = messageId();
        Response policies = post("/EnrollmentServer/Policy.svc",
                WindowsDevice.getPolicies(policiesId, WindowsDevice.federatedToken(wresult)));
        assertEquals(200, policies.statusCode(), policies.asString());
        Document policy = xml(policies.asByteArray());
        assertEquals(policiesId, text(policy, "RelatesTo"));
        assertEquals("2048", text(policy, "minimalKeyLength"));
        assertEquals(String.valueOf(365 * 86400), text(policy, "validityPeriodSeconds"));
        assertTrue(Long.parseLong(text(policy, "renewalPeriodSeconds")) > 0);
        List<String> oids = elements(policy, "oID").stream()
                .map(o -> o.getElementsByTagNameNS("*", "value").item(0).getTextContent()).toList();
        assertTrue(oids.contains("2.16.840.1.101.3.4.2.1"), "SHA-256: " + oids);
        assertTrue(oids.contains("1.2.840.113549.1.1.1"), "RSA: " + oids);

        // RequestSecurityToken: the CSR signed by the organisation's CA, the provisioning document
        String enrollId = messageId();
        Response enrolled = post("/EnrollmentServer/Enrollment.svc",
                device.requestSecurityToken(enrollId, WindowsDevice.federatedToken(wresult)));
        assertEquals(200, enrolled.statusCode(), enrolled.asString());
        assertEquals(String.valueOf(enrolled.asByteArray().length), enrolled.header("Content-Length"));
        Document rstr = xml(enrolled.asByteArray());
        assertEquals(enrollId, text(rstr, "RelatesTo"));
        assertNotNull(text(rstr, "Timestamp"));
        Document doc = provisioningDoc(enrolled);
        X509Certificate root = storeCertificate(doc, "Root", "System");
        X509Certificate client = storeCertificate(doc, "My", "User");
        root.verify(root.getPublicKey());
        client.verify(root.getPublicKey());
        assertEquals(root.getSubjectX500Principal(), client.getIssuerX500Principal());
        assertArrayEquals(device.keys.getPublic().getEncoded(), client.getPublicKey().getEncoded(),
                "the certificate carries the CSR's key");
        assertTrue(client.getExtendedKeyUsage().contains("1.3.6.1.5.5.7.3.2"), "clientAuth");
        assertEquals(MANAGEMENT, parm(doc, "ADDR"));
        assertEquals("w7", parm(doc, "APPID"));
        assertNotNull(parm(doc, "IntervalForRemainingScheduledRetries"), "a poll schedule");
        assertEquals(f.email(), parm(doc, "UPN"));

        // the token is DONE with the device, whose details show it
        Response token = as(ADMIN).get(Api.tokens(f.orgId()) + "/" + f.tokenId());
        assertEquals("DONE", token.path("data.state"));
        String winDeviceId = token.path("data.winDeviceId");
        assertNotNull(winDeviceId);
        assertEquals(winDeviceId, token.path("data.winDevice.id"));
        assertEquals("ENROLLED", token.path("data.winDevice.state"));
        assertTrue(client.getSubjectX500Principal().getName().contains("CN=" + winDeviceId));
        String devices = "/v1/organizations/" + f.orgId() + "/mdm/windows/enterprise/devices";
        as(ADMIN).get(devices + "/" + winDeviceId).then().statusCode(200)
                .body("data.deviceId", org.hamcrest.Matchers.equalTo(device.deviceId))
                .body("data.hwDevId", org.hamcrest.Matchers.equalTo(device.hwDevId))
                .body("data.name", org.hamcrest.Matchers.equalTo("DESKTOP-TEST01"))
                .body("data.winEnrollmentTokenId", org.hamcrest.Matchers.equalTo(f.tokenId()))
                .body("data.mdmUser.email", org.hamcrest.Matchers.equalTo(f.email()))
                .body("data.certificate.serialNumber",
                        org.hamcrest.Matchers.equalTo(client.getSerialNumber().toString(16)));

        // a replay of the same wresult, and a second device with it, get faults
        Response replay = post("/EnrollmentServer/Enrollment.svc",
                new WindowsDevice().requestSecurityToken(messageId(), WindowsDevice.federatedToken(wresult)));
        assertEquals("s:authentication", faultSubcode(replay), replay.asString());
        assertEquals(401, replay.statusCode());
        assertNull(signIn(f.email(), f.code()), "a used code signs in no more");

        // the first OMA-DM session: Status for each command, the policy's settings, Final; DevInfo stored
        Response session = WindowsDevice.sync(client, device.firstSyncMessage(MANAGEMENT));
        assertEquals(200, session.statusCode(), session.asString());
        assertTrue(session.contentType().startsWith("application/vnd.syncml.dm+xml"));
        Document reply = xml(session.asByteArray());
        List<Element> statuses = elements(reply, "Status");
        assertEquals(List.of("SyncHdr", "Alert", "Alert", "Replace"),
                statuses.stream().map(s -> s.getElementsByTagNameNS("*", "Cmd").item(0).getTextContent()).toList());
        assertTrue(statuses.stream().allMatch(s -> "200".equals(s.getElementsByTagNameNS("*", "Data").item(0)
                .getTextContent())));
        assertEquals(device.deviceId, text(reply, "LocURI"), "the answer is addressed to the device");
        assertEquals(1, elements(reply, "Final").size());
        Map<String, String> replaced = new HashMap<>();
        for (Element replace : elements(reply, "Replace")) {
            replaced.put(replace.getElementsByTagNameNS("*", "LocURI").item(0).getTextContent(),
                    replace.getElementsByTagNameNS("*", "Data").item(0).getTextContent());
        }
        assertEquals(Map.of("./Device/Vendor/MSFT/Policy/Config/Camera/AllowCamera", "0",
                "./Device/Vendor/MSFT/Policy/Config/DeviceLock/MinDevicePasswordLength", "8",
                "./Device/Vendor/MSFT/Policy/Config/Browser/AllowCookies", "0"), replaced);
        as(ADMIN).get(devices + "/" + winDeviceId).then().statusCode(200)
                .body("data.devInfo.Man", org.hamcrest.Matchers.equalTo("Contoso Ltd"))
                .body("data.devInfo.DevId", org.hamcrest.Matchers.equalTo(device.deviceId))
                .body("data.lastSeenAt", org.hamcrest.Matchers.notNullValue());
        Response followUp = WindowsDevice.sync(client, device.followUpSyncMessage(MANAGEMENT));
        assertEquals(200, followUp.statusCode());
        Document ack = xml(followUp.asByteArray());
        assertEquals(0, elements(ack, "Replace").size(), "no commands outside a session start");
        assertEquals(1, elements(ack, "Final").size());

        // the devices list, its filters; unenrolling locks the device out
        as(ADMIN).queryParam("mdm-user", (String) token.path("data.mdmUser.id")).get(devices).then().statusCode(200)
                .body("data.totalDocs", org.hamcrest.Matchers.equalTo(1))
                .body("data.items[0].id", org.hamcrest.Matchers.equalTo(winDeviceId));
        as(ADMIN).queryParam("state", "UNENROLLED").get(devices).then().statusCode(200)
                .body("data.totalDocs", org.hamcrest.Matchers.equalTo(0));
        as(ADMIN).queryParam("state", "GONE").get(devices).then().statusCode(400)
                .body("error.code", org.hamcrest.Matchers.equalTo(3000));
        as(ADMIN).delete(devices + "/" + winDeviceId).then().statusCode(200)
                .body("data.state", org.hamcrest.Matchers.equalTo("UNENROLLED"))
                .body("data.unenrolledAt", org.hamcrest.Matchers.notNullValue());
        assertEquals(403, WindowsDevice.sync(client, device.firstSyncMessage(MANAGEMENT)).statusCode());
        as(ADMIN).get(Api.tokens(f.orgId()) + "/" + f.tokenId()).then()
                .body("data.winDevice.state", org.hamcrest.Matchers.equalTo("UNENROLLED"));
    }

    @Test
    void onPremiseDeviceEnrollsWithTheEmailAndTheCodeAsPassword() {
        Fixture f = fixture("OnPremise", Map.of("bluetoothEnabled", true));
        WindowsDevice device = new WindowsDevice();

        Document discovered = xml(post("/EnrollmentServer/Discovery.svc",
                WindowsDevice.discover(messageId(), f.email().toUpperCase())).asByteArray());
        assertEquals("OnPremise", text(discovered, "AuthPolicy"));
        assertNull(text(discovered, "AuthenticationServiceUrl"));

        // wrong password, wrong user, the other policy's credential: each its fault
        Response wrongCode = post("/EnrollmentServer/Policy.svc",
                WindowsDevice.getPolicies(messageId(), WindowsDevice.usernameToken(f.email(), "ZZZZZZZZZZ")));
        assertEquals("s:authentication", faultSubcode(wrongCode));
        Response wrongUser = post("/EnrollmentServer/Enrollment.svc", device.requestSecurityToken(messageId(),
                WindowsDevice.usernameToken("intruder@example.com", f.code())));
        assertEquals("s:authorization", faultSubcode(wrongUser));
        assertEquals(403, wrongUser.statusCode());
        assertNull(signIn(f.email(), f.code()), "an OnPremise organisation's codes do not sign in on the page");
        Response noCredential = post("/EnrollmentServer/Enrollment.svc", device.requestSecurityToken(messageId(), null));
        assertEquals("s:authentication", faultSubcode(noCredential));
        as(ADMIN).get(Api.tokens(f.orgId()) + "/" + f.tokenId()).then()
                .body("data.state", org.hamcrest.Matchers.equalTo("PENDING"));

        String security = WindowsDevice.usernameToken(f.email(), f.code());
        Response policies = post("/EnrollmentServer/Policy.svc", WindowsDevice.getPolicies(messageId(), security));
        assertEquals(200, policies.statusCode(), policies.asString());
        Response enrolled = post("/EnrollmentServer/Enrollment.svc", device.requestSecurityToken(messageId(), security));
        assertEquals(200, enrolled.statusCode(), enrolled.asString());
        Document doc = provisioningDoc(enrolled);
        X509Certificate client = storeCertificate(doc, "My", "User");
        assertEquals(MANAGEMENT, parm(doc, "ADDR"));

        Response token = as(ADMIN).get(Api.tokens(f.orgId()) + "/" + f.tokenId());
        assertEquals("DONE", token.path("data.state"));
        assertNotNull(token.path("data.winDeviceId"));

        Response replay = post("/EnrollmentServer/Enrollment.svc",
                new WindowsDevice().requestSecurityToken(messageId(), security));
        assertEquals("s:authentication", faultSubcode(replay));

        Document reply = xml(WindowsDevice.sync(client, device.firstSyncMessage(MANAGEMENT)).asByteArray());
        Element replace = elements(reply, "Replace").get(0);
        assertEquals("./Device/Vendor/MSFT/Policy/Config/Connectivity/AllowBluetooth",
                replace.getElementsByTagNameNS("*", "LocURI").item(0).getTextContent());
        assertEquals("2", replace.getElementsByTagNameNS("*", "Data").item(0).getTextContent());
    }

    @Test
    void anAssignmentWithoutPolicyAddsNoSettingAndHidesNoneOfTheOthers() {
        Fixture f = fixture("OnPremise", Map.of("cameraEnabled", true));
        Response first = as(ADMIN).get(Api.tokens(f.orgId()) + "/" + f.tokenId());
        // a second token whose strongest assignment names no policy
        String code = as(ADMIN).body(Map.of("mdmUserId", (String) first.path("data.mdmUser.id"), "sendEmail", false,
                        "winPolicyAssignments", List.of(Map.of("priority", 0),
                                Map.of("winPolicyId", f.policyId(), "priority", 1))))
                .post(Api.tokens(f.orgId())).then().statusCode(200)
                .body("data.winPolicyAssignments[0].priority", org.hamcrest.Matchers.equalTo(0))
                .body("data.winPolicyAssignments[0]", org.hamcrest.Matchers.not(
                        org.hamcrest.Matchers.hasKey("winPolicyId")))
                .extract().path("data.enrollCode");
        WindowsDevice device = new WindowsDevice();
        Response enrolled = post("/EnrollmentServer/Enrollment.svc", device.requestSecurityToken(messageId(),
                WindowsDevice.usernameToken(f.email(), code)));
        assertEquals(200, enrolled.statusCode(), enrolled.asString());
        X509Certificate client = storeCertificate(provisioningDoc(enrolled), "My", "User");

        Response session = WindowsDevice.sync(client, device.firstSyncMessage(MANAGEMENT));
        assertEquals(200, session.statusCode(), session.asString());
        List<Element> replaces = elements(xml(session.asByteArray()), "Replace");
        assertEquals(List.of("./Device/Vendor/MSFT/Policy/Config/Camera/AllowCamera=1"), replaces.stream()
                .map(r -> r.getElementsByTagNameNS("*", "LocURI").item(0).getTextContent() + "="
                        + r.getElementsByTagNameNS("*", "Data").item(0).getTextContent()).toList());
    }

    @Test
    void theDeviceListSortsByAnyScalarFieldOfTheDevice() {
        Fixture f = fixture("OnPremise", Map.of());
        // a second user whose e-mail sorts before the fixture's ("dev-...")
        String first = "a-" + f.email();
        String code = as(ADMIN).body(Map.of("mdmUserId", Api.user(f.orgId(), first), "sendEmail", false))
                .post(Api.tokens(f.orgId())).then().statusCode(200).extract().path("data.enrollCode");
        for (String[] credential : List.of(new String[] {f.email(), f.code()}, new String[] {first, code})) {
            Response enrolled = post("/EnrollmentServer/Enrollment.svc", new WindowsDevice().requestSecurityToken(
                    messageId(), WindowsDevice.usernameToken(credential[0], credential[1])));
            assertEquals(200, enrolled.statusCode(), enrolled.asString());
        }
        String devices = "/v1/organizations/" + f.orgId() + "/mdm/windows/enterprise/devices";
        as(ADMIN).queryParam("sort", "mdmUser.email:asc").get(devices).then().statusCode(200)
                .body("data.items.mdmUser.email", org.hamcrest.Matchers.contains(first, f.email()));
        as(ADMIN).queryParam("sort", "mdmUser.email:desc").get(devices).then().statusCode(200)
                .body("data.items.mdmUser.email", org.hamcrest.Matchers.contains(f.email(), first));
        // the default is newest first
        as(ADMIN).get(devices).then().statusCode(200)
                .body("data.items.mdmUser.email", org.hamcrest.Matchers.contains(first, f.email()));
        as(ADMIN).queryParam("sort", "certificate.notAfter:asc").get(devices).then().statusCode(200)
                .body("data.totalDocs", org.hamcrest.Matchers.equalTo(2));
        // an object is no sort key, nor is an unknown field
        for (String bad : List.of("devInfo", "certificate", "mdmUser.name")) {
            as(ADMIN).queryParam("sort", bad).get(devices).then().statusCode(400)
                    .body("error.code", org.hamcrest.Matchers.equalTo(3000))
                    .body("error.data.field", org.hamcrest.Matchers.hasItem("sort"));
        }
    }

    @Test
    void theEnrollmentLinkOpensAPageWithTheStepsAndTheDeepLink() {
        Fixture federated = fixture(null, Map.of());
        String link = as(ADMIN).get(Api.tokens(federated.orgId()) + "/" + federated.tokenId())
                .then().extract().path("data.enrollmentLink");
        assertTrue(link.startsWith(BASE + "/enroll/windows/"), link);
        String path = link.substring(BASE.length());
        String page = given().get(path).then().statusCode(200).contentType(containsString("text/html"))
                .extract().asString();
        String deepLink = "ms-device-enrollment:?mode=mdm&amp;username="
                + java.net.URLEncoder.encode(federated.email(), StandardCharsets.UTF_8)
                + "&amp;servername=" + java.net.URLEncoder.encode(BASE + "/EnrollmentServer/Discovery.svc",
                StandardCharsets.UTF_8);
        assertTrue(page.contains(deepLink), page);
        assertTrue(page.contains("Access work or school"), page);
        assertTrue(page.contains("Enroll only in device management"), page);
        assertTrue(page.contains(federated.code()), page);
        assertTrue(page.contains("sign-in page"), page);

        Fixture onPremise = fixture("OnPremise", Map.of());
        assertTrue(given().get("/enroll/windows/" + onPremise.code()).then().statusCode(200).extract().asString()
                .contains("asks for a password"));

        // the invitation e-mail's link is this page, and its text describes these steps
        String invited = "invited-" + federated.orgId() + "@example.com";
        String invitedUser = Api.user(federated.orgId(), invited);
        as(ADMIN).body(Map.of("mdmUserId", invitedUser, "sendEmail", true)).post(Api.tokens(federated.orgId()))
                .then().statusCode(200);
        String mail = mailbox.getMailsSentTo(invited).get(0).getText();
        Matcher mailLink = Pattern.compile(Pattern.quote(BASE) + "(/enroll/windows/[A-Z0-9]+)").matcher(mail);
        assertTrue(mailLink.find(), mail);
        assertTrue(given().get(mailLink.group(1)).then().statusCode(200).extract().asString()
                .contains("ms-device-enrollment:?mode=mdm"));
        assertTrue(mail.contains("Enroll only in device management"), mail);
        assertTrue(mail.contains("on its sign-in page or as the password"), mail);

        given().get("/enroll/windows/NOSUCHCODE").then().statusCode(404).body(containsString("not valid"));
        as(ADMIN).delete(Api.tokens(federated.orgId()) + "/" + federated.tokenId()).then().statusCode(200);
        given().get(path).then().statusCode(404);
        assertFalse(given().get(path).asString().contains(federated.email()));
    }
}
