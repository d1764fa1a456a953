package org.onboarding.entitlement;

import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.onboarding.entitlement.common.ListQuery;
import org.onboarding.entitlement.entitlement.EntitlementStore;
import org.onboarding.entitlement.flow.FlowQueries;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every field the entitlement and flow lists accept is served by an index: on 100 000 rows of each table, created
 * through SQL and analysed, the plans of the SQL the lists run (page and count, taken from the lists' own
 * {@link ListQuery}) for a selective filter never scan the table. All of it runs in one transaction that is rolled
 * back, so the other tests never see these rows; inside it, the counts the triggers kept through the bulk inserts
 * equal {@code count(*)}.
 */
@QuarkusTest
class ListPlanTest {

    private static final int ROWS = 100_000;

    @Inject
    Pool pool;

    private record Plan(String query, String table, List<String> plans) {
    }

    @Test
    void selectiveFiltersOnEveryListFieldUseAnIndexOnAHundredThousandRows() {
        List<Plan> plans = new ArrayList<>();
        List<String> countMismatches = new ArrayList<>();
        SqlConnection conn = pool.getConnection().await().indefinitely();
        try {
            run(conn, "BEGIN");
            String p = "plan" + System.nanoTime();
            seed(conn, p);
            run(conn, "ANALYZE tenant");
            run(conn, "ANALYZE application");
            run(conn, "ANALYZE entitlement");
            run(conn, "ANALYZE flow");
            run(conn, "ANALYZE application_flow");
            String tenant = one(conn, "SELECT id::text FROM tenant WHERE name = '" + p + "-t-7'");
            String flow = one(conn, "SELECT flow_id::text FROM flow WHERE tenant_id = '" + tenant + "' LIMIT 1");
            String appFlow = one(conn, "SELECT application_flow_id::text FROM application_flow WHERE flow_id = '" + flow + "'");

            for (String q : List.of("tenantId==" + tenant, "applicationId==" + p + "-app-17-1.0.17",
                    "applicationName==\"" + p.toUpperCase() + "-APP-17\"", "applicationVersion==1.0.17",
                    "applicationName==" + p + "-app-17*", "applicationId=" + p + "-app-17-1.0.1* sortBy applicationId")) {
                plans.add(explain(conn, EntitlementStore.LIST, q, null, "entitlement"));
            }
            for (String q : List.of("id==" + flow, "tenantId==" + tenant, "type==STATE", "status==CANCELLED",
                    "cql.allRecords=1 sortBy startedAt/sort.descending", "cql.allRecords=1 sortBy finishedAt")) {
                plans.add(explain(conn, FlowQueries.FLOWS, q, null, "flow"));
            }
            plans.add(explain(conn, FlowQueries.FLOWS, null, Set.of(p + "-t-7"), "flow"));
            for (String q : List.of("id==" + appFlow, "tenantId==" + tenant, "flowId==" + flow,
                    "applicationId==" + p + "-app-5-1.0.5", "applicationName==" + p + "-app-5", "applicationVersion==2.0.123",
                    "applicationName=" + p + "-app-55*", "type==REVOKE", "status==FAILED",
                    "cql.allRecords=1 sortBy startedAt", "cql.allRecords=1 sortBy finishedAt/sort.descending")) {
                plans.add(explain(conn, FlowQueries.APPLICATION_FLOWS, q, null, "application_flow"));
            }
            plans.add(explain(conn, FlowQueries.APPLICATION_FLOWS, "status==FAILED", Set.of(p + "-t-7"), "application_flow"));

            for (String q : List.of("", "tenantId==" + tenant, "applicationName==" + p + "-APP-17", "applicationVersion==1.0.17")) {
                compareCount(conn, EntitlementStore.LIST, q, "entitlement e", countMismatches);
            }
            for (String q : List.of("", "tenantId==" + tenant, "type==STATE", "status==CANCELLED")) {
                compareCount(conn, FlowQueries.FLOWS, q, "flow", countMismatches);
            }
            for (String q : List.of("", "applicationId==" + p + "-app-5-1.0.5", "status==FAILED", "type==REVOKE")) {
                compareCount(conn, FlowQueries.APPLICATION_FLOWS, q, "application_flow", countMismatches);
            }
        } finally {
            run(conn, "ROLLBACK");
            conn.closeAndAwait();
        }

        List<String> scans = new ArrayList<>();
        for (Plan plan : plans) {
            for (String text : plan.plans()) {
                if (text.contains("Seq Scan on " + plan.table() + " ") || text.contains("Seq Scan on " + plan.table() + "\n")) {
                    scans.add(plan.query() + ":\n" + text);
                }
            }
        }
        assertEquals(25, plans.size(), "queries explained");
        assertTrue(scans.isEmpty(), "sequential scans:\n" + String.join("\n\n", scans));
        assertTrue(countMismatches.isEmpty(), String.join("\n", countMismatches));
    }

    /** 1 000 tenants, 1 000 applications, 100 000 entitlements, flows and application flows. */
    private void seed(SqlConnection conn, String p) {
        run(conn, "INSERT INTO tenant (id, name, created_at, updated_at) SELECT gen_random_uuid(), '" + p + "-t-' || g, now(), now() "
                + "FROM generate_series(0, 999) g");
        run(conn, "INSERT INTO application (id, name, version, descriptor) SELECT '" + p + "-app-' || g || '-1.0.' || g, '"
                + p + "-app-' || g, '1.0.' || g, '{}'::jsonb FROM generate_series(0, 999) g");
        // each application for 100 tenants, each tenant 100 applications
        run(conn, "INSERT INTO entitlement (tenant_id, application_id, application_name, application_version) "
                + "SELECT t.id, a.id, a.name, a.version FROM (SELECT id, row_number() OVER (ORDER BY name) AS r FROM tenant WHERE name LIKE '"
                + p + "-t-%') t JOIN (SELECT id, name, version, row_number() OVER (ORDER BY name) AS r FROM application WHERE name LIKE '"
                + p + "-app-%') a ON (a.r + t.r) % 10 = 0");
        run(conn, "INSERT INTO flow (flow_id, tenant_id, type, status, started_at, finished_at) "
                + "SELECT gen_random_uuid(), t.id, CASE WHEN g % 5000 = 0 THEN 'STATE' ELSE 'ENTITLE' END, "
                + "CASE WHEN g % 4000 = 0 THEN 'CANCELLED' ELSE 'FINISHED' END, now() - g * interval '1 second', "
                + "now() - g * interval '1 second' + interval '5 seconds' "
                + "FROM generate_series(1, " + ROWS + ") g JOIN (SELECT id, row_number() OVER (ORDER BY name) - 1 AS r FROM tenant WHERE name LIKE '"
                + p + "-t-%') t ON t.r = g % 1000");
        run(conn, "INSERT INTO application_flow (application_flow_id, flow_id, tenant_id, application_id, application_name, "
                + "application_version, type, status, started_at, finished_at) "
                + "SELECT gen_random_uuid(), f.flow_id, f.tenant_id, '" + p + "-app-' || (f.r % 1000) || '-1.0.' || (f.r % 1000), '"
                + p + "-app-' || (f.r % 1000), '2.0.' || (f.r % 3000), CASE WHEN f.r % 5000 = 0 THEN 'REVOKE' ELSE 'ENTITLE' END, "
                + "CASE WHEN f.r % 4000 = 0 THEN 'FAILED' ELSE 'FINISHED' END, f.started_at, f.finished_at "
                + "FROM (SELECT flow_id, tenant_id, started_at, finished_at, row_number() OVER () AS r FROM flow "
                + "WHERE tenant_id IN (SELECT id FROM tenant WHERE name LIKE '" + p + "-t-%')) f");
        assertEquals(String.valueOf(ROWS), one(conn, "SELECT count(*) FROM entitlement e JOIN tenant t ON t.id = e.tenant_id "
                + "WHERE t.name LIKE '" + p + "-t-%'"));
    }

    private Plan explain(SqlConnection conn, ListQuery list, String query, Set<String> tenants, String table) {
        List<String> texts = new ArrayList<>();
        for (ListQuery.Statement statement : List.of(list.page(query, tenants, 10, 0), list.count(query, tenants))) {
            StringBuilder text = new StringBuilder();
            conn.preparedQuery("EXPLAIN " + statement.sql()).execute(statement.tuple()).await().indefinitely()
                    .forEach(r -> text.append(r.getString(0)).append('\n'));
            texts.add(text.toString());
        }
        return new Plan(query + (tenants == null ? "" : " (tenants " + tenants + ")"), table, texts);
    }

    /** The list's count (maintained where it has one) against {@code count(*)} under the same condition. */
    private void compareCount(SqlConnection conn, ListQuery list, String query, String from, List<String> mismatches) {
        ListQuery.Statement count = list.count(query, null);
        long kept = conn.preparedQuery(count.sql()).execute(count.tuple()).await().indefinitely().iterator().next().getLong(0);
        ListQuery.Statement page = list.page(query, null, Integer.MAX_VALUE, 0);
        String where = page.sql().substring(page.sql().indexOf(" WHERE "), page.sql().indexOf(" ORDER BY "));
        long counted = conn.preparedQuery("SELECT count(*) FROM " + from + where)
                .execute(Tuple.tuple(new ArrayList<>(page.params().subList(0, page.params().size() - 2))))
                .await().indefinitely().iterator().next().getLong(0);
        assertFalse(count.sql().contains("count(*)"), "maintained count expected for " + query);
        if (kept != counted) {
            mismatches.add(query + ": kept " + kept + ", count(*) " + counted);
        }
    }

    private static void run(SqlConnection conn, String sql) {
        conn.query(sql).execute().await().indefinitely();
    }

    private static String one(SqlConnection conn, String sql) {
        return String.valueOf(conn.query(sql).execute().await().indefinitely().iterator().next().getValue(0));
    }
}
