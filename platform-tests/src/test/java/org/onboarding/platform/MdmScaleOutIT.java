package org.onboarding.platform;

import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.onboarding.testsupport.TestTokens;

import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two instances of mdm-enrollment-service on one database: the expiry sweep, which each instance's scheduler fires,
 * runs once per period across both; and either instance answers the same.
 */
class MdmScaleOutIT {

    private static final Duration PERIOD = Duration.ofSeconds(1);
    private static final Pattern SWEEPS = Pattern.compile("(?m)^mdm_enrollment_expiry_sweeps_total(?:\\{[^}]*})? ([0-9.E]+)$");

    private static ServiceInstances mdm;

    @BeforeAll
    static void start() throws Exception {
        mdm = ServiceInstances.start("mdm-enrollment-service", "mdm_scale", 2, Map.of(
                "MDM_ENROLLMENT_EXPIRY_SWEEP_EVERY", PERIOD.toSeconds() + "s"));
    }

    @AfterAll
    static void stop() {
        if (mdm != null) {
            mdm.close();
        }
    }

    private static RequestSpecification on(int instance) {
        return RestAssured.given().baseUri(mdm.url(instance)).header("Authorization", "Bearer " + TestTokens.admin())
                .contentType(ContentType.JSON);
    }

    private static double sweeps(int instance) {
        String metrics = RestAssured.given().baseUri(mdm.url(instance)).get("/q/metrics").then().statusCode(200)
                .extract().asString();
        Matcher m = SWEEPS.matcher(metrics);
        assertTrue(m.find(), "no sweep counter in instance " + instance + "'s metrics");
        return Double.parseDouble(m.group(1));
    }

    @Test
    void theExpirySweepRunsOncePerPeriodAcrossBothInstances() throws Exception {
        double before = sweeps(0) + sweeps(1);
        long from = System.nanoTime();
        Thread.sleep(8 * PERIOD.toMillis());
        double swept = sweeps(0) + sweeps(1) - before;
        long periods = Duration.ofNanos(System.nanoTime() - from).toMillis() / PERIOD.toMillis();
        // each instance's scheduler fired about `periods` times, 2 × periods in all; one sweep per period ran. The
        // reads of the two counters are not one instant: one period of slack
        assertTrue(swept <= periods + 1, swept + " sweeps in " + periods + " periods");
        assertTrue(swept >= periods - 2, "the sweep stopped running: " + swept + " sweeps in " + periods + " periods");
    }

    @Test
    void aTokenPastItsExpiryIsStoredExpiredByTheSweep() throws Exception {
        String org = organization();
        String user = on(0).body(Map.of("email", "sweep-" + UUID.randomUUID() + "@example.com"))
                .post("/v1/organizations/{org}/mdm/users", org).then().statusCode(200).extract().path("data.id");
        String token = on(1).body(Map.of("mdmUserId", user, "sendEmail", false))
                .post("/v1/organizations/{org}/mdm/windows/enterprise/enrollment-tokens", org).then().statusCode(200)
                .body("data.state", equalTo("PENDING")).extract().path("data.id");
        try (Connection db = mdm.database();
             var sql = db.prepareStatement("UPDATE win_enrollment_token SET expire_at = now() - interval '1 minute' WHERE id = ?")) {
            sql.setString(1, token);
            assertEquals(1, sql.executeUpdate());
        }
        ServiceInstances.awaitUntil(Duration.ofSeconds(10), () -> "EXPIRED".equals(stateOf(token)));
    }

    @Test
    void usersWrittenOnOneInstanceReadTheSameOnTheOther() {
        String org = organization();
        String email = "spread-" + UUID.randomUUID() + "@example.com";
        String id = on(0).body(Map.of("email", email, "name", "Ada"))
                .post("/v1/organizations/{org}/mdm/users", org).then().statusCode(200).extract().path("data.id");
        on(1).get("/v1/organizations/{org}/mdm/users/{id}", org, id).then().statusCode(200)
                .body("data.email", equalTo(email)).body("data.name", equalTo("Ada"));
        // the same e-mail on the other instance: refused by the unique index
        on(1).body(Map.of("email", email.toUpperCase())).post("/v1/organizations/{org}/mdm/users", org)
                .then().statusCode(400).body("error.code", equalTo(5048));
        on(1).body(Map.of("name", "Ada L.", "tags", List.of("b"))).put("/v1/organizations/{org}/mdm/users/{id}", org, id)
                .then().statusCode(200);
        on(0).get("/v1/organizations/{org}/mdm/users/{id}", org, id).then().statusCode(200)
                .body("data.name", equalTo("Ada L.")).body("data.tags", equalTo(List.of("b")));
        on(0).body(Map.of("email", "second-" + email)).post("/v1/organizations/{org}/mdm/users", org)
                .then().statusCode(200);
        for (int i = 0; i < 2; i++) {
            on(i).get("/v1/organizations/{org}/mdm/users", org).then().statusCode(200).body("data.totalDocs", equalTo(2));
        }
        on(0).delete("/v1/organizations/{org}/mdm/users/{id}", org, id).then().statusCode(200);
        on(1).get("/v1/organizations/{org}/mdm/users/{id}", org, id).then().statusCode(404);
        on(1).get("/v1/organizations/{org}/mdm/users", org).then().statusCode(200).body("data.totalDocs", equalTo(1));
    }

    private static String organization() {
        String slug = "scale-" + UUID.randomUUID().toString().substring(0, 8);
        String id = on(1).body(Map.of("name", "Scale " + slug, "slug", slug,
                        "plan", Map.of("windowsMdm", true, "enrollmentTokenQuota", 10)))
                .post("/v1/organizations").then().statusCode(200).extract().path("data.id");
        on(0).get("/v1/organizations/{id}", slug).then().statusCode(200).body("data.id", equalTo(id));
        return id;
    }

    private static String stateOf(String token) throws Exception {
        try (Connection db = mdm.database();
             var sql = db.prepareStatement("SELECT state FROM win_enrollment_token WHERE id = ?")) {
            sql.setString(1, token);
            try (ResultSet rows = sql.executeQuery()) {
                return rows.next() ? rows.getString(1) : null;
            }
        }
    }
}
