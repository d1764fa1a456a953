package org.onboarding.gateway.auth;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;
import org.onboarding.gateway.UpstreamServers;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Local token issuing: OAuth client credentials and the OpenZiti password login, both usable at once. */
@QuarkusTest
@QuarkusTestResource(UpstreamServers.class)
class TokenEndpointsTest {

    @Test
    void clientCredentialsGiveABearerTokenTheRoutesAccept() {
        String token = given().formParam("grant_type", "client_credentials")
                .formParam("client_id", "platform-operator").formParam("client_secret", "dev-secret")
                .when().post("/auth/token")
                .then().statusCode(200)
                .header("Cache-Control", "no-store")
                .body("token_type", equalTo("Bearer"))
                .body("expires_in", equalTo(3600))
                .body("groups", hasItem("operator"))
                .body("orgs", hasItem("*"))
                .body("tenants", hasItem("*"))
                .extract().path("access_token");

        given().header("Authorization", "Bearer " + token).when().get("/provisioning/batches")
                .then().statusCode(200)
                .body("headers.x-user-id", equalTo("platform-operator"))
                .body("headers.x-user-roles", equalTo("operator"));
    }

    @Test
    void basicAuthCredentialsWorkToo() {
        given().auth().preemptive().basic("platform-admin", "dev-secret")
                .formParam("grant_type", "client_credentials")
                .when().post("/auth/token")
                .then().statusCode(200).body("access_token", notNullValue()).body("groups", hasItem("admin"));
    }

    @Test
    void wrongSecretUnknownClientAndBadGrantAreRefused() {
        given().formParam("grant_type", "client_credentials")
                .formParam("client_id", "platform-admin").formParam("client_secret", "nope")
                .when().post("/auth/token").then().statusCode(401).body("error", equalTo("invalid_client"));
        given().formParam("grant_type", "client_credentials")
                .formParam("client_id", "who").formParam("client_secret", "dev-secret")
                .when().post("/auth/token").then().statusCode(401).body("error", equalTo("invalid_client"));
        given().formParam("grant_type", "password").formParam("client_id", "platform-admin")
                .when().post("/auth/token").then().statusCode(400).body("error", equalTo("unsupported_grant_type"));
        given().formParam("client_id", "platform-admin")
                .when().post("/auth/token").then().statusCode(400).body("error", equalTo("invalid_request"));
    }

    @Test
    void openZitiPasswordLoginAnswersLikeUpstreamAndTheSessionWorks() {
        Response login = given().contentType("application/json")
                .body("{\"username\":\"platform-admin\",\"password\":\"dev-secret\",\"configTypes\":[],\"sdkInfo\":{\"type\":\"ziti-cli\"}}")
                .when().post("/edge/management/v1/authenticate?method=password");
        login.then().statusCode(200)
                .body("meta", equalTo(java.util.Map.of()))
                .body("data.token", notNullValue())
                .body("data.identity.id", equalTo("platform-admin"))
                .body("data.identityId", equalTo("platform-admin"))
                .body("data.isMfaRequired", equalTo(false))
                .body("data.expirationSeconds", greaterThan(0))
                .body("data._links.self.href", equalTo("./current-api-session"));
        String session = login.header("zt-session");
        assertEquals(login.jsonPath().getString("data.token"), session);

        given().header("zt-session", session).when().get("/edge/management/v1/enrollments")
                .then().statusCode(200).body("headers.authorization", equalTo("Bearer " + session));
    }

    @Test
    void openZitiLoginFailuresUseItsErrorEnvelope() {
        given().contentType("application/json").body("{\"username\":\"platform-admin\",\"password\":\"wrong\"}")
                .when().post("/edge/management/v1/authenticate?method=password")
                .then().statusCode(401)
                .body("error.code", equalTo("INVALID_AUTH"))
                .body("error.message", equalTo("The authentication request failed"));
        given().contentType("application/json").body("{\"username\":\"platform-admin\",\"password\":\"dev-secret\"}")
                .when().post("/edge/management/v1/authenticate")
                .then().statusCode(400).body("error.code", equalTo("COULD_NOT_VALIDATE"))
                .body("error.cause.field", equalTo("method"));
        given().contentType("application/json").body("{not json")
                .when().post("/edge/management/v1/authenticate?method=password")
                .then().statusCode(400).body("error.code", equalTo("COULD_NOT_PARSE_BODY"));
        given().contentType("application/json").body("{\"username\":\"platform-admin\",\"password\":\"dev-secret\"}")
                .when().post("/edge/management/v1/authenticate?method=cert")
                .then().statusCode(401).body("error.code", equalTo("INVALID_AUTH"));
    }
}
