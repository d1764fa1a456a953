package org.onboarding.ziti.api;

import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Transaction;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.onboarding.ziti.apisession.ApiSessionQueries;
import org.onboarding.ziti.enrollment.EnrollmentQueries;
import org.onboarding.ziti.identity.IdentityQueries;
import org.onboarding.ziti.service.ServiceResource;
import org.onboarding.ziti.servicepolicy.ServicePolicyResource;
import org.onboarding.ziti.session.SessionQueries;
import org.onboarding.ziti.zitiql.ListQuery;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The planner serves every filterable field of the large lists with an index: 100 000 rows per table are created in
 * one transaction (rolled back afterwards, so other tests never see them), analysed, and the page statement the list
 * code builds for a selective filter on each field is EXPLAINed with its bound parameters. No plan may read the
 * listed table sequentially, neither for the page nor for its {@code totalCount}.
 */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ListPlanTest {

    private static final int ROWS = 100_000;
    /** Every 10 000th row carries the rare value the selective filters look for. */
    private static final String SEED = """
            INSERT INTO identity (id, name, type, is_admin, external_id, auth_policy_id, created_at, updated_at,
                                  is_system, is_default_admin, disabled)
            SELECT 'plan-i-' || g, 'plan-name-' || g, CASE WHEN g % 10000 = 0 THEN 'Router' ELSE 'User' END,
                   g % 10000 = 0, 'plan-ext-' || g, CASE WHEN g % 10000 = 0 THEN 'plan-policy' ELSE 'default' END,
                   timestamptz '2001-01-01' + g * interval '1 minute', timestamptz '2001-01-01' + g * interval '1 minute',
                   g % 10000 = 0, g % 10000 = 0, g % 10000 = 0
            FROM generate_series(1, ROWS_) g;
            INSERT INTO enrollment (id, method, identity_id, token, jwt, issued_at, expires_at, created_at, updated_at,
                                    is_system)
            SELECT 'plan-e-' || g, 'ott', 'plan-i-' || g, 'plan-t-' || g, 'jwt', now(), now() + interval '1 day',
                   timestamptz '2001-01-01' + g * interval '1 minute', timestamptz '2001-01-01' + g * interval '1 minute',
                   g % 10000 = 0
            FROM generate_series(1, ROWS_) g;
            INSERT INTO authenticator (id, identity_id, method, username, password_hash, created_at, updated_at)
            SELECT 'plan-a-' || g, 'plan-i-' || g, 'updb', 'plan-u-' || g, 'hash', now(), now()
            FROM generate_series(1, ROWS_) g;
            INSERT INTO api_session (id, token_hash, identity_id, authenticator_id, ip_address, created_at, updated_at,
                                     last_activity_at)
            SELECT 'plan-as-' || g, 'plan-h-' || g, 'plan-i-' || g, 'plan-a-' || g,
                   CASE WHEN g % 10000 = 0 THEN '10.9.9.9' ELSE '10.0.0.1' END,
                   timestamptz '2001-01-01' + g * interval '1 minute', timestamptz '2001-01-01' + g * interval '1 minute',
                   CASE WHEN g % 10000 = 0 THEN now() ELSE timestamptz '2001-01-01' + g * interval '1 minute' END
            FROM generate_series(1, ROWS_) g;
            INSERT INTO service (id, name, terminator_strategy, encryption_required, is_system, created_at, updated_at)
            SELECT 'plan-s-' || g, 'plan-service-' || g,
                   CASE WHEN g % 10000 = 0 THEN 'weighted' ELSE 'smartrouting' END, g % 10000 <> 0, g % 10000 = 0,
                   timestamptz '2001-01-01' + g * interval '1 minute', timestamptz '2001-01-01' + g * interval '1 minute'
            FROM generate_series(1, ROWS_) g;
            INSERT INTO service_policy (id, name, type, semantic, is_system, created_at, updated_at)
            SELECT 'plan-p-' || g, 'plan-policy-' || g, CASE WHEN g % 10000 = 0 THEN 'Bind' ELSE 'Dial' END,
                   CASE WHEN g % 10000 = 0 THEN 'AllOf' ELSE 'AnyOf' END, g % 10000 = 0,
                   timestamptz '2001-01-01' + g * interval '1 minute', timestamptz '2001-01-01' + g * interval '1 minute'
            FROM generate_series(1, ROWS_) g;
            INSERT INTO session (id, token, api_session_id, identity_id, service_id, type, is_system, created_at,
                                 updated_at)
            SELECT 'plan-se-' || g, 'plan-st-' || g, 'plan-as-' || g, 'plan-i-' || g, 'plan-s-' || g,
                   CASE WHEN g % 10000 = 0 THEN 'Bind' ELSE 'Dial' END, g % 10000 = 0,
                   timestamptz '2001-01-01' + g * interval '1 minute', timestamptz '2001-01-01' + g * interval '1 minute'
            FROM generate_series(1, ROWS_) g
            """.replace("ROWS_", Integer.toString(ROWS));

    /** Selective on every base field: the first 30 minutes of the seeded timestamps, one id. */
    private static final String EARLY = "datetime(2001-01-01T00:30:00Z)";

    @Inject
    Pool pool;

    @Inject
    ApiSessionQueries apiSessions;

    private SqlConnection connection;
    private Transaction transaction;

    @BeforeAll
    void seed() {
        connection = pool.getConnection().await().indefinitely();
        transaction = connection.begin().await().indefinitely();
        for (String statement : SEED.split(";\n")) {
            connection.query(statement).execute().await().indefinitely();
        }
        for (String table : List.of("identity", "enrollment", "authenticator", "api_session", "service",
                "service_policy", "session")) {
            connection.query("ANALYZE " + table).execute().await().indefinitely();
        }
    }

    @AfterAll
    void rollBack() {
        transaction.rollback().await().indefinitely();
        connection.close().await().indefinitely();
    }

    /** One case per filterable field of each large table, from {@code list-plan-filters.txt}. */
    @ParameterizedTest
    @ValueSource(strings = {"identity", "enrollment", "api_session", "session", "service", "service_policy"})
    void everyFilterableFieldIsServedByAnIndex(String table) throws Exception {
        ListSource source = switch (table) {
            case "identity" -> IdentityQueries.LIST;
            case "enrollment" -> EnrollmentQueries.LIST;
            case "api_session" -> apiSessions.listSource();
            case "session" -> SessionQueries.LIST;
            case "service" -> ListSource.table("service", "s", ServiceResource.FIELDS);
            default -> ListSource.table("service_policy", "p", ServicePolicyResource.FIELDS);
        };
        Map<String, String> filters = new LinkedHashMap<>();
        try (var lines = new BufferedReader(new InputStreamReader(
                getClass().getResourceAsStream("/list-plan-filters.txt"), StandardCharsets.UTF_8))) {
            lines.lines().filter(line -> line.startsWith(table + "\t")).map(line -> line.split("\t"))
                    .forEach(cells -> filters.put(cells[1], cells[2].replace("EARLY", EARLY)));
        }
        assertIndexed(source, table, filters);
    }

    /** The unfiltered first page reads its total from the counter and walks the id index. */
    @Test
    void unfilteredPagesReadTheCounter() {
        for (ListSource source : List.of(IdentityQueries.LIST, EnrollmentQueries.LIST, SessionQueries.LIST)) {
            ListQuery query = query(source, null, new ArrayList<>());
            assertTrue(source.pageSql(query).contains("FROM ziti_row_count"), source.pageSql(query));
            assertNoSeqScan(source.countedTable(), source.pageSql(query), List.of());
        }
        // api sessions count the live ones through the last-activity index
        ListSource live = apiSessions.listSource();
        assertNoSeqScan("api_session", live.pageSql(query(live, null, new ArrayList<>())), List.of());
    }

    /** A page 10 000 rows deep walks the id index for the skipped rows and reads only its own 25 in full. */
    @Test
    void deepPagesWalkTheIdIndexOnly() {
        for (ListSource source : List.of(IdentityQueries.LIST, EnrollmentQueries.LIST, SessionQueries.LIST)) {
            ListQuery query = ListQuery.of(null, 25L, 10_000L, null, source.fields(), new ArrayList<>());
            String sql = source.pageSql(query);
            assertTrue(sql.contains(" IN (SELECT " + source.fields().idColumn() + " "), sql);
            assertNoSeqScan(source.countedTable(), sql, List.of());
        }
    }

    /** Sorting a large list by its name or a timestamp walks an index rather than sorting the table. */
    @Test
    void sortsUseIndexes() {
        for (String sort : List.of("name", "createdAt desc", "updatedAt")) {
            List<Object> params = new ArrayList<>();
            ListQuery query = ListQuery.of(null, 25L, 0L, sort, IdentityQueries.LIST.fields(), params);
            assertNoSeqScan("identity", IdentityQueries.LIST.pageSql(query), params);
        }
    }

    private void assertIndexed(ListSource source, String table, Map<String, String> filters) {
        Set<String> filterable = new LinkedHashSet<>(source.fields().names());
        // tags.<key> compares a JSON value picked by a bound key: no column index can serve it (README)
        filterable.remove("tags");
        assertEquals(filterable, filters.keySet(), "every filterable field of " + table + " has a plan case");
        filters.forEach((field, filter) -> {
            List<Object> params = new ArrayList<>();
            ListQuery query = query(source, filter, params);
            assertFalse(query.unfiltered(), filter);
            assertNoSeqScan(table, source.pageSql(query), params);
        });
    }

    private static ListQuery query(ListSource source, String filter, List<Object> params) {
        return ListQuery.of(filter, 25L, 0L, null, source.fields(), params);
    }

    private void assertNoSeqScan(String table, String sql, List<Object> params) {
        JsonArray explained = connection.preparedQuery("EXPLAIN (FORMAT JSON) " + sql).execute(Tuple.from(params))
                .await().indefinitely().iterator().next().getJsonArray(0);
        JsonObject plan = explained.getJsonObject(0).getJsonObject("Plan");
        List<String> scans = new ArrayList<>();
        collectScans(plan, scans);
        assertFalse(scans.contains("Seq Scan on " + table), () -> sql + "\n" + plan.encodePrettily());
        assertTrue(scans.stream().anyMatch(scan -> scan.endsWith(" on " + table)),
                () -> "the plan reads " + table + ": " + sql + "\n" + plan.encodePrettily());
    }

    private static void collectScans(JsonObject node, List<String> scans) {
        if (node.getString("Relation Name") != null) {
            scans.add(node.getString("Node Type") + " on " + node.getString("Relation Name"));
        }
        JsonArray children = node.getJsonArray("Plans");
        if (children != null) {
            children.forEach(child -> collectScans((JsonObject) child, scans));
        }
    }
}
