package org.onboarding.mdm.enrollment;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.onboarding.testsupport.AtOnce;
import org.junit.jupiter.api.Test;
import org.onboarding.testsupport.TestTokens;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.onboarding.mdm.Api.ADMIN;
import static org.onboarding.mdm.Api.as;
import static org.onboarding.mdm.Api.organization;
import static org.onboarding.mdm.Api.tokens;
import static org.onboarding.mdm.Api.user;

/**
 * {@code Idempotency-Key} on token creation: a replay answers the first token, concurrent replays make one token,
 * and the provisioning service's role reaches what onboarding needs and nothing more.
 */
@QuarkusTest
class IdempotentTokenCreationTest {

    private static Response create(String token, String org, String employee, String key) {
        var request = as(token).body(Map.of("mdmUserId", employee, "sendEmail", false, "duration", 3600));
        if (key != null) {
            request.header("Idempotency-Key", key);
        }
        return request.post(tokens(org));
    }

    @Test
    void aReplayWithTheSameKeyAnswersTheSameToken() {
        String org = organization(true, 10).get("id");
        String employee = user(org, "replay@example.com");
        Response first = create(ADMIN, org, employee, "item-1:mdm");
        first.then().statusCode(200);
        Response again = create(ADMIN, org, employee, "item-1:mdm");
        again.then().statusCode(200)
                .body("data.id", equalTo(first.path("data.id")))
                .body("data.enrollCode", equalTo(first.path("data.enrollCode")))
                .body("data.enrollmentLink", equalTo(first.path("data.enrollmentLink")));
        // another key, or none, is another token
        create(ADMIN, org, employee, "item-2:mdm").then().statusCode(200)
                .body("data.id", not(equalTo(first.path("data.id"))));
        create(ADMIN, org, employee, null).then().statusCode(200);
        as(ADMIN).get(tokens(org)).then().body("data.totalDocs", equalTo(3));
    }

    @Test
    void theKeyIsPerOrganisation() {
        String one = organization(true, 10).get("id");
        String two = organization(true, 10).get("id");
        String a = create(ADMIN, one, user(one, "same@example.com"), "shared-key").path("data.id");
        String b = create(ADMIN, two, user(two, "same@example.com"), "shared-key").path("data.id");
        assertNotEquals(a, b);
    }

    @Test
    void aKeyReusedForAnotherEmployeeOrMalformedIsAValidationError() {
        String org = organization(true, 10).get("id");
        create(ADMIN, org, user(org, "first@example.com"), "k-1").then().statusCode(200);
        create(ADMIN, org, user(org, "second@example.com"), "k-1").then().statusCode(400)
                .body("error.code", equalTo(3000)).body("error.data[0].field", equalTo("Idempotency-Key"));
        create(ADMIN, org, user(org, "third@example.com"), "x".repeat(256)).then().statusCode(400)
                .body("error.code", equalTo(3000));
        create(ADMIN, org, user(org, "fourth@example.com"), "caf\u00e9").then().statusCode(400)
                .body("error.code", equalTo(3000));
        as(ADMIN).get(tokens(org)).then().body("data.totalDocs", equalTo(1));
    }

    @Test
    void twentyConcurrentReplaysMakeExactlyOneToken() throws Exception {
        String org = organization(true, 50).get("id");
        String employee = user(org, "burst@example.com");
        Set<String> ids = new HashSet<>();
        for (Response response : AtOnce.run(20, () -> create(ADMIN, org, employee, "burst-key"))) {
            assertEquals(200, response.statusCode(), response.asString());
            ids.add(response.path("data.id"));
        }
        assertEquals(1, ids.size());
        as(ADMIN).get(tokens(org)).then().body("data.totalDocs", equalTo(1));
    }

    @Test
    void usersAreFoundByEmailIgnoringCase() {
        String org = organization(true, 10).get("id");
        String id = user(org, "Mixed.Case@Example.com");
        user(org, "other@example.com");
        as(ADMIN).queryParam("email", "mixed.case@example.COM").get("/v1/organizations/" + org + "/mdm/users")
                .then().statusCode(200).body("data.items", hasSize(1)).body("data.items[0].id", equalTo(id));
        as(ADMIN).queryParam("email", "nobody@example.com").get("/v1/organizations/" + org + "/mdm/users")
                .then().statusCode(200).body("data.items", hasSize(0));
        as(ADMIN).queryParam("email", "a\u0000b@example.com").get("/v1/organizations/" + org + "/mdm/users")
                .then().statusCode(400).body("error.code", equalTo(3000));
    }

    @Test
    void theProvisioningServiceRoleOnboardsAndDoesNothingElse() {
        String service = TestTokens.token().subject("provisioning-service").groups("provisioning-service").sign();
        Map<String, String> org = organization(true, 10);
        String users = "/v1/organizations/" + org.get("slug") + "/mdm/users";
        as(service).get("/v1/organizations/" + org.get("slug")).then().statusCode(200);
        as(service).get("/v1/organizations/" + org.get("id") + "/mdm/windows/enterprise/policies").then().statusCode(200);
        String employee = as(service).body(Map.of("email", "new.hire@example.com")).post(users)
                .then().statusCode(200).extract().path("data.id");
        as(service).queryParam("email", "new.hire@example.com").get(users).then().statusCode(200)
                .body("data.items[0].id", equalTo(employee));
        String token = create(service, org.get("id"), employee, "svc-1").then().statusCode(200).extract().path("data.id");
        // nothing beyond onboarding: reading, changing or removing tokens, users, policies, organisations
        as(service).get(tokens(org.get("id"))).then().statusCode(403);
        as(service).delete(tokens(org.get("id")) + "/" + token).then().statusCode(403);
        as(service).delete(users + "/" + employee).then().statusCode(403);
        as(service).body(Map.of("name", "p")).post("/v1/organizations/" + org.get("id") + "/mdm/windows/enterprise/policies")
                .then().statusCode(403);
        as(service).get("/v1/organizations").then().statusCode(403);
    }
}
