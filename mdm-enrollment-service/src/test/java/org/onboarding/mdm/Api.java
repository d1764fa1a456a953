package org.onboarding.mdm;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.onboarding.testsupport.TestTokens;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static io.restassured.RestAssured.given;

/** Test fixtures created through the API itself, as a client would. */
public final class Api {

    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    public static final String ADMIN = TestTokens.admin();

    private Api() {
    }

    public static RequestSpecification as(String token) {
        return given().contentType(ContentType.JSON).header("Authorization", "Bearer " + token);
    }

    public static String uniqueSlug(String prefix) {
        return prefix + "-" + System.nanoTime() % 1_000_000_000 + "-" + SEQUENCE.incrementAndGet();
    }

    /** Creates an organisation; returns {id, slug}. */
    public static Map<String, String> organization(boolean windowsMdm, int quota) {
        String slug = uniqueSlug("org");
        String id = as(ADMIN).body(Map.of("name", "Org " + slug, "slug", slug,
                        "plan", Map.of("windowsMdm", windowsMdm, "enrollmentTokenQuota", quota)))
                .post("/v1/organizations").then().statusCode(200).extract().path("data.id");
        return Map.of("id", id, "slug", slug);
    }

    public static String user(String orgId, String email) {
        return as(ADMIN).body(Map.of("email", email, "name", "Employee " + email))
                .post("/v1/organizations/" + orgId + "/mdm/users").then().statusCode(200).extract().path("data.id");
    }

    public static String policy(String orgId, String name) {
        return as(ADMIN).body(Map.of("name", name))
                .post("/v1/organizations/" + orgId + "/mdm/windows/enterprise/policies")
                .then().statusCode(200).extract().path("data.id");
    }

    public static String tokens(String orgId) {
        return "/v1/organizations/" + orgId + "/mdm/windows/enterprise/enrollment-tokens";
    }

    public static String token(String orgId, String userId) {
        return as(ADMIN).body(Map.of("mdmUserId", userId, "sendEmail", false))
                .post(tokens(orgId)).then().statusCode(200).extract().path("data.id");
    }

    public static List<String> none() {
        return List.of();
    }
}
