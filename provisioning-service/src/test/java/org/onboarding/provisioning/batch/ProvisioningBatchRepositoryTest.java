package org.onboarding.provisioning.batch;

import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Writes and reads provisioning batches in the Flyway-created table of a real PostgreSQL. */
@QuarkusTest
class ProvisioningBatchRepositoryTest {

    @Inject
    ProvisioningBatchRepository batches;

    @Inject
    Pool pool;

    @Test
    void batchIsFoundBySourceIdentityBatchAndPagedNewestFirst() {
        UUID olderSource = UUID.randomUUID();
        UUID older = insert(olderSource);
        UUID newer = insert(UUID.randomUUID());

        BatchView found = await(pool.withTransaction(tx -> batches.viewBySource(tx, olderSource)));
        assertEquals(older, found.id());
        assertEquals("tester", found.createdBy());

        List<BatchView> firstTwo = await(batches.views(0, 2));
        assertEquals(List.of(newer, older), firstTwo.stream().map(BatchView::id).toList());
    }

    @Test
    void oneBatchPerSourceIdentityBatch() {
        UUID source = UUID.randomUUID();
        assertNotNull(insert(source));

        assertNull(insert(source), "a second batch for the same source must not be written");
        long count = await(pool.preparedQuery("SELECT count(*) FROM provisioning_batch WHERE source_identity_batch_id = $1")
                .execute(Tuple.of(source)).map(rows -> rows.iterator().next().getLong(0)));
        assertEquals(1, count);
    }

    /**
     * The batch list reads its page along the (created_at DESC, id) index over 100 000 batches, without scanning or
     * sorting the table; the first page and one 10 000 batches deep.
     */
    @Test
    void theBatchListReadsItsOrderFromAnIndex() {
        await(pool.query("INSERT INTO provisioning_batch (id, source_identity_batch_id, created_by, created_at) "
                + "SELECT gen_random_uuid(), gen_random_uuid(), 'plan-test', "
                + "timestamptz '2000-01-01' + n * interval '1 second' FROM generate_series(1, 100000) n").execute());
        await(pool.query("ANALYZE provisioning_batch").execute());
        for (int skip : new int[] {0, 10_000}) {
            String plan = await(pool.preparedQuery("EXPLAIN (FORMAT JSON) " + ProvisioningBatchRepository.PAGE)
                    .execute(Tuple.of(skip, 100))).iterator().next().getValue(0).toString().replace(" ", "");
            assertFalse(plan.contains("\"NodeType\":\"SeqScan\""), "the batch list scans the table: " + plan);
            assertFalse(plan.contains("\"NodeType\":\"Sort\""), "the batch list sorts the table: " + plan);
            assertTrue(plan.contains("provisioning_batch_created_at_idx"), "the batch list reads no index: " + plan);
        }
    }

    private UUID insert(UUID source) {
        return await(pool.withTransaction(tx -> batches.insertIfAbsent(tx, source, "tester", java.util.List.of("ziti"), null, null)));
    }

    private static <T> T await(Uni<T> uni) {
        return uni.await().atMost(Duration.ofSeconds(30));
    }
}
