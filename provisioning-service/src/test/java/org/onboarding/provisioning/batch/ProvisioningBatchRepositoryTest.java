package org.onboarding.provisioning.batch;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Writes and reads provisioning batches in the Flyway-created table of a real PostgreSQL. */
@QuarkusTest
class ProvisioningBatchRepositoryTest {

    @Inject
    ProvisioningBatchRepository batches;

    @Test
    void batchIsFoundBySourceIdentityBatchAndPagedNewestFirst() throws Throwable {
        Instant base = Instant.now().truncatedTo(ChronoUnit.MICROS).plusSeconds(3600);
        ProvisioningBatch older = newBatch(base);
        ProvisioningBatch newer = newBatch(base.plusSeconds(1));
        VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> batches.persist(older, newer)));

        ProvisioningBatch found = VertxContextSupport.subscribeAndAwait(
                () -> Panache.withSession(() -> batches.findBySourceIdentityBatch(older.sourceIdentityBatchId)));
        assertEquals(older.id, found.id);
        assertEquals("tester", found.createdBy);

        List<ProvisioningBatch> firstTwo = VertxContextSupport.subscribeAndAwait(
                () -> Panache.withSession(() -> batches.page(0, 2)));
        assertEquals(List.of(newer.id, older.id), firstTwo.stream().map(b -> b.id).toList());
    }

    @Test
    void oneBatchPerSourceIdentityBatch() throws Throwable {
        ProvisioningBatch first = newBatch(Instant.now());
        VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> batches.persist(first)));

        ProvisioningBatch second = newBatch(Instant.now());
        second.sourceIdentityBatchId = first.sourceIdentityBatchId;
        assertThrows(Throwable.class, () -> VertxContextSupport.subscribeAndAwait(
                () -> Panache.withTransaction(() -> batches.persist(second))));
        long count = VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(
                () -> batches.count("sourceIdentityBatchId", first.sourceIdentityBatchId)));
        assertEquals(1, count);
    }

    private static ProvisioningBatch newBatch(Instant createdAt) {
        ProvisioningBatch batch = new ProvisioningBatch();
        batch.id = UUID.randomUUID();
        batch.sourceIdentityBatchId = UUID.randomUUID();
        batch.createdBy = "tester";
        batch.createdAt = createdAt.truncatedTo(ChronoUnit.MICROS);
        return batch;
    }
}
