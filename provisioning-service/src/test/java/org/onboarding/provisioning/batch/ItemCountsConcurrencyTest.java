package org.onboarding.provisioning.batch;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.onboarding.provisioning.Api;
import org.onboarding.testsupport.TestTokens;

import java.time.Duration;
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
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.onboarding.provisioning.Api.as;

/**
 * The per-status counts of every batch are kept by the database with each write (V8). Under 50 concurrent writers
 * (creates and imports through the API, item and batch deletes and status changes in SQL) they end equal to
 * {@code count(*)}, and nothing fails.
 */
@QuarkusTest
class ItemCountsConcurrencyTest {

    // one statement, one snapshot: the kept counts and the items, compared where every count is exact
    private static final String MISMATCHES = "SELECT coalesce(a.provisioning_batch_id, b.provisioning_batch_id), "
            + "coalesce(a.prov_status, b.prov_status), a.n, b.n "
            + "FROM (SELECT provisioning_batch_id, prov_status, count(*) AS n FROM provisioning_item GROUP BY 1, 2) a "
            + "FULL JOIN (SELECT provisioning_batch_id, prov_status, sum(n)::bigint AS n FROM provisioning_item_count "
            + "GROUP BY 1, 2 HAVING sum(n) <> 0) b "
            + "ON a.provisioning_batch_id = b.provisioning_batch_id AND a.prov_status = b.prov_status "
            + "WHERE a.n IS DISTINCT FROM b.n";

    @Inject
    Pool pool;

    @Test
    void fiftyConcurrentCreatesAndDeletesLeaveEveryCountEqualToTheItems() throws Exception {
        String shared = Api.createBatch(TestTokens.operator(), UUID.randomUUID().toString(), people("shared", 0, 400));
        List<String> doomed = new ArrayList<>();
        for (int d = 0; d < 5; d++) {
            doomed.add(Api.createBatch(TestTokens.operator(), UUID.randomUUID().toString(), people("doomed" + d, 0, 100)));
        }
        UUID sharedId = UUID.fromString(shared);

        List<Callable<String>> writers = new ArrayList<>();
        for (int c = 0; c < 20; c++) {
            int size = 20 * c;
            writers.add(() -> Api.createBatch(TestTokens.operator(), UUID.randomUUID().toString(),
                    people("new" + UUID.randomUUID(), 0, size)));
        }
        for (int i = 0; i < 10; i++) {
            int from = 400 + 50 * i;
            writers.add(() -> as(TestTokens.operator()).contentType(ContentType.JSON).body(people("shared", from, 50))
                    .post("/provisioning/batches/{id}/items/import", shared).then().statusCode(200)
                    .extract().asString());
        }
        for (int i = 0; i < 10; i++) {
            int from = 40 * i;
            writers.add(() -> sql("DELETE FROM provisioning_item WHERE provisioning_batch_id = $1 AND external_id = ANY($2)",
                    Tuple.of(sharedId, externalIds("shared", from, 20))));
        }
        for (String batch : doomed) {
            writers.add(() -> sql("DELETE FROM provisioning_batch WHERE id = $1", Tuple.of(UUID.fromString(batch))));
        }
        for (int i = 0; i < 5; i++) {
            String status = List.of("ACCOUNT_CREATED", "INVITE_SENT", "PENDING_ACTIVATION", "ERROR", "ACCOUNT_UPDATED").get(i);
            int from = 20 + 40 * i;
            writers.add(() -> sql("UPDATE provisioning_item SET prov_status = $3 WHERE provisioning_batch_id = $1 "
                    + "AND external_id = ANY($2)", Tuple.of(sharedId, externalIds("shared", from, 60), status)));
        }
        assertEquals(50, writers.size());

        ExecutorService threads = Executors.newFixedThreadPool(writers.size());
        CountDownLatch start = new CountDownLatch(1);
        List<Future<String>> done = new ArrayList<>();
        try {
            for (Callable<String> writer : writers) {
                done.add(threads.submit(() -> {
                    start.await();
                    return writer.call();
                }));
            }
            start.countDown();
            for (Future<String> writer : done) {
                writer.get(120, TimeUnit.SECONDS); // any failure (a deadlock, a 500) fails the test
            }
        } finally {
            threads.shutdownNow();
        }

        List<String> wrong = new ArrayList<>();
        for (Row row : pool.query(MISMATCHES).execute().await().atMost(Duration.ofSeconds(30))) {
            wrong.add(row.getUUID(0) + " " + row.getString(1) + ": items " + row.getValue(2) + ", kept " + row.getValue(3));
        }
        assertEquals(List.of(), wrong);
        long orphans = pool.preparedQuery("SELECT count(*) FROM provisioning_item_count WHERE provisioning_batch_id = ANY($1)")
                .execute(Tuple.of(doomed.stream().map(UUID::fromString).toArray(UUID[]::new)))
                .await().atMost(Duration.ofSeconds(30)).iterator().next().getLong(0);
        assertEquals(0, orphans, "a deleted batch's counts go with it");
        long items = pool.preparedQuery("SELECT count(*) FROM provisioning_item WHERE provisioning_batch_id = $1")
                .execute(Tuple.of(sharedId)).await().atMost(Duration.ofSeconds(30)).iterator().next().getLong(0);
        @SuppressWarnings("unchecked")
        Map<String, Object> counts = (Map<String, Object>) Api.batch(shared).get("counts");
        assertEquals(items, counts.values().stream().mapToLong(n -> ((Number) n).longValue()).sum(),
                "the API's counts add up to the batch's items");
    }

    private String sql(String statement, Tuple args) {
        return String.valueOf(pool.preparedQuery(statement).execute(args).await().atMost(Duration.ofSeconds(60)).rowCount());
    }

    private static List<Map<String, Object>> people(String tag, int from, int n) {
        return IntStream.range(from, from + n).mapToObj(k -> Api.person(tag + "-" + k, "f" + k, "l" + k, null, null))
                .toList();
    }

    private static String[] externalIds(String tag, int from, int n) {
        return IntStream.range(from, from + n).mapToObj(k -> tag + "-" + k).toArray(String[]::new);
    }
}
