package org.onboarding.entitlement.flow;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import org.onboarding.entitlement.Api;
import org.onboarding.entitlement.WithFakeModules;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.hamcrest.Matchers.equalTo;
import static org.onboarding.entitlement.Api.unique;

/** {@code UpgradeRequestDependencyValidator}: an upgrade whose new version needs what the tenant lacks is refused. */
@QuarkusTest
class UpgradeDependencyTest extends WithFakeModules {

    @Test
    void upgradeNeedingAnUninstalledDependencyFailsAndKeepsTheOldVersion() {
        String tenantName = unique("updep");
        UUID tenantId = Api.tenant(tenantName);
        String p = unique("ud");
        String base1 = app(p + "-base", "1.0.0", p + "-base-mod-1.0.0");
        app(p + "-base", "2.0.0", p + "-base-mod-2.0.0");
        String v1 = app(p + "-app", "1.0.0", p + "-app-mod-1.0.0");
        String v2 = Api.application(p + "-app", "2.0.0", List.of(Map.of("name", p + "-base", "version", "^2.0.0")),
                modules, p + "-app-mod-2.0.0");
        Api.admin().body(body(tenantId, List.of(base1, v1))).post("/entitlements").then().statusCode(201);
        int calls = modules.callsFor(tenantName).size();

        Api.admin().body(body(tenantId, List.of(v2))).put("/entitlements").then().statusCode(400)
                .body("errors[0].type", equalTo("FlowExecutionException"))
                .body("errors[0].parameters[0].key", equalTo("UpgradeRequestDependencyValidator"))
                .body("errors[0].parameters[0].value", equalTo("FAILED: [RequestValidationException] The following "
                        + "application dependencies must be installed first: " + p + "-base ^2.0.0"))
                .body("errors[0].message", org.hamcrest.Matchers.endsWith("finished with status: FAILED"));

        // nothing changed for the tenant: no module was called, the old version stays entitled
        org.junit.jupiter.api.Assertions.assertEquals(calls, modules.callsFor(tenantName).size());
        Api.admin().queryParam("tenant", tenantName).get("/entitlements").then()
                .body("entitlements.applicationId", org.hamcrest.Matchers.containsInAnyOrder(base1, v1));
    }
}
