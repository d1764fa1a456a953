package org.onboarding.entitlement;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;
import org.onboarding.testsupport.TestTokens;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

/** Bad input and bad credentials always come back in the FOLIO error envelope, never as a 500 or an empty body. */
@QuarkusTest
class ErrorEnvelopeTest {

    @Test
    void missingTokenIs401InTheEnvelope() {
        given().get("/entitlements").then().statusCode(401)
                .body("errors[0].message", equalTo("Failed to find auth token in request."))
                .body("errors[0].code", equalTo("auth_error"))
                .body("total_records", equalTo(1));
    }

    @Test
    void bearerTokenIsAcceptedAndBadTokensAre401() {
        given().header("Authorization", "Bearer " + TestTokens.viewer()).get("/entitlements").then().statusCode(200);
        given().header("Authorization", "Bearer " + TestTokens.token().groups("admin").signWithUnknownKey())
                .get("/entitlements").then().statusCode(401).body("errors[0].code", equalTo("auth_error"));
        given().header("x-okapi-token", TestTokens.admin()).header("Authorization", "Bearer " + TestTokens.viewer())
                .get("/entitlements").then().statusCode(400).body("errors[0].type", equalTo("TokenMismatchException"))
                .body("errors[0].code", equalTo("found_error"));
    }

    @Test
    void registryNeedsAdmin() {
        given().header("x-okapi-token", TestTokens.operator()).get("/applications").then().statusCode(403)
                .body("errors[0].code", equalTo("auth_error"));
        given().header("x-okapi-token", TestTokens.viewer()).contentType(ContentType.JSON)
                .body(Map.of("name", "nope")).post("/tenants").then().statusCode(403);
    }

    @Test
    void malformedJsonIs400() {
        Api.admin().body("{\"tenantId\": ").post("/entitlements").then().statusCode(400)
                .body("errors[0].code", equalTo("validation_error"))
                .body("errors[0].message", startsWith("JSON parse error"));
        Api.admin().body("{\"tenantId\": \"not-a-uuid\", \"applications\": [\"a-1.0.0\"]}").post("/entitlements")
                .then().statusCode(400).body("errors[0].code", equalTo("validation_error"));
    }

    @Test
    void beanValidationGivesOneErrorPerViolation() {
        Api.admin().body("{\"applications\": []}").post("/entitlements").then().statusCode(400)
                .body("total_records", equalTo(2))
                .body("errors.message", containsInAnyOrder("must not be null", "size must be between 1 and 50"))
                .body("errors.parameters.flatten().key", containsInAnyOrder("tenantId", "applications"))
                .body("errors[0].code", equalTo("validation_error"));
    }

    @Test
    void badUuidsLimitsAndBooleansAre400() {
        Api.admin().get("/entitlement-flows/not-a-uuid").then().statusCode(400)
                .body("errors[0].code", equalTo("validation_error"));
        Api.admin().get("/entitlement-flows?limit=501").then().statusCode(400)
                .body("errors[0].message", equalTo("findFlows.limit must be less than or equal to 500"))
                .body("errors[0].type", equalTo("ConstraintViolationException"));
        Api.admin().get("/entitlement-flows?limit=0").then().statusCode(400)
                .body("errors[0].message", equalTo("Limit cannot be negative or zero: 0"));
        Api.admin().get("/entitlement-flows?offset=-1").then().statusCode(400);
        Api.admin().get("/entitlement-flows?limit=ten").then().statusCode(400);
        Api.admin().get("/entitlement-flows/" + UUID.randomUUID() + "?includeStages=maybe").then().statusCode(400);
    }

    /** The {@code type} names upstream's Spring stack gives these failures: no parameters for a conversion failure. */
    @Test
    void conversionFailuresAndAMissingBodyAreNamedAsSpringNamesThem() {
        Api.admin().get("/entitlement-flows/not-a-uuid").then().statusCode(400)
                .body("errors[0].type", equalTo("MethodArgumentTypeMismatchException"))
                .body("errors[0].message", equalTo("Failed to convert value of type 'java.lang.String' to required type "
                        + "'java.util.UUID'; Invalid UUID string: not-a-uuid"))
                .body("errors[0].parameters", nullValue());
        Api.admin().get("/tenants/not-a-uuid").then().statusCode(400)
                .body("errors[0].type", equalTo("MethodArgumentTypeMismatchException"));
        Api.admin().get("/entitlement-flows?limit=ten").then().statusCode(400)
                .body("errors[0].type", equalTo("MethodArgumentTypeMismatchException"))
                .body("errors[0].message", equalTo("Failed to convert value of type 'java.lang.String' to required type "
                        + "'java.lang.Integer'; For input string: \"ten\""))
                .body("errors[0].parameters", nullValue());
        Api.admin().get("/entitlement-flows/" + UUID.randomUUID() + "?includeStages=maybe").then().statusCode(400)
                .body("errors[0].type", equalTo("MethodArgumentTypeMismatchException"))
                .body("errors[0].message", equalTo("Failed to convert value of type 'java.lang.String' to required type "
                        + "'boolean'; Invalid boolean value [maybe]"))
                .body("errors[0].parameters", nullValue());
        for (String path : List.of("/entitlements", "/entitlements/validate?entitlementRequestType=entitle", "/tenants",
                "/applications", "/modules/discovery")) {
            Api.admin().post(path).then().statusCode(400)
                    .body("errors[0].type", equalTo("HttpMessageNotReadableException"))
                    .body("errors[0].code", equalTo("validation_error"))
                    .body("errors[0].message", startsWith("Required request body is missing"));
        }
        for (String path : List.of("/entitlements", "/entitlements/state", "/tenants/" + UUID.randomUUID())) {
            Api.admin().put(path).then().statusCode(400)
                    .body("errors[0].type", equalTo("HttpMessageNotReadableException"))
                    .body("errors[0].code", equalTo("validation_error"))
                    .body("errors[0].message", startsWith("Required request body is missing"));
        }
    }

    @Test
    void unknownIdsAre404AndDuplicatesAre409() {
        Api.admin().get("/entitlement-flows/" + UUID.randomUUID()).then().statusCode(404)
                .body("errors[0].code", equalTo("not_found_error"));
        Api.admin().get("/application-flows/" + UUID.randomUUID() + "/stages/FlowInitializer").then().statusCode(404);
        Api.admin().get("/application-flows/" + UUID.randomUUID() + "/stages").then().statusCode(200)
                .body("totalRecords", equalTo(0));
        String name = "dup" + System.nanoTime();
        Api.tenant(name);
        Api.admin().body(Map.of("name", name)).post("/tenants").then().statusCode(409)
                .body("errors[0].code", equalTo("found_error"));
        Api.admin().get("/nowhere").then().statusCode(404).body("errors[0].code", equalTo("route_not_found_error"));
    }

    @Test
    void applicationIdsMustBeNameDashSemver() {
        Api.admin().body(Map.of("name", "App", "version", "1.0")).post("/applications").then().statusCode(400)
                .body("errors[0].message", equalTo("Invalid semantic version: source = App-1.0"))
                .body("errors[0].type", equalTo("IllegalArgumentException"));
        Api.admin().body(Map.of("name", "App", "version", "1.0.0-")).post("/applications").then().statusCode(400);
        Api.admin().body(Map.of("name", "App", "version", "1.0.0.0")).post("/applications").then().statusCode(400);
        Api.admin().body(Map.of("version", "1.0.0")).post("/applications").then().statusCode(400)
                .body("errors[0].parameters.key", hasItem("name"));
        String version = "1.2.3-rc.1+b" + System.nanoTime();
        Api.admin().body(Map.of("name", "App", "version", version)).post("/applications").then().statusCode(201)
                .body("id", equalTo("App-" + version));
        Api.admin().body(Map.of("name", "App", "version", version)).post("/applications").then().statusCode(409);
        Api.admin().body(Map.of("name", "App", "version", "2.0.0", "id", "Other-2.0.0")).post("/applications")
                .then().statusCode(400);
        String plain = "3." + (System.nanoTime() % 100000) + ".0";
        Api.admin().body(Map.of("name", "App", "version", plain, "moduleDescriptors", List.of(Map.of("id", "m-1.0.0"))))
                .post("/applications").then().statusCode(201);
        Api.admin().get("/applications/App-" + plain).then().statusCode(200).body("name", equalTo("App"))
                .body("moduleDescriptors", org.hamcrest.Matchers.nullValue());
        Api.admin().get("/applications/App-" + plain + "?full=true").then().statusCode(200)
                .body("moduleDescriptors[0].id", equalTo("m-1.0.0"));
        Api.admin().delete("/applications/App-" + plain).then().statusCode(204);
        Api.admin().get("/applications/App-" + plain).then().statusCode(404);
    }
}
