package org.onboarding.mdm.enrollment;

import io.quarkus.mailer.MockMailbox;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.onboarding.testsupport.TestTokens;

import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.aMapWithSize;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.instanceOf;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.onboarding.mdm.Api.ADMIN;
import static org.onboarding.mdm.Api.as;
import static org.onboarding.mdm.Api.organization;
import static org.onboarding.mdm.Api.policy;
import static org.onboarding.mdm.Api.token;
import static org.onboarding.mdm.Api.tokens;
import static org.onboarding.mdm.Api.user;

/** The winEnrollmentToken endpoints through HTTP with real JWTs and a real PostgreSQL. */
@QuarkusTest
class WinEnrollmentTokenResourceTest {

    private static final String TIMESTAMP = "^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z$";

    @Inject
    MockMailbox mailbox;

    String org;
    String slug;
    String userId;

    @BeforeEach
    void setUp() {
        Map<String, String> created = organization(true, 100);
        org = created.get("id");
        slug = created.get("slug");
        userId = user(org, "alice-" + org + "@example.com");
        mailbox.clear();
    }

    @Test
    void createReturnsAPendingTokenWithCodeLinkAndExpiry() {
        as(ADMIN).body(Map.of("mdmUserId", userId, "sendEmail", false, "displayName", "Alice laptop",
                        "tags", List.of("sales"), "duration", 3600, "segmentId", 7))
                .post(tokens(slug)) // addressed by slug: organizationId is still the id
                .then().statusCode(200)
                .body("status", equalTo(true))
                .body("data.id", matchesPattern("^[a-f0-9]{24}$"))
                .body("data.organizationId", equalTo(org))
                .body("data.winEnterpriseId", matchesPattern("^[a-f0-9]{24}$"))
                .body("data.state", equalTo("PENDING"))
                .body("data.mdmUser.id", equalTo(userId))
                .body("data.enrollCode", matchesPattern("^[23456789ABCDEFGHJKMNPQRSTVWXYZ]{10}$"))
                .body("data.enrollmentLink", startsWithBase())
                .body("data.type", equalTo("enrollment"))
                .body("data.subType", equalTo("standard"))
                .body("data.tags", contains("sales"))
                .body("data.segmentId", equalTo(7))
                .body("data.createdAt", matchesPattern(TIMESTAMP))
                .body("data.summary.expirationTimestamp", notNullValue());
        String created = as(ADMIN).get(tokens(org)).then().extract().path("data.items[0].createdAt");
        String expireAt = as(ADMIN).get(tokens(org)).then().extract().path("data.items[0].expireAt");
        assertEquals(java.time.Instant.parse(created).plusSeconds(3600), java.time.Instant.parse(expireAt));
    }

    private static org.hamcrest.Matcher<String> startsWithBase() {
        return matchesPattern("^https://mdm\\.onboarding\\.local/enroll/windows/[23456789A-Z]{10}$");
    }

    @Test
    void durationDefaultsToOneDay() {
        Map<String, Object> data = as(ADMIN).body(Map.of("mdmUserId", userId, "sendEmail", false))
                .post(tokens(org)).then().statusCode(200).extract().path("data");
        assertEquals(java.time.Instant.parse((String) data.get("createdAt")).plusSeconds(86_400),
                java.time.Instant.parse((String) data.get("expireAt")));
        assertEquals(data.get("expireAt"), ((Map<?, ?>) data.get("summary")).get("expirationTimestamp"));
    }

    @Test
    void seedPutReturnsTheFullTokenWithExpandedPolicies() {
        String tokenId = token(org, userId);
        String first = policy(org, "Baseline");
        String second = policy(org, "Kiosk");
        as(ADMIN).body(Map.of("displayName", "Renamed", "winPolicyId", first,
                        "winPolicyAssignments", List.of(Map.of("winPolicyId", first, "priority", 10),
                                Map.of("winPolicyId", second, "priority", 0)),
                        "tags", List.of("a", "b")))
                .put(tokens(org) + "/" + tokenId)
                .then().statusCode(200)
                .body("status", equalTo(true))
                .body("data", allOf(hasKey("id"), hasKey("organizationId"), hasKey("winEnterpriseId"),
                        hasKey("mdmUser"), hasKey("displayName"), hasKey("tags"),
                        hasKey("state"), hasKey("config"), hasKey("type"), hasKey("subType"), hasKey("createdAt"),
                        hasKey("updatedAt"), hasKey("expireAt"), hasKey("enrollmentLink"), hasKey("enrollCode"),
                        hasKey("winPolicyId"), hasKey("winPolicyAssignments"), hasKey("summary"),
                        hasKey("sendEmail")))
                // optional fields without a value are left out, not null
                .body("data", allOf(not(hasKey("winDeviceId")), not(hasKey("emailText")), not(hasKey("segmentId"))))
                .body("data.displayName", equalTo("Renamed"))
                .body("data.tags", contains("a", "b"))
                .body("data.config", aMapWithSize(0))
                .body("data.sendEmail", instanceOf(Boolean.class))
                .body("data.mdmUser", allOf(hasKey("id"), hasKey("email"), hasKey("displayName")))
                .body("data.mdmUser.displayName", equalTo("Employee alice-" + org + "@example.com"))
                .body("data.updatedAt", matchesPattern(TIMESTAMP))
                .body("data.expireAt", matchesPattern(TIMESTAMP))
                .body("data.summary.expirationTimestamp", matchesPattern(TIMESTAMP))
                .body("data.winPolicyId", equalTo(first))
                .body("data.winPolicyAssignments", hasSize(2))
                .body("data.winPolicyAssignments[0].winPolicyId", equalTo(first))
                .body("data.winPolicyAssignments[0].priority", equalTo(10))
                .body("data.winPolicyAssignments[1].priority", equalTo(0))
                .body("data.winPolicyAssignments[0].winPolicy", allOf(hasKey("id"), hasKey("organizationId"),
                        hasKey("winEnterpriseId"), hasKey("name"), hasKey("version"), hasKey("config"),
                        hasKey("applications"), hasKey("scripts"), hasKey("admxConfigs"), hasKey("assets"),
                        not(hasKey("agentConfiguration")), hasKey("createdAt"), hasKey("updatedAt")))
                .body("data.winPolicyAssignments[0].winPolicy.name", equalTo("Baseline"))
                .body("data.winPolicyAssignments[0].winPolicy.version", equalTo(1))
                .body("data.winPolicyAssignments[1].winPolicy.name", equalTo("Kiosk"));

        // partial: a PUT without assignments keeps them; the list shows {id,name} only
        as(ADMIN).body(Map.of("displayName", "Again")).put(tokens(org) + "/" + tokenId)
                .then().statusCode(200).body("data.winPolicyAssignments", hasSize(2))
                .body("data.tags", contains("a", "b"));
        as(ADMIN).get(tokens(org)).then().statusCode(200)
                .body("data.items[0].winPolicyAssignments[0].winPolicy", aMapWithSize(2))
                .body("data.items[0].winPolicyAssignments[0].winPolicy.name", equalTo("Baseline"));
    }

    @Test
    void updateRejectsUnknownPolicyDuplicatesAndBadPriority() {
        String tokenId = token(org, userId);
        String policyId = policy(org, "P");
        as(ADMIN).body(Map.of("winPolicyId", "aaaaaaaaaaaaaaaaaaaaaaaa")).put(tokens(org) + "/" + tokenId)
                .then().statusCode(404).body("error.code", equalTo(3001)).body("error.message", equalTo("Entity not found"));
        as(ADMIN).body(Map.of("winPolicyAssignments", List.of(Map.of("winPolicyId", policyId, "priority", 1),
                        Map.of("winPolicyId", policyId, "priority", 2))))
                .put(tokens(org) + "/" + tokenId).then().statusCode(400).body("error.code", equalTo(3000));
        as(ADMIN).body(Map.of("winPolicyAssignments", List.of(Map.of("winPolicyId", policyId, "priority", 10_001))))
                .put(tokens(org) + "/" + tokenId).then().statusCode(400).body("error.code", equalTo(3000))
                .body("error.data.field", hasItem("winPolicyAssignments[0].priority"));
        as(ADMIN).body(Map.of("winPolicyAssignments", List.of(Map.of("winPolicyId", policyId))))
                .put(tokens(org) + "/" + tokenId).then().statusCode(400)
                .body("error.data.field", hasItem("winPolicyAssignments[0].priority"));
    }

    @Test
    void deletedTokensAreNotEditableAndHiddenUnlessAsked() {
        String tokenId = token(org, userId);
        as(ADMIN).delete(tokens(org) + "/" + tokenId).then().statusCode(200)
                .body("status", equalTo(true)).body("data.state", equalTo("DELETED"));
        as(ADMIN).delete(tokens(org) + "/" + tokenId).then().statusCode(200).body("data.state", equalTo("DELETED"));
        as(ADMIN).body(Map.of("displayName", "x")).put(tokens(org) + "/" + tokenId).then().statusCode(400)
                .body("error.code", equalTo(3010)).body("error.message", equalTo("Enrollment token is not PENDING"));
        as(ADMIN).get(tokens(org)).then().statusCode(200).body("data.items", empty()).body("data.totalDocs", equalTo(0));
        as(ADMIN).queryParam("show-deleted", "true").get(tokens(org)).then().statusCode(200)
                .body("data.items.id", contains(tokenId)).body("data.items[0].state", equalTo("DELETED"));
        as(ADMIN).get(tokens(org) + "/" + tokenId).then().statusCode(200).body("data.state", equalTo("DELETED"));
    }

    @Test
    void listIsPaginatedSortedAndFiltered() {
        String bob = user(org, "bob-" + org + "@example.com");
        String policyId = policy(org, "Filter");
        for (int i = 0; i < 3; i++) {
            as(ADMIN).body(Map.of("mdmUserId", userId, "sendEmail", false, "displayName", "a" + i))
                    .post(tokens(org)).then().statusCode(200);
        }
        String bobs = as(ADMIN).body(Map.of("mdmUserId", bob, "sendEmail", false, "displayName", "b",
                        "winPolicyAssignments", List.of(Map.of("winPolicyId", policyId, "priority", 1))))
                .post(tokens(org)).then().statusCode(200).extract().path("data.id");

        as(ADMIN).queryParam("page", 2).queryParam("limit", 3).queryParam("sort", "displayName:asc")
                .get(tokens(org)).then().statusCode(200)
                .body("data.items.displayName", contains("b"))
                .body("data.totalDocs", equalTo(4)).body("data.limit", equalTo(3)).body("data.page", equalTo(2))
                .body("data.totalPages", equalTo(2)).body("data.hasPrevPage", equalTo(true))
                .body("data.hasNextPage", equalTo(false)).body("data.prevPage", equalTo(1))
                .body("data.nextPage", nullValue());
        as(ADMIN).queryParam("limit", 3).queryParam("sort", "displayName:desc").get(tokens(org)).then()
                .body("data.items.displayName", contains("b", "a2", "a1"))
                .body("data.prevPage", nullValue()).body("data.nextPage", equalTo(2))
                .body("data.hasPrevPage", equalTo(false)).body("data.hasNextPage", equalTo(true));
        as(ADMIN).queryParam("mdm-user", bob).get(tokens(org)).then().body("data.items.id", contains(bobs));
        as(ADMIN).queryParam("win-policy", policyId).get(tokens(org)).then().body("data.items.id", contains(bobs));
        as(ADMIN).get(tokens(org)).then().body("data.page", equalTo(1)).body("data.limit", equalTo(10));
    }

    @Test
    void badQueryParametersAreValidationErrors() {
        for (Map<String, String> query : List.of(Map.of("page", "0"), Map.of("page", "abc"), Map.of("limit", "-1"),
                Map.of("limit", "1000"), Map.of("sort", "password:asc"), Map.of("sort", "createdAt:up"),
                Map.of("mdm-user", "xyz"), Map.of("win-policy", "123"), Map.of("show-deleted", "maybe"))) {
            as(ADMIN).queryParams(query).get(tokens(org)).then().statusCode(400)
                    .body("status", equalTo(false)).body("error.code", equalTo(3000))
                    .body("error.message", equalTo("Validation Error"))
                    .body("error.data[0].field", equalTo(query.keySet().iterator().next()));
        }
    }

    @Test
    void bodyValidationErrorsListEachField() {
        as(ADMIN).body(Map.of("mdmUserId", "nothex", "duration", 59, "displayName", "x".repeat(129)))
                .post(tokens(org)).then().statusCode(400)
                .body("error.code", equalTo(3000))
                .body("error.data.field", allOf(hasItem("mdmUserId"), hasItem("duration"), hasItem("displayName"),
                        hasItem("sendEmail")));
        as(ADMIN).body(Map.of("mdmUserId", userId, "sendEmail", false, "duration", 2_592_001))
                .post(tokens(org)).then().statusCode(400).body("error.data.field", contains("duration"));
        as(ADMIN).body(Map.of("mdmUserId", userId, "sendEmail", false, "surprise", 1))
                .post(tokens(org)).then().statusCode(400).body("error.code", equalTo(3000))
                .body("error.data[0].message", equalTo("\"surprise\" is not allowed"));
        as(ADMIN).body("{\"mdmUserId\": ").post(tokens(org)).then().statusCode(400)
                .body("error.code", equalTo(3000));
        as(ADMIN).body(Map.of("mdmUserId", userId, "sendEmail", false, "duration", "soon"))
                .post(tokens(org)).then().statusCode(400).body("error.data[0].field", equalTo("duration"));
        as(ADMIN).body(Map.of("mdmUserId", userId, "sendEmail", false, "language", "klingon"))
                .post(tokens(org)).then().statusCode(400).body("error.data[0].field", equalTo("language"));
        as(ADMIN).body(Map.of("mdmUserId", userId, "sendEmail", false, "tags", "not-a-list"))
                .post(tokens(org)).then().statusCode(400).body("error.code", equalTo(3000));
        as(ADMIN).post(tokens(org)).then().statusCode(400).body("error.code", equalTo(3000));
        as(ADMIN).get(tokens(org) + "/not-an-object-id").then().statusCode(400)
                .body("error.data[0].field", equalTo("winEnrollmentTokenId"));
        as(ADMIN).get("/v1/organizations/a!b/mdm/windows/enterprise/enrollment-tokens").then().statusCode(400)
                .body("error.code", equalTo(3000));
        as(ADMIN).body(Map.of("mdmUserId", userId, "sendEmail", "TRUE")).post(tokens(org)).then().statusCode(200);
    }

    @Test
    void unknownEntitiesAreNotFound() {
        as(ADMIN).get(tokens(org) + "/aaaaaaaaaaaaaaaaaaaaaaaa").then().statusCode(404)
                .body("status", equalTo(false)).body("error.code", equalTo(3001))
                .body("error.message", equalTo("Entity not found")).body("error", not(hasKey("data")));
        as(ADMIN).body(Map.of("mdmUserId", "aaaaaaaaaaaaaaaaaaaaaaaa", "sendEmail", false)).post(tokens(org))
                .then().statusCode(404).body("error.code", equalTo(3001));
        as(ADMIN).body(Map.of("mdmUserId", userId, "sendEmail", false, "winPolicyId", "bbbbbbbbbbbbbbbbbbbbbbbb"))
                .post(tokens(org)).then().statusCode(404).body("error.code", equalTo(3001));
        as(ADMIN).get(tokens("no-such-organization")).then().statusCode(404).body("error.code", equalTo(3001));
        as(ADMIN).body(Map.of("displayName", "x")).put(tokens(org) + "/aaaaaaaaaaaaaaaaaaaaaaaa").then()
                .statusCode(404).body("error.code", equalTo(3001));
        as(ADMIN).delete(tokens(org) + "/aaaaaaaaaaaaaaaaaaaaaaaa").then().statusCode(404)
                .body("error.code", equalTo(3001));
    }

    @Test
    void planWithoutWindowsMdmIsRefusedWithTheExactMessage() {
        String noMdm = organization(false, 10).get("id");
        String employee = user(noMdm, "carol@example.com");
        String expected = "{\"status\":false,\"error\":{\"code\":5050,\"message\":\"Feature not allowed for you billing plan\"}}";
        String body = as(ADMIN).body(Map.of("mdmUserId", employee, "sendEmail", false)).post(tokens(noMdm))
                .then().statusCode(400).extract().asString();
        assertEquals(expected, body);
        as(ADMIN).body(Map.of("userEmails", List.of("x@example.com"), "sendEmail", false))
                .post(tokens(noMdm) + "/bulk").then().statusCode(400).body("error.code", equalTo(5050));
    }

    @Test
    void quotaOfLiveTokensIsEnforced() {
        String small = organization(true, 1).get("id");
        String employee = user(small, "dave@example.com");
        String first = token(small, employee);
        as(ADMIN).body(Map.of("mdmUserId", employee, "sendEmail", false)).post(tokens(small))
                .then().statusCode(400).body("error.code", equalTo(5017)).body("error.message", equalTo("Limit Exceeded"));
        // a deleted token is no longer live: room again
        as(ADMIN).delete(tokens(small) + "/" + first).then().statusCode(200);
        as(ADMIN).body(Map.of("mdmUserId", employee, "sendEmail", false)).post(tokens(small)).then().statusCode(200);
    }

    @Test
    void bulkFindsOrCreatesEmployeesAndCountsFailures() {
        String small = organization(true, 3).get("id");
        user(small, "known@example.com");
        as(ADMIN).body(Map.of("userEmails", List.of("known@example.com", "new@example.com", "not-an-email",
                        "NEW@example.com", "third@example.com", "fourth@example.com"), "sendEmail", true,
                        "emailText", "Welcome aboard"))
                .post(tokens(small) + "/bulk").then().statusCode(200)
                .body("status", equalTo(true))
                .body("data.total", equalTo(6)).body("data.success", equalTo(3)).body("data.fail", equalTo(3));
        as(ADMIN).get(tokens(small)).then().body("data.totalDocs", equalTo(3));
        as(ADMIN).get("/v1/organizations/" + small + "/mdm/users").then().body("data.totalDocs", equalTo(3));
        assertEquals(3, mailbox.getTotalMessagesSent());
        assertTrue(mailbox.getMailsSentTo("new@example.com").get(0).getText().contains("Welcome aboard"));
        as(ADMIN).body(Map.of("userEmails", List.of(), "sendEmail", false)).post(tokens(small) + "/bulk")
                .then().statusCode(400).body("error.code", equalTo(3000));
    }

    @Test
    void mailIsSentOnlyWhenAsked() {
        String email = "alice-" + org + "@example.com";
        Map<String, Object> data = as(ADMIN).body(Map.of("mdmUserId", userId, "sendEmail", true,
                        "emailText", "Please enroll today", "language", "es"))
                .post(tokens(org)).then().statusCode(200).body("data.sendEmail", equalTo(true))
                .body("data.emailText", equalTo("Please enroll today")).extract().path("data");
        var mails = mailbox.getMailsSentTo(email);
        assertEquals(1, mails.size());
        String text = mails.get(0).getText();
        assertTrue(text.contains((String) data.get("enrollmentLink")), text);
        assertTrue(text.contains((String) data.get("enrollCode")), text);
        assertTrue(text.contains("Please enroll today"), text);
        assertTrue(text.contains((String) data.get("expireAt")), text);
        assertEquals("Inscribe tu dispositivo Windows", mails.get(0).getSubject());

        mailbox.clear();
        as(ADMIN).body(Map.of("mdmUserId", userId, "sendEmail", false)).post(tokens(org)).then().statusCode(200);
        assertEquals(0, mailbox.getTotalMessagesSent());
    }

    @Test
    void invitationMailsAreExactInEnglishAndSpanish() {
        String email = "alice-" + org + "@example.com";
        Map<String, Object> en = as(ADMIN).body(Map.of("mdmUserId", userId, "sendEmail", true, "language", "en",
                        "emailText", "Bring <your> laptop & charger {today}"))
                .post(tokens(org)).then().statusCode(200).extract().path("data");
        assertExactMail(mailbox.getMailsSentTo(email), email, "Enroll your Windows device",
                "Hello Employee " + email + ",\n\n"
                        + "Bring <your> laptop & charger {today}\n\n"
                        + "Open this link on your Windows 10 or 11 device: " + en.get("enrollmentLink") + "\n"
                        + "Enrollment code: " + en.get("enrollCode") + "\n"
                        + "Valid until: " + en.get("expireAt") + " (it enrolls one device)\n\n"
                        + "The page shows the steps and a button that starts the enrollment. You can also go to "
                        + "Settings › Accounts › Access work or school › Enroll only in device management "
                        + "and enter your e-mail (and, if Windows asks for it, the server address shown on the page). "
                        + "When Windows asks for it, on its sign-in page or as the password, type the code.\n");

        mailbox.clear();
        String nameless = "nameless-" + org + "@example.com";
        String namelessId = as(ADMIN).body(Map.of("email", nameless))
                .post("/v1/organizations/" + org + "/mdm/users").then().statusCode(200).extract().path("data.id");
        Map<String, Object> es = as(ADMIN).body(Map.of("mdmUserId", namelessId, "sendEmail", true, "language", "es",
                        "emailText", "   "))
                .post(tokens(org)).then().statusCode(200).extract().path("data");
        assertExactMail(mailbox.getMailsSentTo(nameless), nameless, "Inscribe tu dispositivo Windows",
                "Hola,\n\n"
                        + "Abre este enlace en tu dispositivo Windows 10 u 11: " + es.get("enrollmentLink") + "\n"
                        + "Código de inscripción: " + es.get("enrollCode") + "\n"
                        + "Válido hasta: " + es.get("expireAt") + " (sirve para un solo dispositivo)\n\n"
                        + "La página muestra los pasos y un botón que inicia la inscripción. También "
                        + "puedes ir a Configuración › Cuentas › Obtener acceso a trabajo o escuela › "
                        + "Inscribirse solo en la administración de dispositivos, escribir tu correo (y, si Windows "
                        + "la pide, la dirección del servidor que indica la página). Cuando Windows lo pida, en "
                        + "la página de inicio de sesión o como contraseña, escribe el código.\n");
        assertEquals(1, mailbox.getTotalMessagesSent());
    }

    private static void assertExactMail(List<io.quarkus.mailer.Mail> mails, String to, String subject, String text) {
        assertEquals(1, mails.size());
        io.quarkus.mailer.Mail mail = mails.get(0);
        assertEquals(subject, mail.getSubject());
        assertEquals(text, mail.getText());
        assertEquals(null, mail.getHtml());
        assertEquals(List.of(to), mail.getTo());
        assertEquals(List.of(), mail.getCc());
        assertEquals(List.of(), mail.getBcc());
        assertEquals(null, mail.getFrom()); // the configured quarkus.mailer.from applies
        assertEquals(null, mail.getReplyTo());
        assertEquals(null, mail.getBounceAddress());
        assertEquals(Map.of(), mail.getHeaders());
        assertEquals(List.of(), mail.getAttachments());
    }

    @Test
    void authenticationFailuresUseTheEnvelope() {
        String noToken = given().get(tokens(org)).then().statusCode(401).contentType(ContentType.JSON)
                .extract().asString();
        assertEquals("{\"status\":false,\"error\":{\"code\":4002,\"message\":\"No auth token\"}}", noToken);
        for (String bad : List.of("garbage", TestTokens.token().groups("admin").signWithUnknownKey(),
                TestTokens.token().groups("admin").unsigned(),
                TestTokens.token().groups("admin").expiresAt(java.time.Instant.now().minusSeconds(600)).sign(),
                TestTokens.token().groups("admin").issuer("https://evil").sign())) {
            String body = given().header("Authorization", "Bearer " + bad).get(tokens(org))
                    .then().statusCode(401).extract().asString();
            assertEquals("{\"status\":false,\"error\":{\"code\":4004,\"message\":\"Invalid Token\"}}", body);
        }
    }

    @Test
    void rolesMapToPermissions() {
        String tokenId = token(org, userId);
        String forbidden = "Forbidden - You are not allowed to perform this action";
        as(TestTokens.viewer()).body(Map.of("mdmUserId", userId, "sendEmail", false)).post(tokens(org))
                .then().statusCode(403).body("error.code", equalTo(4003)).body("error.message", equalTo(forbidden));
        as(TestTokens.viewer()).body(Map.of("displayName", "x")).put(tokens(org) + "/" + tokenId)
                .then().statusCode(403).body("error.code", equalTo(4003));
        as(TestTokens.viewer()).get(tokens(org) + "/" + tokenId).then().statusCode(200);
        as(TestTokens.viewer()).get(tokens(org)).then().statusCode(200);
        as(TestTokens.operator()).delete(tokens(org) + "/" + tokenId).then().statusCode(403)
                .body("error.code", equalTo(4003));
        as(TestTokens.operator()).body(Map.of("displayName", "op")).put(tokens(org) + "/" + tokenId)
                .then().statusCode(200);
        as(TestTokens.token().groups().sign()).get(tokens(org)).then().statusCode(403);
    }

    @Test
    void anotherOrganisationsCallerSeesNothing() {
        String tokenId = token(org, userId);
        Map<String, String> other = organization(true, 10);
        String scopedToB = TestTokens.token().groups("admin").orgs(other.get("id")).sign();
        String slugScopedToA = TestTokens.token().groups("admin").orgs(slug).sign();

        as(scopedToB).get(tokens(org) + "/" + tokenId).then().statusCode(404).body("error.code", equalTo(3001));
        as(scopedToB).get(tokens(org)).then().statusCode(404).body("error.code", equalTo(3001));
        as(scopedToB).body(Map.of("displayName", "hijack")).put(tokens(org) + "/" + tokenId)
                .then().statusCode(404).body("error.code", equalTo(3001));
        as(scopedToB).delete(tokens(org) + "/" + tokenId).then().statusCode(404).body("error.code", equalTo(3001));
        // nor through its own organisation's path
        as(scopedToB).get(tokens(other.get("id")) + "/" + tokenId).then().statusCode(404);
        as(scopedToB).get(tokens(other.get("id"))).then().statusCode(200).body("data.items", empty());

        as(ADMIN).get(tokens(org) + "/" + tokenId).then().statusCode(200)
                .body("data.state", equalTo("PENDING")).body("data.displayName", nullValue());
        as(slugScopedToA).get(tokens(org) + "/" + tokenId).then().statusCode(200);
    }

    @Test
    void unknownRoutesAndMethodsUseTheEnvelope() {
        as(ADMIN).get("/v1/nothing-here").then().statusCode(404).body("error.code", equalTo(1002));
        as(ADMIN).body("{}").patch(tokens(org)).then().statusCode(anyOf(equalTo(404), equalTo(405)))
                .body("status", equalTo(false)).body("error.code", equalTo(1002));
        as(ADMIN).contentType(ContentType.TEXT).body("hello").post(tokens(org)).then().statusCode(415)
                .body("status", equalTo(false)).body("error.message", containsString("Validation"));
    }
}
