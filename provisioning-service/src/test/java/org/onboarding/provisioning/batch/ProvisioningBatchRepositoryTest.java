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
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

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

    private UUID insert(UUID source) {
        return await(pool.withTransaction(tx -> batches.insertIfAbsent(tx, source, "tester", java.util.List.of("ziti"), null, null)));
    }

    private static <T> T await(Uni<T> uni) {
        return uni.await().atMost(Duration.ofSeconds(30));
    }
}
