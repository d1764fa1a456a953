package org.onboarding.mdm;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.hamcrest.Matchers.aMapWithSize;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.onboarding.mdm.Api.ADMIN;
import static org.onboarding.mdm.Api.as;
import static org.onboarding.mdm.Api.organization;
import static org.onboarding.mdm.Api.policy;
import static org.onboarding.mdm.Api.tokens;
import static org.onboarding.mdm.Api.uniqueSlug;
import static org.onboarding.mdm.Api.user;

/** Rules that hold across the whole API: NUL bytes, omitted optional fields, list pages. */
@QuarkusTest
class ApiFidelityTest {

    private static final String NUL = "a\u0000b";

    private static String policies(String org) {
        return "/v1/organizations/" + org + "/mdm/windows/enterprise/policies";
    }

    private static String users(String org) {
        return "/v1/organizations/" + org + "/mdm/users";
    }

    private static void refused(io.restassured.response.Response response, String field) {
        response.then().statusCode(400).body("status", equalTo(false)).body("error.code", equalTo(3000))
                .body("error.message", equalTo("Validation Error"))
                .body("error.data[0].field", equalTo(field))
                .body("error.data[0].message", equalTo("\"" + field + "\" must not contain the NUL character"));
    }

    @Test
    void aNulByteInAnyStringIsAValidationErrorAndNothingIsWritten() {
        String slug = uniqueSlug("nul");
        refused(as(ADMIN).body(Map.of("name", NUL, "slug", slug)).post("/v1/organizations"), "name");
        as(ADMIN).get("/v1/organizations/" + slug).then().statusCode(404);

        String org = organization(true, 10).get("id");
        refused(as(ADMIN).body(Map.of("email", "n@example.com", "name", NUL)).post(users(org)), "name");
        refused(as(ADMIN).body(Map.of("email", "n@exa\u0000mple.com")).post(users(org)), "email");
        refused(as(ADMIN).body(Map.of("email", "n@example.com", "tags", List.of("ok", NUL))).post(users(org)),
                "tags[1]");
        refused(as(ADMIN).body(Map.of("email", "n@example.com", "metadata", Map.of("k", NUL))).post(users(org)),
                "metadata.k");
        refused(as(ADMIN).body(Map.of("email", "n@example.com", "metadata", Map.of(NUL, 1))).post(users(org)),
                "metadata");
        as(ADMIN).get(users(org)).then().body("data.totalDocs", equalTo(0));
        String employee = user(org, "n@example.com");
        refused(as(ADMIN).body(Map.of("name", NUL)).put(users(org) + "/" + employee), "name");

        refused(as(ADMIN).body(Map.of("name", NUL)).post(policies(org)), "name");
        refused(as(ADMIN).body(Map.of("name", "p", "config", Map.of("Browser/Home", NUL))).post(policies(org)),
                "config.Browser/Home");
        refused(as(ADMIN).body(Map.of("name", "p", "scripts", List.of(Map.of("name", NUL)))).post(policies(org)),
                "scripts[0].name");
        as(ADMIN).get(policies(org)).then().body("data.totalDocs", equalTo(0));
        String baseline = policy(org, "Baseline");
        refused(as(ADMIN).body(Map.of("name", NUL)).put(policies(org) + "/" + baseline), "name");

        refused(as(ADMIN).body(Map.of("mdmUserId", employee, "sendEmail", false, "displayName", NUL))
                .post(tokens(org)), "displayName");
        refused(as(ADMIN).body(Map.of("mdmUserId", employee, "sendEmail", false, "emailText", NUL))
                .post(tokens(org)), "emailText");
        refused(as(ADMIN).body(Map.of("userEmails", List.of("x" + NUL + "@example.com"), "sendEmail", false))
                .post(tokens(org) + "/bulk"), "userEmails[0]");
        as(ADMIN).get(tokens(org)).then().body("data.totalDocs", equalTo(0));
        String token = Api.token(org, employee);
        refused(as(ADMIN).body(Map.of("displayName", NUL)).put(tokens(org) + "/" + token), "displayName");
        as(ADMIN).get(tokens(org) + "/" + token).then().body("data", not(hasKey("displayName")));
    }

    @Test
    void optionalFieldsWithoutAValueAreLeftOutNotNull() {
        Map<String, String> created = organization(true, 10);
        String org = created.get("id");
        as(ADMIN).get("/v1/organizations/" + org).then().statusCode(200).body("data", not(hasKey("winEnterpriseId")));
        String employee = as(ADMIN).body(Map.of("email", "o@example.com")).post(users(org)).then().statusCode(200)
                .body("data", allOf(not(hasKey("name")), not(hasKey("language"))))
                .extract().path("data.id");
        Map<String, Object> sparse = new HashMap<>();
        sparse.put("name", "Sparse");
        sparse.put("config", Map.of("kept", List.of()));
        sparse.put("applications", List.of(Map.of("winApplicationId", "aaaaaaaaaaaaaaaaaaaaaaaa")));
        sparse.put("scripts", List.of(Map.of("type", "once")));
        sparse.put("assets", List.of(Map.of("scope", "user")));
        String policy = as(ADMIN).body(sparse).post(policies(org)).then().statusCode(200)
                .body("data", not(hasKey("agentConfiguration")))
                .body("data.applications[0]", aMapWithSize(1))
                .body("data.scripts[0]", aMapWithSize(1))
                .body("data.assets[0]", aMapWithSize(1))
                .extract().path("data.id");
        String token = as(ADMIN).body(Map.of("mdmUserId", employee, "sendEmail", false,
                        "winPolicyAssignments", List.of(Map.of("winPolicyId", policy, "priority", 0))))
                .post(tokens(org)).then().statusCode(200)
                .body("data", allOf(not(hasKey("winDeviceId")), not(hasKey("emailText")),
                        not(hasKey("winPolicyId")), not(hasKey("segmentId")), not(hasKey("displayName"))))
                .body("data.mdmUser", allOf(hasKey("email"), not(hasKey("displayName"))))
                .body("data.winPolicyAssignments[0].winPolicy", not(hasKey("agentConfiguration")))
                .body("data.winPolicyAssignments[0].winPolicy.scripts[0]", aMapWithSize(1))
                .extract().path("data.id");
        as(ADMIN).get(tokens(org) + "/" + token).then()
                .body("data", allOf(not(hasKey("winDeviceId")), not(hasKey("emailText")), not(hasKey("segmentId"))));
        as(ADMIN).get(tokens(org)).then()
                .body("data.items[0]", allOf(not(hasKey("winDeviceId")), not(hasKey("emailText"))))
                // a page's prevPage/nextPage stay null when there is none, as mongoose-paginate-v2 sends them
                .body("data", allOf(hasKey("prevPage"), hasKey("nextPage")))
                .body("data.prevPage", nullValue()).body("data.nextPage", nullValue());
        // null inside an opaque object is the caller's data and is kept
        as(ADMIN).body(Map.of("config", new HashMap<>(java.util.Collections.singletonMap("x", null))))
                .put(policies(org) + "/" + policy).then().statusCode(200).body("data.config", hasKey("x"));
    }

    @Test
    void everyPolicyCarriesItsInfoLists() {
        String org = organization(true, 10).get("id");
        String bare = policy(org, "Bare");
        as(ADMIN).get(policies(org) + "/" + bare).then().statusCode(200)
                .body("data.applicationsInfo", empty()).body("data.scriptsInfo", empty())
                .body("data.admxConfigsInfo", empty()).body("data.assetsInfo", empty());
        Map<String, Object> full = new HashMap<>();
        full.put("name", "Full");
        full.put("applications", List.of(Map.of("winApplicationId", "aaaaaaaaaaaaaaaaaaaaaaaa")));
        full.put("scripts", List.of(Map.of("id", "s1", "name", "Inventory")));
        full.put("admxConfigs", List.of(Map.of("winAdmxConfigId", "bbbbbbbbbbbbbbbbbbbbbbbb")));
        full.put("assets", List.of(Map.of("mdmAssetId", "cccccccccccccccccccccccc", "assetName", "logo.png")));
        String policy = as(ADMIN).body(full).post(policies(org)).then().statusCode(200)
                .body("data.applicationsInfo[0].id", equalTo("aaaaaaaaaaaaaaaaaaaaaaaa"))
                .body("data.scriptsInfo[0].id", equalTo("s1")).body("data.scriptsInfo[0].name", equalTo("Inventory"))
                .body("data.admxConfigsInfo[0].id", equalTo("bbbbbbbbbbbbbbbbbbbbbbbb"))
                .body("data.assetsInfo[0].name", equalTo("logo.png"))
                .extract().path("data.id");
        String employee = user(org, "i@example.com");
        String token = as(ADMIN).body(Map.of("mdmUserId", employee, "sendEmail", false, "winPolicyAssignments",
                        List.of(Map.of("winPolicyId", policy, "priority", 0), Map.of("winPolicyId", bare, "priority", 1))))
                .post(tokens(org)).then().statusCode(200).extract().path("data.id");
        // the policy embedded in the token carries them too
        as(ADMIN).get(tokens(org) + "/" + token).then().statusCode(200)
                .body("data.winPolicyAssignments[0].winPolicy.scriptsInfo[0].name", equalTo("Inventory"))
                .body("data.winPolicyAssignments[0].winPolicy.assetsInfo[0].id", equalTo("cccccccccccccccccccccccc"))
                .body("data.winPolicyAssignments[1].winPolicy.applicationsInfo", empty())
                .body("data.winPolicyAssignments[1].winPolicy.scriptsInfo", empty())
                .body("data.winPolicyAssignments[1].winPolicy.admxConfigsInfo", empty())
                .body("data.winPolicyAssignments[1].winPolicy.assetsInfo", empty());
    }

    @Test
    void pagingFarPastTheEndIsAnEmptyPageOnEveryList() {
        String org = organization(true, 10).get("id");
        String employee = user(org, "p@example.com");
        Api.token(org, employee);
        policy(org, "P");
        for (String list : List.of("/v1/organizations", users(org), tokens(org), policies(org))) {
            for (String page : List.of("30000000", "2147483647")) {
                as(ADMIN).queryParam("page", page).queryParam("limit", 100).get(list).then().statusCode(200)
                        .body("data.items", empty()).body("data.page", equalTo(Integer.parseInt(page)))
                        .body("data.hasNextPage", equalTo(false)).body("data.nextPage", nullValue())
                        .body("data.hasPrevPage", equalTo(true));
            }
        }
    }

    @Test
    void everyListCarriesLeanAndCapsTheLimitAtOneHundred() {
        String org = organization(true, 10).get("id");
        for (String list : List.of("/v1/organizations", users(org), tokens(org), policies(org))) {
            as(ADMIN).queryParam("limit", 100).get(list).then().statusCode(200)
                    .body("data.lean", equalTo(true)).body("data.limit", equalTo(100));
            as(ADMIN).queryParam("limit", 101).get(list).then().statusCode(400).body("error.code", equalTo(3000))
                    .body("error.data[0].field", equalTo("limit"));
        }
    }

    @Test
    void organisationsAndPoliciesSortByAnyOfTheirFields() {
        String small = organization(true, 3).get("id");
        String large = organization(true, 7).get("id");
        as(ADMIN).queryParam("sort", "plan.enrollmentTokenQuota:desc").queryParam("limit", 100)
                .get("/v1/organizations").then().statusCode(200)
                .body("data.items.findAll { it.id == '" + small + "' || it.id == '" + large + "' }.id",
                        contains(large, small));
        String first = policy(small, "b-policy");
        String second = policy(small, "a-policy");
        as(ADMIN).queryParam("sort", "id:asc").get(policies(small)).then().statusCode(200)
                .body("data.items.id", contains(first, second));
        as(ADMIN).queryParam("sort", "name").get(policies(small)).then().statusCode(200)
                .body("data.items.id", contains(second, first));
    }
}
