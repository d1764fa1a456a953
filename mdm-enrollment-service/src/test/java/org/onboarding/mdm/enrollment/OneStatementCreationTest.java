package org.onboarding.mdm.enrollment;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.onboarding.testsupport.TestTokens;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.onboarding.mdm.Api.ADMIN;
import static org.onboarding.mdm.Api.as;
import static org.onboarding.mdm.Api.organization;
import static org.onboarding.mdm.Api.policy;
import static org.onboarding.mdm.Api.tokens;
import static org.onboarding.mdm.Api.user;

/**
 * A token creation is one SQL statement that also resolves the organisation for the caller and reads the employee
 * (README "Quota"): every refusal it decides gets the API's own envelope, exactly as before, and leaves nothing
 * written (no token, no assignment, no counter or list-count change); the organisation is found by id or slug in any
 * case, within the caller's claim only; the first token of an organisation creates its Windows enterprise once.
 */
@QuarkusTest
class OneStatementCreationTest {

    private static final String NOT_FOUND = "{\"status\":false,\"error\":{\"code\":3001,\"message\":\"Entity not found\"}}";
    private static final String PLAN = "{\"status\":false,\"error\":{\"code\":5050,\"message\":\"Feature not allowed for you billing plan\"}}";
    private static final String QUOTA = "{\"status\":false,\"error\":{\"code\":5017,\"message\":\"Limit Exceeded\"}}";

    @Inject
    Pool pool;

    @Test
    void refusalsUseTheEnvelopeAndWriteNothing() throws Throwable {
        Map<String, String> created = organization(true, 1);
        String org = created.get("id");
        String employee = user(org, "one-statement@example.com");
        String gone = user(org, "gone@example.com");
        as(ADMIN).delete("/v1/organizations/" + org + "/mdm/users/" + gone).then().statusCode(200);
        String other = organization(true, 10).get("id");
        String stranger = user(other, "stranger@example.com");
        String foreignPolicy = policy(other, "foreign");
        String deletedPolicy = policy(org, "deleted");
        as(ADMIN).delete("/v1/organizations/" + org + "/mdm/windows/enterprise/policies/" + deletedPolicy)
                .then().statusCode(200);
        String noMdm = organization(false, 10).get("id");
        String noMdmEmployee = user(noMdm, "no-mdm@example.com");
        String scopedToOther = TestTokens.token().groups("admin").orgs(other).sign();
        // the organisation gets its Windows enterprise (and a token) first: the refusals below run the one statement
        String first = create(ADMIN, org, body(employee)).then().statusCode(200).extract().path("data.id");
        Written before = written(org);

        assertRefused(NOT_FOUND, 404, create(ADMIN, "aaaaaaaaaaaaaaaaaaaaaaaa", body(employee)));
        assertRefused(NOT_FOUND, 404, create(ADMIN, "no-such-organization", body(employee)));
        assertRefused(NOT_FOUND, 404, create(scopedToOther, org, body(employee)));
        assertRefused(NOT_FOUND, 404, create(scopedToOther, created.get("slug"), body(employee)));
        assertRefused(NOT_FOUND, 404, create(ADMIN, org, body("cccccccccccccccccccccccc")));
        assertRefused(NOT_FOUND, 404, create(ADMIN, org, body(gone)));
        assertRefused(NOT_FOUND, 404, create(ADMIN, org, body(stranger)));
        assertRefused(NOT_FOUND, 404, create(ADMIN, org, Map.of("mdmUserId", employee, "sendEmail", false,
                "winPolicyId", foreignPolicy)));
        assertRefused(NOT_FOUND, 404, create(ADMIN, org, Map.of("mdmUserId", employee, "sendEmail", false,
                "winPolicyAssignments", List.of(Map.of("winPolicyId", deletedPolicy, "priority", 1)))));
        assertRefused(PLAN, 400, create(ADMIN, noMdm, body(noMdmEmployee)));
        // quota 1, one live token: with a valid assignment too, nothing of it is written
        String live = policy(org, "live");
        assertRefused(QUOTA, 400, create(ADMIN, org, Map.of("mdmUserId", employee, "sendEmail", false,
                "winPolicyAssignments", List.of(Map.of("winPolicyId", live, "priority", 1)))));
        assertEquals(before, written(org));
        assertEquals(0, written(noMdm).tokens());

        // and once there is room, the same request succeeds with its assignment
        as(ADMIN).delete(tokens(org) + "/" + first).then().statusCode(200);
        create(ADMIN, org, Map.of("mdmUserId", employee, "sendEmail", false,
                "winPolicyAssignments", List.of(Map.of("winPolicyId", live, "priority", 1))))
                .then().statusCode(200).body("data.winPolicyAssignments[0].winPolicy.id", equalTo(live));
    }

    @Test
    void theOrganisationIsFoundByIdOrSlugInAnyCaseWithinTheCallersClaim() {
        Map<String, String> created = organization(true, 10);
        String org = created.get("id");
        String slug = created.get("slug");
        String employee = user(org, "any-case@example.com");
        String enterprise = create(ADMIN, org.toUpperCase(Locale.ROOT), body(employee.toUpperCase(Locale.ROOT)))
                .then().statusCode(200).body("data.organizationId", equalTo(org))
                .body("data.mdmUser.id", equalTo(employee)).body("data.mdmUser.email", equalTo("any-case@example.com"))
                .body("data.mdmUser.displayName", equalTo("Employee any-case@example.com"))
                .extract().path("data.winEnterpriseId");
        assertNotNull(enterprise);
        as(ADMIN).get("/v1/organizations/" + org).then().body("data.winEnterpriseId", equalTo(enterprise));

        String claimById = TestTokens.token().groups("admin").orgs(org).sign();
        String claimBySlug = TestTokens.token().groups("admin").orgs(slug.toUpperCase(Locale.ROOT)).sign();
        for (String caller : List.of(claimById, claimBySlug)) {
            for (String path : List.of(org, slug, slug.toUpperCase(Locale.ROOT))) {
                create(caller, path, body(employee)).then().statusCode(200)
                        .body("data.organizationId", equalTo(org)).body("data.winEnterpriseId", equalTo(enterprise));
            }
        }
    }

    @Test
    void concurrentFirstCreationsMakeOneWindowsEnterprise() throws Exception {
        String org = organization(true, 100).get("id");
        String employee = user(org, "first-tokens@example.com");
        int n = 10;
        ExecutorService threads = Executors.newFixedThreadPool(n);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<String>> results = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                Callable<String> creation = () -> {
                    start.await();
                    return create(ADMIN, org, body(employee)).then().statusCode(200)
                            .extract().path("data.winEnterpriseId");
                };
                results.add(threads.submit(creation));
            }
            start.countDown();
            Set<String> enterprises = new HashSet<>();
            for (Future<String> result : results) {
                enterprises.add(result.get());
            }
            String stored = as(ADMIN).get("/v1/organizations/" + org).then().extract().path("data.winEnterpriseId");
            assertEquals(Set.of(stored), enterprises);
            as(ADMIN).get(tokens(org) + "?limit=1").then().body("data.totalDocs", equalTo(n));
        } finally {
            threads.shutdownNow();
        }
    }

    private static Map<String, Object> body(String mdmUserId) {
        return Map.of("mdmUserId", mdmUserId, "sendEmail", false);
    }

    private static Response create(String caller, String organization, Map<String, Object> body) {
        return as(caller).body(body).post(tokens(organization));
    }

    private static void assertRefused(String envelope, int status, Response response) {
        assertEquals(status, response.statusCode(), response.asString());
        assertEquals(envelope, response.asString());
    }

    /** What the organisation's tokens left in the database: rows, assignments, PENDING counter, list count. */
    private record Written(long tokens, long assignments, long pendingCounter, long listCount) {
    }

    private Written written(String org) throws Throwable {
        Row row = VertxContextSupport.subscribeAndAwait(() -> pool.preparedQuery(
                        "select (select count(*) from win_enrollment_token t where t.organization_id = o.id),"
                                + " (select count(*) from win_policy_assignment a join win_enrollment_token t"
                                + " on t.id = a.token_id where t.organization_id = o.id),"
                                + " o.win_pending_tokens,"
                                + " (select coalesce(sum(n), 0) from mdm_list_count c"
                                + " where c.list = 'win_enrollment_token' and c.organization_id = o.id)"
                                + " from organization o where o.id = $1")
                .execute(Tuple.of(org)).map(rows -> rows.iterator().next()));
        return new Written(row.getLong(0), row.getLong(1), row.getLong(2), row.getLong(3));
    }
}
