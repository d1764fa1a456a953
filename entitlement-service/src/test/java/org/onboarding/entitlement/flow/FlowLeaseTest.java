package org.onboarding.entitlement.flow;

import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.onboarding.entitlement.Api;
import org.onboarding.entitlement.FakeModules;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.onboarding.entitlement.Api.unique;

/**
 * A flow whose instance died (its lease lapsed, nobody renews it) is failed by a live instance, with a stage saying
 * why, and the same request can then be sent again; flows whose lease is alive, or that this instance runs, are left
 * alone.
 */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FlowLeaseTest {

    @Inject
    FlowStore flows;

    @Inject
    FlowLeaseConfig lease;

    @Inject
    Pool pool;

    private FakeModules modules;

    @BeforeAll
    void startModules() throws Exception {
        modules = new FakeModules();
    }

    @AfterAll
    void stopModules() {
        modules.close();
    }

    @Test
    void aFlowWhoseInstanceStoppedRenewingIsFailedAndTheRequestCanBeSentAgain() {
        UUID tenantId = Api.tenant(unique("lease"));
        String name = unique("leaseapp");
        String module = name + "-mod-1.0.0";
        String app = Api.application(name, "1.0.0", List.of(), modules, module);

        UUID lost = UUID.randomUUID();
        UUID lostApp = UUID.randomUUID();
        flow(lost, tenantId, "another-instance", Duration.ofSeconds(-1));
        sql("INSERT INTO application_flow (application_flow_id, flow_id, tenant_id, application_id, application_name, "
                + "application_version, type, status, started_at) VALUES ($1, $2, $3, $4, $5, '1.0.0', 'ENTITLE', "
                + "'IN_PROGRESS', now())", lostApp, lost, tenantId, app, name);
        sql("INSERT INTO flow_stage (flow_id, stage, status, started_at) VALUES ($1, $2, 'IN_PROGRESS', now())",
                lostApp, module + "-folioModuleInstaller");
        // alive elsewhere, and ours (lapsed, but this instance still runs it: its heartbeat renews it first)
        UUID alive = UUID.randomUUID();
        flow(alive, Api.tenant(unique("alive")), "another-instance", Duration.ofHours(1));
        UUID ours = UUID.randomUUID();
        flow(ours, Api.tenant(unique("ours")), lease.instance(), Duration.ofSeconds(-1));

        flows.renewLeases().chain(flows::failLostFlows).await().atMost(Duration.ofSeconds(30));

        Api.admin().get("/entitlement-flows/" + lost + "?includeStages=true").then().statusCode(200)
                .body("status", equalTo("failed"))
                .body("applicationFlows[0].status", equalTo("failed"));
        Api.admin().get("/application-flows/" + lostApp + "?includeStages=true").then().statusCode(200)
                .body("status", equalTo("failed"))
                .body("stages[0].name", equalTo(module + "-folioModuleInstaller"))
                .body("stages[0].status", equalTo("failed"))
                .body("stages[0].errorType", equalTo(FlowStore.LOST_FLOW_ERROR))
                .body("stages[0].errorMessage", startsWith("The instance running this flow stopped"));
        Api.admin().get("/entitlement-flows/" + alive).then().statusCode(200).body("status", equalTo("in_progress"));
        Api.admin().get("/entitlement-flows/" + ours).then().statusCode(200).body("status", equalTo("in_progress"));

        // the application is no longer held by an active flow: the same request runs again
        Api.admin().body(Map.of("tenantId", tenantId, "applications", List.of(app))).post("/entitlements")
                .then().statusCode(201);
        Api.admin().queryParam("query", "tenantId==" + tenantId).get("/entitlements").then().statusCode(200)
                .body("entitlements[0].applicationId", equalTo(app));
    }

    private void flow(UUID id, UUID tenantId, String owner, Duration leaseLeft) {
        sql("INSERT INTO flow (flow_id, tenant_id, type, status, started_at, owner, lease_until) "
                + "VALUES ($1, $2, 'ENTITLE', 'IN_PROGRESS', now(), $3, now() + $4::int * interval '1 second')",
                id, tenantId, owner, (int) leaseLeft.toSeconds());
    }

    private void sql(String statement, Object... params) {
        pool.preparedQuery(statement).execute(Tuple.from(List.of(params))).await().atMost(Duration.ofSeconds(30));
    }
}
