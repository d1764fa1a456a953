package org.onboarding.mdm;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;
import org.onboarding.mdm.security.Permission;
import org.onboarding.testsupport.TestTokens;

import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every JSON endpoint, one by one: without a token it answers 401 (4002); with a token whose roles lack the
 * operation's permission, 403 (4003); with one that has it, neither. A guard for any reshaping of the resources.
 */
@QuarkusTest
class EndpointAuthTest {

    private record Operation(String method, String path, Object body, Permission permission) {
    }

    private static final String UNKNOWN = "0123456789abcdef01234567";
    private static final List<String> ROLES = List.of("admin", "operator", "viewer", "nobody");

    @Test
    void everyOperationRequiresATokenAndItsPermission() {
        String org = Api.organization(true, 1000).get("id");
        String base = "/v1/organizations/" + org;
        String users = base + "/mdm/users";
        String tokens = Api.tokens(org);
        String policies = base + "/mdm/windows/enterprise/policies";
        String devices = base + "/mdm/windows/enterprise/devices";
        List<Operation> operations = List.of(
                new Operation("POST", "/v1/organizations", null, Permission.ORGANIZATION_CREATE),
                new Operation("GET", "/v1/organizations", null, Permission.ORGANIZATION_LIST),
                new Operation("GET", base, null, Permission.ORGANIZATION_GET),
                new Operation("POST", users, Map.of("email", "auth@example.com"), Permission.MDM_USER_CREATE),
                new Operation("GET", users, null, Permission.MDM_USER_LIST),
                new Operation("GET", users + "/" + UNKNOWN, null, Permission.MDM_USER_GET),
                new Operation("PUT", users + "/" + UNKNOWN, Map.of(), Permission.MDM_USER_UPDATE),
                new Operation("DELETE", users + "/" + UNKNOWN, null, Permission.MDM_USER_REMOVE),
                new Operation("POST", tokens, Map.of("mdmUserId", UNKNOWN, "sendEmail", false),
                        Permission.TOKEN_CREATE),
                new Operation("POST", tokens + "/bulk", Map.of("userEmails", List.of("bulk-auth@example.com"),
                        "sendEmail", false), Permission.TOKEN_CREATE),
                new Operation("GET", tokens, null, Permission.TOKEN_LIST),
                new Operation("GET", tokens + "/" + UNKNOWN, null, Permission.TOKEN_GET),
                new Operation("PUT", tokens + "/" + UNKNOWN, Map.of(), Permission.TOKEN_UPDATE),
                new Operation("DELETE", tokens + "/" + UNKNOWN, null, Permission.TOKEN_REMOVE),
                new Operation("POST", policies, Map.of("name", "Auth"), Permission.POLICY_CREATE),
                new Operation("GET", policies, null, Permission.POLICY_LIST),
                new Operation("GET", policies + "/" + UNKNOWN, null, Permission.POLICY_GET),
                new Operation("PUT", policies + "/" + UNKNOWN, Map.of(), Permission.POLICY_UPDATE),
                new Operation("DELETE", policies + "/" + UNKNOWN, null, Permission.POLICY_REMOVE),
                new Operation("GET", devices, null, Permission.DEVICE_LIST),
                new Operation("GET", devices + "/" + UNKNOWN, null, Permission.DEVICE_GET),
                new Operation("DELETE", devices + "/" + UNKNOWN, null, Permission.DEVICE_REMOVE));
        // the 22 operations of the API document
        assertEquals(22, operations.size());

        for (Operation operation : operations) {
            String name = operation.method() + " " + operation.path();
            Response anonymous = send(given().contentType(ContentType.JSON), operation);
            assertEquals(401, anonymous.statusCode(), name);
            assertEquals(4002, anonymous.jsonPath().getInt("error.code"), name);
            for (String role : ROLES) {
                String token = TestTokens.token().subject(role + "-caller").groups(role).orgs("*").sign();
                Response answer = send(Api.as(token), operation);
                if (Permission.grantedTo(role).contains(operation.permission())) {
                    assertTrue(answer.statusCode() != 401 && answer.statusCode() != 403,
                            name + " as " + role + ": " + answer.asString());
                } else {
                    assertEquals(403, answer.statusCode(), name + " as " + role);
                    assertEquals(4003, answer.jsonPath().getInt("error.code"), name + " as " + role);
                }
            }
        }
    }

    private static Response send(RequestSpecification request, Operation operation) {
        Object body = operation.body();
        if ("POST".equals(operation.method()) && operation.path().equals("/v1/organizations")) {
            String slug = Api.uniqueSlug("auth");
            body = Map.of("name", "Auth " + slug, "slug", slug);
        }
        if (body != null) {
            request = request.body(body);
        }
        return request.request(operation.method(), operation.path());
    }
}
