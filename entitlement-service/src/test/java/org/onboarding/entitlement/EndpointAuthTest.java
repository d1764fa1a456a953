package org.onboarding.entitlement;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

/**
 * Every endpoint family answers 401 {@code auth_error} without a token and with a token that does not verify, before
 * looking at the request: the lists, the flow reads, the entitlement writes, reinstall and the registry.
 */
@QuarkusTest
class EndpointAuthTest {

    private static final String ID = UUID.randomUUID().toString();
    private static final String BODY = "{\"tenantId\":\"" + ID + "\",\"applications\":[\"a-1.0.0\"]}";

    private record Call(String method, String path) {
    }

    private static final List<Call> CALLS = List.of(
            new Call("GET", "/entitlements"), new Call("POST", "/entitlements"), new Call("PUT", "/entitlements"),
            new Call("DELETE", "/entitlements"), new Call("PUT", "/entitlements/state"), new Call("POST", "/entitlements/validate"),
            new Call("GET", "/entitlements/modules/m-1.0.0"), new Call("GET", "/entitlements/t/applications"),
            new Call("GET", "/entitlement-flows"), new Call("GET", "/entitlement-flows/" + ID),
            new Call("GET", "/application-flows"), new Call("GET", "/application-flows/" + ID),
            new Call("GET", "/application-flows/" + ID + "/stages"), new Call("GET", "/application-flows/" + ID + "/stages/s"),
            new Call("POST", "/reinstall/applications"), new Call("POST", "/reinstall/modules"),
            new Call("GET", "/tenants"), new Call("POST", "/tenants"), new Call("GET", "/tenants/" + ID),
            new Call("GET", "/applications"), new Call("POST", "/applications"), new Call("GET", "/modules/discovery"));

    @Test
    void everyEndpointFamilyRefusesAMissingToken() {
        for (Call call : CALLS) {
            send(given(), call).then().statusCode(401)
                    .body("errors[0].code", equalTo("auth_error"))
                    .body("errors[0].message", equalTo("Failed to find auth token in request."));
        }
    }

    @Test
    void everyEndpointFamilyRefusesATokenThatDoesNotVerify() {
        for (Call call : CALLS) {
            send(given().header("x-okapi-token", "eyJhbGciOiJSUzI1NiJ9.e30.bad"), call).then().statusCode(401)
                    .body("errors[0].code", equalTo("auth_error"))
                    .body("errors[0].message", equalTo("Failed to validate a token"));
        }
    }

    private static io.restassured.response.Response send(RequestSpecification request, Call call) {
        RequestSpecification withBody = call.method().equals("GET") ? request
                : request.contentType(ContentType.JSON).body(BODY);
        return withBody.request(call.method(), call.path());
    }
}
