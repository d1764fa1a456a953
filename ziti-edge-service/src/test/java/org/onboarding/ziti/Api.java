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

    /** A name no other test run uses: {@code prefix-<uuid>}. */
    public static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }

    public static String inOneHour() {
        return Instant.now().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /** Creates an identity through the API and returns its id. */
    public static String createIdentity(String namePrefix) {
        return admin().body("{\"name\":\"" + unique(namePrefix) + "\",\"type\":\"User\",\"isAdmin\":false}")
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

    /** Registers a third-party CA through the API and returns its id; {@code extra} adds JSON fields. */
    public static String createCa(String name, TestPki.Issued ca, boolean autoEnrollment, boolean ottCaEnrollment,
                                  boolean auth, String extra) {
        return admin().body("{\"name\":" + json(name) + ",\"certPem\":" + json(ca.pem())
                        + ",\"isAutoCaEnrollmentEnabled\":" + autoEnrollment + ",\"isOttCaEnrollmentEnabled\":"
                        + ottCaEnrollment + ",\"isAuthEnabled\":" + auth + ",\"identityRoles\":[]" + extra + "}")
                .post(BASE + "/cas")
                .then().statusCode(201)
                .extract().path("data.id");
    }

    /** {@link #createCa} then {@link #verifyCa}: a CA ready for enrollment and login. */
    public static String createVerifiedCa(String name, TestPki.Issued ca, boolean autoEnrollment,
                                          boolean ottCaEnrollment, boolean auth, String extra) {
        String caId = createCa(name, ca, autoEnrollment, ottCaEnrollment, auth, extra);
        verifyCa(caId, ca);
        return caId;
    }

    /** Proves possession of the CA's key as an operator does: a certificate with CN = verificationToken. */
    public static void verifyCa(String caId, TestPki.Issued ca) {
        String token = admin().get(BASE + "/cas/" + caId).then().statusCode(200).extract().path("data.verificationToken");
        given().header("zt-session", ADMIN).contentType(ContentType.TEXT).body(ca.verification(token).pem())
                .post(BASE + "/cas/" + caId + "/verify")
                .then().statusCode(200);
    }

    /** A JSON string literal. */
    public static String json(String text) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(text);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Client API certificate login with a certificate forwarded by the TLS-terminating proxy. */
    public static Response certLogin(TestPki.Issued client) {
        return given().header("X-Client-Cert", client.forwarded()).contentType(ContentType.JSON).body("{}")
                .post(CLIENT + "/authenticate?method=cert");
    }
}
