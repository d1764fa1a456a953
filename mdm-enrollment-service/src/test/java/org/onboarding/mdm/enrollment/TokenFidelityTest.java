package org.onboarding.mdm.enrollment;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.onboarding.mdm.Api.ADMIN;
import static org.onboarding.mdm.Api.as;
import static org.onboarding.mdm.Api.organization;
import static org.onboarding.mdm.Api.policy;
import static org.onboarding.mdm.Api.tokens;
import static org.onboarding.mdm.Api.user;

/** Token list parameters and policy assignments as Applivery's schema has them. */
@QuarkusTest
class TokenFidelityTest {

    String org;
    String userId;

    @BeforeEach
    void setUp() {
        org = organization(true, 100).get("id");
        userId = user(org, "tess-" + org + "@example.com");
    }

    private String create(Map<String, Object> extra) {
        Map<String, Object> body = new HashMap<>(Map.of("mdmUserId", userId, "sendEmail", false));
        body.putAll(extra);
        return as(ADMIN).body(body).post(tokens(org)).then().statusCode(200).extract().path("data.id");
    }

    @Test
    void segmentIdFiltersTheList() {
        String one = create(Map.of("segmentId", 1, "displayName", "one"));
        String oneToo = create(Map.of("segmentId", 1, "displayName", "one too"));
        create(Map.of("segmentId", 2, "displayName", "two"));
        create(Map.of("displayName", "none"));
        as(ADMIN).queryParam("segmentId", 1).get(tokens(org)).then().statusCode(200)
                .body("data.totalDocs", equalTo(2)).body("data.items.id", containsInAnyOrder(one, oneToo))
                .body("data.items.segmentId", contains(1, 1));
        as(ADMIN).queryParam("segmentId", 3).get(tokens(org)).then().statusCode(200).body("data.totalDocs", equalTo(0));
        as(ADMIN).get(tokens(org)).then().body("data.totalDocs", equalTo(4));
        as(ADMIN).queryParam("segmentId", "one").get(tokens(org)).then().statusCode(400)
                .body("error.code", equalTo(3000)).body("error.data.field", hasItem("segmentId"));
    }

    @Test
    void sortAcceptsTheFieldsOfTheItemIncludingTheEmbeddedUser() {
        String zoe = user(org, "zoe-" + org + "@example.com");
        String adam = user(org, "adam-" + org + "@example.com");
        String tess = create(Map.of("segmentId", 5, "displayName", "c"));
        String zoes = create(Map.of("mdmUserId", zoe, "segmentId", 3, "displayName", "a"));
        String adams = create(Map.of("mdmUserId", adam, "segmentId", 9, "displayName", "b"));
        assertSortedAs("mdmUser.email:asc", adams, tess, zoes);
        assertSortedAs("mdmUser.email:desc", zoes, tess, adams);
        assertSortedAs("segmentId", zoes, tess, adams);
        assertSortedAs("name:desc", tess, adams, zoes);
        assertSortedAs("id:asc", tess, zoes, adams);
        // the pattern allows no field: the default order (newest first), or oldest first with :asc
        assertSortedAs(":asc", tess, zoes, adams);
        assertSortedAs("", adams, zoes, tess);
        // fields that are not the item's, or text outside the pattern, are refused, never passed to the query
        for (String bad : List.of("mdmUser.password", "t.id", "createdAt;drop table mdm_user", "id:sideways")) {
            as(ADMIN).queryParam("sort", bad).get(tokens(org)).then().statusCode(400)
                    .body("error.code", equalTo(3000)).body("error.data.field", hasItem("sort"));
        }
    }

    private void assertSortedAs(String sort, String... ids) {
        as(ADMIN).queryParam("sort", sort).get(tokens(org)).then().statusCode(200)
                .body("data.items.id", contains(ids));
    }

    @Test
    void anAssignmentWithoutAPolicyIsAccepted() {
        String baseline = policy(org, "Baseline");
        String id = as(ADMIN).body(Map.of("mdmUserId", userId, "sendEmail", false, "winPolicyAssignments",
                        List.of(Map.of("priority", 5), Map.of("winPolicyId", baseline, "priority", 1))))
                .post(tokens(org)).then().statusCode(200)
                .body("data.winPolicyAssignments", hasSize(2))
                .body("data.winPolicyAssignments[0].priority", equalTo(5))
                .body("data.winPolicyAssignments[0]", not(hasKey("winPolicyId")))
                .body("data.winPolicyAssignments[0]", not(hasKey("winPolicy")))
                .body("data.winPolicyAssignments[1].winPolicy.name", equalTo("Baseline"))
                .extract().path("data.id");
        as(ADMIN).get(tokens(org)).then().statusCode(200)
                .body("data.items[0].winPolicyAssignments.priority", contains(5, 1));
        as(ADMIN).body(Map.of("winPolicyAssignments", List.of(Map.of("priority", 7), Map.of("priority", 8))))
                .put(tokens(org) + "/" + id).then().statusCode(200)
                .body("data.winPolicyAssignments.priority", contains(7, 8));
        as(ADMIN).get(tokens(org) + "/" + id).then().body("data.winPolicyAssignments.priority", contains(7, 8));
        // the priority stays required
        as(ADMIN).body(Map.of("winPolicyAssignments", List.of(Map.of("winPolicyId", baseline))))
                .put(tokens(org) + "/" + id).then().statusCode(400)
                .body("error.data.field", hasItem("winPolicyAssignments[0].priority"));
    }

    @Test
    void winPolicyIdNullOnPutClearsThePolicyAndAbsentKeepsIt() {
        String kiosk = policy(org, "Kiosk");
        String id = create(Map.of("winPolicyId", kiosk));
        as(ADMIN).body(Map.of("displayName", "kept")).put(tokens(org) + "/" + id).then().statusCode(200)
                .body("data.winPolicyId", equalTo(kiosk));
        // the policy is in use by a live token, so it cannot be deleted yet
        as(ADMIN).delete("/v1/organizations/" + org + "/mdm/windows/enterprise/policies/" + kiosk).then()
                .statusCode(409);
        as(ADMIN).body("{\"winPolicyId\": null}").put(tokens(org) + "/" + id).then().statusCode(200)
                .body("data", not(hasKey("winPolicyId"))).body("data.displayName", equalTo("kept"));
        as(ADMIN).get(tokens(org) + "/" + id).then().body("data", not(hasKey("winPolicyId")));
        // no live token uses it any more
        as(ADMIN).delete("/v1/organizations/" + org + "/mdm/windows/enterprise/policies/" + kiosk).then()
                .statusCode(200);
        as(ADMIN).body("{\"winPolicyId\": \"nothex\"}").put(tokens(org) + "/" + id).then().statusCode(400)
                .body("error.data.field", hasItem("winPolicyId"));
    }
}
