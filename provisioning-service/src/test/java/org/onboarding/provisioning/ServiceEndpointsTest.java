package org.onboarding.provisioning;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;
import org.onboarding.testsupport.TestTokens;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasEntry;
import static org.hamcrest.Matchers.notNullValue;
import static org.onboarding.provisioning.Api.as;

/**
 * The contract's {@code GET /} and {@code GET /health}, at the root and under the API base path {@code /provisioning}
 * (where the gateway routes them, and where the origin's UI calls them with its base URL ending in
 * {@code /provisioning/}); under the base path the whole API answers as at the root.
 */
@QuarkusTest
class ServiceEndpointsTest {

    @Test
    void rootDescribesTheServiceWithoutAToken() {
        for (String path : List.of("/", "/provisioning/", "/provisioning")) {
            given().get(path).then().statusCode(200).contentType(ContentType.JSON)
                    .body("service", equalTo("provisioning-service"))
                    .body("version", notNullValue())
                    .body("status", equalTo("running"));
        }
    }

    @Test
    void healthReportsTheDatabaseWithoutAToken() {
        for (String path : List.of("/health", "/provisioning/health")) {
            given().get(path).then().statusCode(200).contentType(ContentType.JSON)
                    .body("status", equalTo("healthy"))
                    .body("service", equalTo("provisioning-service"))
                    .body("checks", hasEntry("Reactive PostgreSQL connections health check", "UP"));
        }
    }

    @Test
    void underTheBasePathTheApiAnswersAsAtTheRootWithItsSecurityAndErrors() {
        String source = UUID.randomUUID().toString();
        String id = as(TestTokens.operator()).contentType(ContentType.JSON)
                .body(Map.of("source_identity_batch_id", source))
                .post("/provisioning/provisioning/batches").then().statusCode(200)
                .body("source_identity_batch_id", equalTo(source)).extract().path("id");
        // the query string survives the detour
        as(TestTokens.viewer()).queryParam("limit", 1000).get("/provisioning/provisioning/batches")
                .then().statusCode(200).body("find { it.id == '" + id + "' }.created_by", equalTo("operator"));
        as(TestTokens.viewer()).queryParam("limit", "abc").get("/provisioning/provisioning/batches")
                .then().statusCode(422).body("detail[0].loc", equalTo(List.of("query", "limit")));
        given().get("/provisioning/provisioning/batches").then().statusCode(401)
                .header("WWW-Authenticate", "Bearer").body("detail", equalTo("Not authenticated"));
        as(TestTokens.viewer()).post("/provisioning/provisioning/batches/{id}/run", id)
                .then().statusCode(403).body("detail", equalTo("Not enough permissions"));
        // the API's own paths under /provisioning are not taken for base-path ones
        as(TestTokens.viewer()).get("/provisioning/batches/{id}", id).then().statusCode(200).body("id", equalTo(id));
        as(TestTokens.viewer()).get("/provisioning/q/health").then().statusCode(404).body("detail", equalTo("Not Found"));
    }
}
