package org.onboarding.mdm.windows;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.onboarding.mdm.Api;
import org.onboarding.mdm.TestClock;
import org.onboarding.mdm.windows.WindowsEnrollmentFlowTest.Fixture;
import org.onboarding.mdm.windows.ca.KeySealer;
import org.onboarding.mdm.windows.ca.MdmCertificates;
import org.onboarding.testsupport.AtOnce;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.onboarding.mdm.Api.ADMIN;
import static org.onboarding.mdm.Api.as;
import static org.onboarding.mdm.windows.WindowsDevice.faultSubcode;
import static org.onboarding.mdm.windows.WindowsDevice.post;
import static org.onboarding.mdm.windows.WindowsEnrollmentFlowTest.MANAGEMENT;
import static org.onboarding.mdm.windows.WindowsEnrollmentFlowTest.fixture;
import static org.onboarding.mdm.windows.WindowsEnrollmentFlowTest.messageId;
import static org.onboarding.mdm.windows.WindowsEnrollmentFlowTest.provisioningDoc;
import static org.onboarding.mdm.windows.WindowsEnrollmentFlowTest.storeCertificate;

/** One code, one device, whatever the concurrency; hostile and broken messages get faults, never a 500. */
@QuarkusTest
class WindowsEnrollmentHardeningTest {

    private static final List<String> SOAP_ENDPOINTS = List.of("/EnrollmentServer/Discovery.svc",
            "/EnrollmentServer/Policy.svc", "/EnrollmentServer/Enrollment.svc");

    @Inject
    TestClock clock;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    KeySealer sealer;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void twentyConcurrentEnrollmentsWithOneCodeEnrollExactlyOneDevice() throws Exception {
        Fixture f = fixture("OnPremise", Map.of());
        String security = WindowsDevice.usernameToken(f.email(), f.code());
        List<String> messages = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            messages.add(new WindowsDevice().requestSecurityToken(messageId(), security));
        }
        List<Callable<Response>> enrollments = new ArrayList<>();
        for (String message : messages) {
            enrollments.add(() -> post("/EnrollmentServer/Enrollment.svc", message));
        }
        List<Response> responses = AtOnce.run(enrollments);
        long enrolled = responses.stream().filter(r -> r.statusCode() == 200).count();
        List<String> faults = responses.stream().filter(r -> r.statusCode() != 200)
                .map(WindowsDevice::faultSubcode).toList();
        assertEquals(1, enrolled, responses.stream().map(Response::asString).toList().toString());
        assertEquals(19, faults.size());
        assertTrue(faults.stream().allMatch("s:authentication"::equals), faults.toString());

        String devices = "/v1/organizations/" + f.orgId() + "/mdm/windows/enterprise/devices";
        String deviceId = as(ADMIN).get(devices).then().statusCode(200).body("data.totalDocs", equalTo(1))
                .extract().path("data.items[0].id");
        as(ADMIN).get(Api.tokens(f.orgId()) + "/" + f.tokenId()).then()
                .body("data.state", equalTo("DONE")).body("data.winDeviceId", equalTo(deviceId));
    }

    @Test
    void malformedOversizedAndEntityBearingMessagesGetMessageFormatFaults() {
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE s:Envelope [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>"
                + WindowsDevice.discover(messageId(), "&xxe;").replace("<?xml version=\"1.0\"?>", "");
        String laughs = "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">"
                + "<!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">"
                + "<!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">]>"
                + "<s:Envelope xmlns:s=\"http://www.w3.org/2003/05/soap-envelope\"><s:Body>&lol3;</s:Body></s:Envelope>";
        String parameterEntity = "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY % remote SYSTEM "
                + "\"http://127.0.0.1:1/evil.dtd\"> %remote;]><x/>";
        String oversized = WindowsDevice.discover(messageId(), "a@example.com")
                .replace("<s:Body>", "<s:Body><!--" + "x".repeat(300_000) + "-->");
        String deep = "<s:Envelope xmlns:s=\"http://www.w3.org/2003/05/soap-envelope\"><s:Body>"
                + "<a>".repeat(200) + "</a>".repeat(200) + "</s:Body></s:Envelope>";
        Map<String, String> hostile = new java.util.LinkedHashMap<>();
        hostile.put("truncated", "<s:Envelope xmlns:s=\"http://www.w3.org/2003/05/soap-envelope\"><s:Body>");
        hostile.put("empty", "");
        hostile.put("not xml", "hello");
        hostile.put("not soap", "<Discover/>");
        hostile.put("soap 1.1", "<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"><s:Body/></s:Envelope>");
        hostile.put("xxe", xxe);
        hostile.put("billion laughs", laughs);
        hostile.put("parameter entity", parameterEntity);
        hostile.put("oversized", oversized);
        hostile.put("too deep", deep);
        for (String endpoint : SOAP_ENDPOINTS) {
            // each endpoint gets another endpoint's message
            hostile.put("wrong action", endpoint.contains("Discovery") ? WindowsDevice.getPolicies(messageId(), null)
                    : WindowsDevice.discover(messageId(), "a@example.com"));
            hostile.forEach((name, body) -> {
                Response response = post(endpoint, body);
                String what = endpoint + " " + name + ": " + response.asString();
                assertEquals(400, response.statusCode(), what);
                assertTrue(response.contentType().startsWith("application/soap+xml"), what);
                assertEquals("s:messageformat", faultSubcode(response), what);
                assertFalse(response.asString().contains("root:"), what);
                assertFalse(response.asString().toLowerCase().contains("exception"), what);
            });
        }
        // the one that could be parsed that far relates to its request
        String id = messageId();
        Response wrongAction = post("/EnrollmentServer/Enrollment.svc", WindowsDevice.getPolicies(id, null));
        assertEquals(id, WindowsDevice.text(WindowsDevice.xml(wrongAction.asByteArray()), "RelatesTo"));
    }

    @Test
    void badCertificateRequestsAndMissingContextAreFaultsAndLeaveTheTokenPending() {
        Fixture f = fixture("OnPremise", Map.of());
        String security = WindowsDevice.usernameToken(f.email(), f.code());
        WindowsDevice device = new WindowsDevice();
        Response garbage = post("/EnrollmentServer/Enrollment.svc",
                device.requestSecurityToken(messageId(), security, "bm90IGEgY3Ny", device.deviceId));
        assertEquals("s:certificaterequest", faultSubcode(garbage), garbage.asString());
        WindowsDevice weak = new WindowsDevice(1024);
        Response weakKey = post("/EnrollmentServer/Enrollment.svc", weak.requestSecurityToken(messageId(), security));
        assertEquals("s:certificaterequest", faultSubcode(weakKey), weakKey.asString());
        assertTrue(weakKey.asString().contains("2048"));
        Response noDeviceId = post("/EnrollmentServer/Enrollment.svc",
                device.requestSecurityToken(messageId(), security, device.csrBase64, ""));
        assertEquals("s:messageformat", faultSubcode(noDeviceId));
        as(ADMIN).get(Api.tokens(f.orgId()) + "/" + f.tokenId()).then().body("data.state", equalTo("PENDING"));

        // expired: the same code, a day and a bit later
        clock.advance(Duration.ofDays(1).plusMinutes(1));
        Response expired = post("/EnrollmentServer/Enrollment.svc", device.requestSecurityToken(messageId(), security));
        assertEquals("s:authentication", faultSubcode(expired));
        clock.reset();
        assertEquals(200, post("/EnrollmentServer/Enrollment.svc",
                device.requestSecurityToken(messageId(), security)).statusCode());
    }

    @Test
    void aTamperedOrExpiredWresultIsRefused() {
        Fixture f = fixture(null, Map.of());
        String wresult = WindowsEnrollmentFlowTest.signIn(f.email(), f.code());
        WindowsDevice device = new WindowsDevice();
        // another token id in the payload, the signature kept: the HMAC no longer matches
        String[] parts = wresult.split("\\.");
        String payload = new String(java.util.Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replace(f.tokenId(), "aaaaaaaaaaaaaaaaaaaaaaaa");
        String tampered = parts[0] + "." + java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
        for (String token : List.of(tampered, "not-a-jwt", "")) {
            Response refused = post("/EnrollmentServer/Enrollment.svc",
                    device.requestSecurityToken(messageId(), WindowsDevice.federatedToken(token)));
            assertEquals("s:authentication", faultSubcode(refused), refused.asString());
        }
        clock.advance(Duration.ofMinutes(16));
        Response expired = post("/EnrollmentServer/Enrollment.svc",
                device.requestSecurityToken(messageId(), WindowsDevice.federatedToken(wresult)));
        assertEquals("s:authentication", faultSubcode(expired), expired.asString());
        clock.reset();
        as(ADMIN).get(Api.tokens(f.orgId()) + "/" + f.tokenId()).then().body("data.state", equalTo("PENDING"));
        assertEquals(200, post("/EnrollmentServer/Enrollment.svc",
                device.requestSecurityToken(messageId(), WindowsDevice.federatedToken(wresult))).statusCode());
    }

    @Test
    void theManagementEndpointServesOnlyEnrolledCertificatesAndRefusesHostileSyncMl() throws Exception {
        Fixture f = fixture("OnPremise", Map.of("cameraEnabled", true));
        WindowsDevice device = new WindowsDevice();
        Response enrolled = post("/EnrollmentServer/Enrollment.svc",
                device.requestSecurityToken(messageId(), WindowsDevice.usernameToken(f.email(), f.code())));
        X509Certificate client = storeCertificate(provisioningDoc(enrolled), "My", "User");

        assertEquals(401, WindowsDevice.sync(null, device.firstSyncMessage(MANAGEMENT)).statusCode());
        given().contentType("application/vnd.syncml.dm+xml").header("X-Client-Cert", "not a certificate")
                .body(device.firstSyncMessage(MANAGEMENT)).post("/ManagementServer/MDM.svc").then().statusCode(401);
        // a certificate with the device's key but signed by someone else: refused
        X509Certificate forged = selfSigned(device);
        assertEquals(403, WindowsDevice.sync(forged, device.firstSyncMessage(MANAGEMENT)).statusCode());

        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE SyncML [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>"
                + device.firstSyncMessage(MANAGEMENT).replace("Contoso Ltd", "&xxe;");
        for (String body : List.of(xxe, "<SyncML xmlns=\"SYNCML:SYNCML1.2\">", "<x/>", "")) {
            Response response = WindowsDevice.sync(client, body);
            assertEquals(400, response.statusCode(), response.asString());
            assertFalse(response.asString().contains("root:"));
        }
        assertEquals(200, WindowsDevice.sync(client, device.firstSyncMessage(MANAGEMENT)).statusCode());
    }

    @Test
    void theCaPrivateKeyIsStoredSealedAndOpensOnlyForItsOrganisation() throws Exception {
        Fixture f = fixture("OnPremise", Map.of());
        WindowsDevice device = new WindowsDevice();
        assertEquals(200, post("/EnrollmentServer/Enrollment.svc", device.requestSecurityToken(messageId(),
                WindowsDevice.usernameToken(f.email(), f.code()))).statusCode());
        byte[] sealed;
        String keyId;
        X509Certificate ca;
        try (Connection connection = dataSource.getConnection();
             PreparedStatement query = connection.prepareStatement(
                     "select sealed_key, key_id, certificate from win_mdm_ca where organization_id = ?")) {
            query.setString(1, f.orgId());
            try (ResultSet row = query.executeQuery()) {
                assertTrue(row.next());
                sealed = row.getBytes(1);
                keyId = row.getString(2);
                ca = MdmCertificates.parseCertificate(row.getString(3));
            }
        }
        assertEquals("dev-only-1", keyId);
        byte[] sealedCopy = sealed;
        assertThrows(Exception.class, () -> KeyFactory.getInstance("RSA")
                .generatePrivate(new PKCS8EncodedKeySpec(sealedCopy)), "the stored bytes are not a bare key");
        PrivateKey opened = MdmCertificates.privateKey(sealer.open(sealed, keyId, f.orgId()));
        assertEquals(((RSAPublicKey) ca.getPublicKey()).getModulus(), ((RSAPrivateCrtKey) opened).getModulus());
        assertThrows(IllegalStateException.class, () -> sealer.open(sealedCopy, keyId, "aaaaaaaaaaaaaaaaaaaaaaaa"));
        assertNotEquals(new String(sealed, StandardCharsets.ISO_8859_1),
                new String(opened.getEncoded(), StandardCharsets.ISO_8859_1));
    }

    private static X509Certificate selfSigned(WindowsDevice device) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        var issuerKeys = generator.generateKeyPair();
        Instant now = Instant.now();
        var builder = new JcaX509v3CertificateBuilder(new X500Name("CN=Windows MDM CA"), BigInteger.TEN,
                Date.from(now.minusSeconds(60)), Date.from(now.plusSeconds(3600)), new X500Name("CN=forged"),
                device.keys.getPublic());
        return new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(issuerKeys.getPrivate())));
    }
}
