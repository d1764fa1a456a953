package org.onboarding.mdm.organization;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import org.onboarding.mdm.Api;
import org.onboarding.testsupport.TestTokens;

import java.util.Map;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.onboarding.mdm.Api.ADMIN;
import static org.onboarding.mdm.Api.as;

@QuarkusTest
class OrganizationResourceTest {

    @Test
    void adminCreatesAndReadsOrganisations() {
        String slug = Api.uniqueSlug("acme");
        String id = as(ADMIN).body(Map.of("name", "Acme", "slug", slug,
                        "plan", Map.of("windowsMdm", false, "enrollmentTokenQuota", 5)))
                .post("/v1/organizations").then().statusCode(200)
                .body("status", equalTo(true))
                .body("data.id", matchesPattern("^[a-f0-9]{24}$"))
                .body("data.plan.windowsMdm", equalTo(false))
                .body("data.plan.enrollmentTokenQuota", equalTo(5))
                .body("data", not(hasKey("winEnterpriseId")))
                .extract().path("data.id");
        as(ADMIN).get("/v1/organizations/" + slug.toUpperCase()).then().statusCode(200).body("data.id", equalTo(id));
        as(ADMIN).get("/v1/organizations/" + id).then().statusCode(200).body("data.slug", equalTo(slug));
        as(ADMIN).queryParam("limit", 100).get("/v1/organizations").then().statusCode(200)
                .body("data.totalDocs", org.hamcrest.Matchers.greaterThanOrEqualTo(1));

        as(ADMIN).body(Map.of("name", "Dup", "slug", slug.toUpperCase())).post("/v1/organizations")
                .then().statusCode(409).body("error.code", equalTo(5001));
        as(ADMIN).body(Map.of("name", "Bad", "slug", "a_")).post("/v1/organizations")
                .then().statusCode(400).body("error.data.field", hasItem("slug"));
        as(ADMIN).body(Map.of("name", "Hex", "slug", "abcdefabcdefabcdefabcdef")).post("/v1/organizations")
                .then().statusCode(400).body("error.code", equalTo(3000));
        as(TestTokens.operator()).body(Map.of("name", "Nope", "slug", Api.uniqueSlug("op")))
                .post("/v1/organizations").then().statusCode(403).body("error.code", equalTo(4003));

        String scoped = TestTokens.token().groups("admin").orgs(slug).sign();
        as(scoped).get("/v1/organizations").then().statusCode(200).body("data.totalDocs", equalTo(1))
                .body("data.items[0].id", equalTo(id));
        String other = TestTokens.token().groups("admin").orgs("elsewhere").sign();
        as(other).get("/v1/organizations/" + id).then().statusCode(404).body("error.code", equalTo(3001));
        as(other).get("/v1/organizations").then().body("data.items.id", not(hasItem(id)));
    }

    @Test
    void employeesAreUniquePerOrganisationByEmail() {
        String org = Api.organization(true, 10).get("id");
        String users = "/v1/organizations/" + org + "/mdm/users";
        String id = as(TestTokens.operator()).body(Map.of("email", "Hana@Example.com", "name", "Hana"))
                .post(users).then().statusCode(200).body("data.email", equalTo("Hana@Example.com"))
                .extract().path("data.id");
        as(ADMIN).body(Map.of("email", "hana@example.com")).post(users).then().statusCode(400)
                .body("error.code", equalTo(5048)).body("error.message", equalTo("Mdm user already exists"));
        as(ADMIN).body(Map.of("email", "not-an-email")).post(users).then().statusCode(400)
                .body("error.data.field", hasItem("email"));
        as(TestTokens.viewer()).get(users + "/" + id).then().statusCode(200).body("data.name", equalTo("Hana"));
        as(TestTokens.viewer()).body(Map.of("email", "v@example.com")).post(users).then().statusCode(403);
        as(ADMIN).get(users).then().statusCode(200).body("data.totalDocs", equalTo(1));
        as(ADMIN).get(users + "/eeeeeeeeeeeeeeeeeeeeeeee").then().statusCode(404).body("error.code", equalTo(3001));
    }
}
