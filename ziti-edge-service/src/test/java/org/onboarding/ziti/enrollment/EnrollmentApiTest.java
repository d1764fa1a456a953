package org.onboarding.ziti.enrollment;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jws.JsonWebSignature;
import org.junit.jupiter.api.Test;
import org.onboarding.testsupport.AtOnce;
import org.onboarding.testsupport.TestTokens;
import org.onboarding.ziti.Api;
import org.onboarding.ziti.ca.Ca;
import org.onboarding.ziti.ca.CaRepository;
import org.onboarding.ziti.signing.ControllerSigner;

import java.io.ByteArrayInputStream;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.aMapWithSize;
import static org.hamcrest.Matchers.anEmptyMap;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.onboarding.ziti.Api.BASE;
import static org.onboarding.ziti.Api.admin;

/** Enrollments, identities and network JWTs through HTTP, against a real PostgreSQL. */
@QuarkusTest
class EnrollmentApiTest {

    /** The advertised HTTPS edge API of the test instance (a free port, see EdgeTlsTestPort). */
    static String edge() {
        return "https://" + org.eclipse.microprofile.config.ConfigProvider.getConfig()
                .getValue("ziti.edge-api-address", String.class);
    }

    @Inject
    CaRepository cas;

    @Inject
    ControllerSigner signer;

    @Inject
    io.vertx.mutiny.sqlclient.Pool pool;

    @Test
    void createReturnsCreateEnvelopeAndDetailShowsUpstreamFields() throws Exception {
        String identityId = Api.createIdentity("laptop");
        String expiresAt = Api.inOneHour();
        String id = admin().body(Map.of("method", "ott", "identityId", identityId, "expiresAt", expiresAt))
                .post(BASE + "/enrollments")
                .then().statusCode(201)
                .header("Location", nullValue())
                .body("data.id", matchesPattern("[0-9A-Za-z]{20,22}"))
                .body("meta", anEmptyMap())
                .extract().path("data.id");
        admin().get(BASE + "/enrollments/" + id).then().statusCode(200)
                .body("data._links.self.href", equalTo("./enrollments/" + id))
                .body("data.id", equalTo(id))
                .body("data.method", equalTo("ott"))
                .body("data.tags", anEmptyMap())
                .body("data.createdAt", matchesPattern("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z"))
                .body("data.expiresAt", equalTo(expiresAt.replace("Z", ".000Z")))
                .body("data.identityId", equalTo(identityId))
                .body("data.identity.entity", equalTo("identities"))
                .body("data.identity.id", equalTo(identityId))
                .body("data.identity._links.self.href", equalTo("./identities/" + identityId))
                .body("data.identity._links.auth-policies.href", equalTo("./auth-policies/default"))
                .body("data", not(hasKey("caId")))
                .body("data", not(hasKey("username")))
                .body("meta", anEmptyMap());

        String token = admin().get(BASE + "/enrollments/" + id).then().extract().path("data.token");
        String jwt = admin().get(BASE + "/enrollments/" + id).then().extract().path("data.jwt");
        JsonWebSignature jws = (JsonWebSignature) JsonWebSignature.fromCompactSerialization(jwt);
        jws.setKey(signer.publicKey());
        assertTrue(jws.verifySignature());
        assertEquals("RS256", jws.getAlgorithmHeaderValue());
        assertEquals("JWT", jws.getHeader("typ"));
        assertEquals(40, jws.getKeyIdHeaderValue().length());
        JwtClaims claims = JwtClaims.parse(jws.getPayload());
        assertEquals(edge(), claims.getIssuer());
        assertEquals(identityId, claims.getSubject());
        assertEquals(List.of(""), claims.getClaimValue("aud"));
        assertEquals(token, claims.getJwtId());
        assertEquals("ott", claims.getClaimValue("em"));
        assertEquals(Instant.parse(expiresAt).getEpochSecond(), claims.getExpirationTime().getValue());
        // the advertised HTTPS edge API address, where an SDK finds the controller
        assertEquals(List.of(edge()), claims.getClaimValue("ctrls"));
        assertTrue(!claims.hasClaim("iat") && !claims.hasClaim("nbf"));
    }

    /**
     * The exact text a client receives, detail and list alike: upstream's field order, optional references left out
     * when absent, tags as stored, the identity reference with its full link set, username only for updb.
     */
    @Test
    void detailAndListWriteTheExactUpstreamText() {
        String id = "exact-" + UUID.randomUUID();
        String token = UUID.randomUUID().toString();
        pool.preparedQuery("INSERT INTO enrollment (id, method, edge_router_id, transit_router_id, username, token, jwt, "
                        + "issued_at, expires_at, tags, created_at, updated_at) VALUES ($1, 'erott', 'er-1', 'tr-1', "
                        + "'not-updb', $2, 'a.b.c', now(), '2031-02-03T04:05:06.789123Z', "
                        + "'{\"team\": \"a\\\"b\", \"n\": 1, \"nested\": {\"ok\": true, \"none\": null}}', "
                        + "'2030-01-02T03:04:05.006Z', '2030-01-02T03:04:05.1239Z')")
                .execute(io.vertx.mutiny.sqlclient.Tuple.of(id, token)).await().indefinitely();
        String routers = "{\"_links\":{\"self\":{\"href\":\"./enrollments/" + id + "\"}},"
                + "\"createdAt\":\"2030-01-02T03:04:05.006Z\",\"id\":\"" + id + "\","
                + "\"tags\":{\"team\":\"a\\\"b\",\"n\":1,\"nested\":{\"ok\":true,\"none\":null}},"
                + "\"updatedAt\":\"2030-01-02T03:04:05.123Z\",\"expiresAt\":\"2031-02-03T04:05:06.789Z\","
                + "\"edgeRouterId\":\"er-1\",\"edgeRouter\":{\"_links\":{\"self\":{\"href\":\"./edge-routers/er-1\"}},"
                + "\"entity\":\"edge-routers\",\"id\":\"er-1\"},"
                + "\"transitRouterId\":\"tr-1\",\"transitRouter\":{\"_links\":{\"self\":{\"href\":\"./transit-routers/tr-1\"}},"
                + "\"entity\":\"transit-routers\",\"id\":\"tr-1\"},"
                + "\"jwt\":\"a.b.c\",\"method\":\"erott\",\"token\":\"" + token + "\"}";
        assertEquals("{\"data\":" + routers + ",\"meta\":{}}",
                admin().get(BASE + "/enrollments/" + id).then().statusCode(200).extract().asString());
        String list = admin().queryParam("filter", "id = \"" + id + "\"").get(BASE + "/enrollments")
                .then().statusCode(200).extract().asString();
        assertTrue(list.startsWith("{\"data\":[" + routers + "],\"meta\":{\"pagination\":"), list);

        String identityId = Api.createIdentity("exact");
        String updb = Api.createEnrollment(identityId, "updb", ",\"username\":\"jane\"");
        String body = admin().get(BASE + "/enrollments/" + updb).then().statusCode(200).extract().asString();
        io.restassured.path.json.JsonPath read = io.restassured.path.json.JsonPath.from(body);
        String identityLinks = "{\"self\":{\"href\":\"./identities/" + identityId + "\"}";
        for (String sub : List.of("edge-router-policies", "edge-routers", "service-policies", "services", "posture-data",
                "failed-service-requests", "authenticators", "enrollments", "service-configs")) {
            identityLinks += ",\"" + sub + "\":{\"href\":\"./identities/" + identityId + "/" + sub + "\"}";
        }
        identityLinks += ",\"auth-policies\":{\"href\":\"./auth-policies/default\"}}";
        String withIdentity = "{\"_links\":{\"self\":{\"href\":\"./enrollments/" + updb + "\"}},"
                + "\"createdAt\":\"" + read.getString("data.createdAt") + "\",\"id\":\"" + updb + "\",\"tags\":{},"
                + "\"updatedAt\":\"" + read.getString("data.updatedAt") + "\",\"expiresAt\":\"" + read.getString("data.expiresAt")
                + "\",\"identityId\":\"" + identityId + "\",\"identity\":{\"_links\":" + identityLinks
                + ",\"entity\":\"identities\",\"id\":\"" + identityId + "\",\"name\":\"" + read.getString("data.identity.name")
                + "\"},\"jwt\":\"" + read.getString("data.jwt") + "\",\"method\":\"updb\",\"token\":\""
                + read.getString("data.token") + "\",\"username\":\"jane\"}";
        assertEquals("{\"data\":" + withIdentity + ",\"meta\":{}}", body);
        assertTrue(read.getString("data.identity.name").startsWith("exact"));
    }

    @Test
    void ottcaNeedsAnExistingCaAndUpdbNeedsAUsername() throws Throwable {
        String identityId = Api.createIdentity("ca-user");
        admin().body(Map.of("method", "ottca", "identityId", identityId, "expiresAt", Api.inOneHour()))
                .post(BASE + "/enrollments").then().statusCode(400)
                .body("error.code", equalTo("INVALID_FIELD"))
                .body("error.cause.field", equalTo("caId")).body("error.cause.reason", equalTo("ca not found"));
        Ca ca = new Ca();
        ca.id = "ca-" + UUID.randomUUID();
        ca.name = ca.id;
        ca.createdAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        ca.updatedAt = ca.createdAt;
        VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> cas.persist(ca)));
        String ottca = Api.createEnrollment(identityId, "ottca", ",\"caId\":\"" + ca.id + "\"");
        admin().get(BASE + "/enrollments/" + ottca).then().statusCode(200).body("data.caId", equalTo(ca.id));

        admin().body(Map.of("method", "updb", "identityId", identityId, "expiresAt", Api.inOneHour()))
                .post(BASE + "/enrollments").then().statusCode(400)
                .body("error.code", equalTo("INVALID_FIELD"))
                .body("error.cause.field", equalTo("username")).body("error.cause.reason", equalTo("username not provided"));
        String updb = Api.createEnrollment(identityId, "updb", ",\"username\":\"jane\"");
        admin().get(BASE + "/enrollments/" + updb).then().body("data.username", equalTo("jane"));
        // different methods coexist on one identity
        admin().queryParam("filter", "identity = \"" + identityId + "\"").get(BASE + "/enrollments")
                .then().statusCode(200).body("meta.pagination.totalCount", equalTo(2));
        admin().queryParam("filter", "caId != null and identity = \"" + identityId + "\"").get(BASE + "/enrollments")
                .then().body("data.id", equalTo(List.of(ottca)));
    }

    @Test
    void createValidatesLikeUpstream() {
        String identityId = Api.createIdentity("validate");
        // missing fields: the first failing one in alphabetical order
        admin().body("{}").post(BASE + "/enrollments").then().statusCode(400)
                .body("error.code", equalTo("COULD_NOT_VALIDATE"))
                .body("error.message", equalTo("The supplied request contains an invalid document or no valid accept content were available, see cause"))
                .body("error.cause.field", equalTo("expiresAt"))
                .body("error.cause.reason", equalTo("expiresAt in body is required"))
                .body("error.cause.value", equalTo("<nil>"))
                .body("error.requestId", notNullValue())
                .body("meta.apiEnrollmentVersion", equalTo("0.0.1"));
        admin().body(Map.of("method", "OTT", "identityId", identityId, "expiresAt", Api.inOneHour()))
                .post(BASE + "/enrollments").then().statusCode(400)
                .body("error.code", equalTo("COULD_NOT_VALIDATE"))
                .body("error.cause.field", equalTo("method"))
                .body("error.cause.reason", equalTo("method in body should be one of [ott ottca updb]"))
                .body("error.cause.value", equalTo("OTT"));
        admin().body("{\"method\":").post(BASE + "/enrollments").then().statusCode(400)
                .body("error.code", equalTo("COULD_NOT_PARSE_BODY"))
                .body("error.message", equalTo("The body of the request could not be parsed"))
                .body("error.cause.code", equalTo("UNHANDLED"));
        admin().body(Map.of("method", "ott", "identityId", 42, "expiresAt", Api.inOneHour()))
                .post(BASE + "/enrollments").then().statusCode(400).body("error.code", equalTo("COULD_NOT_PARSE_BODY"));
        admin().body(Map.of("method", "ott", "identityId", identityId, "expiresAt", "tomorrow"))
                .post(BASE + "/enrollments").then().statusCode(400).body("error.code", equalTo("COULD_NOT_PARSE_BODY"));
        admin().body("[1,2]").post(BASE + "/enrollments").then().statusCode(400).body("error.code", equalTo("COULD_NOT_PARSE_BODY"));
        admin().post(BASE + "/enrollments").then().statusCode(400)
                .body("error.code", equalTo("COULD_NOT_VALIDATE")).body("error.cause.field", equalTo("enrollment"));
        admin().body(Map.of("method", "ott", "identityId", "no-such-identity", "expiresAt", Api.inOneHour()))
                .post(BASE + "/enrollments").then().statusCode(400)
                .body("error.code", equalTo("INVALID_FIELD"))
                .body("error.message", equalTo("The field contains an invalid value"))
                .body("error.cause.field", equalTo("identityId")).body("error.cause.reason", equalTo("identity not found"))
                .body("error.cause.value", equalTo("no-such-identity"));
        admin().body(Map.of("method", "ott", "identityId", identityId, "expiresAt", "2020-01-01T00:00:00Z"))
                .post(BASE + "/enrollments").then().statusCode(400)
                .body("error.code", equalTo("INVALID_FIELD"))
                .body("error.cause.reason", equalTo("expiresAt must be in the future"));
        given().header("zt-session", TestTokens.admin()).contentType(ContentType.TEXT).body("method=ott")
                .post(BASE + "/enrollments").then().statusCode(400).body("error.code", equalTo("INVALID_CONTENT_TYPE"));
        admin().queryParam("limit", "ten").get(BASE + "/enrollments").then().statusCode(400)
                .body("error.code", equalTo("COULD_NOT_VALIDATE")).body("error.cause.field", equalTo("limit"));
        admin().queryParam("offset", "1.5").get(BASE + "/enrollments").then().statusCode(400)
                .body("error.cause.field", equalTo("offset"));
        admin().put(BASE + "/enrollments").then().statusCode(405).body("error.code", equalTo("METHOD_NOT_ALLOWED"));
        admin().get(BASE + "/enrollments/does-not-exist").then().statusCode(404)
                .body("error.code", equalTo("NOT_FOUND"))
                .body("error.message", equalTo("The resource requested was not found or is no longer available"))
                .body("error.cause.message", equalTo("enrollment with id does-not-exist not found"));
    }

    @Test
    void fiftyConcurrentCreatesOfOneMethodGiveExactlyOne201() throws Exception {
        String identityId = Api.createIdentity("race");
        String body = "{\"method\":\"ott\",\"identityId\":\"" + identityId + "\",\"expiresAt\":\"" + Api.inOneHour() + "\"}";
        List<Integer> statuses = AtOnce.run(50,
                () -> admin().body(body).post(BASE + "/enrollments").then().extract().statusCode());
        assertEquals(1, statuses.stream().filter(s -> s == 201).count(), statuses.toString());
        assertEquals(49, statuses.stream().filter(s -> s == 409).count(), statuses.toString());
        admin().queryParam("filter", "identity = \"" + identityId + "\"").get(BASE + "/enrollments")
                .then().body("meta.pagination.totalCount", equalTo(1));
        admin().body(body).post(BASE + "/enrollments").then().statusCode(409)
                .body("error.code", equalTo("ENROLLMENT_EXISTS"))
                .body("error.message", equalTo("ENROLLMENT_EXISTS"))
                .body("error.cause.field", equalTo("method"))
                .body("error.cause.reason", equalTo("enrollment of same method exists"))
                .body("error.cause.value", equalTo("ott"));
    }

    @Test
    void refreshKillsTheOldJwtOnTheEnrollPathAndTheNewOneVerifiesWithWhatTheControllerPublishes() throws Throwable {
        String identityId = Api.createIdentity("refresh");
        String username = "refresh-" + UUID.randomUUID();
        String id = Api.createEnrollment(identityId, "updb", ",\"username\":\"" + username + "\"");
        Map<String, Object> before = admin().get(BASE + "/enrollments/" + id).then().extract().path("data");
        String oldJwt = (String) before.get("jwt");

        String newExpiry = Instant.now().plus(2, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString();
        admin().body(Map.of("expiresAt", newExpiry)).post(BASE + "/enrollments/" + id + "/refresh")
                .then().statusCode(200).body("data", anEmptyMap()).body("meta", anEmptyMap());
        Map<String, Object> after = admin().get(BASE + "/enrollments/" + id).then().extract().path("data");
        String newJwt = (String) after.get("jwt");
        assertNotEquals(before.get("token"), after.get("token"));
        assertNotEquals(oldJwt, newJwt);
        assertEquals(newExpiry.replace("Z", ".000Z"), after.get("expiresAt"));
        assertEquals(before.get("method"), after.get("method"));
        assertEquals(before.get("identityId"), after.get("identityId"));
        admin().queryParam("filter", "token = \"" + before.get("token") + "\"").get(BASE + "/enrollments")
                .then().body("meta.pagination.totalCount", equalTo(0));

        // what a client has: the network JWT and the CA bundle, both fetched without credentials from the controller
        String networkJwt = given().get(Api.CLIENT + "/network-jwts").then().statusCode(200)
                .extract().path("data[0].token");
        assertEquals(networkJwt, given().get(BASE + "/network-jwts").then().extract().path("data[0].token"));
        Map<String, X509Certificate> published = publishedCas();
        JsonWebSignature network = (JsonWebSignature) JsonWebSignature.fromCompactSerialization(networkJwt);
        JsonWebSignature fresh = (JsonWebSignature) JsonWebSignature.fromCompactSerialization(newJwt);
        JsonWebSignature stale = (JsonWebSignature) JsonWebSignature.fromCompactSerialization(oldJwt);
        X509Certificate signerCert = published.get(fresh.getKeyIdHeaderValue());
        assertNotNull(signerCert, "no published certificate has the enrollment JWT's kid " + fresh.getKeyIdHeaderValue()
                + "; published: " + published.keySet());
        assertEquals(signerCert, published.get(network.getKeyIdHeaderValue()));
        fresh.setKey(signerCert.getPublicKey());
        network.setKey(signerCert.getPublicKey());
        assertTrue(fresh.verifySignature());
        assertTrue(network.verifySignature());
        // the network JWT names the controller the enrollment JWT came from
        JwtClaims freshClaims = JwtClaims.parse(fresh.getPayload());
        assertEquals(JwtClaims.parse(network.getPayload()).getIssuer(), freshClaims.getIssuer() + "/");
        assertEquals(after.get("token"), freshClaims.getJwtId());
        assertEquals(identityId, freshClaims.getSubject());
        assertEquals("updb", freshClaims.getClaimValue("em"));

        // the old JWT is still a well-signed token, but the controller no longer accepts it: enrolling with its jti
        // is refused exactly as upstream refuses an unknown token, and nothing is consumed
        stale.setKey(signerCert.getPublicKey());
        assertTrue(stale.verifySignature());
        String staleJti = JwtClaims.parse(stale.getPayload()).getJwtId();
        assertEquals(before.get("token"), staleJti);
        Api.completeUpdb(staleJti, "first-password").then().statusCode(400)
                .body("error.code", equalTo("INVALID_ENROLLMENT_TOKEN"))
                .body("error.message", equalTo("The supplied token is not valid"))
                .body("error.requestId", notNullValue())
                .body("meta.apiVersion", equalTo("0.0.1"));
        admin().get(BASE + "/enrollments/" + id).then().statusCode(200).body("data.token", equalTo(after.get("token")));
        given().contentType(ContentType.JSON).body(Map.of("username", username, "password", "first-password"))
                .post(Api.CLIENT + "/authenticate?method=password").then().statusCode(401);

        // the new JWT's jti completes the enrollment, once
        Api.completeUpdb(freshClaims.getJwtId(), "second-password").then().statusCode(200)
                .body("data", anEmptyMap()).body("meta", anEmptyMap());
        admin().get(BASE + "/enrollments/" + id).then().statusCode(404);
        given().contentType(ContentType.JSON).body(Map.of("username", username, "password", "second-password"))
                .post(Api.CLIENT + "/authenticate?method=password").then().statusCode(200);
        Api.completeUpdb(freshClaims.getJwtId(), "third-password").then().statusCode(400)
                .body("error.code", equalTo("INVALID_ENROLLMENT_TOKEN"));
    }

    @Test
    void refreshValidatesItsBodyAndTheEnrollment() {
        String identityId = Api.createIdentity("refresh-errors");
        String id = Api.createEnrollment(identityId, "ott", "");
        String newExpiry = Instant.now().plus(2, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString();
        admin().body(Map.of("expiresAt", "2020-01-01T00:00:00Z")).post(BASE + "/enrollments/" + id + "/refresh")
                .then().statusCode(400).body("error.code", equalTo("COULD_NOT_VALIDATE"))
                .body("error.cause.field", equalTo("expiresAt"))
                .body("error.cause.reason", equalTo("must be after the current date and time"));
        admin().body("{}").post(BASE + "/enrollments/" + id + "/refresh").then().statusCode(400)
                .body("error.cause.reason", equalTo("expiresAt in body is required"));
        admin().body(Map.of("expiresAt", newExpiry)).post(BASE + "/enrollments/nope/refresh")
                .then().statusCode(404).body("error.code", equalTo("NOT_FOUND"));
    }

    @Test
    void deleteRemovesTheEnrollmentAndItsJwt() throws Exception {
        String identityId = Api.createIdentity("delete");
        String id = Api.createEnrollment(identityId, "updb", ",\"username\":\"delete-" + UUID.randomUUID() + "\"");
        String jwt = admin().get(BASE + "/enrollments/" + id).then().extract().path("data.jwt");
        admin().delete(BASE + "/enrollments/" + id).then().statusCode(200)
                .body("data", anEmptyMap()).body("meta", anEmptyMap());
        admin().get(BASE + "/enrollments/" + id).then().statusCode(404);
        admin().delete(BASE + "/enrollments/" + id).then().statusCode(404).body("error.code", equalTo("NOT_FOUND"));
        // its JWT can no longer enroll anyone
        JsonWebSignature deleted = (JsonWebSignature) JsonWebSignature.fromCompactSerialization(jwt);
        String jti = JwtClaims.parse(deleted.getUnverifiedPayload()).getJwtId();
        Api.completeUpdb(jti, "some-password").then().statusCode(400)
                .body("error.code", equalTo("INVALID_ENROLLMENT_TOKEN"));
        // the identity is untouched and can be enrolled again
        admin().get(BASE + "/identities/" + identityId).then().statusCode(200);
        Api.createEnrollment(identityId, "ott", "");
    }

    @Test
    void expiredEnrollmentsStayListed() throws Throwable {
        String identityId = Api.createIdentity("expired");
        String id = Api.createEnrollment(identityId, "ott", "");
        VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() ->
                Enrollment.update("expiresAt = ?1 where id = ?2", Instant.parse("2021-01-01T00:00:00Z"), id)));
        admin().get(BASE + "/enrollments/" + id).then().statusCode(200)
                .body("data.expiresAt", equalTo("2021-01-01T00:00:00.000Z"));
        admin().body(Map.of("method", "ott", "identityId", identityId, "expiresAt", Api.inOneHour()))
                .post(BASE + "/enrollments").then().statusCode(409);
    }

    @Test
    void listUsesUpstreamEnvelopeAndFilterableFields() {
        String identityId = Api.createIdentity("list");
        Api.createEnrollment(identityId, "ott", "");
        admin().queryParam("filter", "identity = \"" + identityId + "\"").get(BASE + "/enrollments")
                .then().statusCode(200)
                .body("data.size()", equalTo(1))
                .body("data[0].identityId", equalTo(identityId))
                .body("meta.pagination.limit", equalTo(10))
                .body("meta.pagination.offset", equalTo(0))
                .body("meta.pagination.totalCount", equalTo(1))
                .body("meta.filterableFields.size()", equalTo(10))
                .body("meta.filterableFields", org.hamcrest.Matchers.containsInAnyOrder("id", "createdAt", "updatedAt",
                        "tags", "isSystem", "token", "identity", "edgeRouter", "transitRouter", "caId"));
        // upstream does not expose method as a filter symbol
        admin().queryParam("filter", "method = \"ott\"").get(BASE + "/enrollments").then().statusCode(400)
                .body("error.code", equalTo("INVALID_FILTER"))
                .body("error.cause.message", equalTo("unknown symbol 'method'"));
    }

    @Test
    void aListPageOverEightKibibytesGoesOutWithItsLength() {
        for (int i = 0; i < 8; i++) {
            Api.createEnrollment(Api.createIdentity("page" + i), "ott", "");
        }
        var response = admin().queryParam("limit", 25).get(BASE + "/enrollments").then().statusCode(200).extract();
        byte[] body = response.asByteArray();
        assertTrue(body.length > 8192, "the page is " + body.length + " bytes");
        // one write with a Content-Length (quarkus.rest.output-buffer-size), not 8 KiB chunks
        assertEquals(String.valueOf(body.length), response.header("Content-Length"));
        assertEquals(null, response.header("Transfer-Encoding"));
    }

    @Test
    void identityCreateWithInlineEnrollmentAndCascadingDelete() {
        String externalId = "ext-" + UUID.randomUUID();
        String name = "phone-" + UUID.randomUUID();
        String id = admin().body(Map.of("name", name, "type", "Device", "isAdmin", false,
                        "roleAttributes", List.of("sales"), "externalId", externalId, "tags", Map.of("team", "sales"),
                        "enrollment", Map.of("ott", true, "updb", "ignored")))
                .post(BASE + "/identities").then().statusCode(201)
                .body("data._links.self.href", notNullValue()).extract().path("data.id");
        Map<String, Object> detail = admin().get(BASE + "/identities/" + id).then().statusCode(200)
                .body("data.name", equalTo(name))
                .body("data.typeId", equalTo("Device"))
                .body("data.roleAttributes", equalTo(List.of("sales")))
                .body("data.tags.team", equalTo("sales"))
                .body("data.externalId", equalTo(externalId))
                .body("data.enrollment", aMapWithSize(1))
                .body("data.enrollment.ott.jwt", notNullValue())
                .extract().path("data");
        String enrollmentId = (String) ((Map<?, ?>) ((Map<?, ?>) detail.get("enrollment")).get("ott")).get("id");
        admin().get(BASE + "/enrollments/" + enrollmentId).then().statusCode(200).body("data.method", equalTo("ott"))
                .body("data.identity.name", equalTo(name));
        // find by externalId through the filter
        admin().queryParam("filter", "externalId = \"" + externalId + "\"").get(BASE + "/identities")
                .then().statusCode(200).body("data.id", equalTo(List.of(id)));
        // duplicate name is refused by the unique index
        admin().body(Map.of("name", name, "type", "Device", "isAdmin", false)).post(BASE + "/identities")
                .then().statusCode(400).body("error.code", equalTo("COULD_NOT_VALIDATE"))
                .body("error.cause.field", equalTo("name"));
        admin().body(Map.of("name", "x", "type", "Robot", "isAdmin", false)).post(BASE + "/identities")
                .then().statusCode(400).body("error.cause.field", equalTo("type"));
        admin().body(Map.of("type", "User")).post(BASE + "/identities")
                .then().statusCode(400).body("error.cause.field", equalTo("isAdmin"));

        admin().delete(BASE + "/identities/" + id).then().statusCode(200).body("data", anEmptyMap());
        admin().get(BASE + "/identities/" + id).then().statusCode(404);
        admin().get(BASE + "/enrollments/" + enrollmentId).then().statusCode(404);
        admin().delete(BASE + "/identities/" + id).then().statusCode(404);
    }

    @Test
    void inlineEnrollmentFailureRollsBackTheIdentity() {
        String name = "rollback-" + UUID.randomUUID();
        admin().body(Map.of("name", name, "type", "User", "isAdmin", false, "enrollment", Map.of("ottca", "no-such-ca")))
                .post(BASE + "/identities").then().statusCode(400).body("error.code", equalTo("INVALID_FIELD"));
        admin().queryParam("filter", "name = \"" + name + "\"").get(BASE + "/identities")
                .then().statusCode(200).body("meta.pagination.totalCount", equalTo(0));
    }

    @Test
    void networkJwtIsPublicStableAndCarriesTheControllerIdentity() throws Exception {
        String first = given().header("zt-session", "garbage").get(BASE + "/network-jwts").then().statusCode(200)
                .body("data.size()", equalTo(1))
                .body("data[0].name", equalTo("default"))
                .body("meta", anEmptyMap())
                .extract().path("data[0].token");
        String second = given().get(BASE + "/network-jwts").then().extract().path("data[0].token");
        assertEquals(first, second);
        JsonWebSignature jws = (JsonWebSignature) JsonWebSignature.fromCompactSerialization(first);
        jws.setKey(signer.publicKey());
        assertTrue(jws.verifySignature());
        JwtClaims claims = JwtClaims.parse(jws.getPayload());
        assertEquals(edge() + "/", claims.getIssuer());
        assertEquals(edge() + "/", claims.getSubject());
        assertEquals(List.of("openziti-enroller"), claims.getClaimValue("aud"));
        assertEquals("network", claims.getClaimValue("em"));
        assertTrue(claims.getClaimsMap().containsKey("ctrls") && claims.getClaimsMap().get("ctrls") == null,
                jws.getPayload());
        assertTrue(!claims.hasClaim("exp"));
    }

    @Test
    void authAcceptsZtSessionOrBearerAndAnswersUnauthorizedEnvelope() {
        given().header("Authorization", "Bearer " + TestTokens.admin()).get(BASE + "/enrollments").then().statusCode(200);
        given().header("zt-session", TestTokens.admin()).get(BASE + "/enrollments").then().statusCode(200);
        given().get(BASE + "/enrollments").then().statusCode(401)
                .header("WWW-Authenticate", org.hamcrest.Matchers.startsWith("zt-session realm=\"zt-session\""))
                .body("error.code", equalTo("UNAUTHORIZED"))
                .body("error.message", equalTo("The request could not be completed. The session is not authorized or the credentials are invalid"))
                .body("meta.apiVersion", equalTo("0.0.1"));
        given().header("zt-session", TestTokens.token().groups("admin").signWithUnknownKey()).get(BASE + "/enrollments")
                .then().statusCode(401).body("error.code", equalTo("UNAUTHORIZED"));
        given().header("zt-session", TestTokens.token().groups("admin").expiresAt(Instant.now().minusSeconds(600)).sign())
                .get(BASE + "/identities").then().statusCode(401).body("error.code", equalTo("UNAUTHORIZED"));
        // non-admins are refused with 401 as upstream (never 403)
        given().header("zt-session", TestTokens.operator()).get(BASE + "/enrollments").then().statusCode(401)
                .body("error.code", equalTo("UNAUTHORIZED"));
        given().header("Authorization", "Bearer " + TestTokens.viewer()).contentType(ContentType.JSON).body("{}")
                .post(BASE + "/identities").then().statusCode(401).body("error.code", equalTo("UNAUTHORIZED"));
    }
    /**
     * {@code GET /.well-known/est/cacerts} as an enrolling client reads it: base64 of a certs-only PKCS#7, parsed
     * with the JDK's own PKCS#7 reader; the same bundle on all three paths. Keyed by hex SHA-1 of the DER (the kid).
     */
    static Map<String, X509Certificate> publishedCas() throws Exception {
        String body = given().header("zt-session", "garbage").get("/.well-known/est/cacerts").then().statusCode(200)
                .contentType("application/pkcs7-mime")
                .header("Content-Transfer-Encoding", "base64")
                .extract().asString();
        assertEquals(body, given().get(Api.CLIENT + "/.well-known/est/cacerts").then().statusCode(200)
                .contentType("application/pkcs7-mime").extract().asString());
        assertEquals(body, given().accept(ContentType.JSON).get(BASE + "/.well-known/est/cacerts").then().statusCode(200)
                .contentType("application/pkcs7-mime").extract().asString());
        byte[] der = java.util.Base64.getMimeDecoder().decode(body);
        Map<String, X509Certificate> byFingerprint = new java.util.LinkedHashMap<>();
        for (java.security.cert.Certificate c : CertificateFactory.getInstance("X.509")
                .generateCertificates(new ByteArrayInputStream(der))) {
            byFingerprint.put(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(c.getEncoded())),
                    (X509Certificate) c);
        }
        return byFingerprint;
    }
}
