package org.onboarding.ziti.edgeapi;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;
import org.onboarding.ziti.Api;

import java.security.KeyPair;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.onboarding.ziti.Api.BASE;
import static org.onboarding.ziti.Api.CLIENT;

/**
 * What an SDK reads besides authentication: {@code /version} (root and both APIs), the generic {@code /enroll},
 * {@code /current-identity[/edge-routers]}, {@code /services} under service policies, service updates and
 * {@code /controllers}.
 */
@QuarkusTest
class ClientApiReadsTest {

    @Test
    void versionNamesBothApisAtTheRootAndUnderEachPrefix() {
        for (String path : List.of("/version", CLIENT + "/version", BASE + "/version")) {
            given().get(path).then().statusCode(200)
                    .body("data.apiVersions.edge-client.v1.path", equalTo(CLIENT))
                    .body("data.apiVersions.edge-management.v1.path", equalTo(BASE))
                    .body("data.apiVersions.edge-client.v1.apiBaseUrls",
                            contains(EdgeTls.base() + CLIENT))
                    .body("data.capabilities", empty())
                    .body("data.version", startsWith("v"));
        }
    }

    @Test
    void genericEnrollCompletesOttAndUpdbAsThePerMethodRoutes() throws Exception {
        String ottIdentity = Api.createIdentity("generic-ott");
        Api.createEnrollment(ottIdentity, "ott", "");
        String ottToken = token(ottIdentity, "ott");
        KeyPair keys = EdgeTls.ecKeyPair();
        // JSON body, JSON answer
        given().contentType(ContentType.JSON).accept(ContentType.JSON)
                .body(Map.of("clientCsr", EdgeTls.csr(keys, "x")))
                .post(CLIENT + "/enroll?method=ott&token=" + ottToken)
                .then().statusCode(200).body("data.cert", startsWith("-----BEGIN CERTIFICATE-----"));
        // used: the same token again is refused as on /enroll/ott
        given().contentType("application/x-pem-file").body(EdgeTls.csr(keys, "x").getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                .post("/enroll?method=ott&token=" + ottToken)
                .then().statusCode(400).body("error.code", equalTo("INVALID_ENROLLMENT_TOKEN"));

        // PEM body at the root alias, method defaulting to ott, PEM answer when only PEM is accepted
        String second = Api.createIdentity("generic-root");
        Api.createEnrollment(second, "ott", "");
        String pem = given().contentType("application/x-pem-file").accept("application/x-pem-file")
                .body(EdgeTls.csr(keys, "x").getBytes(java.nio.charset.StandardCharsets.US_ASCII)).post("/enroll?token=" + token(second, "ott"))
                .then().statusCode(200).contentType(startsWith("application/x-pem-file")).extract().asString();
        assertTrue(EdgeTls.certificates(pem).get(0).getSubjectX500Principal().getName().equals("CN=" + second));

        String updbIdentity = Api.createIdentity("generic-updb");
        String username = "u-" + UUID.randomUUID();
        Api.createEnrollment(updbIdentity, "updb", ",\"username\":\"" + username + "\"");
        given().contentType(ContentType.JSON).body(Map.of("password", "s3cret-pw"))
                .post("/enroll?method=updb&token=" + token(updbIdentity, "updb"))
                .then().statusCode(200).body("data", equalTo(Map.of()));
        given().contentType(ContentType.JSON).body(Map.of("username", username, "password", "s3cret-pw"))
                .post(CLIENT + "/authenticate?method=password").then().statusCode(200);

        given().contentType(ContentType.JSON).body("{}").post(CLIENT + "/enroll?method=bogus&token=" + UUID.randomUUID())
                .then().statusCode(400).body("error.code", equalTo("COULD_NOT_VALIDATE"));
        // an OTT token used with method=updb: upstream's wrong-method code, nothing consumed
        String third = Api.createIdentity("generic-wrong");
        Api.createEnrollment(third, "ott", "");
        given().contentType(ContentType.JSON).body(Map.of("password", "s3cret-pw"))
                .post(CLIENT + "/enroll?method=updb&token=" + token(third, "ott"))
                .then().statusCode(400).body("error.code", equalTo("INVALID_ENROLL_METHOD"));
        Api.admin().get(BASE + "/identities/" + third).then().body("data.enrollment.ott", notNullValue());
    }

    @Test
    void servicesFollowServicePoliciesAndServiceUpdatesMove() {
        String suffix = UUID.randomUUID().toString();
        String identityId = Api.createIdentity("reader");
        String session = loggedIn(identityId);

        String before = updates(session);
        String dialId = Api.create("services", "{\"name\":\"dial-" + suffix + "\",\"encryptionRequired\":true,"
                + "\"roleAttributes\":[\"r-" + suffix + "\"]}");
        String hiddenId = Api.create("services", "{\"name\":\"hidden-" + suffix + "\",\"encryptionRequired\":true}");
        String afterService = updates(session);
        assertTrue(Instant.parse(afterService).isAfter(Instant.parse(before)), before + " -> " + afterService);

        given().header("zt-session", session).queryParam("filter", "name contains \"" + suffix + "\"")
                .get(CLIENT + "/services").then().statusCode(200)
                .body("data", empty()).body("meta.pagination.totalCount", equalTo(0));

        Api.create("service-policies", "{\"name\":\"p-" + suffix + "\",\"type\":\"Dial\",\"semantic\":\"AnyOf\","
                + "\"identityRoles\":[\"@" + identityId + "\"],\"serviceRoles\":[\"#r-" + suffix + "\"]}");
        Api.create("service-policies", "{\"name\":\"b-" + suffix + "\",\"type\":\"Bind\",\"semantic\":\"AllOf\","
                + "\"identityRoles\":[\"@" + identityId + "\"],\"serviceRoles\":[\"#r-" + suffix + "\"]}");
        String afterPolicy = updates(session);
        assertTrue(Instant.parse(afterPolicy).isAfter(Instant.parse(afterService)), afterService + " -> " + afterPolicy);

        given().header("zt-session", session).queryParam("filter", "name contains \"" + suffix + "\"")
                .get(CLIENT + "/services").then().statusCode(200)
                .body("meta.pagination.totalCount", equalTo(1))
                .body("data[0].id", equalTo(dialId))
                .body("data[0].permissions", contains("Bind", "Dial"))
                .body("data[0].configs", empty())
                .body("data[0].config", equalTo(Map.of()));
        given().header("zt-session", session).queryParam("filter", "name = \"dial-" + suffix + "\"")
                .get(CLIENT + "/services").then().statusCode(200).body("data.id", contains(dialId));
        given().header("zt-session", session).get(CLIENT + "/services/" + dialId).then().statusCode(200)
                .body("data.name", equalTo("dial-" + suffix));
        given().header("zt-session", session).get(CLIENT + "/services/" + hiddenId).then().statusCode(404)
                .body("error.code", equalTo("NOT_FOUND"));
        // management tokens are not API sessions
        Api.admin().get(CLIENT + "/services").then().statusCode(401);
        given().get(CLIENT + "/services").then().statusCode(401);
    }

    @Test
    void currentIdentityItsEdgeRoutersAndTheController() {
        String identityId = Api.createIdentity("me");
        String session = loggedIn(identityId);
        String enabled = "er-" + UUID.randomUUID();
        String disabled = "er-off-" + UUID.randomUUID();
        Api.create("edge-routers", "{\"name\":\"" + enabled + "\"}");
        Api.create("edge-routers", "{\"name\":\"" + disabled + "\",\"disabled\":true}");

        given().header("zt-session", session).get(CLIENT + "/current-identity").then().statusCode(200)
                .body("data.id", equalTo(identityId)).body("data.isAdmin", equalTo(false));
        given().header("zt-session", session).queryParam("limit", "500")
                .get(CLIENT + "/current-identity/edge-routers").then().statusCode(200)
                .body("data.name", hasItem(enabled)).body("data.name", not(hasItem(disabled)))
                .body("data[0].supportedProtocols", equalTo(Map.of()));
        given().header("zt-session", session).get(CLIENT + "/controllers").then().statusCode(200)
                .body("data.size()", equalTo(1))
                .body("data[0].apiAddresses.edge-client[0].url", equalTo(EdgeTls.base() + CLIENT))
                .body("data[0].certPem", startsWith("-----BEGIN CERTIFICATE-----"))
                .body("data[0].isOnline", equalTo(true));
    }

    /** Enrolls the identity by UPDB and logs it in: its API-session token. */
    private static String loggedIn(String identityId) {
        String username = "user-" + UUID.randomUUID();
        Api.createEnrollment(identityId, "updb", ",\"username\":\"" + username + "\"");
        Api.completeUpdb(token(identityId, "updb"), "s3cret-pw").then().statusCode(200);
        return given().contentType(ContentType.JSON).body(Map.of("username", username, "password", "s3cret-pw"))
                .post(CLIENT + "/authenticate?method=password").then().statusCode(200).extract().header("zt-session");
    }

    private static String updates(String session) {
        return given().header("zt-session", session).get(CLIENT + "/current-api-session/service-updates")
                .then().statusCode(200).extract().path("data.lastChangeAt");
    }

    private static String token(String identityId, String method) {
        return Api.admin().get(BASE + "/identities/" + identityId).then().statusCode(200)
                .extract().path("data.enrollment." + method + ".token");
    }
}
