package org.onboarding.entitlement.flow;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import org.onboarding.entitlement.Api;
import org.onboarding.entitlement.FakeModules;
import org.onboarding.entitlement.WithFakeModules;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.onboarding.entitlement.Api.unique;

/**
 * How modules' tenant APIs are called: the legacy 1.x variants when taking a module away, and the retry record of a
 * module that keeps failing. Each test names the upstream test it mirrors.
 */
@QuarkusTest
class ModuleTenantApiTest extends WithFakeModules {

    /** An application of one module providing {@code _tenant} {@code version} with handlers at {@code paths}. */
    private String application(String name, String moduleId, String version, String... paths) {
        List<Map<String, Object>> handlers = new ArrayList<>();
        for (String path : paths) {
            handlers.add(Map.of("methods", List.of("POST"), "pathPattern", path));
        }
        String moduleName = moduleId.substring(0, moduleId.lastIndexOf('-'));
        Api.admin().body(Map.of("name", name, "version", "1.0.0",
                        "modules", List.of(Map.of("id", moduleId, "name", moduleName, "version", "1.0.0")),
                        "moduleDescriptors", List.of(Map.of("id", moduleId, "provides", List.of(Map.of("id", "_tenant",
                                "version", version, "interfaceType", "system", "handlers", handlers))))))
                .post("/applications").then().statusCode(201);
        Api.admin().body(Map.of("discovery", List.of(Map.of("id", moduleId, "location", modules.location(moduleId)))))
                .post("/modules/discovery").then().statusCode(201);
        return name + "-1.0.0";
    }

    private List<String> calls(String tenantName, int from) {
        List<FakeModules.Call> calls = modules.callsFor(tenantName);
        return calls.subList(from, calls.size()).stream().map(c -> c.method() + " " + c.endpoint() + " " + c.body()).toList();
    }

    /**
     * Mirrors upstream {@code FolioModuleServiceTest.disable.positive_legacyTenantApi} and
     * {@code FolioTenantApiClientTest.disableLegacy_positive} / {@code uninstallLegacy_positive}: a 1.x module is
     * disabled with {@code POST /_/tenant/disable} and purged with {@code DELETE /_/tenant}.
     */
    @Test
    void legacyTenantApiIsDisabledWithoutPurgeAndDeletedWithPurge() {
        TestTenant tenant = newTenant("legacy");
        String module = unique("legacy-mod") + "-1.0.0";
        String app = application(unique("legacy"), module, "1.2", "/_/tenant", "/_/tenant/disable");

        tenant.post(List.of(app), "/entitlements").then().statusCode(201);
        assertEquals(List.of("POST /_/tenant {\"module_to\":\"" + module + "\"}"), calls(tenant.name(), 0));

        tenant.delete(List.of(app), "/entitlements").then().statusCode(200);
        assertEquals(List.of("POST /_/tenant/disable {\"module_from\":\"" + module + "\",\"purge\":false}"), calls(tenant.name(), 1));

        tenant.post(List.of(app), "/entitlements").then().statusCode(201);
        tenant.delete(List.of(app), "/entitlements?purge=true").then().statusCode(200);
        assertEquals(List.of("POST /_/tenant {\"module_to\":\"" + module + "\"}",
                "DELETE /_/tenant {\"module_from\":\"" + module + "\",\"purge\":true}"), calls(tenant.name(), 2));
    }

    /** Mirrors upstream {@code FolioModuleServiceTest.disable.positive_disableNotSupported}: nothing to call. */
    @Test
    void legacyTenantApiWithoutADisableHandlerIsNotCalledOnRevokeWithoutPurge() {
        TestTenant tenant = newTenant("legacynd");
        String module = unique("legacynd-mod") + "-1.0.0";
        String app = application(unique("legacynd"), module, "1.0", "/_/tenant");

        tenant.post(List.of(app), "/entitlements").then().statusCode(201);
        tenant.delete(List.of(app), "/entitlements").then().statusCode(200);
        assertEquals(List.of("POST /_/tenant {\"module_to\":\"" + module + "\"}"), calls(tenant.name(), 0));
    }

    /** The 2.x API is unchanged: nothing without purge, {@code POST /_/tenant {module_from, purge}} with it. */
    @Test
    void currentTenantApiIsOnlyCalledToPurge() {
        TestTenant tenant = newTenant("current");
        String module = unique("current-mod") + "-1.0.0";
        String app = application(unique("current"), module, "2.0", "/_/tenant");

        tenant.post(List.of(app), "/entitlements").then().statusCode(201);
        tenant.delete(List.of(app), "/entitlements").then().statusCode(200);
        tenant.post(List.of(app), "/entitlements").then().statusCode(201);
        tenant.delete(List.of(app), "/entitlements?purge=true").then().statusCode(200);
        assertEquals(List.of("POST /_/tenant {\"module_to\":\"" + module + "\"}", "POST /_/tenant {\"module_to\":\"" + module + "\"}",
                "POST /_/tenant {\"module_from\":\"" + module + "\",\"purge\":true}"), calls(tenant.name(), 0));
    }

    /**
     * Mirrors upstream {@code NoIntegrationsFolioEntitlementIT.install_negative_httpStatus500FromModule}: three
     * failed calls give {@code retriesCount} 3 and three entries in {@code retriesInfo}.
     */
    @Test
    void aModuleFailingEveryAttemptRecordsEachFailedCall() {
        TestTenant tenant = newTenant("retry");
        String module = unique("retry-mod") + "-1.0.0";
        String app = application(unique("retry"), module, "2.0", "/_/tenant");
        modules.failNext(module, 3);

        String flowId = tenant.post(List.of(app), "/entitlements?ignoreErrors=true").then()
                .statusCode(400).body("errors[0].type", equalTo("FlowExecutionException"))
                .extract().header("x-mgr-tenant-entitlement-flow-id");
        assertEquals(3, modules.callsFor(tenant.name()).size());
        String appFlowId = Api.admin().get("/entitlement-flows/" + flowId).then().extract().path("applicationFlows[0].id");
        String retriesInfo = Api.admin().get("/application-flows/" + appFlowId + "/stages/" + module + "-folioModuleInstaller")
                .then().statusCode(200).body("status", equalTo("failed")).body("retriesCount", equalTo(3))
                .extract().path("retriesInfo");
        assertEquals(3, retriesInfo.split("\n\n").length, retriesInfo);
        for (String entry : retriesInfo.split("\n\n")) {
            assertEquals(true, entry.startsWith("IntegrationException: Failed to perform request [method: POST, uri: "
                    + modules.location(module) + "/_/tenant], status: 500"), entry);
        }
    }

    /**
     * Mirrors upstream {@code NoIntegrationsFolioEntitlementIT.install_negative_readTimeoutOnModuleCancellation}:
     * module2 stays silent on install, the rollback's purge of module1 stays silent too; both stages name the
     * timeout as upstream does and the flow ends {@code cancellation_failed}.
     */
    @Test
    void silentModulesDuringInstallAndRollbackBothReportTheTimeout() {
        TestTenant tenant = newTenant("silentroll");
        String p = unique("sr");
        String module1 = p + "-module1-1.0.0";
        String module2 = p + "-module2-2.0.0";
        Map<String, Object> tenantApi = Map.of("id", "_tenant", "version", "2.0", "interfaceType", "system");
        Api.admin().body(Map.of("name", p + "-app5", "version", "1.0.0",
                        "modules", List.of(Map.of("id", module1, "name", p + "-module1", "version", "1.0.0"),
                                Map.of("id", module2, "name", p + "-module2", "version", "2.0.0")),
                        "moduleDescriptors", List.of(
                                Map.of("id", module1, "provides", List.of(tenantApi, Map.of("id", p + "-api", "version", "1.0"))),
                                Map.of("id", module2, "provides", List.of(tenantApi),
                                        "requires", List.of(Map.of("id", p + "-api", "version", "1.0"))))))
                .post("/applications").then().statusCode(201);
        Api.admin().body(Map.of("discovery", List.of(Map.of("id", module1, "location", modules.location(module1)),
                Map.of("id", module2, "location", modules.location(module2))))).post("/modules/discovery").then().statusCode(201);
        java.util.concurrent.CountDownLatch install = modules.hold(module2);
        java.util.concurrent.CountDownLatch purge = modules.holdPurge(module1);
        String timedOut = "[IntegrationException] [HttpTimeoutException] Failed to perform request [method: POST, uri: ";
        try {
            Api.admin().body(body(tenant.id(), List.of(p + "-app5-1.0.0")))
                    .post("/entitlements?ignoreErrors=false&purgeOnRollback=true&tenantParameters=loadReference=true").then()
                    .statusCode(400)
                    .body("total_records", equalTo(1))
                    .body("errors[0].type", equalTo("FlowCancellationException"))
                    .body("errors[0].message", org.hamcrest.Matchers.matchesPattern("Flow '.+' finished with status: CANCELLATION_FAILED"))
                    .body("errors[0].parameters[0].key", equalTo(module2 + "-folioModuleInstaller"))
                    .body("errors[0].parameters[0].value", equalTo("FAILED: " + timedOut + modules.location(module2)
                            + "/_/tenant], cause: request timed out"))
                    .body("errors[0].parameters[1].key", equalTo(module1 + "-folioModuleInstaller"))
                    .body("errors[0].parameters[1].value", equalTo("CANCELLATION_FAILED: " + timedOut + modules.location(module1)
                            + "/_/tenant], cause: request timed out"));
        } finally {
            install.countDown();
            purge.countDown();
        }
        Api.admin().get("/entitlements?tenant=" + tenant.name()).then().statusCode(200).body("totalRecords", equalTo(0));
    }
}
