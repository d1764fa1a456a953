package org.onboarding.mdm.policy;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import org.onboarding.testsupport.TestTokens;

import java.util.List;
import java.util.Map;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.matchesPattern;
import static org.onboarding.mdm.Api.ADMIN;
import static org.onboarding.mdm.Api.as;
import static org.onboarding.mdm.Api.organization;
import static org.onboarding.mdm.Api.tokens;
import static org.onboarding.mdm.Api.user;

@QuarkusTest
class WinPolicyResourceTest {

    private static String policies(String org) {
        return "/v1/organizations/" + org + "/mdm/windows/enterprise/policies";
    }

    private static final Map<String, Object> FULL = Map.of(
            "name", "Corporate baseline",
            "config", Map.of("passwordRequired", true),
            "applications", List.of(Map.of("winApplicationId", "aaaaaaaaaaaaaaaaaaaaaaaa", "action", "forceInstall",
                    "configuration", Map.of("k", "v"), "updatePolicy", Map.of())),
            "scripts", List.of(Map.of("type", "loop", "id", "s1", "loopTime", 30, "name", "Inventory",
                    "resetDate", "2026-02-10T12:00:00.000Z", "runner", "powershell")),
            "admxConfigs", List.of(Map.of("winAdmxConfigId", "bbbbbbbbbbbbbbbbbbbbbbbb")),
            "assets", List.of(Map.of("mdmAssetId", "cccccccccccccccccccccccc", "location", "C:\\\\x",
                    "assetName", "wallpaper.png", "scope", "all-users")),
            "agentConfiguration", Map.of("enabled", true, "buildTag", "stable", "allowLocation", false,
                    "allowNetworkStatus", true, "allowPackageTime", true, "allowPackageTransfer", false));

    @Test
    void fullPolicyLifecycle() {
        String org = organization(true, 10).get("id");
        String id = as(ADMIN).body(FULL).post(policies(org)).then().statusCode(200)
                .body("data.id", matchesPattern("^[a-f0-9]{24}$"))
                .body("data.organizationId", equalTo(org))
                .body("data.winEnterpriseId", matchesPattern("^[a-f0-9]{24}$"))
                .body("data.version", equalTo(1))
                .body("data.config.passwordRequired", equalTo(true))
                .body("data.applications[0].action", equalTo("forceInstall"))
                .body("data.scripts[0].type", equalTo("loop"))
                .body("data.scripts[0].resetDate", equalTo("2026-02-10T12:00:00.000Z"))
                .body("data.admxConfigs[0].winAdmxConfigId", equalTo("bbbbbbbbbbbbbbbbbbbbbbbb"))
                .body("data.assets[0].scope", equalTo("all-users"))
                .body("data.agentConfiguration.buildTag", equalTo("stable"))
                .extract().path("data.id");

        as(TestTokens.viewer()).get(policies(org) + "/" + id).then().statusCode(200)
                .body("data.name", equalTo("Corporate baseline"));
        as(ADMIN).get(policies(org)).then().statusCode(200).body("data.items.id", contains(id))
                .body("data.totalDocs", equalTo(1));

        as(TestTokens.operator()).body(Map.of("name", "Renamed")).put(policies(org) + "/" + id).then()
                .statusCode(200).body("data.version", equalTo(2)).body("data.name", equalTo("Renamed"))
                .body("data.scripts[0].name", equalTo("Inventory"));
        as(ADMIN).body(Map.of("applications", List.of())).put(policies(org) + "/" + id).then()
                .body("data.version", equalTo(3)).body("data.applications.size()", equalTo(0));

        // in use by a live token: refused; once the token is deleted: allowed
        String employee = user(org, "gina@example.com");
        String tokenId = as(ADMIN).body(Map.of("mdmUserId", employee, "sendEmail", false,
                        "winPolicyAssignments", List.of(Map.of("winPolicyId", id, "priority", 5))))
                .post(tokens(org)).then().statusCode(200).extract().path("data.id");
        as(TestTokens.operator()).delete(policies(org) + "/" + id).then().statusCode(403)
                .body("error.code", equalTo(4003));
        as(ADMIN).delete(policies(org) + "/" + id).then().statusCode(409).body("error.code", equalTo(5001))
                .body("error.message", equalTo("Policy is used by 1 live enrollment token(s)"));
        as(ADMIN).delete(tokens(org) + "/" + tokenId).then().statusCode(200);
        as(ADMIN).delete(policies(org) + "/" + id).then().statusCode(200).body("data.id", equalTo(id));
        as(ADMIN).get(policies(org) + "/" + id).then().statusCode(404).body("error.code", equalTo(3001));
        // the deleted token still shows the policy it had
        as(ADMIN).get(tokens(org) + "/" + tokenId).then().statusCode(200)
                .body("data.winPolicyAssignments[0].winPolicy.name", equalTo("Renamed"));
        // a deleted policy can no longer be assigned
        as(ADMIN).body(Map.of("mdmUserId", employee, "sendEmail", false, "winPolicyId", id))
                .post(tokens(org)).then().statusCode(404).body("error.code", equalTo(3001));
    }

    @Test
    void invalidPoliciesAreRejected() {
        String org = organization(true, 10).get("id");
        as(ADMIN).body(Map.of("config", Map.of())).post(policies(org)).then().statusCode(400)
                .body("error.code", equalTo(3000)).body("error.data.field", hasItem("name"));
        as(ADMIN).body(Map.of("name", "x", "applications", List.of(Map.of("winApplicationId", "zz"))))
                .post(policies(org)).then().statusCode(400)
                .body("error.data.field", hasItem("applications[0].winApplicationId"));
        as(ADMIN).body(Map.of("name", "x", "assets", List.of(Map.of("scope", "galaxy"))))
                .post(policies(org)).then().statusCode(400).body("error.data[0].field", equalTo("assets[0].scope"));
        as(ADMIN).body(Map.of("name", "x", "scripts", List.of(Map.of("loopTime", -1))))
                .post(policies(org)).then().statusCode(400).body("error.data.field", hasItem("scripts[0].loopTime"));
        as(ADMIN).body(Map.of("name", "x", "agentConfiguration", Map.of("unknown", true)))
                .post(policies(org)).then().statusCode(400).body("error.code", equalTo(3000));
        as(TestTokens.viewer()).body(Map.of("name", "x")).post(policies(org)).then().statusCode(403);
        as(ADMIN).get(policies(org) + "/dddddddddddddddddddddddd").then().statusCode(404);
        String noMdm = organization(false, 10).get("id");
        as(ADMIN).body(Map.of("name", "x")).post(policies(noMdm)).then().statusCode(400)
                .body("error.code", equalTo(5050));
        String other = TestTokens.token().groups("admin").orgs("someone-else").sign();
        as(other).get(policies(org)).then().statusCode(404).body("error.code", equalTo(3001));
    }
}
