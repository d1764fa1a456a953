package org.onboarding.ziti.ca;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.junit.jupiter.api.Test;
import org.onboarding.testsupport.AtOnce;
import org.onboarding.testsupport.TestTokens;
import org.onboarding.ziti.Api;
import org.onboarding.ziti.TestPki;

import java.io.InputStream;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.onboarding.ziti.Api.BASE;
import static org.onboarding.ziti.Api.admin;
import static org.onboarding.ziti.Api.unique;
import static org.onboarding.ziti.Api.json;

/** The management CA API ({@code /cas}) against a real PostgreSQL, with third-party CAs made by Bouncy Castle. */
@QuarkusTest
class CaApiTest {

    @Inject
    Pool pool;

    private static String body(String name, TestPki.Issued ca) {
        return "{\"name\":" + json(name) + ",\"certPem\":" + json(ca.pem()) + ",\"isAutoCaEnrollmentEnabled\":true,"
                + "\"isOttCaEnrollmentEnabled\":false,\"isAuthEnabled\":true,\"identityRoles\":[\"laptops\"],"
                + "\"tags\":{\"team\":\"net\"}}";
    }

    private static Response verify(String caId, String pem) {
        return given().header("zt-session", TestTokens.admin()).contentType(ContentType.TEXT).body(pem)
                .post(BASE + "/cas/" + caId + "/verify");
    }

    private static String verificationToken(String caId) {
        return admin().get(BASE + "/cas/" + caId).then().statusCode(200).extract().path("data.verificationToken");
    }

    private long count(String sql, Object... params) {
        return pool.preparedQuery(sql).execute(Tuple.from(List.of(params))).await().indefinitely()
                .iterator().next().getLong(0);
    }

    @Test
    void createdCaIsShownWithItsFingerprintUnverifiedAndFoundByZitiQl() {
        TestPki.Issued ca = TestPki.rootCa(unique("root"));
        String name = unique("ca");
        String id = admin().body(body(name, ca)).post(BASE + "/cas").then().statusCode(201)
                .body("data._links.self.href", matchesPattern("\\./cas/.+"))
                .extract().path("data.id");

        admin().get(BASE + "/cas/" + id).then().statusCode(200)
                .body("data.id", equalTo(id))
                .body("data.name", equalTo(name))
                .body("data.certPem", equalTo(ca.pem()))
                .body("data.fingerprint", equalTo(ca.fingerprint()))
                .body("data.isVerified", equalTo(false))
                .body("data.verificationToken", matchesPattern("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"))
                .body("data.isAutoCaEnrollmentEnabled", equalTo(true))
                .body("data.isOttCaEnrollmentEnabled", equalTo(false))
                .body("data.isAuthEnabled", equalTo(true))
                .body("data.identityRoles", equalTo(List.of("laptops")))
                .body("data.identityNameFormat", equalTo("[caName]-[commonName]"))
                .body("data.tags", equalTo(Map.of("team", "net")))
                .body("data._links.verify.href", equalTo("./cas/" + id + "/verify"))
                .body("data._links.jwt.href", equalTo("./cas/" + id + "/jwt"));

        admin().queryParam("filter", "name = \"" + name + "\" and isVerified = false").get(BASE + "/cas").then()
                .statusCode(200)
                .body("data.id", equalTo(List.of(id)))
                .body("meta.pagination.totalCount", equalTo(1))
                .body("meta.filterableFields", hasItem("fingerprint"));
        admin().queryParam("filter", "fingerprint = \"" + ca.fingerprint() + "\"").get(BASE + "/cas").then()
                .statusCode(200).body("data.id", equalTo(List.of(id)));
        // paging and sorting like every other list
        String second = Api.createCa(name + "-b", TestPki.rootCa(unique("root-b")), false, false, false, "");
        admin().queryParam("filter", "id in [\"" + id + "\", \"" + second + "\"] sort by name desc")
                .queryParam("limit", 1).queryParam("offset", 1).get(BASE + "/cas").then().statusCode(200)
                .body("data.id", equalTo(List.of(id)))
                .body("meta.pagination.limit", equalTo(1))
                .body("meta.pagination.offset", equalTo(1))
                .body("meta.pagination.totalCount", equalTo(2));
        admin().queryParam("filter", "nope = 1").get(BASE + "/cas").then().statusCode(400)
                .body("error.code", equalTo("INVALID_FILTER"));
    }

    @Test
    void duplicatesAndBadCertificatesAreRefusedAndNothingIsWritten() {
        TestPki.Issued ca = TestPki.rootCa(unique("root"));
        String name = unique("ca");
        Api.createCa(name, ca, false, true, false, "");
        // same name, other certificate
        admin().body(body(name, TestPki.rootCa(unique("other")))).post(BASE + "/cas").then().statusCode(400)
                .body("error.code", equalTo("COULD_NOT_VALIDATE"))
                .body("error.cause.field", equalTo("name"))
                .body("error.cause.reason", equalTo("duplicate value in unique index"));
        // same certificate, other name
        String again = unique("again");
        admin().body(body(again, ca)).post(BASE + "/cas").then().statusCode(400)
                .body("error.code", equalTo("INVALID_FIELD"))
                .body("error.cause.field", equalTo("certPem"));
        TestPki.Issued leaf = TestPki.selfSignedLeaf(unique("leaf"));
        admin().body(body(unique("leaf-ca"), leaf)).post(BASE + "/cas").then().statusCode(400)
                .body("error.code", equalTo("CERTIFICATE_IS_NOT_CA"))
                .body("error.message", equalTo("Leading certificate is not a CA"));
        admin().body("{\"name\":\"x-" + UUID.randomUUID() + "\",\"certPem\":\"not a certificate\","
                        + "\"isAutoCaEnrollmentEnabled\":true,\"isOttCaEnrollmentEnabled\":true,\"isAuthEnabled\":true,"
                        + "\"identityRoles\":[]}")
                .post(BASE + "/cas").then().statusCode(400)
                .body("error.code", equalTo("INVALID_FIELD")).body("error.cause.field", equalTo("certPem"));
        // required fields, first failing one alphabetically; an empty name is missing
        admin().body("{\"name\":\"n\"}").post(BASE + "/cas").then().statusCode(400)
                .body("error.code", equalTo("COULD_NOT_VALIDATE"))
                .body("error.cause.field", equalTo("certPem"))
                .body("error.cause.reason", equalTo("certPem in body is required"));
        admin().body(body("", TestPki.rootCa(unique("empty")))).post(BASE + "/cas").then().statusCode(400)
                .body("error.code", equalTo("COULD_NOT_VALIDATE"))
                .body("error.cause.field", equalTo("name"))
                .body("error.cause.reason", equalTo("name in body is required"));
        admin().body("{\"name\":true}").post(BASE + "/cas").then().statusCode(400)
                .body("error.code", equalTo("COULD_NOT_PARSE_BODY"));
        assertEquals(0, count("SELECT count(*) FROM ca WHERE name = $1", again));
        assertEquals(1, count("SELECT count(*) FROM ca WHERE fingerprint = $1", ca.fingerprint()));
    }

    @Test
    void putReplacesAndPatchChangesOnlyWhatItNames() {
        String name = unique("ca");
        String id = admin().body(body(name, TestPki.rootCa(unique("root")))).post(BASE + "/cas").then().statusCode(201)
                .extract().path("data.id");
        String renamed = unique("renamed");
        admin().body("{\"name\":" + json(renamed) + ",\"isAutoCaEnrollmentEnabled\":false,"
                        + "\"isOttCaEnrollmentEnabled\":true,\"isAuthEnabled\":false,\"identityRoles\":[\"a\",\"b\"],"
                        + "\"identityNameFormat\":\"[caName]/[commonName]/[identityId]\"}")
                .put(BASE + "/cas/" + id).then().statusCode(200).body("data", equalTo(Map.of()));
        admin().get(BASE + "/cas/" + id).then().statusCode(200)
                .body("data.name", equalTo(renamed))
                .body("data.isAutoCaEnrollmentEnabled", equalTo(false))
                .body("data.isOttCaEnrollmentEnabled", equalTo(true))
                .body("data.isAuthEnabled", equalTo(false))
                .body("data.identityRoles", equalTo(List.of("a", "b")))
                .body("data.identityNameFormat", equalTo("[caName]/[commonName]/[identityId]"))
                .body("data.tags", equalTo(Map.of()))
                .body("data._links", not(hasKey("jwt")));
        // PUT needs every field; an empty name format means the default
        admin().body("{\"name\":\"x\"}").put(BASE + "/cas/" + id).then().statusCode(400)
                .body("error.code", equalTo("COULD_NOT_VALIDATE")).body("error.cause.field", equalTo("identityNameFormat"));

        admin().body("{\"isAuthEnabled\":true,\"identityNameFormat\":\"\",\"tags\":{\"k\":\"v\"}}")
                .patch(BASE + "/cas/" + id).then().statusCode(200);
        admin().get(BASE + "/cas/" + id).then().statusCode(200)
                .body("data.name", equalTo(renamed))
                .body("data.isAuthEnabled", equalTo(true))
                .body("data.isOttCaEnrollmentEnabled", equalTo(true))
                .body("data.identityRoles", equalTo(List.of("a", "b")))
                .body("data.identityNameFormat", equalTo("[caName]-[commonName]"))
                .body("data.tags", equalTo(Map.of("k", "v")));
        admin().body("{\"name\":null}").patch(BASE + "/cas/" + id).then().statusCode(400)
                .body("error.code", equalTo("COULD_NOT_VALIDATE")).body("error.cause.field", equalTo("name"));
        admin().body("{\"name\":\"\"}").patch(BASE + "/cas/" + id).then().statusCode(400)
                .body("error.code", equalTo("COULD_NOT_VALIDATE")).body("error.cause.field", equalTo("name"));
        // the certificate, fingerprint and verification state are not updatable through PATCH
        admin().body("{\"isVerified\":true,\"fingerprint\":\"x\"}").patch(BASE + "/cas/" + id).then().statusCode(200);
        admin().get(BASE + "/cas/" + id).then().body("data.isVerified", equalTo(false))
                .body("data.fingerprint", not(equalTo("x")));

        String other = Api.createCa(unique("other"), TestPki.rootCa(unique("root-o")), false, false, false, "");
        admin().body("{\"name\":" + json(renamed) + "}").patch(BASE + "/cas/" + other).then().statusCode(400)
                .body("error.code", equalTo("COULD_NOT_VALIDATE"))
                .body("error.cause.reason", equalTo("duplicate value in unique index"));
        admin().body("{\"isAuthEnabled\":true}").patch(BASE + "/cas/no-such-ca").then().statusCode(404)
                .body("error.code", equalTo("NOT_FOUND"));
    }

    @Test
    void verificationNeedsACertificateTheCaSignedWithTheTokenAsCommonName() throws Exception {
        TestPki.Issued ca = TestPki.rootCa(unique("root"));
        String id = Api.createCa(unique("ca"), ca, true, true, true, "");
        String token = verificationToken(id);

        verify(id, ca.verification("not-the-token").pem()).then().statusCode(400)
                .body("error.code", equalTo("INVALID_COMMON_NAME"));
        verify(id, TestPki.rootCa(unique("stranger")).verification(token).pem()).then().statusCode(400)
                .body("error.code", equalTo("CERTIFICATE_FAILED_VALIDATION"));
        verify(id, "").then().statusCode(400).body("error.code", equalTo("COULD_NOT_PARSE_BODY"));
        verify(id, "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n").then().statusCode(400)
                .body("error.code", equalTo("EXPECTED_PEM_CERTIFICATE"));
        verify(id, "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n").then().statusCode(400)
                .body("error.code", equalTo("COULD_NOT_PARSE_DER_BLOCK"));
        admin().get(BASE + "/cas/" + id).then().body("data.isVerified", equalTo(false));

        // concurrent verifications with a good certificate: exactly one wins
        String good = ca.verification(token).pem();
        int n = 10;
        List<Integer> statuses = AtOnce.run(n, () -> verify(id, good).statusCode());
        assertEquals(1, statuses.stream().filter(s -> s == 200).count(), statuses.toString());
        assertEquals(n - 1, statuses.stream().filter(s -> s == 409).count(), statuses.toString());

        admin().get(BASE + "/cas/" + id).then().statusCode(200)
                .body("data.isVerified", equalTo(true))
                .body("data._links", not(hasKey("verify")));
        verify(id, good).then().statusCode(409).body("error.code", equalTo("CA_ALREADY_VERIFIED"))
                .body("error.message", equalTo("CA has already been verified"));
        verify("no-such-ca", good).then().statusCode(404).body("error.code", equalTo("NOT_FOUND"));
    }

    @Test
    void jwtIsTheCasEnrollmentTokenSignedByTheController() throws Exception {
        String id = Api.createCa(unique("ca"), TestPki.rootCa(unique("root")), true, false, true, "");
        String jwt = admin().accept("application/jwt").get(BASE + "/cas/" + id + "/jwt").then().statusCode(200)
                .contentType("application/jwt").extract().asString();
        X509Certificate signer;
        try (InputStream in = Thread.currentThread().getContextClassLoader()
                .getResourceAsStream("ziti-dev-keys/DEV-ONLY-ziti-signer-cert.pem")) {
            signer = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        JwtClaims claims = new JwtConsumerBuilder().setVerificationKey(signer.getPublicKey())
                .setExpectedAudience("openziti-enroller").setRequireSubject().build().processToClaims(jwt);
        assertEquals("ca", claims.getClaimValue("em"));
        assertEquals(id, claims.getSubject());
        assertEquals(id, claims.getJwtId());
        assertEquals("https://" + Api.edgeApiAddress() + "/", claims.getIssuer());

        admin().get(BASE + "/cas/no-such-ca/jwt").then().statusCode(404).contentType(ContentType.JSON)
                .body("error.code", equalTo("NOT_FOUND"));
    }

    @Test
    void onlyAdminsMayUseTheCaApi() {
        String id = Api.createCa(unique("ca"), TestPki.rootCa(unique("root")), false, false, false, "");
        given().get(BASE + "/cas").then().statusCode(401).body("error.code", equalTo("UNAUTHORIZED"));
        given().header("zt-session", TestTokens.operator()).get(BASE + "/cas/" + id).then().statusCode(401);
        given().header("zt-session", TestTokens.viewer()).contentType(ContentType.JSON)
                .body(body(unique("ca"), TestPki.rootCa(unique("r")))).post(BASE + "/cas").then().statusCode(401);
        given().header("zt-session", TestTokens.operator()).delete(BASE + "/cas/" + id).then().statusCode(401);
        given().header("zt-session", TestTokens.operator()).get(BASE + "/cas/" + id + "/jwt").then().statusCode(401);
        admin().get(BASE + "/cas/" + id).then().statusCode(200);
    }

    @Test
    void deletingACaDeletesItsOttcaEnrollments() {
        String id = Api.createCa(unique("ca"), TestPki.rootCa(unique("root")), false, true, false, "");
        String identityId = Api.createIdentity("ottca-del");
        String enrollmentId = Api.createEnrollment(identityId, "ottca", ",\"caId\":\"" + id + "\"");
        admin().delete(BASE + "/cas/" + id).then().statusCode(200).body("data", equalTo(Map.of()));
        admin().get(BASE + "/cas/" + id).then().statusCode(404).body("error.code", equalTo("NOT_FOUND"));
        admin().get(BASE + "/enrollments/" + enrollmentId).then().statusCode(404);
        admin().delete(BASE + "/cas/" + id).then().statusCode(404);
    }
}
