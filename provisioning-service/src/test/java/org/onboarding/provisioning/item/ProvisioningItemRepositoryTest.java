package org.onboarding.provisioning.item;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The claim a run makes, chunk after chunk, on a long batch in a real PostgreSQL. */
@QuarkusTest
class ProvisioningItemRepositoryTest {

    private static final int ITEMS = 20_000;
    private static final int DONE = 19_000;

    @Inject
    Pool pool;

    @Inject
    ProvisioningItemRepository items;

    /**
     * Near the end of a long run most items are done. A claim must take the earliest unfinished ones in batch order
     * and read just those: a plan that sorts the unfinished items, or reads past the done ones, made each claim
     * O(batch) and a 100 000-item run quadratic (bench/NOTES.md).
     */
    @Test
    void aClaimTakesTheEarliestUnfinishedItemsInBatchOrderWithoutSortingTheBatch() throws Throwable {
        UUID run = UUID.randomUUID();
        // the first DONE finished, the rest waiting
        UUID batch = seedBatch(DONE, 0);

        String plan = await(pool.preparedQuery("EXPLAIN (FORMAT JSON) " + ProvisioningItemRepository.CLAIM)
                .execute(Tuple.of(batch, run, false, 30, 32, 0L)))
                .iterator().next().getValue(0).toString().replace(" ", "");
        assertFalse(plan.contains("\"NodeType\":\"Sort\""), "the claim sorts the batch's unfinished items: " + plan);
        // the index of unfinished items in batch order: the batch-order index of all items would read the done ones
        assertTrue(plan.contains("provisioning_item_unfinished_idx"), "the claim does not read in batch order: " + plan);

        List<ProvisioningItem> first = await(items.claim(batch, run, false, 30, 32, 0));
        List<ProvisioningItem> second = await(items.claim(batch, run, false, 30, 32, 0));
        assertEquals(range(DONE + 1, DONE + 32), firstnames(first));
        assertEquals(range(DONE + 33, DONE + 64), firstnames(second), "the next claim goes on where the last stopped");
    }

    /**
     * An item that finishes leaves the index of unfinished items only at the next vacuum: until then a claim from the
     * start of the batch walks the entries of every item finished before it (thousands of index pages late in a
     * 100 000-item run). A claim after the run's cursor starts at the cursor: it takes the next items in batch order
     * and reads a few pages, however many finished before it; items before the cursor are left to a claim from the
     * start.
     */
    @Test
    void aClaimAfterTheCursorStartsThereAndReadsPastNoFinishedItem() throws Throwable {
        UUID run = UUID.randomUUID();
        UUID batch = seedBatch(0, 0);
        // the first DONE finish now, as a run finishes them: their entries stay in the index until a vacuum
        await(pool.preparedQuery("UPDATE provisioning_item SET completed_at = now(), prov_status = 'PENDING_ACTIVATION' "
                + "WHERE provisioning_batch_id = $1 AND seq <= (SELECT min(seq) FROM provisioning_item "
                + "WHERE provisioning_batch_id = $1) + $2 - 1").execute(Tuple.of(batch, DONE)));
        long firstSeq = await(pool.preparedQuery("SELECT min(seq) FROM provisioning_item WHERE provisioning_batch_id = $1")
                .execute(Tuple.of(batch))).iterator().next().getLong(0);
        long cursor = firstSeq + DONE + 100 - 1; // items DONE+1 .. DONE+100 are before the cursor

        String analyzed = await(pool.preparedQuery("EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) "
                        + "SELECT id FROM provisioning_item WHERE provisioning_batch_id = $1 AND completed_at IS NULL "
                        + "AND seq > $2 ORDER BY seq LIMIT 32").execute(Tuple.of(batch, cursor)))
                .iterator().next().getValue(0).toString().replace(" ", "");
        // the top node's buffers (pages in cache and read): the first of each in the document, before its children's
        // and the planning's
        int pages = 0;
        for (String kind : List.of("Hit", "Read")) {
            java.util.regex.Matcher buffers = java.util.regex.Pattern.compile("\"Shared" + kind + "Blocks\":(\\d+)")
                    .matcher(analyzed);
            pages += buffers.find() ? Integer.parseInt(buffers.group(1)) : 0;
        }
        assertTrue(pages > 0 && pages < 40, "a claim after the cursor read " + pages + " pages: " + analyzed);

        assertEquals(range(DONE + 101, DONE + 132), firstnames(await(items.claim(batch, run, false, 30, 32, cursor))));
        assertEquals(range(DONE + 1, DONE + 32), firstnames(await(items.claim(batch, run, false, 30, 32, 0))),
                "a claim from the start takes the items before the cursor");
    }

    /**
     * {@code POST …/run} answers with the number of items it queues. PostgreSQL counts them along the index of
     * unfinished items; the rows themselves never reach the service (loading 100 000 of them to take the size of the
     * list cost memory and time for nothing).
     */
    @Test
    void theItemsARunQueuesAreCountedInTheDatabase() throws Throwable {
        // the first DONE finished, then 100 in ERROR, then the rest waiting
        UUID batch = seedBatch(DONE, 100);

        assertEquals((long) ITEMS - DONE, await(items.countUnfinished(batch, false)));
        assertEquals(100L, await(items.countUnfinished(batch, true)));
        String plan = await(pool.preparedQuery("EXPLAIN (FORMAT JSON) " + ProvisioningItemRepository.COUNT_UNFINISHED)
                .execute(Tuple.of(batch, false))).iterator().next().getValue(0).toString().replace(" ", "");
        assertTrue(plan.contains("\"NodeType\":\"Aggregate\""), "not counted by the database: " + plan);
        assertTrue(plan.contains("provisioning_item_unfinished_idx"), "the count reads the whole batch: " + plan);
        assertEquals(1, await(pool.preparedQuery(ProvisioningItemRepository.COUNT_UNFINISHED)
                .execute(Tuple.of(batch, false))).rowCount(), "one row reaches the service");
    }

    /**
     * A batch of items n = 1..ITEMS (firstname {@code n<n>}) in batch order (seq), all created at one instant: the
     * first {@code done} finished, the next {@code errors} in ERROR, the rest waiting. The table is analysed afterwards.
     */
    private UUID seedBatch(int done, int errors) throws Throwable {
        UUID batch = UUID.randomUUID();
        await(pool.preparedQuery("INSERT INTO provisioning_batch (id, source_identity_batch_id, created_by, created_at) "
                + "VALUES ($1, $2, 'tester', now())").execute(Tuple.of(batch, UUID.randomUUID())));
        await(pool.preparedQuery("INSERT INTO provisioning_item (id, provisioning_batch_id, identity_id, domain, "
                + "establishment_id, external_id, firstname, prov_status, created_at, updated_at, completed_at) "
                + "SELECT gen_random_uuid(), $1, gen_random_uuid(), 'student', 'e', 'X-' || n, 'n' || n, "
                + "CASE WHEN n <= $2 THEN 'ACCOUNT_CREATED' WHEN n <= $2 + $4 THEN 'ERROR' ELSE 'ENQUEUED' END, "
                + "now(), now(), CASE WHEN n <= $2 THEN now() END FROM generate_series(1, $3) n ORDER BY n")
                .execute(Tuple.of(batch, done, ITEMS, errors)));
        await(pool.query("ANALYZE provisioning_item").execute());
        return batch;
    }

    private static List<String> firstnames(List<ProvisioningItem> claimed) {
        return claimed.stream().sorted(Comparator.comparingLong(ProvisioningItem::seq))
                .map(ProvisioningItem::firstname).toList();
    }

    private static List<String> range(int from, int to) {
        return IntStream.rangeClosed(from, to).mapToObj(n -> "n" + n).toList();
    }

    private static <T> T await(Uni<T> uni) throws Throwable {
        return VertxContextSupport.subscribeAndAwait(() -> uni);
    }
}
