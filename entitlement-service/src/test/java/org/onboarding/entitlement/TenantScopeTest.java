package org.onboarding.entitlement;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.onboarding.testsupport.TestTokens;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The {@code tenants} claim bounds every read and write: a caller limited to tenant A sees only A's flows (lists
 * filtered, another tenant's flow 403 as for {@code /entitlements}) and cannot change B in any way.
 */
@QuarkusTest
class TenantScopeTest extends WithFakeModules {

    private String tenantA;
    private String tenantB;
    private UUID idA;
    private UUID idB;
    private String app;
    private String module;
    private String flowA;
    private String flowB;
    private String appFlowA;
    private String appFlowB;

    /** In {@code @BeforeEach}, once: RestAssured only points at the service under test around each test. */
    @BeforeEach
    void entitleOneApplicationInTwoTenants() {
        if (flowA != null) {
            return;
        }
        long n = System.nanoTime();
        tenantA = "sa" + n;
        tenantB = "sb" + n;
        idA = Api.tenant(tenantA);
        idB = Api.tenant(tenantB);
        module = "scope-mod" + n + "-1.0.0";
        app = app("scope" + n, "1.0.0", module);
        flowA = Api.admin().body(body(idA, List.of(app))).post("/entitlements")
                .then().statusCode(201).extract().path("flowId");
        flowB = Api.admin().body(body(idB, List.of(app))).post("/entitlements")
                .then().statusCode(201).extract().path("flowId");
        appFlowA = Api.admin().queryParam("query", "flowId==" + flowA).get("/application-flows").then().extract().path("applicationFlows[0].id");
        appFlowB = Api.admin().queryParam("query", "flowId==" + flowB).get("/application-flows").then().extract().path("applicationFlows[0].id");
    }

    private RequestSpecification as(String token) {
        return given().header("x-okapi-token", token).contentType(ContentType.JSON);
    }

    private String viewerOfA() {
        return TestTokens.token().groups("viewer").tenants(tenantA).sign();
    }

    private String operatorOfA() {
        return TestTokens.token().groups("operator").tenants(tenantA).sign();
    }

    @Test
    void flowListsShowOnlyTheCallersTenants() {
        String token = viewerOfA();
        as(token).queryParam("limit", 500).get("/entitlement-flows").then().statusCode(200)
                .body("flows.tenantId", everyItem(equalTo(idA.toString())))
                .body("flows.id", hasItem(flowA)).body("flows.id", not(hasItem(flowB)));
        as(token).queryParam("query", "tenantId==" + idB).get("/entitlement-flows").then().statusCode(200)
                .body("totalRecords", equalTo(0));
        as(token).queryParam("query", "id==" + flowA + " or id==" + flowB).get("/entitlement-flows").then().statusCode(200)
                .body("totalRecords", equalTo(1)).body("flows[0].id", equalTo(flowA));

        as(token).queryParam("limit", 500).get("/application-flows").then().statusCode(200)
                .body("applicationFlows.tenantId", everyItem(equalTo(idA.toString())))
                .body("applicationFlows.id", hasItem(appFlowA)).body("applicationFlows.id", not(hasItem(appFlowB)));
        as(token).queryParam("query", "flowId==" + flowB).get("/application-flows").then().statusCode(200)
                .body("totalRecords", equalTo(0));

        // a caller of all tenants sees both
        as(TestTokens.viewer()).queryParam("query", "id==" + flowA + " or id==" + flowB).get("/entitlement-flows").then()
                .body("totalRecords", equalTo(2));
    }

    @Test
    void anotherTenantsFlowAndStagesAre403() {
        String token = viewerOfA();
        String installer = module + "-folioModuleInstaller";
        as(token).get("/entitlement-flows/" + flowA + "?includeStages=true").then().statusCode(200).body("id", equalTo(flowA));
        as(token).get("/application-flows/" + appFlowA).then().statusCode(200);
        as(token).get("/application-flows/" + appFlowA + "/stages").then().statusCode(200).body("stages.name", hasItem(installer));
        as(token).get("/application-flows/" + appFlowA + "/stages/" + installer).then().statusCode(200);

        for (String path : List.of("/entitlement-flows/" + flowB, "/entitlement-flows/" + flowB + "?includeStages=true",
                "/application-flows/" + appFlowB, "/application-flows/" + appFlowB + "?includeStages=true",
                "/application-flows/" + appFlowB + "/stages", "/application-flows/" + appFlowB + "/stages/" + installer)) {
            as(token).get(path).then().statusCode(403)
                    .body("errors[0].code", equalTo("auth_error"))
                    .body("errors[0].message", equalTo("Access Denied: tenant is not allowed for the caller: " + idB))
                    .body("total_records", equalTo(1));
        }
        // unknown ids stay 404 for everyone
        as(token).get("/entitlement-flows/" + UUID.randomUUID()).then().statusCode(404);
        as(token).get("/application-flows/" + UUID.randomUUID()).then().statusCode(404);
        // and the admin reads B's flow
        Api.admin().get("/entitlement-flows/" + flowB).then().statusCode(200).body("tenantId", equalTo(idB.toString()));
    }

    @Test
    void everyWriteOnAnotherTenantIs403AndChangesNothing() {
        String token = operatorOfA();
        Map<String, Object> onB = Map.of("tenantId", idB, "applications", List.of(app));
        int callsBefore = modules.callsFor(tenantB).size();
        record Write(String method, String path, Object body) {
        }
        List<Write> writes = List.of(
                new Write("PUT", "/entitlements", Map.of("tenantId", idB, "applications", List.of(app.replace("1.0.0", "1.1.0")))),
                new Write("DELETE", "/entitlements?purge=true", onB),
                new Write("PUT", "/entitlements/state", Map.of("tenantId", idB, "applications", List.of())),
                new Write("POST", "/entitlements/validate?entitlementRequestType=revoke", onB),
                new Write("POST", "/reinstall/applications", onB),
                new Write("POST", "/reinstall/modules", Map.of("tenantId", idB, "applicationId", app, "modules", List.of(module))));
        for (Write w : writes) {
            as(token).body(w.body()).request(w.method(), w.path()).then().statusCode(403)
                    .body("errors[0].code", equalTo("auth_error"))
                    .body("errors[0].message", equalTo("Access Denied: tenant is not allowed for the caller: " + idB));
        }
        assertEquals(callsBefore, modules.callsFor(tenantB).size());
        Api.admin().queryParam("tenant", tenantB).get("/entitlements").then().body("totalRecords", equalTo(1))
                .body("entitlements[0].applicationId", equalTo(app));
        Api.admin().queryParam("query", "tenantId==" + idB).get("/entitlement-flows").then().body("totalRecords", equalTo(1));

        // the same calls on the caller's own tenant get past the scope check
        as(token).body(Map.of("tenantId", idA, "applications", List.of(app)))
                .post("/entitlements/validate?entitlementRequestType=revoke").then().statusCode(204);
        as(token).body(Map.of("tenantId", idA, "applications", List.of(app))).post("/reinstall/applications").then().statusCode(200);
        assertEquals(2, modules.callsFor(tenantA).stream().filter(c -> c.module().equals(module)).count());   // entitle + reinstall
    }
}
