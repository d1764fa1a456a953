package org.onboarding.testsupport;

import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

/**
 * What every service's operations endpoints must offer, without a token: liveness and readiness UP, readiness
 * including the service's database check, an OpenAPI 3 document and Prometheus metrics. A service's
 * {@code OperationsEndpointsTest} extends this with {@code @QuarkusTest}, names its database check and adds only
 * what is its own as further {@code @Test} methods.
 */
public abstract class OperationsEndpointsContract {

    /** The readiness check quarkus-reactive-pg-client registers for the default datasource. */
    public static final String REACTIVE_POSTGRESQL_CHECK = "Reactive PostgreSQL connections health check";

    private final String databaseCheck;

    /** @param databaseCheck the name (or a part of it) of the readiness check that proves the database answers */
    protected OperationsEndpointsContract(String databaseCheck) {
        this.databaseCheck = databaseCheck;
    }

    @Test
    void readinessIsUpAndIncludesTheDatabase() {
        given().when().get("/q/health/ready")
                .then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem(containsString(databaseCheck)));
    }

    @Test
    void livenessIsUp() {
        given().when().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void openApiAndMetricsArePublished() {
        given().accept("application/json").when().get("/q/openapi")
                .then().statusCode(200).body("openapi", containsString("3."));
        given().when().get("/q/metrics").then().statusCode(200).body(containsString("jvm_"));
    }
}
