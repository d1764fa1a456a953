package org.onboarding.provisioning.item;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The SQL the items list really sends (built by {@link ItemQuery}), explained by PostgreSQL over 100 000 items: every
 * filter and the keyset page read an index, never the table, and a keyset page deep in a batch reads its page and
 * stops. Plans are checked as PostgreSQL makes them for one execution (the service's statements are not cached, so
 * each gets such a plan) and as a generic plan (what a prepared-statement cache would reuse).
 */
@QuarkusTest
class ItemListPlanTest {

    private static final int BIG = 60_000;
    private static final int SMALL_BATCHES = 40;
    private static final int SMALL = 1_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private static List<UUID> batches;

    @Inject
    Pool pool;

    @Inject
    ProvisioningItemRepository items;

    @Test
    void everyFilterAndTheKeysetPageReadAnIndexNotTheTable() throws Throwable {
        UUID big = seeded().get(0);
        long deep = seqOf(big, 30_000);
        // each query, and the index that serves it: a filter read along the batch-order index would walk the batch
        String order = "provisioning_item_batch_order_idx";
        String byStatus = "provisioning_item_status_order_idx";
        String byDomain = "provisioning_item_domain_order_idx";
        Map<ItemQuery, String> queries = Map.of(
                new ItemQuery(big, null, null, null, 0, 100), order,
                new ItemQuery(big, ProvStatus.ERROR, null, null, 0, 100), byStatus,
                new ItemQuery(big, null, "admin_staff", null, 0, 100), byDomain,
                new ItemQuery(big, null, null, new ItemCursor(deep), 0, 100), order,
                new ItemQuery(big, ProvStatus.ERROR, null, new ItemCursor(deep), 0, 100), byStatus,
                new ItemQuery(big, null, "admin_staff", new ItemCursor(deep), 0, 100), byDomain,
                new ItemQuery(big, null, null, null, 10_000, 100), order,
                new ItemQuery(seeded().get(7), null, null, null, 0, 100), order);
        for (Map.Entry<ItemQuery, String> entry : queries.entrySet()) {
            ItemQuery query = entry.getKey();
            for (JsonNode plan : List.of(customPlan(query.sql(), query.args()), genericPlan(query.sql(), query.args()))) {
                List<JsonNode> nodes = nodes(plan);
                assertTrue(nodes.stream().noneMatch(n -> n.path("Node Type").asText().equals("Seq Scan")),
                        query + " scans the table: " + plan);
                assertTrue(nodes.stream().anyMatch(n -> n.path("Index Name").asText().equals(entry.getValue())),
                        query + " does not read " + entry.getValue() + ": " + plan);
                assertTrue(nodes.stream().noneMatch(n -> n.path("Node Type").asText().equals("Sort")),
                        query + " sorts the batch instead of reading it in order: " + plan);
            }
        }
        // two filters at once: one index narrows the batch to its rare rows (600 in ERROR), the other filter and the
        // order apply to those
        ItemQuery both = new ItemQuery(big, ProvStatus.ERROR, "admin_staff", null, 0, 100);
        for (JsonNode plan : List.of(customPlan(both.sql(), both.args()), genericPlan(both.sql(), both.args()))) {
            assertTrue(nodes(plan).stream().noneMatch(n -> n.path("Node Type").asText().equals("Seq Scan")),
                    "two filters scan the table: " + plan);
            assertTrue(nodes(plan).stream().anyMatch(n -> n.path("Index Name").asText()
                    .matches("provisioning_item_(status|domain)_order_idx")), "two filters use no filter's index: " + plan);
        }
    }

    /** 30 000 items deep, a keyset page reads its 100 rows (a page by offset reads all 30 000 before it). */
    @Test
    void aDeepKeysetPageReadsOnlyItsOwnRows() throws Throwable {
        UUID big = seeded().get(0);
        ItemQuery keyset = new ItemQuery(big, null, null, new ItemCursor(seqOf(big, 30_000)), 0, 100);
        JsonNode plan = await(pool.preparedQuery("EXPLAIN (ANALYZE, FORMAT JSON) " + keyset.sql())
                .execute(keyset.args()).map(rows -> parse(rows.iterator().next())));
        long read = nodes(plan).stream().filter(n -> n.has("Index Name"))
                .mapToLong(n -> n.path("Actual Rows").asLong()).sum();
        assertTrue(read <= 100, "the keyset page read " + read + " rows: " + plan);

        List<ProvisioningItem> page = await(items.page(keyset));
        assertEquals(100, page.size());
        assertEquals("first30001", page.get(0).firstname(), "the page starts right after the cursor's item");
    }

    /** The counts of a batch page come from the counts the triggers keep (a few rows per batch), never the items. */
    @Test
    void batchCountsAreReadFromTheKeptCountsAndMatchTheItems() throws Throwable {
        List<UUID> ids = seeded();
        Tuple args = Tuple.of(ids.toArray(UUID[]::new));
        for (JsonNode plan : List.of(customPlan(ProvisioningItemRepository.COUNTS, args),
                genericPlan(ProvisioningItemRepository.COUNTS, args))) {
            assertFalse(plan.toString().contains("\"provisioning_item\""), "the counts read the items: " + plan);
        }
        Map<UUID, Map<String, Long>> kept = await(items.counts(ids));
        Map<UUID, Map<String, Long>> counted = new TreeMap<>();
        for (Row row : await(pool.preparedQuery("SELECT provisioning_batch_id, prov_status, count(*) FROM provisioning_item "
                + "WHERE provisioning_batch_id = ANY($1) GROUP BY 1, 2").execute(args))) {
            counted.computeIfAbsent(row.getUUID(0), k -> new TreeMap<>())
                    .put(ProvStatus.valueOf(row.getString(1)).apiName(), row.getLong(2));
        }
        assertEquals(counted, new TreeMap<>(kept));
        assertEquals(Map.of("PENDING_ACTIVATION", 58_200L, "KC_CREATED", 1_200L, "ERROR", 600L), kept.get(ids.get(0)));
    }

    /**
     * One batch of {@value #BIG} items and {@value #SMALL_BATCHES} of {@value #SMALL}: 100 000 items inserted by SQL
     * (the count triggers fire), firstname {@code first<n>} in batch order. Of every 100 items 1 is in ERROR and 2
     * were created (n % 100 = 7; n % 50 = 3); domains: 2 % admin_staff, then teacher, parent, student.
     */
    private synchronized List<UUID> seeded() throws Throwable {
        if (batches != null) {
            return batches;
        }
        List<UUID> ids = new ArrayList<>();
        for (Row row : await(pool.query("INSERT INTO provisioning_batch (id, source_identity_batch_id, created_by, "
                + "created_at) SELECT gen_random_uuid(), gen_random_uuid(), 'plan-test', "
                + "timestamptz '2001-01-01' + n * interval '1 second' FROM generate_series(1, " + (SMALL_BATCHES + 1)
                + ") n ORDER BY n RETURNING id").execute())) {
            ids.add(row.getUUID(0));
        }
        await(pool.preparedQuery("INSERT INTO provisioning_item (id, provisioning_batch_id, identity_id, domain, "
                + "establishment_id, external_id, firstname, lastname, email, prov_status, created_at, updated_at, "
                + "completed_at) "
                + "SELECT gen_random_uuid(), b.id, gen_random_uuid(), CASE WHEN n % 50 = 0 THEN 'admin_staff' "
                + "WHEN n % 12 = 0 THEN 'teacher' WHEN n % 5 = 0 THEN 'parent' ELSE 'student' END, "
                + "'etab-' || (n % 40), 'X-' || n, 'first' || n, 'last' || n, 'p' || n || '@school.example', "
                + "CASE WHEN n % 100 = 7 THEN 'ERROR' WHEN n % 50 = 3 THEN 'ACCOUNT_CREATED' "
                + "ELSE 'PENDING_ACTIVATION' END, now(), now(), CASE WHEN n % 100 <> 7 THEN now() END "
                + "FROM unnest($1::uuid[]) WITH ORDINALITY b(id, k), "
                + "generate_series(1, CASE WHEN b.k = 1 THEN $2::int ELSE $3::int END) n ORDER BY b.k, n")
                .execute(Tuple.of(ids.toArray(UUID[]::new), BIG, SMALL)));
        await(pool.query("ANALYZE provisioning_item").execute());
        await(pool.query("ANALYZE provisioning_item_count").execute());
        batches = List.copyOf(ids);
        return batches;
    }

    private long seqOf(UUID batch, int n) throws Throwable {
        return await(pool.preparedQuery("SELECT seq FROM provisioning_item WHERE provisioning_batch_id = $1 "
                + "AND firstname = $2").execute(Tuple.of(batch, "first" + n))).iterator().next().getLong(0);
    }

    private JsonNode customPlan(String sql, Tuple args) throws Throwable {
        return await(pool.preparedQuery("EXPLAIN (FORMAT JSON) " + sql).execute(args)
                .map(rows -> parse(rows.iterator().next())));
    }

    /** The plan PostgreSQL would reuse for every execution of the prepared statement, whatever its values. */
    private JsonNode genericPlan(String sql, Tuple args) throws Throwable {
        StringBuilder values = new StringBuilder();
        for (int i = 0; i < args.size(); i++) {
            Object value = args.getValue(i);
            values.append(i == 0 ? "" : ", ");
            if (value instanceof UUID[] array) {
                values.append("ARRAY[");
                for (int j = 0; j < array.length; j++) {
                    values.append(j == 0 ? "'" : ", '").append(array[j]).append("'::uuid");
                }
                values.append("]");
            } else if (value instanceof Number) {
                values.append(value);
            } else {
                values.append('\'').append(value.toString().replace("'", "''")).append('\'');
            }
        }
        return await(pool.withConnection(c -> c.query("PREPARE plan_probe AS " + sql).execute()
                .chain(() -> c.query("SET plan_cache_mode = force_generic_plan").execute())
                .chain(() -> c.query("EXPLAIN (FORMAT JSON) EXECUTE plan_probe(" + values + ")").execute())
                .map(rows -> parse(rows.iterator().next()))
                .eventually(() -> c.query("DEALLOCATE plan_probe").execute()
                        .chain(() -> c.query("RESET plan_cache_mode").execute()))));
    }

    private static JsonNode parse(Row row) {
        try {
            return JSON.readTree(row.getValue(0).toString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<JsonNode> nodes(JsonNode explain) {
        List<JsonNode> out = new ArrayList<>();
        collect(explain.get(0).get("Plan"), out);
        return out;
    }

    private static void collect(JsonNode node, List<JsonNode> out) {
        out.add(node);
        node.path("Plans").forEach(child -> collect(child, out));
    }

    private static <T> T await(Uni<T> uni) throws Throwable {
        return VertxContextSupport.subscribeAndAwait(() -> uni);
    }
}
