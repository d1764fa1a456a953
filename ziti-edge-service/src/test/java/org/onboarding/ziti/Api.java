package org.onboarding.ziti;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.onboarding.testsupport.TestTokens;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;

/** Shared request helpers: an admin caller using OpenZiti's own {@code zt-session} header. */
public final class Api {

    public static final String BASE = "/edge/management/v1";
    public static final String CLIENT = "/edge/client/v1";
    private static final String ADMIN = TestTokens.admin();

    private Api() {
    }

    public static RequestSpecification admin() {
        return given().header("zt-session", ADMIN).contentType(ContentType.JSON);
    }

    public static String inOneHour() {
        return Instant.now().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /** Creates an identity through the API and returns its id. */
    public static String createIdentity(String namePrefix) {
        return admin().body("{\"name\":\"" + namePrefix + "-" + UUID.randomUUID() + "\",\"type\":\"User\",\"isAdmin\":false}")
                .post(BASE + "/identities")
                .then().statusCode(201)
                .extract().path("data.id");
    }

    public static String createEnrollment(String identityId, String method, String extra) {
        return admin().body("{\"method\":\"" + method + "\",\"identityId\":\"" + identityId + "\",\"expiresAt\":\""
                        + inOneHour() + "\"" + extra + "}")
                .post(BASE + "/enrollments")
                .then().statusCode(201)
                .extract().path("data.id");
    }

    /** Creates an entity through the management API and returns its id. */
    public static String create(String collection, String json) {
        return admin().body(json).post(BASE + "/" + collection).then().statusCode(201).extract().path("data.id");
    }

    /** The JWT of the identity's outstanding enrollment of {@code method}, as an administrator hands it out. */
    public static String enrollmentJwt(String identityId, String method) {
        return admin().get(BASE + "/identities/" + identityId).then().statusCode(200)
                .extract().path("data.enrollment." + method + ".jwt");
    }

    /** The advertised HTTPS edge API address of the running service, {@code host:port}. */
    public static String edgeApiAddress() {
        return org.eclipse.microprofile.config.ConfigProvider.getConfig().getValue("ziti.edge-api-address", String.class);
    }

    /** Client API: completes a UPDB enrollment with the token (the JWT's {@code jti}), as an enrolling user does. */
    public static Response completeUpdb(String token, String password) {
        return given().contentType(ContentType.JSON).body(Map.of("password", password))
                .post(CLIENT + "/enroll/updb?token=" + token);
    }
}
