package org.onboarding.entitlement;

import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.onboarding.entitlement.common.ListCountCompactor;
import org.onboarding.testsupport.AtOnce;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The counts behind {@code totalRecords} stay exact under concurrent writes: 50 concurrent entitlements, then 50
 * concurrent revokes and entitlements through the API, then 50 concurrent SQL writers creating and deleting flows,
 * leave every maintained count equal to {@code count(*)} of its rows, before and after the deltas are folded.
 */
@QuarkusTest
class ListCountConcurrencyTest extends WithFakeModules {

    /** Every maintained count that differs from count(*) of its rows; one statement, so one snapshot. */
    private static final String MISMATCHES = """
            WITH actual AS (
              SELECT 'entitlement' AS relation, k.field, k.value, count(*) AS n FROM entitlement x
                CROSS JOIN LATERAL (VALUES ('', ''), ('tenantId', x.tenant_id::text),
                  ('applicationId', lower(f_unaccent(x.application_id))), ('applicationName', lower(f_unaccent(x.application_name))),
                  ('applicationVersion', lower(f_unaccent(x.application_version)))) k(field, value) GROUP BY 1, 2, 3
              UNION ALL
              SELECT 'flow', k.field, k.value, count(*) FROM flow x
                CROSS JOIN LATERAL (VALUES ('', ''), ('tenantId', x.tenant_id::text), ('type', x.type), ('status', x.status))
                  k(field, value) GROUP BY 1, 2, 3
              UNION ALL
              SELECT 'application_flow', k.field, k.value, count(*) FROM application_flow x
                CROSS JOIN LATERAL (VALUES ('', ''), ('tenantId', x.tenant_id::text),
                  ('applicationId', lower(f_unaccent(x.application_id))), ('applicationName', lower(f_unaccent(x.application_name))),
                  ('applicationVersion', lower(f_unaccent(x.application_version))), ('type', x.type), ('status', x.status))
                  k(field, value) GROUP BY 1, 2, 3),
            kept AS (
              SELECT relation, field, value, sum(n) AS n FROM (
                SELECT relation, field, value, n FROM list_count UNION ALL SELECT relation, field, value, n FROM list_count_delta) c
              GROUP BY 1, 2, 3 HAVING sum(n) <> 0)
            SELECT relation, field, value, a.n AS actual, k.n AS kept, (SELECT count(*) FROM actual) AS keys
            FROM actual a FULL JOIN kept k USING (relation, field, value)
            WHERE a.n IS DISTINCT FROM k.n
            UNION ALL SELECT 'keys', '', '', NULL, NULL, (SELECT count(*) FROM actual)
            """;

    @Inject
    Pool pool;

    @Inject
    ListCountCompactor compactor;

    @Test
    void fiftyConcurrentCreatesAndDeletesLeaveEveryCountExact() throws Exception {
        String p = Api.unique("cnt");
        String first = app(p + "-a", "1.0.0");
        String second = app(p + "-b", "1.0.0");
        List<UUID> tenants = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            tenants.add(Api.tenant(p + "_t" + i));
        }

        List<Callable<Integer>> entitles = new ArrayList<>();
        for (UUID tenant : tenants) {
            entitles.add(() -> Api.admin().body(body(tenant, List.of(first))).post("/entitlements").statusCode());
        }
        assertEquals(List.of(201), distinct(AtOnce.run(entitles)));
        assertExact();

        List<Callable<Integer>> mixed = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            UUID tenant = tenants.get(i);
            mixed.add(i % 2 == 0
                    ? () -> Api.admin().body(body(tenant, List.of(first))).delete("/entitlements").statusCode()
                    : () -> Api.admin().body(body(tenant, List.of(second))).post("/entitlements").statusCode());
        }
        assertEquals(List.of(200, 201), distinct(AtOnce.run(mixed)).stream().sorted().toList());
        assertExact();
        Api.admin().queryParam("query", "applicationName==" + p + "-a").get("/entitlements").then()
                .statusCode(200).body("totalRecords", equalTo(25));
        Api.admin().queryParam("query", "applicationId==" + second).queryParam("limit", 1).get("/entitlements").then()
                .statusCode(200).body("totalRecords", equalTo(25));

        // 50 writers at once: each creates a flow with an application flow, finishes it and deletes an older one
        List<Callable<Integer>> writers = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            UUID tenant = tenants.get(i % 5);
            UUID flow = UUID.randomUUID();
            writers.add(() -> pool.withTransaction(conn -> conn.query(
                            "WITH f AS (INSERT INTO flow VALUES ('" + flow + "', '" + tenant + "', 'ENTITLE', 'IN_PROGRESS', now()) RETURNING flow_id) "
                                    + "INSERT INTO application_flow SELECT gen_random_uuid(), f.flow_id, '" + tenant + "', '" + p
                                    + "-x-1.0.0', '" + p + "-x', '1.0.0', 'ENTITLE', 'FINISHED', now() FROM f").execute()
                    .chain(() -> conn.query("UPDATE flow SET status = 'FINISHED', finished_at = now() WHERE flow_id = '" + flow + "'").execute())
                    .chain(() -> conn.query("DELETE FROM flow WHERE flow_id = (SELECT flow_id FROM flow WHERE tenant_id = '"
                            + tenant + "' ORDER BY started_at LIMIT 1 FOR UPDATE SKIP LOCKED)").execute()))
                    .await().indefinitely().rowCount());
        }
        AtOnce.run(writers);
        assertExact();

        compactor.compact().await().indefinitely();
        assertExact();
        assertEquals(0, count("SELECT count(*) FROM list_count WHERE n = 0"), "counts folded to zero are removed");
        Api.admin().queryParam("query", "tenantId==" + tenants.get(0)).get("/entitlement-flows").then().statusCode(200)
                .body("totalRecords", equalTo(count("SELECT count(*) FROM flow WHERE tenant_id = '" + tenants.get(0) + "'")));
        Api.admin().queryParam("limit", 1).get("/application-flows").then().statusCode(200)
                .body("totalRecords", equalTo(count("SELECT count(*) FROM application_flow")));
    }

    private void assertExact() {
        List<String> wrong = new ArrayList<>();
        long keys = 0;
        for (Row r : pool.query(MISMATCHES).execute().await().indefinitely()) {
            if ("keys".equals(r.getString(0))) {
                keys = r.getLong(5);
            } else {
                wrong.add(r.getString(0) + " " + r.getString(1) + "=" + r.getString(2) + ": count(*) " + r.getValue(3)
                        + ", kept " + r.getValue(4));
            }
        }
        assertTrue(keys > 10, "counts compared: " + keys);
        assertTrue(wrong.isEmpty(), String.join("\n", wrong));
    }

    private int count(String sql) {
        return pool.query(sql).execute().await().indefinitely().iterator().next().getInteger(0);
    }

    private static <T> List<T> distinct(List<T> values) {
        return values.stream().distinct().toList();
    }
}
