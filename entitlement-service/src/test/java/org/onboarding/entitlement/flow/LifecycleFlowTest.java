package org.onboarding.entitlement.flow;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.onboarding.entitlement.Api;
import org.onboarding.entitlement.FakeModules;
import org.onboarding.entitlement.WithFakeModules;
import org.onboarding.testsupport.AtOnce;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;

import static org.onboarding.entitlement.Api.unique;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Revoke, upgrade, desired state, validation and the sync timeout, against real module servers and PostgreSQL. */
@QuarkusTest
class LifecycleFlowTest extends WithFakeModules {

    @Inject
    EntitleFlow engine;

    private static List<String> entitled(String tenantName) {
        return Api.admin().queryParam("tenant", tenantName).get("/entitlements").then().statusCode(200)
                .extract().jsonPath().getList("entitlements.applicationId", String.class);
    }

    private List<String> calledModules(String tenantName, int from) {
        List<FakeModules.Call> calls = modules.callsFor(tenantName);
        return calls.subList(from, calls.size()).stream().map(FakeModules.Call::module).toList();
    }

    /** a ← b ← c, all entitled. */
    private List<String> entitledChain(String p, UUID tenantId) {
        String a = app(p + "-a", "1.0.0", p + "-mod-a-1.0.0");
        String b = Api.application(p + "-b", "1.0.0", List.of(Map.of("name", p + "-a", "version", "^1.0.0")), modules, p + "-mod-b-1.0.0");
        String c = Api.application(p + "-c", "1.0.0", List.of(Map.of("name", p + "-b", "version", "1.x")), modules, p + "-mod-c-1.0.0");
        Api.admin().body(body(tenantId, List.of(a, b, c))).post("/entitlements").then().statusCode(201);
        return List.of(a, b, c);
    }

    @Test
    void revokeRefusesWhileADependentIsEntitledThenRevokesDependentsFirstWithPurge() {
        TestTenant tenant = newTenant("rev");
        String p = unique("rv");
        List<String> apps = entitledChain(p, tenant.id());
        int before = modules.callsFor(tenant.name()).size();

        Response refused = tenant.delete(List.of(apps.get(0)), "/entitlements?purge=true");
        refused.then().statusCode(400)
                .body("errors[0].type", equalTo("FlowExecutionException"))
                .body("errors[0].message", org.hamcrest.Matchers.endsWith("finished with status: FAILED"))
                .body("errors[0].parameters.key", hasItem("RevokeRequestDependencyValidator"))
                .body("errors[0].parameters.find { it.key == 'RevokeRequestDependencyValidator' }.value",
                        equalTo("FAILED: [RequestValidationException] The following applications must be uninstalled first: ["
                                + apps.get(1) + ", " + apps.get(2) + "]"));
        assertEquals(apps, entitled(tenant.name()));
        assertEquals(List.of(), calledModules(tenant.name(), before));
        String refusedFlow = refused.header("x-mgr-tenant-entitlement-flow-id");
        Api.admin().get("/entitlement-flows/" + refusedFlow).then()
                .body("type", equalTo("revoke")).body("status", equalTo("failed"))
                .body("applicationFlows[0].type", equalTo("revoke")).body("applicationFlows[0].status", equalTo("failed"));

        // all three together: dependents first (reversed layers), each module purged with {module_from, purge:true}
        String flowId = Api.admin().body(body(tenant.id(), List.of(apps.get(0), apps.get(1), apps.get(2))))
                .delete("/entitlements?purge=true&ignoreErrors=false").then().statusCode(200)
                .body("totalRecords", equalTo(3)).body("entitlements.applicationId", contains(apps.toArray()))
                .extract().path("flowId");
        assertEquals(List.of(p + "-mod-c-1.0.0", p + "-mod-b-1.0.0", p + "-mod-a-1.0.0"), calledModules(tenant.name(), before));
        assertEquals("{\"module_from\":\"" + p + "-mod-c-1.0.0\",\"purge\":true}", modules.callsFor(tenant.name()).get(before).body());
        assertEquals(List.of(), entitled(tenant.name()));
        Api.admin().get("/entitlements/modules/" + p + "-mod-a-1.0.0").then().body("totalRecords", equalTo(0));
        Api.admin().get("/entitlement-flows/" + flowId + "?includeStages=true").then().statusCode(200)
                .body("status", equalTo("finished"))
                .body("stages.name", contains("FlowInitializer", "ExistingEntitlementValidator", "ApplicationFlowValidator",
                        "TenantLoader", "ApplicationDescriptorLoader", "ApplicationFlowQueuingStage", "FinishedFlowFinalizer"))
                .body("applicationFlows.find { it.applicationId == '" + apps.get(0) + "' }.stages.name", contains(
                        "ApplicationFlowInitializer", "RevokeRequestDependencyValidator", "ApplicationDiscoveryLoader",
                        p + "-mod-a-1.0.0-folioModuleUninstaller", "ApplicationDependencyCleaner", "RevokeApplicationFlowFinalizer"));

        // nothing left to revoke: refused by ExistingEntitlementValidator
        tenant.delete(List.of(apps.get(0)), "/entitlements").then().statusCode(400)
                .body("errors[0].parameters[0].key", equalTo("ExistingEntitlementValidator"))
                .body("errors[0].parameters[0].value", equalTo("FAILED: [EntityNotFoundException] Entitlements are not found "
                        + "for applications: [" + apps.get(0) + "]"));
        // and after a finished revoke, entitling again is allowed
        tenant.post(List.of(apps.get(0)), "/entitlements").then().statusCode(201);
    }

    @Test
    void revokeWithoutPurgeMakesNoModuleCall() {
        TestTenant tenant = newTenant("nopurge");
        String app = app(unique("np"), "1.0.0", unique("np-mod") + "-1.0.0");
        tenant.post(List.of(app), "/entitlements").then().statusCode(201);
        tenant.delete(List.of(app), "/entitlements").then().statusCode(200);
        assertEquals(1, modules.callsFor(tenant.name()).size());
        assertEquals(List.of(), entitled(tenant.name()));
    }

    @Test
    void upgradeCallsTheTenantApiOnlyForChangedAndNewModules() {
        TestTenant tenant = newTenant("upg");
        String p = unique("up");
        String v1 = Api.application(p + "-app", "1.0.0", List.of(), modules,
                p + "-mod-x-1.0.0", p + "-mod-y-1.0.0", p + "-mod-z-1.0.0");
        String v2 = Api.application(p + "-app", "1.1.0", List.of(), modules,
                p + "-mod-x-1.0.0", p + "-mod-y-1.1.0", p + "-mod-w-1.0.0");
        tenant.post(List.of(v1), "/entitlements").then().statusCode(201);
        int before = modules.callsFor(tenant.name()).size();
        assertEquals(3, before);

        String flowId = tenant.put(List.of(v2), "/entitlements?tenantParameters=loadSample=false")
                .then().statusCode(200)
                .body("entitlements.applicationId", contains(v2)).body("flowId", notNullValue())
                .extract().path("flowId");
        // unchanged x: no call; removed z: no call; changed y and new w: module_to only (no module_from)
        // (w and y share a module level, so they are called concurrently: compare as a set)
        assertEquals(Set.of(p + "-mod-w-1.0.0", p + "-mod-y-1.1.0"), Set.copyOf(calledModules(tenant.name(), before)));
        assertEquals(2, calledModules(tenant.name(), before).size());
        assertEquals("{\"module_to\":\"" + p + "-mod-y-1.1.0\",\"parameters\":[{\"key\":\"loadSample\",\"value\":\"false\"}]}",
                modules.callsFor(tenant.name()).stream().filter(c -> c.module().equals(p + "-mod-y-1.1.0")).findFirst().orElseThrow().body());

        Api.admin().queryParam("tenant", tenant.name()).queryParam("includeModules", true).get("/entitlements").then()
                .body("entitlements.applicationId", contains(v2))
                .body("entitlements[0].modules", contains(p + "-mod-w-1.0.0", p + "-mod-x-1.0.0", p + "-mod-y-1.1.0"));
        Api.admin().get("/entitlements/modules/" + p + "-mod-z-1.0.0").then().body("totalRecords", equalTo(0));
        Api.admin().get("/entitlements/modules/" + p + "-mod-x-1.0.0").then().body("entitlements.applicationId", contains(v2));
        Api.admin().get("/entitlement-flows/" + flowId + "?includeStages=true").then()
                .body("type", equalTo("upgrade")).body("status", equalTo("finished"))
                .body("stages.name", contains("FlowInitializer", "UpgradeRequestValidator", "ApplicationFlowValidator",
                        "TenantLoader", "ApplicationDescriptorLoader", "InterfaceIntegrityValidator",
                        "ApplicationFlowQueuingStage", "FinishedFlowFinalizer"))
                .body("applicationFlows[0].type", equalTo("upgrade"))
                .body("applicationFlows[0].stages.name", contains("ApplicationFlowInitializer", "UpgradeRequestDependencyValidator",
                        "ApplicationDiscoveryLoader", p + "-mod-w-1.0.0-folioModuleUpdater", p + "-mod-x-1.0.0-folioModuleUpdater",
                        p + "-mod-y-1.1.0-folioModuleUpdater", p + "-mod-z-1.0.0-folioModuleUpdater", "ApplicationDependencyUpdater",
                        "UpgradeApplicationFlowFinalizer"));

        // same version again, and an application that is not entitled: refused by UpgradeRequestValidator
        String other = app(unique("ne"), "2.0.0");
        tenant.put(List.of(v2, other), "/entitlements").then().statusCode(400)
                .body("errors[0].type", equalTo("FlowExecutionException"))
                .body("errors[0].parameters[0].key", equalTo("UpgradeRequestValidator"))
                .body("errors[0].parameters[0].value", equalTo("FAILED: [RequestValidationException] Invalid applications "
                        + "provided for upgrade, parameters: [{key: " + v2 + ", value: Application version is same or lower than "
                        + "entitled}, {key: " + other + ", value: Entitlement is not found for application}]"));
        // entitling the old version after an upgrade finished is refused (prior-flow rule "Upgrade flow finished")
        tenant.post(List.of(v1), "/entitlements").then().statusCode(400)
                .body("errors[0].parameters[0].value", org.hamcrest.Matchers.containsString("Upgrade flow finished"));
    }

    @Test
    void desiredStateEntitlesUpgradesAndRevokesTheRightApplications() {
        TestTenant tenant = newTenant("state");
        String p = unique("ds");
        String keep = app(p + "-keep", "1.0.0", p + "-keep-mod-1.0.0");
        String up1 = app(p + "-up", "1.0.0", p + "-up-mod-1.0.0");
        String up2 = app(p + "-up", "2.0.0", p + "-up-mod-2.0.0");
        String gone = app(p + "-gone", "1.0.0", p + "-gone-mod-1.0.0");
        String fresh = Api.application(p + "-new", "1.0.0", List.of(Map.of("name", p + "-up", "version", ">=2.0.0")),
                modules, p + "-new-mod-1.0.0");
        tenant.post(List.of(keep, up1, gone), "/entitlements").then().statusCode(201);
        int before = modules.callsFor(tenant.name()).size();

        List<String> desired = List.of(keep, up2, fresh);
        String flowId = tenant.put(desired, "/entitlements/state?purge=true").then().statusCode(200)
                .body("totalRecords", equalTo(3)).body("entitlements.applicationId", contains(desired.toArray()))
                .extract().path("flowId");

        Map<String, String> typeByApp = new HashMap<>();
        List<Map<String, String>> appFlows = Api.admin().queryParam("query", "flowId==" + flowId).queryParam("limit", 50)
                .get("/application-flows").then().statusCode(200).extract().jsonPath().getList("applicationFlows");
        appFlows.forEach(f -> typeByApp.put(f.get("applicationId"), f.get("type")));
        assertEquals(Map.of(fresh, "entitle", up2, "upgrade", gone, "revoke"), typeByApp);   // keep: no-op
        assertEquals(Set.of("finished"), appFlows.stream().map(f -> f.get("status")).collect(Collectors.toSet()));

        // revoke first (purge), then the upgrade before the application that depends on its new version
        assertEquals(List.of(p + "-gone-mod-1.0.0", p + "-up-mod-2.0.0", p + "-new-mod-1.0.0"), calledModules(tenant.name(), before));
        assertEquals("{\"module_from\":\"" + p + "-gone-mod-1.0.0\",\"purge\":true}", modules.callsFor(tenant.name()).get(before).body());
        Api.admin().queryParam("tenant", tenant.name()).get("/entitlements").then()
                .body("entitlements.applicationId", containsInAnyOrder(keep, up2, fresh));
        Api.admin().get("/entitlement-flows/" + flowId + "?includeStages=true").then()
                .body("type", equalTo("state")).body("status", equalTo("finished"))
                .body("stages.name", contains("FlowInitializer", "TenantLoader", "ApplicationStateTransitionPlanner",
                        "DesiredStateApplicationDescriptorLoader", "InterfaceIntegrityValidator",
                        "DesiredStateApplicationFlowValidator", "DesiredStateWithUpgradeValidator",
                        "DesiredStateWithRevokeValidator", "DesiredStateApplicationFlowQueuingStage", "FinishedFlowFinalizer"));

        // an application whose dependency is neither desired nor entitled fails its EntitleRequestDependencyValidator
        String orphan = Api.application(p + "-orphan", "1.0.0", List.of(Map.of("name", p + "-nothing", "version", "^1.0.0")),
                modules, p + "-orphan-mod-1.0.0");
        tenant.put(List.of(keep, up2, fresh, orphan), "/entitlements/state?ignoreErrors=true").then()
                .statusCode(400).body("errors[0].parameters[0].key", equalTo("EntitleRequestDependencyValidator"))
                .body("errors[0].parameters[0].value", equalTo("FAILED: [RequestValidationException] The following application "
                        + "dependencies must be installed first: " + p + "-nothing ^1.0.0"));
        Api.admin().queryParam("tenant", tenant.name()).get("/entitlements").then()
                .body("entitlements.applicationId", containsInAnyOrder(keep, up2, fresh));

        // a lower version in the desired state is refused; an empty desired state revokes everything
        tenant.put(List.of(keep, up1, fresh), "/entitlements/state?ignoreErrors=true").then()
                .statusCode(400).body("errors[0].parameters[0].key", equalTo("DesiredStateWithUpgradeValidator"));
        tenant.put(List.of(), "/entitlements/state").then().statusCode(200)
                .body("totalRecords", equalTo(0)).body("entitlements", empty());
        assertEquals(List.of(), entitled(tenant.name()));
    }

    @Test
    void validateRunsTheValidatorsWithoutAFlow() {
        TestTenant tenant = newTenant("val");
        String app = app(unique("va"), "1.0.0", unique("va-mod") + "-1.0.0");
        Map<String, Object> request = body(tenant.id(), List.of(app));

        Api.admin().body(request).post("/entitlements/validate?entitlementRequestType=ENTITLE").then().statusCode(204);
        Api.admin().body(request).post("/entitlements/validate?entitlementRequestType=revoke").then().statusCode(404)
                .body("errors[0].type", equalTo("EntityNotFoundException"))
                .body("errors[0].message", equalTo("Entitlements are not found for applications: [" + app + "]"));
        Api.admin().body(request).post("/entitlements/validate?entitlementRequestType=upgrade").then().statusCode(400)
                .body("errors[0].type", equalTo("RequestValidationException"))
                .body("errors[0].parameters[0].value", equalTo("Entitlement is not found for application"));
        // the named validator only; a type it does not apply to is silently fine
        Api.admin().body(request).post("/entitlements/validate?entitlementRequestType=entitle&validator=upgradeRequestValidator")
                .then().statusCode(204);
        Api.admin().body(request).post("/entitlements/validate?entitlementRequestType=entitle&validator=Nope").then().statusCode(400)
                .body("errors[0].type", equalTo("RequestValidationException"))
                .body("errors[0].parameters[0].key", equalTo("validator")).body("errors[0].parameters[0].value", equalTo("Nope"))
                .body("errors[0].message", equalTo("Invalid validator name. Should be one of the following: [ApplicationFlowValidator, "
                        + "ExistingEntitlementValidator, UpgradeRequestValidator, InterfaceIntegrityValidator]"));
        Api.admin().body(request).post("/entitlements/validate?entitlementRequestType=state").then().statusCode(400)
                .body("errors[0].type", equalTo("IllegalArgumentException"))
                .body("errors[0].message", equalTo("Entitlement type cannot be mapped from entitlement request type: state"));
        Api.admin().body(request).post("/entitlements/validate").then().statusCode(400)
                .body("errors[0].code", equalTo("validation_error"));
        Api.admin().body(request).post("/entitlements/validate?entitlementRequestType=sideways").then().statusCode(400)
                .body("errors[0].code", equalTo("validation_error"));

        // an application requiring an interface nobody provides
        String needy = unique("needy");
        Api.admin().body(Map.of("name", needy, "version", "1.0.0", "modules", List.of(Map.of("id", needy + "-mod-1.0.0",
                        "name", needy + "-mod", "version", "1.0.0")), "moduleDescriptors", List.of(Map.of("id", needy + "-mod-1.0.0",
                        "requires", List.of(Map.of("id", "users", "version", "16.0"))))))
                .post("/applications").then().statusCode(201);
        Api.admin().body(body(tenant.id(), List.of(needy + "-1.0.0")))
                .post("/entitlements/validate?entitlementRequestType=entitle&validator=InterfaceIntegrityValidator").then()
                .statusCode(400).body("errors[0].message", equalTo("Missing interfaces found for the applications"))
                .body("errors[0].parameters[0].key", equalTo(needy + "-1.0.0"))
                .body("errors[0].parameters[0].value", equalTo("users 16.0"));
        assertEquals(0, modules.callsFor(tenant.name()).size());
        Api.admin().queryParam("query", "tenantId==" + tenant.id()).get("/entitlement-flows").then().body("totalRecords", equalTo(0));
    }

    @Test
    void entitledApplicationsOfATenantAreFullDescriptorsPagedInMemory() {
        TestTenant tenant = newTenant("apps");
        String p = unique("ea");
        String a = app(p + "-a", "1.0.0", p + "-a-mod-1.0.0");
        String b = app(p + "-b", "1.0.0", p + "-b-mod-1.0.0");
        tenant.post(List.of(a, b), "/entitlements").then().statusCode(201);

        Api.admin().header("x-okapi-tenant", tenant.name()).get("/entitlements/" + tenant.name() + "/applications").then()
                .statusCode(200).body("totalRecords", equalTo(2))
                .body("applicationDescriptors.id", contains(a, b))
                .body("applicationDescriptors[0].moduleDescriptors[0].id", equalTo(p + "-a-mod-1.0.0"));
        Api.admin().header("x-okapi-tenant", "anything").get("/entitlements/" + tenant.name() + "/applications?limit=1&offset=1")
                .then().statusCode(200).body("totalRecords", equalTo(2)).body("applicationDescriptors.id", contains(b));
        Api.admin().header("x-okapi-tenant", tenant.name()).get("/entitlements/" + tenant.name() + "/applications?limit=0").then()
                .statusCode(200).body("applicationDescriptors", empty());
        Api.admin().get("/entitlements/" + tenant.name() + "/applications").then().statusCode(400)
                .body("errors[0].type", equalTo("MissingRequestHeaderException"));
        Api.admin().header("x-okapi-tenant", "x").get("/entitlements/" + unique("nobody") + "/applications").then().statusCode(404)
                .body("errors[0].code", equalTo("not_found_error"));
    }

    @Test
    void aSyncRequestOutlivingTheTimeoutFailsTheFlowAndCanBeRetried() {
        TestTenant tenant = newTenant("slow");
        String module = unique("slow-mod") + "-1.0.0";
        String app = app(unique("sl"), "1.0.0", module);
        Duration configured = engine.executionTimeout();
        CountDownLatch slow = modules.hold(module);
        String flowId;
        try {
            engine.executionTimeout(Duration.ofMillis(700));
            flowId = tenant.post(List.of(app), "/entitlements").then().statusCode(400)
                    .body("errors[0].type", equalTo("FlowExecutionTimeoutException"))
                    .body("errors[0].code", equalTo("service_error"))
                    .body("errors[0].message", org.hamcrest.Matchers.endsWith("finished with status: FAILED"))
                    .body("errors[0].parameters.find { it.key == 'timeout' }.value", equalTo("PT0.7S"))
                    .extract().header("x-mgr-tenant-entitlement-flow-id");
            // while the module still hangs, the flow is already failed, with its stage in progress failed too
            Api.admin().get("/entitlement-flows/" + flowId + "?includeStages=true").then()
                    .body("status", equalTo("failed")).body("applicationFlows[0].status", equalTo("failed"))
                    .body("applicationFlows[0].stages.find { it.name == '" + module + "-folioModuleInstaller' }.status",
                            equalTo("failed"));
        } finally {
            engine.executionTimeout(configured);
            slow.countDown();
        }
        // the module answers late: the engine may not record success, so no entitlement appears
        await().untilAsserted(() -> Api.admin().get("/entitlement-flows/" + flowId).then()
                .body("status", equalTo("cancelled")));
        assertEquals(List.of(), entitled(tenant.name()));
        tenant.post(List.of(app), "/entitlements").then().statusCode(201);
        assertEquals(List.of(app), entitled(tenant.name()));
    }

    @Test
    void reinstallRerunsModuleInstallsAndCollectsPerModuleErrors() {
        TestTenant tenant = newTenant("reinst");
        String p = unique("ri");
        String good = p + "-good-1.0.0";
        String bad = p + "-bad-1.0.0";
        String app = app(p + "-app", "1.0.0", good, bad);
        modules.failNext(bad, 3);

        tenant.post(List.of(app), "/reinstall/applications?tenantParameters=loadReference=true").then()
                .statusCode(200)
                .body("entitlements", contains(good))
                .body("errors", org.hamcrest.Matchers.hasSize(1))
                .body("errors[0]", org.hamcrest.Matchers.startsWith("Error re-installing module " + bad + " - IntegrationException "));
        assertEquals(List.of(bad, bad, bad, good), modules.callsFor(tenant.name()).stream().map(FakeModules.Call::module).sorted().toList());
        // no flow is recorded, and the module row is there although the application was never entitled
        Api.admin().queryParam("query", "tenantId==" + tenant.id()).get("/entitlement-flows").then().body("totalRecords", equalTo(0));
        Api.admin().get("/entitlements/modules/" + good).then().body("entitlements.applicationId", contains(app));

        Api.admin().body(Map.of("tenantId", tenant.id(), "applicationId", app, "modules", List.of(bad))).post("/reinstall/modules")
                .then().statusCode(200).body("entitlements", contains(bad)).body("errors", empty());
        Api.admin().body(Map.of("tenantId", tenant.id(), "applicationId", app, "modules", List.of(p + "-other-1.0.0")))
                .post("/reinstall/modules").then().statusCode(400).body("errors[0].type", equalTo("RequestValidationException"));
        Api.admin().body(Map.of("tenantId", UUID.randomUUID(), "applicationId", app, "modules", List.of(good)))
                .post("/reinstall/modules").then().statusCode(404);
        tenant.post(List.of(p + "-missing-1.0.0"), "/reinstall/applications").then().statusCode(400)
                .body("errors[0].message", equalTo("Applications not found by the given ids"));
        Api.admin().body(Map.of("tenantId", tenant.id(), "applications", List.of())).post("/reinstall/applications").then()
                .statusCode(400).body("errors[0].code", equalTo("validation_error"));
    }

    /**
     * Mirrors upstream {@code NoIntegrationsFolioEntitlementIT.install_negative_readTimeoutOnModuleInstallation}: the
     * stage error names the JDK client's {@code HttpTimeoutException} and "request timed out"; the one failed call is
     * recorded, and not retried.
     */
    @Test
    void aModuleThatStaysSilentFailsItsStageAfterTheReadTimeoutWithoutRetries() {
        TestTenant tenant = newTenant("silent");
        String module = unique("silent-mod") + "-1.0.0";
        String app = app(unique("si"), "1.0.0", module);
        CountDownLatch silent = modules.hold(module);
        String timedOut = "[HttpTimeoutException] Failed to perform request [method: POST, uri: " + modules.location(module)
                + "/_/tenant], cause: request timed out";
        try {
            String flowId = tenant.post(List.of(app), "/entitlements?ignoreErrors=true").then()
                    .statusCode(400).body("errors[0].type", equalTo("FlowExecutionException"))
                    .body("errors[0].parameters[0].key", equalTo(module + "-folioModuleInstaller"))
                    .body("errors[0].parameters[0].value", equalTo("FAILED: [IntegrationException] " + timedOut))
                    .extract().header("x-mgr-tenant-entitlement-flow-id");
            String appFlowId = Api.admin().get("/entitlement-flows/" + flowId).then().body("status", equalTo("failed"))
                    .extract().path("applicationFlows[0].id");
            Api.admin().get("/application-flows/" + appFlowId + "/stages/" + module + "-folioModuleInstaller").then()
                    .body("status", equalTo("failed")).body("errorType", equalTo("IntegrationException"))
                    .body("errorMessage", equalTo(timedOut))
                    .body("retriesCount", equalTo(1)).body("retriesInfo", equalTo("IntegrationException: " + timedOut));
            assertEquals(1, modules.callsFor(tenant.name()).size());   // a timeout is not retried
            assertEquals(List.of(), entitled(tenant.name()));
        } finally {
            silent.countDown();
        }
    }

    @Test
    void concurrentUpgradesAndRevokesOfOneApplicationEachHappenOnce() throws Exception {
        TestTenant tenant = newTenant("race2");
        String p = unique("rc2");
        String v1 = app(p + "-app", "1.0.0", p + "-mod-1.0.0");
        String v2 = app(p + "-app", "2.0.0", p + "-mod-2.0.0");
        tenant.post(List.of(v1), "/entitlements").then().statusCode(201);

        List<Integer> upgrades = AtOnce.run(10, () -> tenant.put(List.of(v2), "/entitlements").statusCode());
        assertEquals(1, upgrades.stream().filter(s -> s == 200).count(), upgrades.toString());
        assertEquals(List.of(v2), entitled(tenant.name()));
        List<Integer> revokes = AtOnce.run(10,
                () -> tenant.delete(List.of(v2), "/entitlements?purge=true").statusCode());
        assertEquals(1, revokes.stream().filter(s -> s == 200).count(), revokes.toString());
        assertEquals(List.of(), entitled(tenant.name()));
        // one install, one upgrade call, one purge
        assertEquals(List.of(p + "-mod-1.0.0", p + "-mod-2.0.0", p + "-mod-2.0.0"),
                modules.callsFor(tenant.name()).stream().map(FakeModules.Call::module).toList());
    }
}
