package org.onboarding.entitlement.flow;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;
import org.onboarding.entitlement.Api;
import org.onboarding.entitlement.FakeModules;
import org.onboarding.entitlement.WithFakeModules;
import org.onboarding.testsupport.AtOnce;
import org.onboarding.testsupport.TestTokens;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import static org.onboarding.entitlement.Api.unique;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Entitle flows against real module HTTP servers and a real PostgreSQL. */
@QuarkusTest
class EntitleFlowTest extends WithFakeModules {

    /** {@link #chain} whose B module fails its three attempts. */
    private List<String> chainFailingAtB(String prefix) {
        modules.failNext(prefix + "-mod-b-1.0.0", 3);
        return chain(prefix);
    }

    /** C depends on B depends on A; requested in the order C, A, B. */
    private List<String> chain(String prefix) {
        String a = app(prefix + "-a", "1.0.0", prefix + "-mod-a-1.0.0");
        String b = Api.application(prefix + "-b", "1.0.0", List.of(Map.of("name", prefix + "-a", "version", "^1.0.0")),
                modules, prefix + "-mod-b-1.0.0");
        String c = Api.application(prefix + "-c", "1.0.0", List.of(Map.of("name", prefix + "-b", "version", ">=1.0.0 <2.0.0")),
                modules, prefix + "-mod-c-1.0.0");
        return List.of(a, b, c);
    }

    private static Response entitle(UUID tenantId, List<String> apps, String query) {
        return Api.admin().body(body(tenantId, apps)).post("/entitlements" + query);
    }

    @Test
    void dependencyLayersCallModulesInOrderAndRecordTheFlow() {
        TestTenant tenant = newTenant("diku");
        String p = unique("lay");
        List<String> apps = chain(p);

        Response response = entitle(tenant.id(), List.of(apps.get(2), apps.get(0), apps.get(1)), "?tenantParameters=loadReference=true");
        response.then().statusCode(201)
                .body("totalRecords", equalTo(3))
                .body("entitlements.applicationId", contains(apps.get(2), apps.get(0), apps.get(1)))
                .body("entitlements[0].tenantId", equalTo(tenant.id().toString()));
        String flowId = response.path("flowId");

        List<FakeModules.Call> calls = modules.callsFor(tenant.name());
        assertEquals(List.of(p + "-mod-a-1.0.0", p + "-mod-b-1.0.0", p + "-mod-c-1.0.0"),
                calls.stream().map(FakeModules.Call::module).toList());
        assertEquals("{\"module_to\":\"" + p + "-mod-a-1.0.0\",\"parameters\":[{\"key\":\"loadReference\",\"value\":\"true\"}]}",
                calls.get(0).body());

        Api.admin().get("/entitlement-flows/" + flowId + "?includeStages=true").then().statusCode(200)
                .body("status", equalTo("finished")).body("type", equalTo("entitle"))
                .body("stages.name", contains("FlowInitializer", "ApplicationFlowValidator", "TenantLoader",
                        "ApplicationDescriptorTreeLoader", "InterfaceIntegrityValidator", "ApplicationFlowQueuingStage",
                        "FinishedFlowFinalizer"))
                .body("stages.status", contains("finished", "finished", "finished", "finished", "finished", "finished", "finished"))
                .body("applicationFlows.applicationId", contains(apps.get(0), apps.get(1), apps.get(2)))
                .body("applicationFlows.status", contains("finished", "finished", "finished"))
                .body("applicationFlows[0].stages.name", contains("ApplicationFlowInitializer", "ApplicationDescriptorValidator",
                        "ApplicationDependencySaver",
                        "EntitleRequestDependencyValidator", "ApplicationDiscoveryLoader",
                        p + "-mod-a-1.0.0-folioModuleInstaller", "EntitleApplicationFlowFinalizer"));

        Api.admin().queryParam("tenant", tenant.name()).queryParam("includeModules", true).get("/entitlements").then()
                .statusCode(200).body("totalRecords", equalTo(3))
                .body("entitlements.applicationId", contains(apps.get(0), apps.get(1), apps.get(2)))
                .body("entitlements[1].modules", contains(p + "-mod-b-1.0.0"));
        Api.admin().queryParam("query", "flowId==" + flowId + " sortBy applicationId/sort.descending")
                .get("/application-flows").then().statusCode(200)
                .body("applicationFlows.applicationId", contains(apps.get(2), apps.get(1), apps.get(0)));
        Api.admin().get("/entitlements/modules/" + p + "-mod-a-1.0.0").then().statusCode(200)
                .body("entitlements.applicationId", contains(apps.get(0)));

        // entitling again is refused inside the flow and rolled back (ignoreErrors=false): 400 with the flow id
        entitle(tenant.id(), List.of(apps.get(0)), "").then().statusCode(400)
                .header("x-mgr-tenant-entitlement-flow-id", org.hamcrest.Matchers.notNullValue())
                .body("errors[0].type", equalTo("FlowCancelledException"))
                .body("errors[0].code", equalTo("service_error"))
                .body("errors[0].message", org.hamcrest.Matchers.endsWith("finished with status: CANCELLED"))
                .body("errors[0].parameters[0].key", equalTo("ApplicationFlowValidator"))
                .body("errors[0].parameters[0].value", equalTo("FAILED: [RequestValidationException] Found validation errors "
                        + "in entitlement request, parameters: [{key: " + apps.get(0) + ", value: Entitle flow finished}]"));
    }

    @Test
    void missingDependencyAndUnknownTenantFailTheFlow() {
        String p = unique("dep");
        List<String> apps = chain(p);
        UUID tenantId = Api.tenant(unique("t"));
        entitle(tenantId, List.of(apps.get(1)), "?ignoreErrors=true").then().statusCode(400)
                .body("errors[0].type", equalTo("FlowExecutionException"))
                .body("errors[0].parameters[0].key", equalTo("ApplicationDescriptorTreeLoader"))
                .body("errors[0].parameters[0].value", startsWith("FAILED: [RequestValidationException] Entitled application(s) is not found"));
        UUID unknown = UUID.randomUUID();
        entitle(unknown, List.of(apps.get(0)), "").then().statusCode(400)
                .body("errors[0].parameters[0].value", equalTo("FAILED: [EntityNotFoundException] Tenant is not found: " + unknown));
    }

    @Test
    void failingModuleIsRetriedThenEarlierLayersAreRolledBack() {
        TestTenant tenant = newTenant("roll");
        String p = unique("rb");
        List<String> apps = chainFailingAtB(p);

        Response response = entitle(tenant.id(), apps, "?purgeOnRollback=true");
        response.then().statusCode(400)
                .body("errors[0].type", equalTo("FlowCancelledException"))
                .body("errors[0].parameters.key", hasItem(p + "-mod-b-1.0.0-folioModuleInstaller"));
        String flowId = response.header("x-mgr-tenant-entitlement-flow-id");

        Api.admin().get("/entitlement-flows/" + flowId + "?includeStages=true").then().statusCode(200)
                .body("status", equalTo("cancelled"))
                .body("stages.name", hasItem("CancelledFlowFinalizer"))
                .body("applicationFlows.applicationId", contains(apps.get(0), apps.get(1)))   // C never started: deleted
                .body("applicationFlows.status", contains("cancelled", "cancelled"));
        String appFlowB = Api.admin().queryParam("query", "flowId==" + flowId + " and applicationId==" + apps.get(1))
                .get("/application-flows").then().statusCode(200).extract().path("applicationFlows[0].id");
        Api.admin().get("/application-flows/" + appFlowB + "/stages/" + p + "-mod-b-1.0.0-folioModuleInstaller").then()
                .statusCode(200).body("status", equalTo("failed")).body("retriesCount", equalTo(3))   // every failed call
                .body("errorType", equalTo("IntegrationException"))
                .body("retriesInfo", org.hamcrest.Matchers.containsString("status: 500"));
        String appFlowA = Api.admin().queryParam("query", "flowId==" + flowId + " and applicationId==" + apps.get(0))
                .get("/application-flows").then().extract().path("applicationFlows[0].id");
        Api.admin().get("/application-flows/" + appFlowA + "?includeStages=true").then().statusCode(200)
                .body("status", equalTo("cancelled"))
                .body("stages.find { it.name == 'EntitleApplicationFlowFinalizer' }.status", equalTo("cancelled"))
                .body("stages.find { it.name == '" + p + "-mod-a-1.0.0-folioModuleInstaller' }.status", equalTo("cancelled"));

        // A was rolled back: no entitlement, and (purgeOnRollback) its module purged after being enabled
        Api.admin().queryParam("tenant", tenant.name()).get("/entitlements").then().body("totalRecords", equalTo(0));
        List<FakeModules.Call> calls = modules.callsFor(tenant.name());
        assertEquals(List.of(p + "-mod-a-1.0.0", p + "-mod-b-1.0.0", p + "-mod-b-1.0.0", p + "-mod-b-1.0.0", p + "-mod-a-1.0.0"),
                calls.stream().map(FakeModules.Call::module).toList());
        assertEquals("{\"module_from\":\"" + p + "-mod-a-1.0.0\",\"purge\":true}", calls.get(4).body());

        // after a cancelled entitle, a retry is allowed and succeeds
        entitle(tenant.id(), apps, "").then().statusCode(201);
        Api.admin().queryParam("tenant", tenant.name()).get("/entitlements").then().body("totalRecords", equalTo(3));
    }

    @Test
    void withIgnoreErrorsFinishedApplicationsAreKept() {
        TestTenant tenant = newTenant("keep");
        String p = unique("ie");
        List<String> apps = chainFailingAtB(p);

        String flowId = entitle(tenant.id(), apps, "?ignoreErrors=true").then().statusCode(400)
                .body("errors[0].type", equalTo("FlowExecutionException"))
                .body("errors[0].message", org.hamcrest.Matchers.endsWith("finished with status: FAILED"))
                .extract().header("x-mgr-tenant-entitlement-flow-id");
        Api.admin().get("/entitlement-flows/" + flowId).then()
                .body("status", equalTo("failed"))
                .body("applicationFlows.status", contains("finished", "failed"));
        Api.admin().queryParam("tenant", tenant.name()).get("/entitlements").then()
                .body("entitlements.applicationId", contains(apps.get(0)));
    }

    @Test
    void asyncReturnsTheFlowIdAtOnce() {
        TestTenant tenant = newTenant("async");
        String app = app(unique("asy"), "1.0.0", unique("asy-mod") + "-1.0.0");
        String flowId = entitle(tenant.id(), List.of(app), "?async=true").then().statusCode(201)
                .body("entitlements[0].applicationId", equalTo(app)).extract().path("flowId");
        await().untilAsserted(() -> Api.admin().get("/entitlement-flows/" + flowId).then().statusCode(200)
                .body("status", equalTo("finished")));
    }

    @Test
    void tenantsClaimBoundsTheCaller() {
        TestTenant tenant = newTenant("scoped");
        String app = app(unique("sc"), "1.0.0");
        String other = TestTokens.token().groups("operator").tenants("someone-else").sign();
        given().header("x-okapi-token", other).contentType("application/json")
                .body(Map.of("tenantId", tenant.id(), "applications", List.of(app))).post("/entitlements")
                .then().statusCode(403).body("errors[0].code", equalTo("auth_error"));
        given().header("x-okapi-token", other).queryParam("tenant", tenant.name()).get("/entitlements").then().statusCode(403);
        String mine = TestTokens.token().groups("operator").tenants(tenant.name()).sign();
        given().header("x-okapi-token", mine).contentType("application/json")
                .body(Map.of("tenantId", tenant.id(), "applications", List.of(app))).post("/entitlements")
                .then().statusCode(201);
        given().header("x-okapi-token", TestTokens.viewer()).contentType("application/json")
                .body(Map.of("tenantId", tenant.id(), "applications", List.of(app))).post("/entitlements")
                .then().statusCode(403);
    }

    @Test
    void twentyConcurrentEntitlementsLeaveExactlyOne() throws Exception {
        TestTenant tenant = newTenant("race");
        String module = unique("race-mod") + "-1.0.0";
        String app = app(unique("rc"), "1.0.0", module);
        String token = TestTokens.admin();
        List<Callable<Integer>> tasks = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            tasks.add(() -> given().header("x-okapi-token", token).contentType("application/json")
                    .body(Map.of("tenantId", tenant.id(), "applications", List.of(app))).post("/entitlements").statusCode());
        }
        List<Integer> statuses = AtOnce.run(tasks);
        assertEquals(1, statuses.stream().filter(s -> s == 201).count(), statuses.toString());
        assertTrue(statuses.stream().allMatch(s -> s == 201 || s == 400), statuses.toString());
        Api.admin().queryParam("tenant", tenant.name()).queryParam("includeModules", true).get("/entitlements").then()
                .body("totalRecords", equalTo(1)).body("entitlements[0].modules", contains(module));
        assertEquals(1, modules.callsFor(tenant.name()).size());
        Api.admin().queryParam("query", "tenantId==" + tenant.id() + " and status==FINISHED").get("/entitlement-flows").then()
                .body("totalRecords", equalTo(1));
        Api.admin().queryParam("query", "tenantId==" + tenant.id() + " and status==CANCELLED").get("/entitlement-flows").then()
                .body("totalRecords", equalTo(19));
    }

    @Test
    void aRollbackStepThatFailsEndsCancellationFailedAndSkippedApplicationsAreRemoved() {
        TestTenant tenant = newTenant("cf");
        String p = unique("cf");
        List<String> apps = chain(p);
        String modA = p + "-mod-a-1.0.0";
        String modB = p + "-mod-b-1.0.0";
        modules.failPurges(modA);   // A's rollback (purgeOnRollback) fails too
        CountDownLatch heldB = modules.hold(modB);
        modules.failNext(modB, 3);

        String flowId = entitle(tenant.id(), apps, "?async=true&purgeOnRollback=true").then().statusCode(201).extract().path("flowId");
        // while B's module is held, C is still queued: its id is visible now, and only now
        String appFlowC = await().until(() -> Api.admin().queryParam("query", "flowId==" + flowId + " and applicationId==" + apps.get(2))
                .get("/application-flows").then().extract().<String>path("applicationFlows[0].id"), Objects::nonNull);
        heldB.countDown();
        await().untilAsserted(() -> Api.admin().get("/entitlement-flows/" + flowId).then().statusCode(200)
                .body("status", equalTo("cancellation_failed")));

        Api.admin().get("/entitlement-flows/" + flowId + "?includeStages=true").then().statusCode(200)
                .body("stages.name", hasItem("CancellationFailedFlowFinalizer"))
                .body("stages.name", not(hasItem("CancelledFlowFinalizer")))
                .body("applicationFlows.applicationId", contains(apps.get(0), apps.get(1)))
                .body("applicationFlows.status", contains("cancellation_failed", "cancelled"));
        String appFlowA = Api.admin().queryParam("query", "flowId==" + flowId + " and applicationId==" + apps.get(0))
                .get("/application-flows").then().extract().path("applicationFlows[0].id");
        Api.admin().get("/application-flows/" + appFlowA + "?includeStages=true").then().statusCode(200)
                .body("status", equalTo("cancellation_failed"))
                .body("stages.find { it.name == '" + modA + "-folioModuleInstaller' }.status", equalTo("cancellation_failed"))
                .body("stages.find { it.name == '" + modA + "-folioModuleInstaller' }.errorType", equalTo("IntegrationException"))
                .body("stages.find { it.name == 'EntitleApplicationFlowFinalizer' }.status", equalTo("cancelled"))
                .body("stages.name", hasItem("CancellationFailedApplicationFlowFinalizer"));

        // C never started: SkippedApplicationFlowFinalizer removed its queued row and is recorded under its id
        Api.admin().get("/application-flows/" + appFlowC).then().statusCode(404);
        Api.admin().get("/application-flows/" + appFlowC + "/stages").then().statusCode(200)
                .body("stages.name", contains("SkippedApplicationFlowFinalizer"))
                .body("stages.status", contains("finished"));

        Api.admin().queryParam("tenant", tenant.name()).get("/entitlements").then().body("totalRecords", equalTo(0));
        assertEquals(List.of(modA, modB, modB, modB, modA, modA, modA),
                modules.callsFor(tenant.name()).stream().map(FakeModules.Call::module).toList());
    }

    @Test
    void applicationsOfOneLayerRunInParallel() {
        TestTenant tenant = newTenant("par");
        String p = unique("par");
        String x = app(p + "-x", "1.0.0", p + "-mod-x-1.0.0");
        String y = app(p + "-y", "1.0.0", p + "-mod-y-1.0.0");
        FakeModules.Rendezvous meeting = modules.meet(p + "-mod-x-1.0.0", p + "-mod-y-1.0.0");

        entitle(tenant.id(), List.of(x, y), "").then().statusCode(201);
        assertTrue(meeting.met(), "the two applications' module calls were not in flight at the same time");
    }

    @Test
    void modulesOfOneApplicationFollowTheirInterfaceLevels() {
        TestTenant tenant = newTenant("lvl");
        String p = unique("lvl");
        String m0 = p + "-m0-1.0.0";
        String m1 = p + "-m1-1.0.0";
        String m2 = p + "-m2-1.0.0";
        String m3 = p + "-m3-1.0.0";
        Map<String, Object> tenantApi = Map.of("id", "_tenant", "version", "2.0", "interfaceType", "system");
        // m3 requires y (from m1), m1 requires x (from m2): levels [m0, m2], [m1], [m3]; listed out of order on purpose
        List<Map<String, Object>> descriptors = List.of(
                Map.of("id", m3, "requires", List.of(Map.of("id", p + "-y", "version", "1.0")), "provides", List.of(tenantApi)),
                Map.of("id", m1, "requires", List.of(Map.of("id", p + "-x", "version", "1.0")),
                        "provides", List.of(tenantApi, Map.of("id", p + "-y", "version", "1.2"))),
                Map.of("id", m0, "provides", List.of(tenantApi)),
                Map.of("id", m2, "provides", List.of(tenantApi, Map.of("id", p + "-x", "version", "1.0"))));
        List<Map<String, Object>> refs = new ArrayList<>();
        List<Map<String, String>> discovery = new ArrayList<>();
        for (String m : List.of(m3, m1, m0, m2)) {
            refs.add(Map.of("id", m, "name", m.substring(0, m.lastIndexOf('-')), "version", "1.0.0"));
            discovery.add(Map.of("id", m, "location", modules.location(m)));
        }
        Api.admin().body(Map.of("name", p + "-app", "version", "1.0.0", "modules", refs, "moduleDescriptors", descriptors))
                .post("/applications").then().statusCode(201);
        Api.admin().body(Map.of("discovery", discovery)).post("/modules/discovery").then().statusCode(201);
        String app = p + "-app-1.0.0";

        entitle(tenant.id(), List.of(app), "").then().statusCode(201);
        List<String> order = modules.callsFor(tenant.name()).stream().map(FakeModules.Call::module).toList();
        assertEquals(4, order.size(), order.toString());
        assertEquals(java.util.Set.of(m0, m2), java.util.Set.copyOf(order.subList(0, 2)), order.toString());
        assertEquals(List.of(m1, m3), order.subList(2, 4));

        // revoke with purge: the levels in reverse
        Api.admin().body(Map.of("tenantId", tenant.id(), "applications", List.of(app))).delete("/entitlements?purge=true")
                .then().statusCode(200);
        List<String> revokeOrder = modules.callsFor(tenant.name()).stream().map(FakeModules.Call::module).toList().subList(4, 8);
        assertEquals(List.of(m3, m1), revokeOrder.subList(0, 2));
        assertEquals(java.util.Set.of(m0, m2), java.util.Set.copyOf(revokeOrder.subList(2, 4)));
    }

    @Test
    void anInconsistentDescriptorFailsTheApplicationDescriptorValidator() {
        UUID tenantId = Api.tenant(unique("desc"));
        String p = unique("desc");
        Api.admin().body(Map.of("name", p, "version", "1.0.0", "modules", List.of(),
                        "moduleDescriptors", List.of(Map.of("id", p + "-ghost-1.0.0"))))
                .post("/applications").then().statusCode(201);
        String flowId = entitle(tenantId, List.of(p + "-1.0.0"), "?ignoreErrors=true").then().statusCode(400)
                .body("errors[0].type", equalTo("FlowExecutionException"))
                .body("errors[0].parameters[0].key", equalTo("ApplicationDescriptorValidator"))
                .body("errors[0].parameters[0].value", equalTo("FAILED: [RequestValidationException] Invalid application "
                        + "descriptor. Details: Module descriptor is not declared in modules: " + p + "-ghost-1.0.0, "
                        + "parameters: [{key: application, value: " + p + "-1.0.0}]"))
                .extract().header("x-mgr-tenant-entitlement-flow-id");
        Api.admin().get("/entitlement-flows/" + flowId + "?includeStages=true").then()
                .body("applicationFlows[0].status", equalTo("failed"))
                .body("applicationFlows[0].stages.name", contains("ApplicationFlowInitializer", "ApplicationDescriptorValidator",
                        "FailedApplicationFlowFinalizer"))
                .body("applicationFlows[0].stages.status", contains("finished", "failed", "finished"));
    }
}
