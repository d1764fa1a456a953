package org.onboarding.gateway;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;

/** Health, OpenAPI and metrics answer without a token. */
@QuarkusTest
class OperationsEndpointsTest {

    @Test
    void healthIsUp() {
        given().when().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        given().when().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void openApiAndMetricsArePublished() {
        // the gateway's own endpoints; the services' documents are linked from /docs
        given().accept("application/json").when().get("/q/openapi")
                .then().statusCode(200).body("openapi", containsString("3."))
                .body("paths", hasKey("/auth/token"))
                .body("paths", hasKey("/edge/management/v1/authenticate"))
                .body("paths", hasKey("/docs"))
                .body("paths.'/auth/token'", hasKey("post"))
                .body("paths.'/edge/management/v1/authenticate'", hasKey("post"));
        given().when().get("/q/metrics").then().statusCode(200).body(containsString("jvm_"));
    }
}
