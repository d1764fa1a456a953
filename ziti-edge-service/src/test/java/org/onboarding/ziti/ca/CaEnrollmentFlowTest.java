package org.onboarding.ziti.ca;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.onboarding.testsupport.AtOnce;
import org.onboarding.ziti.Api;
import org.onboarding.ziti.TestPki;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.onboarding.ziti.Api.BASE;
import static org.onboarding.ziti.Api.CLIENT;
import static org.onboarding.ziti.Api.admin;
import static org.onboarding.ziti.Api.unique;
import static org.onboarding.ziti.Api.certLogin;

/**
 * Enrollment with certificates of a third-party CA, end to end over HTTP (the client certificate forwarded by the
 * TLS-terminating proxy): OTTCA (identity and token first, then the certificate) and auto-CA (the first certificate
 * login creates the identity).
 */
@QuarkusTest
class CaEnrollmentFlowTest {

    @Inject
    Pool pool;

    private static Response enrollOttca(String token, TestPki.Issued client) {
        var request = given().contentType(ContentType.TEXT).body("");
        if (client != null) {
            request.header("X-Client-Cert", client.forwarded());
        }
        return request.post(CLIENT + "/enroll/ottca?token=" + token);
    }

    /** Creates an ottca enrollment on the CA for the identity; returns its one-time token. */
    private static String ottcaEnrollment(String identityId, String caId) {
        Api.createEnrollment(identityId, "ottca", ",\"caId\":\"" + caId + "\"");
        return admin().get(BASE + "/identities/" + identityId).then().statusCode(200)
                .extract().path("data.enrollment.ottca.token");
    }

    private List<Row> rows(String sql, Object... params) {
        List<Row> rows = new ArrayList<>();
        pool.preparedQuery(sql).execute(Tuple.from(List.of(params))).await().indefinitely().forEach(rows::add);
        return rows;
    }

    // ---------- OTTCA ----------

    @Test
    void ottcaEnrollmentWithAThirdPartyCertificateThenCertificateLogin() {
        TestPki.Issued ca = TestPki.rootCa(unique("ottca-root"));
        String caId = Api.createVerifiedCa(unique("ottca"), ca, false, true, true, "");
        String identityId = Api.createIdentity("ottca-device");
        String token = ottcaEnrollment(identityId, caId);
        TestPki.Issued client = ca.client("device-" + UUID.randomUUID());

        // refusals leave the token usable
        enrollOttca(token, null).then().statusCode(400).body("error.code", equalTo("CERTIFICATE_FAILED_VALIDATION"));
        enrollOttca(token, TestPki.rootCa(unique("stranger")).client("x")).then().statusCode(400)
                .body("error.code", equalTo("CERTIFICATE_FAILED_VALIDATION"));
        enrollOttca("not-a-uuid", client).then().statusCode(400).body("error.code", equalTo("COULD_NOT_VALIDATE"));
        enrollOttca(UUID.randomUUID().toString(), client).then().statusCode(400)
                .body("error.code", equalTo("INVALID_ENROLLMENT_TOKEN"));

        enrollOttca(token, client).then().statusCode(200).body("data", equalTo(java.util.Map.of()));
        admin().get(BASE + "/identities/" + identityId).then().statusCode(200)
                .body("data.enrollment", not(hasKey("ottca")));
        enrollOttca(token, client).then().statusCode(400).body("error.code", equalTo("INVALID_ENROLLMENT_TOKEN"));

        certLogin(client).then().statusCode(200)
                .header("zt-session", notNullValue())
                .body("data.identityId", equalTo(identityId));
        List<Row> authenticators = rows("SELECT ca_id, cert_fingerprint FROM authenticator WHERE identity_id = $1",
                identityId);
        assertEquals(1, authenticators.size());
        assertEquals(caId, authenticators.get(0).getString("ca_id"));
        assertEquals(client.fingerprint(), authenticators.get(0).getString("cert_fingerprint"));

        // the same certificate cannot enroll a second identity
        String other = Api.createIdentity("ottca-other");
        enrollOttca(ottcaEnrollment(other, caId), client).then().statusCode(409)
                .body("error.code", equalTo("CERT_IN_USE"));

        // deleting the CA deletes the authenticators made from it: the certificate no longer logs in
        admin().delete(BASE + "/cas/" + caId).then().statusCode(200);
        certLogin(client).then().statusCode(401).body("error.code", equalTo("INVALID_AUTH"));
        assertEquals(0, rows("SELECT id FROM authenticator WHERE identity_id = $1", identityId).size());
    }

    @Test
    void ottcaIsRefusedWhenTheCaDisallowsIt() {
        TestPki.Issued ca = TestPki.rootCa(unique("ottca-off"));
        String caId = Api.createVerifiedCa(unique("ottca-off"), ca, false, false, true, "");
        String identityId = Api.createIdentity("ottca-off");
        String token = ottcaEnrollment(identityId, caId);
        TestPki.Issued client = ca.client("off");
        enrollOttca(token, client).then().statusCode(400).body("error.code", equalTo("ENROLLMENT_CA_NOT_VALID"));
        // switched on, the same token still works
        admin().body("{\"isOttCaEnrollmentEnabled\":true}").patch(BASE + "/cas/" + caId).then().statusCode(200);
        given().contentType(ContentType.JSON).header("X-Client-Cert", client.forwarded())
                .body("{\"token\":\"" + token + "\"}").post(CLIENT + "/enroll/ottca").then().statusCode(200);
    }

    // ---------- auto-CA ----------

    @Test
    void firstCertificateLoginCreatesTheIdentityAndTheSecondFindsIt() {
        TestPki.Issued ca = TestPki.rootCa(unique("auto-root"));
        String caName = unique("auto");
        String caId = Api.createVerifiedCa(caName, ca, true, false, true,
                ",\"identityNameFormat\":\"[caName]/[commonName]/[caId]\",\"identityRoles\":[\"auto\",\"laptops\"]");
        String commonName = "laptop-" + UUID.randomUUID();
        TestPki.Issued client = ca.client(commonName);

        String identityId = certLogin(client).then().statusCode(200)
                .header("zt-session", notNullValue())
                .extract().path("data.identityId");
        String expectedName = caName + "/" + commonName + "/" + caId;
        admin().get(BASE + "/identities/" + identityId).then().statusCode(200)
                .body("data.name", equalTo(expectedName))
                .body("data.typeId", equalTo("Default"))
                .body("data.isAdmin", equalTo(false))
                .body("data.roleAttributes", equalTo(List.of("auto", "laptops")));

        certLogin(client).then().statusCode(200).body("data.identityId", equalTo(identityId));
        assertEquals(1, rows("SELECT id FROM identity WHERE name = $1", expectedName).size());

        // a certificate through an intermediate the client presents with it
        TestPki.Issued intermediate = ca.intermediate(unique("sub-ca"));
        TestPki.Issued viaIntermediate = intermediate.client("tablet-" + UUID.randomUUID());
        String chain = java.net.URLEncoder.encode(viaIntermediate.pem() + intermediate.pem(),
                java.nio.charset.StandardCharsets.UTF_8);
        given().header("X-Client-Cert", chain).contentType(ContentType.JSON).body("{}")
                .post(CLIENT + "/authenticate?method=cert").then().statusCode(200)
                .body("data.identityId", not(equalTo(identityId)));
    }

    @Test
    void defaultNameFormatAndATakenNameGetsACounter() {
        TestPki.Issued ca = TestPki.rootCa(unique("name-root"));
        String caName = unique("named");
        String caId = Api.createVerifiedCa(caName, ca, true, false, true, "");
        String commonName = "dup-" + UUID.randomUUID();
        // someone already has the name the default format gives
        admin().body("{\"name\":\"" + caName + "-" + commonName + "\",\"type\":\"User\",\"isAdmin\":false}")
                .post(BASE + "/identities").then().statusCode(201);
        String identityId = certLogin(ca.client(commonName)).then().statusCode(200).extract().path("data.identityId");
        admin().get(BASE + "/identities/" + identityId).then()
                .body("data.name", equalTo(caName + "-" + commonName + "000001"));
    }

    @Test
    void unverifiedCaOrAutoEnrollmentOffOrAuthOffIsRefused() {
        TestPki.Issued unverified = TestPki.rootCa(unique("unverified"));
        Api.createCa(unique("unverified"), unverified, true, true, true, "");
        TestPki.Issued off = TestPki.rootCa(unique("auto-off"));
        String offId = Api.createVerifiedCa(unique("auto-off"), off, false, true, true, "");
        TestPki.Issued noAuth = TestPki.rootCa(unique("no-auth"));
        String noAuthId = Api.createVerifiedCa(unique("no-auth"), noAuth, true, true, false, "");

        for (TestPki.Issued ca : List.of(unverified, off, noAuth)) {
            String commonName = "refused-" + UUID.randomUUID();
            certLogin(ca.client(commonName)).then().statusCode(401)
                    .body("error.code", equalTo("INVALID_AUTH"))
                    .body("error.message", equalTo("The authentication request failed"));
            assertEquals(0, rows("SELECT id FROM identity WHERE name LIKE $1", "%" + commonName + "%").size());
        }
        // a certificate of no registered CA, and none at all
        certLogin(TestPki.rootCa(unique("nobody")).client("x")).then().statusCode(401)
                .body("error.code", equalTo("INVALID_AUTH"));
        given().contentType(ContentType.JSON).body("{}").post(CLIENT + "/authenticate?method=cert").then()
                .statusCode(401).body("error.code", equalTo("INVALID_AUTH"));
    }

    @Test
    void concurrentFirstLoginsCreateExactlyOneIdentity() throws Exception {
        TestPki.Issued ca = TestPki.rootCa(unique("race-root"));
        String caName = unique("race");
        String caId = Api.createVerifiedCa(caName, ca, true, false, true, "");
        String commonName = "race-" + UUID.randomUUID();
        TestPki.Issued client = ca.client(commonName);

        int n = 20;
        Set<String> identityIds = new HashSet<>();
        List<Integer> statuses = new ArrayList<>();
        for (Response response : AtOnce.run(n, () -> certLogin(client))) {
            statuses.add(response.statusCode());
            if (response.statusCode() == 200) {
                identityIds.add(response.path("data.identityId"));
            }
        }
        assertTrue(statuses.stream().allMatch(s -> s == 200), statuses.toString());
        assertEquals(1, identityIds.size(), identityIds.toString());
        assertEquals(1, rows("SELECT id FROM identity WHERE name LIKE $1", caName + "-" + commonName + "%").size());
        assertEquals(1, rows("SELECT id FROM authenticator WHERE cert_fingerprint = $1", client.fingerprint()).size());
        assertEquals(n, rows("SELECT id FROM api_session WHERE identity_id = $1", identityIds.iterator().next()).size());
    }

    @Test
    void explicitCaEnrollmentCreatesTheIdentityOnce() {
        TestPki.Issued ca = TestPki.rootCa(unique("enroll-ca"));
        String caName = unique("enroll-ca");
        String caId = Api.createVerifiedCa(caName, ca, true, false, true, "");
        String commonName = "explicit-" + UUID.randomUUID();
        TestPki.Issued client = ca.client(commonName);

        given().header("X-Client-Cert", client.forwarded()).post(CLIENT + "/enroll/ca").then().statusCode(200)
                .body("data", equalTo(java.util.Map.of()));
        assertEquals(1, rows("SELECT id FROM identity WHERE name = $1", caName + "-" + commonName).size());
        given().header("X-Client-Cert", client.forwarded()).post(CLIENT + "/enroll/ca").then().statusCode(409)
                .body("error.code", equalTo("CERT_IN_USE"));
        given().header("X-Client-Cert", TestPki.rootCa(unique("unknown")).client("x").forwarded())
                .post(CLIENT + "/enroll/ca").then().statusCode(400).body("error.code", equalTo("CERT_FAILED_VALIDATION"));
        String identityId = rows("SELECT id FROM identity WHERE name = $1", caName + "-" + commonName).get(0).getString("id");
        certLogin(client).then().statusCode(200).body("data.identityId", equalTo(identityId));
    }
}
