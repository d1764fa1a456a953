package org.onboarding.entitlement;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;
import org.onboarding.testsupport.TestTokens;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;

/**
 * The {@code tenants} claim applies to the tenant registry too: an admin scoped to tenant A lists, reads and updates
 * only A, and cannot touch B; creating or deleting tenants and applications (and module discovery) takes an unscoped
 * admin ({@code tenants: ["*"]}). Upstream leaves this to mgr-tenants' own authorization, so there is no upstream
 * test to mirror.
 */
@QuarkusTest
class RegistryScopeTest {

    private static RequestSpecification as(String token) {
        return given().header("x-okapi-token", token).contentType(ContentType.JSON);
    }

    @Test
    void aScopedAdminSeesAndChangesOnlyItsOwnTenants() {
        String a = Api.unique("rsa");
        String b = Api.unique("rsb");
        UUID idA = Api.tenant(a);
        UUID idB = Api.tenant(b);
        String adminOfA = TestTokens.token().groups("admin").tenants(a).sign();

        as(adminOfA).get("/tenants?limit=500").then().statusCode(200)
                .body("tenants.name", everyItem(equalTo(a))).body("tenants.name", hasItem(a)).body("totalRecords", equalTo(1));
        as(adminOfA).queryParam("query", "name==" + b).get("/tenants").then().statusCode(200).body("totalRecords", equalTo(0));
        Api.admin().queryParam("query", "name==" + b).get("/tenants").then().statusCode(200).body("totalRecords", equalTo(1));

        as(adminOfA).get("/tenants/" + idA).then().statusCode(200).body("name", equalTo(a));
        as(adminOfA).get("/tenants/" + idB).then().statusCode(403).body("errors[0].code", equalTo("auth_error"))
                .body("errors[0].message", equalTo("Access Denied: tenant is not allowed for the caller: " + idB));
        as(adminOfA).get("/tenants/" + UUID.randomUUID()).then().statusCode(403);   // existence is not revealed

        as(adminOfA).body(Map.of("name", a, "description", "mine")).put("/tenants/" + idA).then().statusCode(200)
                .body("description", equalTo("mine"));
        as(adminOfA).body(Map.of("name", b, "description", "not mine")).put("/tenants/" + idB).then().statusCode(403);
        Api.admin().get("/tenants/" + idB).then().body("description", equalTo("test tenant"));
        as(adminOfA).body(Map.of("name", a + "x", "description", "renamed")).put("/tenants/" + idA).then().statusCode(400)
                .body("errors[0].message", equalTo("Tenant name cannot be changed"));

        as(adminOfA).delete("/tenants/" + idB).then().statusCode(403);
        as(adminOfA).delete("/tenants/" + idA).then().statusCode(403)
                .body("errors[0].message", equalTo("Access Denied: all-tenant access is required"));
        Api.admin().get("/tenants/" + idA).then().statusCode(200);
        Api.admin().get("/tenants/" + idB).then().statusCode(200);
        as(adminOfA).body(Map.of("name", Api.unique("rsc"))).post("/tenants").then().statusCode(403);

        Api.admin().body(Map.of("name", b, "description", "changed by the platform admin")).put("/tenants/" + idB)
                .then().statusCode(200);
        Api.admin().delete("/tenants/" + idB).then().statusCode(204);
    }

    @Test
    void registeringOrDeletingApplicationsAndDiscoveryNeedsAnUnscopedAdmin() {
        String a = Api.unique("rsd");
        Api.tenant(a);
        String adminOfA = TestTokens.token().groups("admin").tenants(a).sign();
        String name = Api.unique("rs-app");
        String id = name + "-1.0.0";

        as(adminOfA).body(Map.of("name", name, "version", "1.0.0")).post("/applications").then().statusCode(403)
                .body("errors[0].message", equalTo("Access Denied: all-tenant access is required"));
        Api.admin().body(Map.of("name", name, "version", "1.0.0")).post("/applications").then().statusCode(201);
        as(adminOfA).get("/applications/" + id).then().statusCode(200);   // reading the catalogue is fine
        as(adminOfA).delete("/applications/" + id).then().statusCode(403);
        Api.admin().get("/applications/" + id).then().statusCode(200);

        String module = Api.unique("rs-mod") + "-1.0.0";
        List<Map<String, String>> discovery = List.of(Map.of("id", module, "location", "http://127.0.0.1:1/m"));
        as(adminOfA).body(Map.of("discovery", discovery)).post("/modules/discovery").then().statusCode(403);
        Api.admin().body(Map.of("discovery", discovery)).post("/modules/discovery").then().statusCode(201);
        as(adminOfA).delete("/modules/" + module + "/discovery").then().statusCode(403);

        Api.admin().delete("/modules/" + module + "/discovery").then().statusCode(204);
        Api.admin().delete("/applications/" + id).then().statusCode(204);
    }
}
