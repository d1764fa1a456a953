package org.onboarding.ziti.api;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.onboarding.testsupport.TestTokens;
import org.onboarding.ziti.Api;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

/**
 * Every management collection keeps its security whichever class declares its endpoints: list, detail, create and
 * delete answer 401 {@code UNAUTHORIZED} without a token and for a role other than admin (upstream never answers 403),
 * and nothing is deleted by a refused call.
 */
@QuarkusTest
class ManagementAuthTest {

    /** The endpoints a collection has beyond list, detail, create and delete: method, and path after the id. */
    private static final Map<String, List<String>> EXTRA = Map.of(
            "identities", List.of("PUT ", "PATCH "),
            "enrollments", List.of("POST /refresh"),
            "sessions", List.of("GET /route-path"),
            "cas", List.of("PUT ", "PATCH ", "GET /jwt", "POST /verify"));

    @ParameterizedTest
    @ValueSource(strings = {"identities", "enrollments", "services", "edge-routers", "service-policies", "sessions",
            "api-sessions", "cas"})
    void everyEndpointRefusesAMissingTokenAndANonAdminRole(String collection) {
        String id = "auth-" + Api.unique("x");
        String path = Api.BASE + "/" + collection;
        for (Function<RequestSpecification, RequestSpecification> who : List.<Function<RequestSpecification,
                RequestSpecification>>of(
                request -> request,
                request -> request.header("zt-session", TestTokens.viewer()),
                request -> request.header("zt-session", TestTokens.operator()),
                request -> request.header("Authorization", "Bearer " + TestTokens.operator()))) {
            who.apply(given()).get(path).then().statusCode(401).body("error.code", equalTo("UNAUTHORIZED"));
            who.apply(given()).get(path + "/" + id).then().statusCode(401).body("error.code", equalTo("UNAUTHORIZED"));
            who.apply(given()).delete(path + "/" + id).then().statusCode(401)
                    .body("error.code", equalTo("UNAUTHORIZED"));
            if (!collection.endsWith("sessions")) { // sessions are created on the client API only
                who.apply(given()).contentType(ContentType.JSON).body("{\"name\":\"" + id + "\"}").post(path)
                        .then().statusCode(401).body("error.code", equalTo("UNAUTHORIZED"));
            }
            for (String endpoint : EXTRA.getOrDefault(collection, List.of())) {
                String[] extra = endpoint.split(" ", 2);
                who.apply(given()).contentType(ContentType.JSON).body("{}").request(extra[0], path + "/" + id + extra[1])
                        .then().statusCode(401).body("error.code", equalTo("UNAUTHORIZED"));
            }
        }
        // the same calls with an admin token reach the endpoints (404 for the unknown id, not an auth failure)
        Api.admin().get(path + "/" + id).then().statusCode(404).body("error.code", equalTo("NOT_FOUND"));
    }
}
