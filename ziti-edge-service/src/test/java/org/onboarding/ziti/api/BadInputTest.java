package org.onboarding.ziti.api;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.onboarding.ziti.Api;
import org.onboarding.ziti.TestPki;

import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.onboarding.ziti.Api.BASE;
import static org.onboarding.ziti.Api.CLIENT;
import static org.onboarding.ziti.Api.admin;

/**
 * Input no resource was written for: NUL characters anywhere (body fields, path segments, query parameters) and
 * empty required names. Each is a 400 in upstream's envelope, never a 500, and nothing is written.
 */
@QuarkusTest
class BadInputTest {

    @Inject
    Pool pool;

    private long count(String sql, Object... params) {
        return pool.preparedQuery(sql).execute(Tuple.from(List.of(params))).await().indefinitely()
                .iterator().next().getLong(0);
    }

    @Test
    void nulInABodyFieldIsA400NamingTheField() {
        String name = "nul-" + UUID.randomUUID();
        admin().body("{\"name\":\"" + name + "\\u0000\",\"encryptionRequired\":true}").post(BASE + "/services").then()
                .statusCode(400)
                .body("error.code", equalTo("COULD_NOT_VALIDATE"))
                .body("error.cause.field", equalTo("name"))
                .body("error.cause.reason", equalTo("name in body must not contain NUL characters"))
                .body("meta.apiVersion", equalTo("0.0.1"));
        assertEquals(0, count("SELECT count(*) FROM service WHERE name LIKE $1", name + "%"));
        // nested fields are named by their path; an escaped backslash followed by "u0000" is not a NUL
        admin().body("{\"name\":\"" + name + "\",\"type\":\"User\",\"isAdmin\":false,\"tags\":{\"k\":\"a\\u0000\"}}")
                .post(BASE + "/identities").then().statusCode(400)
                .body("error.cause.field", equalTo("tags.k"));
        admin().body("{\"name\":\"" + name + "\",\"type\":\"User\",\"isAdmin\":false,\"roleAttributes\":[\"ok\",\"b\\u0000\"]}")
                .post(BASE + "/identities").then().statusCode(400)
                .body("error.cause.field", equalTo("roleAttributes.1"));
        admin().body("{\"name\":\"" + name + "\\\\u0000\",\"type\":\"User\",\"isAdmin\":false}")
                .post(BASE + "/identities").then().statusCode(201);
        // client API bodies too
        given().contentType(ContentType.JSON).body("{\"username\":\"a\\u0000\",\"password\":\"secret\"}")
                .post(CLIENT + "/authenticate?method=password").then().statusCode(400)
                .body("error.code", equalTo("COULD_NOT_VALIDATE")).body("error.cause.field", equalTo("username"));
        // a raw NUL byte in a non-JSON body
        given().header("zt-session", org.onboarding.testsupport.TestTokens.admin()).contentType(ContentType.TEXT)
                .body("-----BEGIN CERTIFICATE-----\u0000").post(BASE + "/cas/x/verify").then().statusCode(400)
                .body("error.code", equalTo("COULD_NOT_VALIDATE")).body("error.cause.field", equalTo("body"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/identities/a%00b", "/services/a%00b", "/edge-routers/a%00b", "/service-policies/a%00b",
            "/cas/a%00b", "/enrollments/a%00b", "/sessions/a%00b", "/api-sessions/a%00b", "/cas/a%00b/jwt"})
    void nulInAPathSegmentIsA400(String path) {
        given().urlEncodingEnabled(false).header("zt-session", org.onboarding.testsupport.TestTokens.admin())
                .get(BASE + path).then().statusCode(400)
                .body("error.code", equalTo("COULD_NOT_VALIDATE"))
                .body("error.cause.field", equalTo("id"))
                .body("error.cause.reason", equalTo("id in path must not contain NUL characters"));
    }

    @Test
    void nulInAPathSegmentOfAWriteOrAQueryParameterIsA400() {
        given().urlEncodingEnabled(false).header("zt-session", org.onboarding.testsupport.TestTokens.admin())
                .contentType(ContentType.JSON).body("{\"isAuthEnabled\":true}")
                .patch(BASE + "/cas/a%00b").then().statusCode(400).body("error.cause.field", equalTo("id"));
        given().urlEncodingEnabled(false).header("zt-session", org.onboarding.testsupport.TestTokens.admin())
                .delete(BASE + "/identities/a%00b").then().statusCode(400).body("error.cause.field", equalTo("id"));
        given().urlEncodingEnabled(false).header("zt-session", org.onboarding.testsupport.TestTokens.admin())
                .get(BASE + "/identities?filter=name%3D%22a%00%22").then().statusCode(400)
                .body("error.code", equalTo("INVALID_FILTER"))
                .body("error.cause.message", containsString("NUL"));
        given().urlEncodingEnabled(false).header("zt-session", org.onboarding.testsupport.TestTokens.admin())
                .get(BASE + "/cas?limit=1%00").then().statusCode(400)
                .body("error.code", equalTo("COULD_NOT_VALIDATE"))
                .body("error.cause.reason", equalTo("limit in query must not contain NUL characters"));
        given().urlEncodingEnabled(false).contentType(ContentType.TEXT).body("")
                .post(CLIENT + "/enroll/ottca?token=a%00").then().statusCode(400)
                .body("error.cause.field", equalTo("token"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"identities", "services", "edge-routers", "service-policies", "cas"})
    void anEmptyNameIsARequiredFieldMissing(String collection) {
        String body = switch (collection) {
            case "identities" -> "{\"name\":\"\",\"type\":\"User\",\"isAdmin\":false}";
            case "services" -> "{\"name\":\"\",\"encryptionRequired\":true}";
            case "edge-routers" -> "{\"name\":\"\"}";
            case "service-policies" -> "{\"name\":\"\",\"type\":\"Dial\",\"semantic\":\"AnyOf\"}";
            default -> "{\"name\":\"\",\"certPem\":" + Api.json(TestPki.rootCa("empty-name").pem())
                    + ",\"isAutoCaEnrollmentEnabled\":false,\"isOttCaEnrollmentEnabled\":false,\"isAuthEnabled\":false,"
                    + "\"identityRoles\":[]}";
        };
        admin().body(body).post(BASE + "/" + collection).then().statusCode(400)
                .body("error.code", equalTo("COULD_NOT_VALIDATE"))
                .body("error.cause.field", equalTo("name"))
                .body("error.cause.reason", equalTo("name in body is required"));
        String table = collection.replace("-", "_").replaceAll("ies$", "y").replaceAll("s$", "");
        assertEquals(0, count("SELECT count(*) FROM " + ("ca".equals(table) ? "ca" : table) + " WHERE name = ''"));
    }

    @Test
    void anEmptyNameInAnIdentityUpdateIsRefused() {
        String id = Api.createIdentity("rename-empty");
        admin().body("{\"name\":\"\",\"type\":\"User\",\"isAdmin\":false}").put(BASE + "/identities/" + id).then()
                .statusCode(400).body("error.code", equalTo("COULD_NOT_VALIDATE")).body("error.cause.field", equalTo("name"));
        admin().body("{\"name\":\"\"}").patch(BASE + "/identities/" + id).then()
                .statusCode(400).body("error.code", equalTo("COULD_NOT_VALIDATE")).body("error.cause.field", equalTo("name"));
    }
}
