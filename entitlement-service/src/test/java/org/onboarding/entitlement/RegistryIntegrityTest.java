package org.onboarding.entitlement;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgException;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

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
class RegistryIntegrityTest extends WithFakeModules {

    @Inject
    Pool pool;

    @Test
    void anEntitledTenantOrApplicationIsNotDeletedAndTheAnswerNamesWhatDependsOnIt() {
        String tenantName = unique("keep");
        UUID tenantId = Api.tenant(tenantName);
        String otherName = unique("keep2");
        UUID otherId = Api.tenant(otherName);
        String p = unique("kp");
        String a = app(p + "-a", "1.0.0", p + "-mod-a-1.0.0");
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
        String app = app(unique("fk-app"), "1.0.0", unique("fk-mod") + "-1.0.0");
        Api.admin().body(body(tenantId, List.of(app))).post("/entitlements").then().statusCode(201);

        PgException tenant = assertThrows(PgException.class, () -> pool.preparedQuery("DELETE FROM tenant WHERE id = $1")
                .executeAndAwait(Tuple.of(tenantId)));
        assertEquals("23503", tenant.getSqlState());
        PgException application = assertThrows(PgException.class, () -> pool.preparedQuery("DELETE FROM application WHERE id = $1")
                .executeAndAwait(Tuple.of(app)));
        assertEquals("23503", application.getSqlState());
    }

    /**
     * Ten requesters, one per registry row (the tenant and its nine entitled applications), keep deleting it while one
     * revoke of all nine runs, two rounds. Every answer is a 204 or a FOLIO 400; each requester's delete passes once
     * nothing depends on its row any more (the dependent applications go before the one they depend on, the tenant
     * last); the revoke succeeds; and no entitlement, module or dependency row ever points at a deleted row.
     */
    @Test
    void tenDeletesRacingARevokeLeaveNothingOrphaned() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(11);
        int refused = 0;
        try {
            for (int round = 0; round < 2; round++) {
                String tenantName = unique("race");
                UUID tenantId = Api.tenant(tenantName);
                String p = unique("ra");
                List<String> apps = new ArrayList<>();
                apps.add(app(p + "-0", "1.0.0", p + "-mod0-1.0.0"));
                for (int i = 1; i < 9; i++) {   // the others depend on the first: revoked before it
                    apps.add(Api.application(p + "-" + i, "1.0.0", List.of(Map.of("name", p + "-0", "version", "^1.0.0")),
                            modules, p + "-mod" + i + "-1.0.0"));
                }
                Api.admin().body(body(tenantId, apps)).post("/entitlements").then().statusCode(201);

                List<String> paths = new ArrayList<>();
                paths.add("/tenants/" + tenantId);
                apps.forEach(app -> paths.add("/applications/" + app));
                CountDownLatch start = new CountDownLatch(1);
                AtomicBoolean revoked = new AtomicBoolean();
                Future<Response> revoke = threads.submit(() -> {
                    start.await(10, TimeUnit.SECONDS);
                    try {
                        return Api.admin().body(body(tenantId, apps)).delete("/entitlements?purge=true");
                    } finally {
                        revoked.set(true);
                    }
                });
                List<Future<List<Response>>> requesters = new ArrayList<>();
                for (String path : paths) {
                    requesters.add(threads.submit(() -> deleteUntilGone(path, start, revoked)));
                }
                start.countDown();

                assertEquals(200, revoke.get(60, TimeUnit.SECONDS).statusCode(), revoke.get().asString());
                for (int i = 0; i < paths.size(); i++) {
                    List<Response> answers = requesters.get(i).get(60, TimeUnit.SECONDS);
                    for (Response answer : answers.subList(0, answers.size() - 1)) {
                        assertEquals(400, answer.statusCode(), paths.get(i) + ": " + answer.asString());
                        answer.then().body("total_records", equalTo(1))
                                .body("errors[0].type", equalTo("RequestValidationException"))
                                .body("errors[0].code", equalTo("validation_error"));
                        refused++;
                    }
                    assertEquals(204, answers.get(answers.size() - 1).statusCode(), paths.get(i));
                    Api.admin().get(paths.get(i)).then().statusCode(404);
                }
                assertEquals(0L, orphans(), "rows pointing at a deleted tenant or application");
            }
        } finally {
            threads.shutdownNow();
        }
        // the deletes did meet live entitlements (the tenant's cannot pass before the revoke is done)
        assertTrue(refused > 0, "refused " + refused);
    }

    /** Deletes {@code path} until it answers 204, anything but a 400, or still 400 after the revoke is over. */
    private static List<Response> deleteUntilGone(String path, CountDownLatch start, AtomicBoolean revoked)
            throws InterruptedException {
        start.await(10, TimeUnit.SECONDS);
        List<Response> answers = new ArrayList<>();
        int afterRevoke = 0;
        while (true) {
            boolean over = revoked.get();
            Response answer = Api.admin().delete(path);
            answers.add(answer);
            if (answer.statusCode() != 400 || (over && ++afterRevoke > 1)) {
                return answers;
            }
            Thread.sleep(20);
        }
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
