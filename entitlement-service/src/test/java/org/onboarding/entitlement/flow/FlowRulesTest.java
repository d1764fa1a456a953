package org.onboarding.entitlement.flow;

import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.onboarding.entitlement.Api;
import org.onboarding.entitlement.WithFakeModules;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.onboarding.entitlement.Api.unique;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Flow rules whose effect is in persisted state: the prior-flow choice and the desired-state rollback (see README, Contract notes, Prior-flow rules). */
@QuarkusTest
class FlowRulesTest extends WithFakeModules {

    @Inject
    Pool pool;

    private void insertAppFlow(UUID tenantId, String name, String type, OffsetDateTime started, OffsetDateTime finished) {
        UUID flowId = UUID.randomUUID();
        pool.preparedQuery("INSERT INTO flow (flow_id, tenant_id, type, status, started_at, finished_at) VALUES ($1, $2, $3, 'FINISHED', $4, $5)")
                .executeAndAwait(Tuple.of(flowId, tenantId, type, started, finished));
        pool.preparedQuery("INSERT INTO application_flow (application_flow_id, flow_id, tenant_id, application_id, application_name, "
                        + "application_version, type, status, started_at, finished_at) VALUES ($1, $2, $3, $4, $5, '1.0.0', $6, 'FINISHED', $7, $8)")
                .executeAndAwait(Tuple.tuple(List.of(UUID.randomUUID(), flowId, tenantId, name + "-1.0.0", name, type, started, finished)));
    }

    /** The last flow is the one that finished last, not the one that started last. */
    @Test
    void thePriorFlowIsTheOneThatFinishedLast() {
        UUID tenantId = Api.tenant(unique("prior"));
        String name = unique("prior-app");
        OffsetDateTime t0 = OffsetDateTime.of(2026, 1, 1, 10, 0, 0, 0, ZoneOffset.UTC);
        // an entitle that started first but finished last, and a revoke that started later but finished earlier
        insertAppFlow(tenantId, name, "ENTITLE", t0, t0.plusMinutes(30));
        insertAppFlow(tenantId, name, "REVOKE", t0.plusMinutes(10), t0.plusMinutes(20));

        Api.admin().body(Map.of("tenantId", tenantId, "applications", List.of(name + "-1.0.0")))
                .post("/entitlements/validate?entitlementRequestType=entitle&validator=ApplicationFlowValidator")
                .then().statusCode(400)
                .body("errors[0].message", equalTo("Found validation errors in entitlement request"))
                .body("errors[0].parameters[0].key", equalTo(name + "-1.0.0"))
                .body("errors[0].parameters[0].value", equalTo("Entitle flow finished"));
    }

    private List<String> dependencyRows(UUID tenantId, String applicationId) {
        List<String> rows = new ArrayList<>();
        for (Row r : pool.preparedQuery("SELECT parent_name || ' ' || parent_version FROM application_dependency "
                + "WHERE tenant_id = $1 AND application_id = $2 ORDER BY parent_name").executeAndAwait(Tuple.of(tenantId, applicationId))) {
            rows.add(r.getString(0));
        }
        return rows;
    }

    /** A revoke inside a desired-state flow that is rolled back gets its dependency rows saved again. */
    @Test
    void aRolledBackDesiredStateRestoresTheDependencyRowsOfItsRevokes() {
        TestTenant tenant = newTenant("dsr");
        String p = unique("dsr");
        String base = app(p + "-base", "1.0.0", p + "-mod-base-1.0.0");
        String leaf = Api.application(p + "-leaf", "1.0.0", List.of(Map.of("name", p + "-base", "version", "^1.0.0")),
                modules, p + "-mod-leaf-1.0.0");
        String fresh = app(p + "-fresh", "1.0.0", p + "-mod-fresh-1.0.0");
        Api.admin().body(Map.of("tenantId", tenant.id(), "applications", List.of(base, leaf))).post("/entitlements").then().statusCode(201);
        assertEquals(List.of(p + "-base ^1.0.0"), dependencyRows(tenant.id(), leaf));

        // desired: base + fresh → revoke leaf (runs first), entitle fresh, whose module fails: everything is rolled back
        modules.failNext(p + "-mod-fresh-1.0.0", 3);
        String flowId = Api.admin().body(Map.of("tenantId", tenant.id(), "applications", List.of(base, fresh)))
                .put("/entitlements/state").then().statusCode(400)
                .body("errors[0].type", equalTo("FlowCancelledException"))
                .extract().header("x-mgr-tenant-entitlement-flow-id");

        assertEquals(List.of(p + "-base ^1.0.0"), dependencyRows(tenant.id(), leaf));
        String leafFlow = Api.admin().queryParam("query", "flowId==" + flowId + " and applicationId==" + leaf)
                .get("/application-flows").then().extract().path("applicationFlows[0].id");
        Api.admin().get("/application-flows/" + leafFlow + "/stages/ApplicationDependencyCleaner").then().statusCode(200)
                .body("status", equalTo("cancelled"));
    }
}
