package org.onboarding.entitlement;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgException;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.onboarding.entitlement.Api.unique;

/**
 * A tenant or an application a tenant is entitled to cannot leave the registry: the database's RESTRICT foreign keys
 * refuse the delete, which answers a FOLIO 400 naming what still depends on it. Upstream keeps tenants, applications
 * and entitlements in three services (mgr-tenants, mgr-applications, mgr-tenant-entitlements), so it has no such
 * test; these are ours.
 */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RegistryIntegrityTest {

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

    private static Map<String, Object> body(UUID tenantId, List<String> apps) {
        return Map.of("tenantId", tenantId, "applications", apps);
    }

    @Test
    void anEntitledTenantOrApplicationIsNotDeletedAndTheAnswerNamesWhatDependsOnIt() {
        String tenantName = unique("keep");
        UUID tenantId = Api.tenant(tenantName);
        String otherName = unique("keep2");
        UUID otherId = Api.tenant(otherName);
        String p = unique("kp");
        String a = Api.application(p + "-a", "1.0.0", List.of(), modules, p + "-mod-a-1.0.0");
        String b = Api.application(p + "-b", "1.0.0", List.of(Map.of("name", p + "-a", "version", "^1.0.0")), modules,
                p + "-mod-b-1.0.0");
        Api.admin().body(body(tenantId, List.of(a, b))).post("/entitlements").then().statusCode(201);
        Api.admin().body(body(otherId, List.of(a))).post("/entitlements").then().statusCode(201);

        Api.admin().delete("/tenants/" + tenantId).then().statusCode(400)
                .body("total_records", equalTo(1))
                .body("errors[0].type", equalTo("RequestValidationException"))
                .body("errors[0].code", equalTo("validation_error"))
                .body("errors[0].message", equalTo("Tenant cannot be deleted while applications are entitled for it: [" + a + ", " + b + "]"))
                .body("errors[0].parameters.find { it.key == 'applicationIds' }.value", equalTo(a + ", " + b));
        Api.admin().delete("/applications/" + a).then().statusCode(400)
                .body("errors[0].type", equalTo("RequestValidationException"))
                .body("errors[0].message", equalTo("Application cannot be deleted while it is entitled for tenants: ["
                        + String.join(", ", new java.util.TreeSet<>(List.of(tenantName, otherName))) + "]"))
                .body("errors[0].parameters.find { it.key == 'tenants' }.value",
                        equalTo(String.join(", ", new java.util.TreeSet<>(List.of(tenantName, otherName)))));

        // nothing changed: both still listed, revocable, and then deletable
        Api.admin().get("/tenants/" + tenantId).then().statusCode(200);
        Api.admin().get("/applications/" + a).then().statusCode(200);
        Api.admin().header("x-okapi-tenant", tenantName).get("/entitlements/" + tenantName + "/applications").then()
                .statusCode(200).body("totalRecords", equalTo(2));
        Api.admin().body(body(tenantId, List.of(b))).delete("/entitlements").then().statusCode(200);
        Api.admin().body(body(tenantId, List.of(a))).delete("/entitlements").then().statusCode(200);
        Api.admin().delete("/tenants/" + tenantId).then().statusCode(204);
        Api.admin().delete("/applications/" + b).then().statusCode(204);
        Api.admin().delete("/applications/" + a).then().statusCode(400)   // still entitled for the other tenant
                .body("errors[0].parameters.find { it.key == 'tenants' }.value", equalTo(otherName));
        Api.admin().body(body(otherId, List.of(a))).delete("/entitlements").then().statusCode(200);
        Api.admin().delete("/applications/" + a).then().statusCode(204);
    }

    @Test
    void theDatabaseItselfRefusesToDropAReferencedTenantOrApplication() {
        String tenantName = unique("fk");
        UUID tenantId = Api.tenant(tenantName);
        String app = Api.application(unique("fk-app"), "1.0.0", List.of(), modules, unique("fk-mod") + "-1.0.0");
        Api.admin().body(body(tenantId, List.of(app))).post("/entitlements").then().statusCode(201);

        PgException tenant = assertThrows(PgException.class, () -> pool.preparedQuery("DELETE FROM tenant WHERE id = $1")
                .executeAndAwait(Tuple.of(tenantId)));
        assertEquals("23503", tenant.getSqlState());
        PgException application = assertThrows(PgException.class, () -> pool.preparedQuery("DELETE FROM application WHERE id = $1")
                .executeAndAwait(Tuple.of(app)));
        assertEquals("23503", application.getSqlState());
    }

    /**
     * Ten deletes (the tenant and its nine entitled applications) race one revoke of all nine, three rounds: each
     * delete answers 204 or a FOLIO 400, the revoke succeeds, and no entitlement, module or dependency row is left
     * pointing at a tenant or application that is gone.
     */
    @Test
    void tenDeletesRacingARevokeLeaveNothingOrphaned() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(11);
        int refused = 0;
        int deleted = 0;
        try {
            for (int round = 0; round < 3; round++) {
                String tenantName = unique("race");
                UUID tenantId = Api.tenant(tenantName);
                String p = unique("ra");
                List<String> apps = new ArrayList<>();
                String first = Api.application(p + "-0", "1.0.0", List.of(), modules, p + "-mod0-1.0.0");
                apps.add(first);
                for (int i = 1; i < 9; i++) {   // the others depend on the first: revoked first, layer by layer
                    apps.add(Api.application(p + "-" + i, "1.0.0", List.of(Map.of("name", p + "-0", "version", "^1.0.0")),
                            modules, p + "-mod" + i + "-1.0.0"));
                }
                Api.admin().body(body(tenantId, apps)).post("/entitlements").then().statusCode(201);

                CountDownLatch start = new CountDownLatch(1);
                List<Callable<Response>> deletes = new ArrayList<>();
                deletes.add(gated(start, () -> Api.admin().delete("/tenants/" + tenantId)));
                for (String app : apps) {
                    deletes.add(gated(start, () -> Api.admin().delete("/applications/" + app)));
                }
                Future<Response> revoke = threads.submit(gated(start,
                        () -> Api.admin().body(body(tenantId, apps)).delete("/entitlements?purge=true")));
                List<Future<Response>> answers = new ArrayList<>();
                deletes.forEach(d -> answers.add(threads.submit(d)));
                start.countDown();

                assertEquals(200, revoke.get(60, TimeUnit.SECONDS).statusCode(), revoke.get().asString());
                for (int i = 0; i < answers.size(); i++) {
                    Response answer = answers.get(i).get(60, TimeUnit.SECONDS);
                    String what = i == 0 ? "/tenants/" + tenantId : "/applications/" + apps.get(i - 1);
                    if (answer.statusCode() == 204) {
                        deleted++;
                        Api.admin().get(what).then().statusCode(404);
                    } else {
                        refused++;
                        assertEquals(400, answer.statusCode(), what + ": " + answer.asString());
                        answer.then().body("total_records", equalTo(1))
                                .body("errors[0].type", equalTo("RequestValidationException"))
                                .body("errors[0].code", equalTo("validation_error"));
                        Api.admin().get(what).then().statusCode(200);
                    }
                }
                assertEquals(0L, orphans(), "rows pointing at a deleted tenant or application");
                if (answers.get(0).get().statusCode() == 400) {
                    Api.admin().get("/entitlements?tenant=" + tenantName).then().statusCode(200).body("totalRecords", equalTo(0));
                }
                // the revoke is done: whatever is left can go now
                for (String app : apps) {
                    int status = Api.admin().delete("/applications/" + app).statusCode();
                    assertTrue(status == 204 || status == 404, app + ": " + status);
                }
                int status = Api.admin().delete("/tenants/" + tenantId).statusCode();
                assertTrue(status == 204 || status == 404, "tenant: " + status);
            }
        } finally {
            threads.shutdownNow();
        }
        assertEquals(30, refused + deleted);
    }

    private static Callable<Response> gated(CountDownLatch start, Callable<Response> call) {
        return () -> {
            start.await(10, TimeUnit.SECONDS);
            return call.call();
        };
    }

    private long orphans() {
        long total = 0;
        for (String table : List.of("entitlement", "entitlement_module", "application_dependency")) {
            total += pool.query("SELECT count(*) FROM " + table + " x WHERE NOT EXISTS (SELECT 1 FROM tenant t WHERE t.id = x.tenant_id) "
                            + "OR NOT EXISTS (SELECT 1 FROM application a WHERE a.id = x.application_id)")
                    .executeAndAwait().iterator().next().getLong(0);
        }
        return total;
    }
}
