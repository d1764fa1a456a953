package org.onboarding.platform;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.mail.BodyPart;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.onboarding.mdm.windows.WindowsDevice;
import org.onboarding.testsupport.TestTokens;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Onboarding across the platform, end to end: the packaged ziti, MDM, provisioning and gateway on PostgreSQL, a real
 * SMTP server (GreenMail). A 200-person batch with the targets ziti and mdm (40 persons already MDM users) runs, its
 * provisioning JVM is killed (kill -9) mid-run, restarted, the run resumed; then every person has exactly one
 * identity, one MDM user and one token, and an invitation whose JWT verifies against ziti's signer and whose code
 * enrolls a Windows device through the MS-MDE2 endpoints. Provisioning gets its service tokens from the gateway's
 * {@code /auth/token}.
 */
class OnboardingIT {

    private static final int PEOPLE = 200;
    private static final int ALREADY_MDM_USERS = 40;
    private static final Pattern CODE = Pattern.compile("(?:with this code|avec ce code) ?: ([0-9A-Z]{10})");

    private static Platform platform;
    private static GreenMail smtp;
    private static final String ADMIN = TestTokens.admin();

    @BeforeAll
    static void start() throws Exception {
        int smtpPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            smtpPort = socket.getLocalPort();
        }
        smtp = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        platform = new Platform();
        String privateKey = platform.root.resolve("dev-keys/DEV-ONLY-jwt-private.pem").toString();
        platform.start(
                // the gateway's DEV-ONLY token issuer (profile "local", as ./platform runs it)
                Map.of("QUARKUS_PROFILE", "prod,local", "SMALLRYE_JWT_SIGN_KEY_LOCATION", privateKey),
                Map.of("mdm-enrollment-service", Map.of(
                        // the DEV-ONLY keys of its dev/test profile: enrollment needs them
                        "MDM_WINDOWS_CA_SEALING_KEY_ID", "dev-only-1",
                        "MDM_WINDOWS_CA_SEALING_KEY", "BlTL/XnMjJvJ6PpK7XDWO4cct+E2luftvff0jL8Pbp4=",
                        "MDM_WINDOWS_WRESULT_SIGNING_KEY", "bMJFwS6VRV7ZUdBeSk8Z6/ScyTk0HkwyPVeFptYmq+4="),
                        "provisioning-service", Map.of(
                        "QUARKUS_MAILER_MOCK", "false",
                        "QUARKUS_MAILER_HOST", "127.0.0.1",
                        "QUARKUS_MAILER_PORT", Integer.toString(smtpPort),
                        "QUARKUS_MAILER_START_TLS", "DISABLED",
                        "SMTP_HOST", "127.0.0.1",
                        "SMTP_PORT", Integer.toString(smtpPort),
                        // a few items at a time: the crash below surely comes mid-run
                        "PROVISIONING_RUN_CONCURRENCY", "4",
                        "PROVISIONING_RUN_CHUNK_SIZE", "8",
                        // a crashed run's lease lapses quickly, so that the resume does not wait 30 s
                        "PROVISIONING_RUN_LEASE", "PT4S",
                        "PROVISIONING_RUN_HEARTBEAT", "PT1S")));
        RestAssured.baseURI = "http://127.0.0.1";
        RestAssured.port = platform.port("gateway");
    }

    @AfterAll
    static void stop() {
        RestAssured.reset();
        if (platform != null) {
            platform.close();
        }
        if (smtp != null) {
            smtp.stop();
        }
    }

    private static RequestSpecification admin() {
        return given().header("Authorization", "Bearer " + ADMIN).contentType(ContentType.JSON);
    }

    @Test
    void twoHundredPeopleGetAnIdentityAWindowsEnrollmentAndOneInvitationDespiteACrash() throws Exception {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        String slug = "etab-" + tag;
        String org = admin().body(Map.of("name", "Collège " + tag, "slug", slug, "winAuthPolicy", "OnPremise",
                        "plan", Map.of("windowsMdm", true, "enrollmentTokenQuota", 1000)))
                .post("/v1/organizations").then().statusCode(200).extract().path("data.id");
        String policy = admin().body(Map.of("name", "Default", "config", Map.of("cameraEnabled", false)))
                .post("/v1/organizations/" + org + "/mdm/windows/enterprise/policies")
                .then().statusCode(200).extract().path("data.id");
        Map<String, String> existingUsers = new HashMap<>();
        List<Map<String, Object>> people = new ArrayList<>();
        for (int i = 0; i < PEOPLE; i++) {
            String email = "person" + i + "." + tag + "@ecole.test";
            Map<String, Object> person = new HashMap<>();
            person.put("identity_id", UUID.randomUUID().toString());
            person.put("external_id", "E2E-" + tag + "-" + i);
            person.put("firstname", "Prénom" + i);
            person.put("lastname", "Nom-" + tag);
            person.put("email", email);
            person.put("domain", "student");
            person.put("establishment_id", slug);
            person.put("role_principal_code", "ELEVE");
            person.put("language", i % 2 == 0 ? "fr" : "en");
            people.add(person);
            if (i < ALREADY_MDM_USERS) {
                // already an MDM user, the e-mail written differently: matched, not duplicated
                existingUsers.put(email, admin().body(Map.of("email", email.toUpperCase(Locale.ROOT)))
                        .post("/v1/organizations/" + org + "/mdm/users").then().statusCode(200).extract().path("data.id"));
            }
        }
        String batch = admin().header("X-Etab", slug)
                .body(Map.of("source_identity_batch_id", UUID.randomUUID().toString(), "targets", List.of("ziti", "mdm"),
                        "items", people))
                .post("/provisioning/batches").then().statusCode(200).extract().path("id");

        Response preview = admin().queryParam("dry_run", true).post("/provisioning/batches/" + batch + "/run");
        assertEquals(200, preview.statusCode(), preview.asString());
        assertEquals("matched", preview.path("items[0].mdm['mdm_user']"));
        assertEquals("new", preview.path("items[" + (PEOPLE - 1) + "].mdm['mdm_user']"));
        assertEquals("create", preview.path("items[0].mdm.token"));

        admin().post("/provisioning/batches/" + batch + "/run").then().statusCode(200);
        // kill -9 the provisioning JVM mid-run, then start it again and resume the run
        awaitDone(batch, 30, Duration.ofMinutes(3));
        platform.kill("provisioning-service");
        platform.restart("provisioning-service");
        long doneAtCrash = done(batch);
        assertTrue(doneAtCrash < PEOPLE, "the crash came mid-run: " + doneAtCrash + " of " + PEOPLE + " done");
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (true) {
            Response resumed = admin().post("/provisioning/batches/" + batch + "/run");
            assertEquals(200, resumed.statusCode(), resumed.asString());
            if (resumed.path("run_id") != null) {
                break; // the crashed run's lease lapsed: this run took the batch over
            }
            assertTrue(System.nanoTime() < deadline, "the crashed run's lease never lapsed");
            Thread.sleep(1000);
        }
        awaitDone(batch, PEOPLE, Duration.ofMinutes(5));
        // the run records the batch's end just after its last item's
        ServiceInstances.awaitUntil(Duration.ofSeconds(30),
                () -> !"RUNNING".equals(admin().get("/provisioning/batches/" + batch).path("status")));
        assertEquals("COMPLETED", admin().get("/provisioning/batches/" + batch).path("status"));

        // per item: both targets succeeded, one identity, one MDM user, one token each
        List<Map<String, Object>> items = admin().queryParam("limit", 1000)
                .get("/provisioning/batches/" + batch + "/items").then().statusCode(200).extract().jsonPath().getList("$");
        assertEquals(PEOPLE, items.size());
        Set<Object> identityIds = new HashSet<>();
        Set<Object> userIds = new HashSet<>();
        Set<Object> tokenIds = new HashSet<>();
        for (Map<String, Object> item : items) {
            assertEquals("PENDING_ACTIVATION", item.get("prov_status"), item.toString());
            Map<?, ?> targets = (Map<?, ?>) item.get("targets");
            Map<?, ?> ziti = (Map<?, ?>) targets.get("ziti");
            Map<?, ?> mdm = (Map<?, ?>) targets.get("mdm");
            assertEquals("SUCCEEDED", ziti.get("status"), item.toString());
            assertEquals("SUCCEEDED", mdm.get("status"), item.toString());
            identityIds.add(ziti.get("external_id"));
            userIds.add(mdm.get("mdm_user_id"));
            tokenIds.add(mdm.get("external_id"));
            String existing = existingUsers.get((String) item.get("email"));
            if (existing != null) {
                assertEquals(existing, mdm.get("mdm_user_id"), "the existing MDM user is matched");
                assertEquals("matched", mdm.get("mdm_user"));
            }
        }
        assertEquals(PEOPLE, identityIds.size());
        assertEquals(PEOPLE, userIds.size());
        assertEquals(PEOPLE, tokenIds.size());

        // and in the services themselves: nothing twice, whatever the crash interrupted
        int zitiPort = platform.port("ziti-edge-service");
        List<Map<String, Object>> identities = given().port(zitiPort).header("zt-session", ADMIN)
                .queryParam("limit", -1)
                .get("/edge/management/v1/identities").then().statusCode(200).extract().jsonPath().getList("data");
        assertEquals(PEOPLE, identities.stream()
                .filter(identity -> String.valueOf(identity.get("externalId")).startsWith("E2E-" + tag + "-")).count());
        assertEquals(PEOPLE, (int) admin().queryParam("limit", 1)
                .get("/v1/organizations/" + org + "/mdm/users").then().statusCode(200).extract().path("data.totalDocs"));
        Map<String, Map<String, Object>> tokensByCode = new HashMap<>();
        for (int page = 1; page <= 3; page++) {
            List<Map<String, Object>> tokens = admin().queryParam("limit", 100).queryParam("page", page)
                    .get("/v1/organizations/" + org + "/mdm/windows/enterprise/enrollment-tokens")
                    .then().statusCode(200).extract().jsonPath().getList("data.items");
            tokens.forEach(token -> tokensByCode.put((String) token.get("enrollCode"), token));
        }
        assertEquals(PEOPLE, tokensByCode.size());
        for (Map<String, Object> token : tokensByCode.values()) {
            assertEquals(policy, token.get("winPolicyId"), "the organisation's default policy");
            assertEquals("PENDING", token.get("state"));
        }

        // the invitations: every person one at least (a crash between a mail and its record may send it once more,
        // always with the same JWT and code), each JWT verifies, each code is a live token of that person
        X509Certificate signer;
        try (InputStream in = Files.newInputStream(platform.root.resolve(
                "ziti-edge-service/src/main/resources/ziti-dev-keys/DEV-ONLY-ziti-signer-cert.pem"))) {
            signer = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        Map<String, String> codeByEmail = new HashMap<>();
        Map<String, String> jwtByEmail = new HashMap<>();
        MimeMessage[] mails = smtp.getReceivedMessages();
        for (MimeMessage mail : mails) {
            String to = mail.getAllRecipients()[0].toString();
            Mime parts = Mime.of(mail);
            Matcher code = CODE.matcher(parts.text());
            assertTrue(code.find(), parts.text());
            assertNotNull(parts.jwt(), "the JWT is attached");
            assertVerifies(parts.jwt(), signer);
            String earlierCode = codeByEmail.putIfAbsent(to, code.group(1));
            String earlierJwt = jwtByEmail.putIfAbsent(to, parts.jwt());
            if (earlierCode != null) {
                assertEquals(earlierCode, code.group(1), "a repeated mail carries the same code");
                assertEquals(earlierJwt, parts.jwt(), "a repeated mail carries the same JWT");
            }
            Map<String, Object> token = tokensByCode.get(code.group(1));
            assertNotNull(token, "the code is a live token");
            assertEquals(to.toLowerCase(Locale.ROOT),
                    ((String) ((Map<?, ?>) token.get("mdmUser")).get("email")).toLowerCase(Locale.ROOT));
            assertTrue(parts.text().contains((String) token.get("enrollmentLink")), parts.text());
        }
        assertEquals(PEOPLE, codeByEmail.size(), "every person got an invitation");
        assertTrue(mails.length - PEOPLE <= 32, "repeats only for the items in flight at the crash: " + mails.length);
        assertTrue(codeByEmail.keySet().stream().anyMatch(e -> e.startsWith("person0.")));

        // three of the codes really enroll a Windows device (OnPremise: e-mail + code in a WS-Security UsernameToken)
        List<String> sample = List.of("person0." + tag + "@ecole.test", "person1." + tag + "@ecole.test",
                "person" + (PEOPLE - 1) + "." + tag + "@ecole.test");
        for (String email : sample) {
            String code = codeByEmail.get(email);
            WindowsDevice device = new WindowsDevice();
            Response discovered = WindowsDevice.post("/EnrollmentServer/Discovery.svc",
                    WindowsDevice.discover("urn:uuid:" + UUID.randomUUID(), email));
            assertEquals(200, discovered.statusCode(), discovered.asString());
            assertEquals("OnPremise", WindowsDevice.text(WindowsDevice.xml(discovered.asByteArray()), "AuthPolicy"));
            String security = WindowsDevice.usernameToken(email, code);
            Response policies = WindowsDevice.post("/EnrollmentServer/Policy.svc",
                    WindowsDevice.getPolicies("urn:uuid:" + UUID.randomUUID(), security));
            assertEquals(200, policies.statusCode(), policies.asString());
            Response enrolled = WindowsDevice.post("/EnrollmentServer/Enrollment.svc",
                    device.requestSecurityToken("urn:uuid:" + UUID.randomUUID(), security));
            assertEquals(200, enrolled.statusCode(), enrolled.asString());
            assertTrue(enrolled.asString().contains("RequestSecurityTokenResponseCollection"), enrolled.asString());
            String tokenId = (String) tokensByCode.get(code).get("id");
            admin().get("/v1/organizations/" + org + "/mdm/windows/enterprise/enrollment-tokens/" + tokenId)
                    .then().statusCode(200).body("data.state", equalTo("DONE"));
        }
    }

    private static long done(String batch) {
        Map<String, Integer> counts = admin().get("/provisioning/batches/" + batch).then().statusCode(200)
                .extract().jsonPath().getMap("counts");
        return counts.getOrDefault("PENDING_ACTIVATION", 0);
    }

    private static void awaitDone(String batch, int atLeast, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (done(batch) < atLeast) {
            assertTrue(System.nanoTime() < deadline, "fewer than " + atLeast + " items done in " + timeout
                    + ": " + admin().get("/provisioning/batches/" + batch).asString());
            Thread.sleep(200);
        }
    }

    /** An RS256 JWT whose signature verifies with the certificate's key. */
    private static void assertVerifies(String jwt, X509Certificate signer) throws Exception {
        String[] parts = jwt.split("\\.");
        assertEquals(3, parts.length, jwt);
        String header = new String(Base64.getUrlDecoder().decode(parts[0]), StandardCharsets.UTF_8);
        assertTrue(header.contains("\"RS256\""), header);
        Signature signature = Signature.getInstance("SHA256withRSA");
        signature.initVerify(signer.getPublicKey());
        signature.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
        assertTrue(signature.verify(Base64.getUrlDecoder().decode(parts[2])), "the JWT's signature verifies");
    }

    /** The text part and the attached JWT of an invitation. */
    private record Mime(String text, String jwt) {

        static Mime of(MimeMessage mail) throws Exception {
            Object content = mail.getContent();
            if (content instanceof String text) {
                return new Mime(text, null);
            }
            String text = null;
            String jwt = null;
            Multipart multipart = (Multipart) content;
            for (int i = 0; i < multipart.getCount(); i++) {
                BodyPart part = multipart.getBodyPart(i);
                if (part.getFileName() != null && part.getFileName().endsWith(".jwt")) {
                    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                    part.getInputStream().transferTo(bytes);
                    jwt = bytes.toString(StandardCharsets.US_ASCII).trim();
                } else if (part.isMimeType("text/plain")) {
                    text = part.getContent().toString();
                } else if (part.getContent() instanceof Multipart inner) {
                    for (int j = 0; j < inner.getCount(); j++) {
                        if (inner.getBodyPart(j).isMimeType("text/plain")) {
                            text = inner.getBodyPart(j).getContent().toString();
                        }
                    }
                }
            }
            return new Mime(text, jwt);
        }
    }
}
