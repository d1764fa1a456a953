package org.onboarding.ziti.session;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.junit.jupiter.api.Test;
import org.onboarding.testsupport.AtOnce;
import org.onboarding.testsupport.TestTokens;
import org.onboarding.ziti.Api;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.StringWriter;
import java.math.BigInteger;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.anEmptyMap;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.onboarding.ziti.Api.BASE;
import static org.onboarding.ziti.Api.admin;
import static org.onboarding.ziti.Api.unique;

/**
 * Sessions created the way OpenZiti clients create them, all through HTTP against a real PostgreSQL: enrollment
 * completion (UPDB, OTT with a real CSR), authentication (password, forwarded client certificate), session creation
 * under service policies, and the management view of those sessions.
 */
@QuarkusTest
class ClientSessionFlowTest {

    static final String CLIENT = "/edge/client/v1";

    @Inject
    Pool pool;

    // ---------- helpers ----------

    private static String create(String collection, String json) {
        return admin().body(json).post(BASE + "/" + collection).then().statusCode(201)
                .body("data._links.self.href", matchesPattern("\\./" + collection + "/.+"))
                .extract().path("data.id");
    }

    private static String identity(String json) {
        return create("identities", json);
    }

    /** A User identity named {@code prefix-<uuid>} with an updb enrollment for {@code username}; returns its id. */
    private static String updbIdentity(String prefix, String username) {
        return identity("{\"name\":\"" + unique(prefix) + "\",\"type\":\"User\",\"isAdmin\":false,"
                + "\"enrollment\":{\"updb\":\"" + username + "\"}}");
    }

    private static String enrollmentToken(String identityId, String method) {
        return admin().get(BASE + "/identities/" + identityId).then().statusCode(200)
                .extract().path("data.enrollment." + method + ".token");
    }

    private static String routerNamed(String name) {
        return create("edge-routers", "{\"name\":\"" + name + "\",\"cost\":7}");
    }

    private static String service(String name, String attribute) {
        return create("services", "{\"name\":\"" + name + "\",\"encryptionRequired\":true,\"roleAttributes\":[\""
                + attribute + "\"]}");
    }

    private static String policy(String type, String identityRole, String serviceRole) {
        return create("service-policies", "{\"name\":\"" + unique("policy") + "\",\"type\":\"" + type
                + "\",\"semantic\":\"AnyOf\",\"identityRoles\":[\"" + identityRole + "\"],\"serviceRoles\":[\""
                + serviceRole + "\"]}");
    }

    private static Response completeUpdb(String token, String password) {
        return given().contentType(ContentType.JSON).body(Map.of("password", password))
                .post(CLIENT + "/enroll/updb?token=" + token);
    }

    /** An identity that enrolled by updb with the password {@code <name>-pass} and logged in once. */
    private record LoggedIn(String identityId, String ztSession) {
    }

    private static LoggedIn enrolledAndLoggedIn(String name) {
        String username = unique(name);
        String identityId = updbIdentity(name, username);
        completeUpdb(enrollmentToken(identityId, "updb"), name + "-pass").then().statusCode(200);
        return new LoggedIn(identityId, passwordLogin(username, name + "-pass"));
    }

    private static String passwordLogin(String username, String password) {
        return given().contentType(ContentType.JSON).body(Map.of("username", username, "password", password))
                .post(CLIENT + "/authenticate?method=password")
                .then().statusCode(200)
                .extract().header("zt-session");
    }

    private static Response dial(String ztSession, String serviceId, String type) {
        return given().header("zt-session", ztSession).contentType(ContentType.JSON)
                .body("{\"serviceId\":\"" + serviceId + "\",\"type\":\"" + type + "\"}")
                .post(CLIENT + "/sessions");
    }

    private static String pem(Object object) throws Exception {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(object);
        }
        return out.toString();
    }

    private static KeyPair ecKeyPair() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    private static String csr(KeyPair keys, String cn) throws Exception {
        return pem(new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=" + cn), keys.getPublic())
                .build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));
    }

    private static X509Certificate firstCertificate(String pemChain) throws Exception {
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificates(new ByteArrayInputStream(pemChain.getBytes(StandardCharsets.US_ASCII)))
                .iterator().next();
    }

    private static X509Certificate devEdgeCa() throws Exception {
        try (InputStream in = Thread.currentThread().getContextClassLoader()
                .getResourceAsStream("ziti-dev-keys/DEV-ONLY-ziti-edge-ca-cert.pem")) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }

    private void sql(String statement, Object... params) {
        pool.preparedQuery(statement).execute(Tuple.from(List.of(params))).await().indefinitely();
    }

    // ---------- end to end ----------

    @Test
    void updbIdentityEnrollsAuthenticatesDialsAndTheManagementApiSeesTheSession() {
        String username = unique("alice");
        String identityId = updbIdentity("alice", username);
        String token = enrollmentToken(identityId, "updb");

        completeUpdb(token, "s3cret-pass").then().statusCode(200)
                .body("data", anEmptyMap()).body("meta", anEmptyMap());
        // consumed: gone from the identity and from the enrollments, and the token is dead
        admin().get(BASE + "/identities/" + identityId).then().statusCode(200)
                .body("data.enrollment", not(hasKey("updb")));
        admin().queryParam("filter", "token = \"" + token + "\"").get(BASE + "/enrollments").then()
                .statusCode(200).body("meta.pagination.totalCount", equalTo(0));
        completeUpdb(token, "another-pass").then().statusCode(400)
                .body("error.code", equalTo("INVALID_ENROLLMENT_TOKEN"))
                .body("error.message", equalTo("The supplied token is not valid"));

        given().contentType(ContentType.JSON).body(Map.of("username", username, "password", "wrong-pass"))
                .post(CLIENT + "/authenticate?method=password").then().statusCode(401)
                .body("error.code", equalTo("INVALID_AUTH"))
                .body("error.message", equalTo("The authentication request failed"));
        String ztSession = given().contentType(ContentType.JSON)
                .body(Map.of("username", username, "password", "s3cret-pass"))
                .post(CLIENT + "/authenticate?method=password").then().statusCode(200)
                .header("zt-session", notNullValue())
                .body("data.identityId", equalTo(identityId))
                .body("data.identity.entity", equalTo("identities"))
                .body("data.identity.id", equalTo(identityId))
                .body("data.expirationSeconds", equalTo(1800))
                .body("data.expiresAt", matchesPattern("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z"))
                .body("data._links.self.href", equalTo("./current-api-session"))
                .extract().header("zt-session");
        String apiSessionId = given().contentType(ContentType.JSON)
                .body(Map.of("username", username, "password", "s3cret-pass"))
                .post(CLIENT + "/authenticate?method=password").then().statusCode(200).extract().path("data.id");
        assertTrue(apiSessionId != null);

        String routerName = unique("er");
        String routerId = routerNamed(routerName);
        String attribute = "web-" + UUID.randomUUID();
        String serviceName = unique("svc");
        String serviceId = service(serviceName, attribute);
        String policyId = policy("Dial", "@" + identityId, "#" + attribute);

        String sessionId = dial(ztSession, serviceId, "Dial").then().statusCode(201)
                .body("data.id", matchesPattern("c[0-9a-z]{24}"))
                .body("data.type", equalTo("Dial"))
                .body("data.serviceId", equalTo(serviceId))
                .body("data.identityId", equalTo(identityId))
                .body("data.edgeRouters.name", hasItem(routerName))
                .body("data.edgeRouters[0]", hasKey("urls"))
                .extract().path("data.id");
        // one session per (API session, service, type): asking again returns it
        dial(ztSession, serviceId, "Dial").then().statusCode(201).body("data.id", equalTo(sessionId));
        // Dial granted, Bind not: upstream's field error
        dial(ztSession, serviceId, "Bind").then().statusCode(400)
                .body("error.code", equalTo("INVALID_FIELD"))
                .body("error.cause.field", equalTo("ServiceId"))
                .body("error.cause.reason", equalTo("service not found"));

        admin().queryParam("filter", "service = \"" + serviceId + "\"").get(BASE + "/sessions").then()
                .statusCode(200)
                .body("meta.pagination.totalCount", equalTo(1))
                .body("meta.filterableFields", containsInAnyOrder("id", "createdAt", "updatedAt", "tags", "isSystem",
                        "token", "apiSession", "service", "type"))
                .body("data[0].id", equalTo(sessionId))
                .body("data[0].token", equalTo(sessionId))
                .body("data[0].identityId", equalTo(identityId))
                .body("data[0].apiSession.entity", equalTo("api-sessions"))
                .body("data[0].service.entity", equalTo("services"))
                .body("data[0].service.name", equalTo(serviceName))
                .body("data[0].servicePolicies.id", equalTo(List.of(policyId)))
                .body("data[0].servicePolicies[0].entity", equalTo("service-policies"));
        String sessionApiSession = admin().get(BASE + "/sessions/" + sessionId).then().statusCode(200)
                .body("data._links.self.href", equalTo("./sessions/" + sessionId))
                .body("data._links.route-path.href", equalTo("./sessions/" + sessionId + "/route-path"))
                .body("data.edgeRouters.find { it.name == '" + routerName + "' }.cost", equalTo(7))
                .body("data.edgeRouters.find { it.name == '" + routerName + "' }.isOnline", equalTo(false))
                .extract().path("data.apiSessionId");
        admin().queryParam("filter", "apiSession = \"" + sessionApiSession + "\" and type = \"Dial\"")
                .get(BASE + "/sessions").then().statusCode(200).body("data.id", equalTo(List.of(sessionId)));
        admin().queryParam("filter", "apiSession = \"" + sessionApiSession + "\" and type = \"Bind\"")
                .get(BASE + "/sessions").then().statusCode(200).body("meta.pagination.totalCount", equalTo(0));
        admin().queryParam("filter", "identity = \"" + identityId + "\"").get(BASE + "/sessions").then()
                .statusCode(400).body("error.code", equalTo("INVALID_FILTER"));

        admin().get(BASE + "/sessions/" + sessionId + "/route-path").then().statusCode(200)
                .body("data.routePath", empty()).body("meta", anEmptyMap());

        admin().delete(BASE + "/sessions/" + sessionId).then().statusCode(200).body("data", anEmptyMap());
        admin().get(BASE + "/sessions/" + sessionId).then().statusCode(404)
                .body("error.code", equalTo("NOT_FOUND"))
                .body("error.cause.message", equalTo("session with id " + sessionId + " not found"));
        admin().delete(BASE + "/sessions/" + sessionId).then().statusCode(404);

        // a new one can be created after deletion; deleting the service takes it along
        String again = dial(ztSession, serviceId, "Dial").then().statusCode(201).extract().path("data.id");
        admin().delete(BASE + "/services/" + serviceId).then().statusCode(200);
        admin().get(BASE + "/sessions/" + again).then().statusCode(404);
        admin().delete(BASE + "/edge-routers/" + routerId).then().statusCode(200);
    }

    @Test
    void ottIdentityEnrollsWithARealCsrAuthenticatesWithItsCertificateAndDials() throws Exception {
        String attribute = "laptops-" + UUID.randomUUID();
        String identityId = identity("{\"name\":\"" + unique("bob") + "\",\"type\":\"Device\",\"isAdmin\":false,"
                + "\"roleAttributes\":[\"" + attribute + "\"],\"enrollment\":{\"ott\":true}}");
        String token = enrollmentToken(identityId, "ott");
        KeyPair keys = ecKeyPair();

        // a CSR that is not one leaves the token usable
        given().contentType("application/x-pem-file").body("not a csr".getBytes(StandardCharsets.US_ASCII))
                .post(CLIENT + "/enroll/ott?token=" + token).then().statusCode(400)
                .body("error.code", equalTo("MISSING_OR_INVALID_CSR"));
        String chain = given().contentType("application/x-pem-file").body(csr(keys, "whatever-the-sdk-asks").getBytes(StandardCharsets.US_ASCII))
                .post(CLIENT + "/enroll/ott?token=" + token).then().log().ifValidationFails().statusCode(200)
                .contentType(ContentType.JSON)
                .body("data.cert", matchesPattern("(?s)-----BEGIN CERTIFICATE-----.*"))
                .extract().path("data.cert");
        X509Certificate cert = firstCertificate(chain);
        cert.verify(devEdgeCa().getPublicKey());
        assertEquals("CN=" + identityId, cert.getSubjectX500Principal().getName());
        assertEquals(keys.getPublic(), cert.getPublicKey());
        given().contentType("application/x-pem-file").body(csr(ecKeyPair(), "again").getBytes(StandardCharsets.US_ASCII))
                .post(CLIENT + "/enroll/ott?token=" + token).then().statusCode(400)
                .body("error.code", equalTo("INVALID_ENROLLMENT_TOKEN"));

        String certPem = pem(cert);
        String ztSession = given().header("X-Client-Cert", URLEncoder.encode(certPem, StandardCharsets.UTF_8))
                .post(CLIENT + "/authenticate?method=cert").then().statusCode(200)
                .body("data.identityId", equalTo(identityId))
                .extract().header("zt-session");
        // same key, but self-signed: does not chain to the edge CA
        X509Certificate selfSigned = new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(
                new X500Name("CN=" + identityId), BigInteger.TEN, Date.from(Instant.now().minus(1, ChronoUnit.HOURS)),
                Date.from(Instant.now().plus(1, ChronoUnit.DAYS)), new X500Name("CN=" + identityId), keys.getPublic())
                .build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));
        given().header("X-Client-Cert", URLEncoder.encode(pem(selfSigned), StandardCharsets.UTF_8))
                .post(CLIENT + "/authenticate?method=cert").then().statusCode(401)
                .body("error.code", equalTo("INVALID_AUTH"));
        given().post(CLIENT + "/authenticate?method=cert").then().statusCode(401)
                .body("error.code", equalTo("INVALID_AUTH"));

        routerNamed(unique("er"));
        String permitted = service(unique("svc"), "crm-" + UUID.randomUUID());
        String serviceAttribute = "ssh-" + UUID.randomUUID();
        String forbidden = service(unique("svc"), serviceAttribute);
        String policyId = policy("Dial", "#" + attribute, "@" + permitted);
        // a policy for other identities only: the service stays invisible to this one
        policy("Dial", "#someone-else-" + UUID.randomUUID(), "#" + serviceAttribute);

        String sessionId = dial(ztSession, permitted, "Dial").then().statusCode(201).extract().path("data.id");
        dial(ztSession, forbidden, "Dial").then().statusCode(404).body("error.code", equalTo("NOT_FOUND"));
        dial(ztSession, "no-such-service", "Dial").then().statusCode(404);

        admin().queryParam("filter", "service = \"" + permitted + "\"").get(BASE + "/sessions").then()
                .statusCode(200).body("data.id", equalTo(List.of(sessionId)))
                .body("data[0].identityId", equalTo(identityId))
                .body("data[0].servicePolicies.id", equalTo(List.of(policyId)));

        // deleting the identity removes its API sessions and their sessions
        admin().delete(BASE + "/identities/" + identityId).then().statusCode(200);
        admin().get(BASE + "/sessions/" + sessionId).then().statusCode(404);
        dial(ztSession, permitted, "Dial").then().statusCode(401).body("error.code", equalTo("UNAUTHORIZED"));
    }

    @Test
    void oneEnrollmentTokenWorksExactlyOnceUnderConcurrentUse() throws Exception {
        String username = unique("carol");
        String identityId = updbIdentity("carol", username);
        String token = enrollmentToken(identityId, "updb");
        int attempts = 20;
        List<Callable<Response>> completions = new ArrayList<>();
        for (int i = 0; i < attempts; i++) {
            String password = "password-" + i;
            completions.add(() -> completeUpdb(token, password));
        }
        List<Response> responses = AtOnce.run(completions);
        int ok = 0;
        int refused = 0;
        String winner = null;
        for (int i = 0; i < attempts; i++) {
            Response response = responses.get(i);
            if (response.statusCode() == 200) {
                ok++;
                winner = "password-" + i;
            } else if (response.statusCode() == 400
                    && "INVALID_ENROLLMENT_TOKEN".equals(response.path("error.code"))) {
                refused++;
            }
        }
        assertEquals(1, ok);
        assertEquals(attempts - 1, refused);
        // the winner's password is the one that was stored
        passwordLogin(username, winner);
        Long authenticators = pool.preparedQuery("SELECT count(*) FROM authenticator WHERE identity_id = $1")
                .execute(Tuple.of(identityId)).await().indefinitely().iterator().next().getLong(0);
        assertEquals(1L, authenticators);
    }

    @Test
    void expiredUnknownMalformedAndWrongMethodTokensAreRefusedWithUpstreamCodes() {
        String identityId = Api.createIdentity("dave");
        String enrollmentId = Api.createEnrollment(identityId, "updb", ",\"username\":\"" + unique("dave") + "\"");
        String token = admin().get(BASE + "/enrollments/" + enrollmentId).then().extract().path("data.token");
        sql("UPDATE enrollment SET expires_at = now() - interval '1 minute' WHERE id = $1", enrollmentId);
        completeUpdb(token, "long-enough").then().statusCode(400)
                .body("error.code", equalTo("ENROLLMENT_EXPIRED"))
                .body("error.message", equalTo("The window for this enrollment has expired"));
        // still listed (expired enrollments are not purged)
        admin().get(BASE + "/enrollments/" + enrollmentId).then().statusCode(200);

        completeUpdb(UUID.randomUUID().toString(), "long-enough").then().statusCode(400)
                .body("error.code", equalTo("INVALID_ENROLLMENT_TOKEN"));
        completeUpdb("not-a-uuid", "long-enough").then().statusCode(400)
                .body("error.code", equalTo("COULD_NOT_VALIDATE"))
                .body("error.cause.field", equalTo("token"));
        given().contentType(ContentType.JSON).body("{\"password\":\"x\"}")
                .post(CLIENT + "/enroll/updb").then().statusCode(400)
                .body("error.code", equalTo("COULD_NOT_VALIDATE")).body("error.cause.field", equalTo("token"));

        String ottIdentity = Api.createIdentity("erin");
        String ottId = Api.createEnrollment(ottIdentity, "ott", "");
        String ottToken = admin().get(BASE + "/enrollments/" + ottId).then().extract().path("data.token");
        completeUpdb(ottToken, "long-enough").then().statusCode(400)
                .body("error.code", equalTo("INVALID_ENROLL_METHOD"));
        completeUpdb(ottToken, "abc").then().statusCode(400)
                .body("error.code", equalTo("COULD_NOT_VALIDATE")).body("error.cause.field", equalTo("password"));
        given().contentType(ContentType.JSON).body("{\"password\":").post(CLIENT + "/enroll/updb?token=" + ottToken)
                .then().statusCode(400).body("error.code", equalTo("COULD_NOT_PARSE_BODY"));
        // none of the refusals consumed the OTT enrollment
        admin().get(BASE + "/enrollments/" + ottId).then().statusCode(200);
    }

    @Test
    void anIdleApiSessionExpiresWithItsSessions() {
        LoggedIn frank = enrolledAndLoggedIn("frank");
        String identityId = frank.identityId();
        String ztSession = frank.ztSession();
        routerNamed(unique("er"));
        String serviceId = service(unique("svc"), "files-" + UUID.randomUUID());
        policy("Dial", "@" + identityId, "@" + serviceId);
        String sessionId = dial(ztSession, serviceId, "Dial").then().statusCode(201).extract().path("data.id");

        // 29 idle minutes: still alive, and using it renews it
        sql("UPDATE api_session SET last_activity_at = now() - interval '29 minutes' WHERE identity_id = $1", identityId);
        dial(ztSession, serviceId, "Dial").then().statusCode(201).body("data.id", equalTo(sessionId));
        // 31 idle minutes (configured timeout 30m): gone, and its sessions with it
        sql("UPDATE api_session SET last_activity_at = now() - interval '31 minutes' WHERE identity_id = $1", identityId);
        dial(ztSession, serviceId, "Dial").then().statusCode(401)
                .body("error.code", equalTo("UNAUTHORIZED"));
        admin().get(BASE + "/sessions/" + sessionId).then().statusCode(404);
        dial(ztSession, serviceId, "Dial").then().statusCode(401);
    }

    @Test
    void apiSessionsAreListedAndEndedByTheAdminOrByTheirHolderWithTheirSessions() {
        String username = unique("hugo");
        String identityId = updbIdentity("hugo", username);
        completeUpdb(enrollmentToken(identityId, "updb"), "hugo-pass").then().statusCode(200);
        routerNamed(unique("er"));
        String serviceId = service(unique("svc"), "hugo-" + UUID.randomUUID());
        policy("Dial", "@" + identityId, "@" + serviceId);
        String laptop = passwordLogin(username, "hugo-pass");
        String phone = passwordLogin(username, "hugo-pass");

        // the holder sees its own API session, with the token it presented
        String laptopId = given().header("zt-session", laptop).get(CLIENT + "/current-api-session").then()
                .statusCode(200).body("data.identityId", equalTo(identityId)).body("data.token", equalTo(laptop))
                .body("data._links.self.href", equalTo("./current-api-session"))
                .body("data.expirationSeconds", equalTo(1800)).body("data.expiresAt", notNullValue())
                .extract().path("data.id");
        String phoneId = given().header("zt-session", phone).get(CLIENT + "/current-api-session").then()
                .statusCode(200).extract().path("data.id");
        String laptopSession = dial(laptop, serviceId, "Dial").then().statusCode(201).extract().path("data.id");
        String phoneSession = dial(phone, serviceId, "Dial").then().statusCode(201).extract().path("data.id");

        // the admin lists them by identity (ZitiQL) and reads one; tokens are never shown there
        admin().queryParam("filter", "identity = \"" + identityId + "\" sort by createdAt asc")
                .get(BASE + "/api-sessions").then().statusCode(200)
                .body("data.id", equalTo(List.of(laptopId, phoneId)))
                .body("data.token", equalTo(List.of("", "")))
                .body("data[0].identity.id", equalTo(identityId))
                .body("data[0]._links.sessions.href", equalTo("./api-sessions/" + laptopId + "/sessions"))
                .body("meta.pagination.totalCount", equalTo(2))
                .body("meta.filterableFields", hasItem("identity"));
        admin().get(BASE + "/api-sessions/" + phoneId).then().statusCode(200)
                .body("data.identityId", equalTo(identityId)).body("data.ipAddress", notNullValue());
        admin().queryParam("filter", "nosuch = 1").get(BASE + "/api-sessions").then().statusCode(400)
                .body("error.code", equalTo("INVALID_FILTER"));
        given().header("zt-session", phone).get(BASE + "/api-sessions").then().statusCode(401);

        // the admin ends the laptop's: its token is refused and its session is gone, the phone's is untouched
        admin().delete(BASE + "/api-sessions/" + laptopId).then().statusCode(200).body("data", equalTo(Map.of()));
        given().header("zt-session", laptop).get(CLIENT + "/current-api-session").then().statusCode(401)
                .body("error.code", equalTo("UNAUTHORIZED"));
        admin().get(BASE + "/sessions/" + laptopSession).then().statusCode(404);
        admin().get(BASE + "/sessions/" + phoneSession).then().statusCode(200);
        admin().delete(BASE + "/api-sessions/" + laptopId).then().statusCode(404).body("error.code", equalTo("NOT_FOUND"));

        // the phone logs out itself
        given().header("zt-session", phone).delete(CLIENT + "/current-api-session").then().statusCode(200);
        dial(phone, serviceId, "Dial").then().statusCode(401);
        admin().get(BASE + "/sessions/" + phoneSession).then().statusCode(404);
        admin().get(BASE + "/api-sessions/" + phoneId).then().statusCode(404);

        // an idle-expired API session is no longer listed
        String tablet = passwordLogin(username, "hugo-pass");
        sql("UPDATE api_session SET last_activity_at = now() - interval '31 minutes' WHERE identity_id = $1", identityId);
        admin().queryParam("filter", "identity = \"" + identityId + "\"").get(BASE + "/api-sessions").then()
                .statusCode(200).body("data", hasSize(0)).body("meta.pagination.totalCount", equalTo(0));
        given().header("zt-session", tablet).get(CLIENT + "/current-api-session").then().statusCode(401);
    }

    @Test
    void eachApiAcceptsOnlyItsOwnKindOfToken() {
        String ztSession = enrolledAndLoggedIn("gina").ztSession();

        // the platform admin JWT is not an API session
        dial(TestTokens.admin(), "x", "Dial").then().statusCode(401).body("error.code", equalTo("UNAUTHORIZED"));
        given().header("Authorization", "Bearer " + TestTokens.admin()).contentType(ContentType.JSON)
                .body("{\"serviceId\":\"x\"}").post(CLIENT + "/sessions").then().statusCode(401);
        given().contentType(ContentType.JSON).body("{\"serviceId\":\"x\"}").post(CLIENT + "/sessions").then()
                .statusCode(401).header("WWW-Authenticate", notNullValue());
        // an API session does not open the management API
        given().header("zt-session", ztSession).get(BASE + "/sessions").then().statusCode(401);
        // bad bodies on the client API get the envelope, not a 500
        given().header("zt-session", ztSession).contentType(ContentType.JSON).body("{\"type\":\"Dial\"}")
                .post(CLIENT + "/sessions").then().statusCode(400)
                .body("error.code", equalTo("COULD_NOT_VALIDATE")).body("error.cause.field", equalTo("serviceId"));
        given().header("zt-session", ztSession).contentType(ContentType.JSON)
                .body("{\"serviceId\":\"x\",\"type\":\"Connect\"}")
                .post(CLIENT + "/sessions").then().statusCode(400)
                .body("error.code", equalTo("COULD_NOT_VALIDATE")).body("error.cause.field", equalTo("type"));
        given().contentType(ContentType.JSON).body("{}").post(CLIENT + "/authenticate?method=magic").then()
                .statusCode(400).body("error.code", equalTo("COULD_NOT_VALIDATE"))
                .body("error.cause.field", equalTo("method"));
    }

    @Test
    void servicesEdgeRoutersAndPoliciesAreManagedWithFilters() {
        String name = unique("svc");
        String serviceId = service(name, "crm");
        admin().queryParam("filter", "name = \"" + name + "\"").get(BASE + "/services").then().statusCode(200)
                .body("meta.pagination.totalCount", equalTo(1))
                .body("data[0].id", equalTo(serviceId))
                .body("data[0].roleAttributes", equalTo(List.of("crm")))
                .body("data[0].encryptionRequired", equalTo(true))
                .body("meta.filterableFields", hasItem("name"));
        admin().get(BASE + "/services/" + serviceId).then().statusCode(200)
                .body("data.terminatorStrategy", equalTo("smartrouting"));
        admin().body("{\"name\":\"" + name + "\",\"encryptionRequired\":false}").post(BASE + "/services").then()
                .statusCode(400).body("error.cause.field", equalTo("name"));
        admin().body("{\"name\":\"x\"}").post(BASE + "/services").then().statusCode(400)
                .body("error.code", equalTo("COULD_NOT_VALIDATE")).body("error.cause.field", equalTo("encryptionRequired"));

        String routerName = unique("er");
        String routerId = routerNamed(routerName);
        admin().queryParam("filter", "name = \"" + routerName + "\" and cost = 7").get(BASE + "/edge-routers").then()
                .statusCode(200).body("data.id", equalTo(List.of(routerId)))
                .body("data[0].isOnline", equalTo(false)).body("data[0].syncStatus", equalTo("SYNC_NEW"));
        admin().body("{\"name\":\"r\",\"cost\":70000}").post(BASE + "/edge-routers").then().statusCode(400)
                .body("error.cause.field", equalTo("cost"));

        String policyId = policy("Bind", "#all", "@" + serviceId);
        admin().get(BASE + "/service-policies/" + policyId).then().statusCode(200)
                .body("data.type", equalTo("Bind"))
                .body("data.semantic", equalTo("AnyOf"))
                .body("data.identityRoles", equalTo(List.of("#all")))
                .body("data.serviceRolesDisplay[0].role", equalTo("@" + serviceId));
        admin().queryParam("filter", "id = \"" + policyId + "\" and type = \"Bind\"").get(BASE + "/service-policies")
                .then().statusCode(200).body("meta.pagination.totalCount", equalTo(1));
        admin().body("{\"name\":\"p\",\"type\":\"Connect\",\"semantic\":\"AnyOf\"}").post(BASE + "/service-policies")
                .then().statusCode(400).body("error.code", equalTo("COULD_NOT_VALIDATE"))
                .body("error.cause.field", equalTo("type"));
        admin().body("{\"name\":\"p\",\"type\":\"Dial\",\"semantic\":\"AnyOf\",\"identityRoles\":[\"all\"]}")
                .post(BASE + "/service-policies").then().statusCode(400)
                .body("error.code", equalTo("INVALID_FIELD")).body("error.cause.field", equalTo("identityRoles"));

        admin().delete(BASE + "/service-policies/" + policyId).then().statusCode(200);
        admin().get(BASE + "/service-policies/" + policyId).then().statusCode(404);
        admin().delete(BASE + "/edge-routers/" + routerId).then().statusCode(200);
        admin().get(BASE + "/edge-routers/" + routerId).then().statusCode(404);
        admin().delete(BASE + "/services/" + serviceId).then().statusCode(200);
        admin().get(BASE + "/services/" + serviceId).then().statusCode(404);
    }
}
