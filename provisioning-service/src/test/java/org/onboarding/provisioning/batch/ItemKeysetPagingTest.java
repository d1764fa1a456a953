package org.onboarding.provisioning.batch;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.onboarding.provisioning.Api;
import org.onboarding.testsupport.TestTokens;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.onboarding.provisioning.Api.as;

/** A client walks a batch's items with the keyset cursor, as a UI does end to end. */
@QuarkusTest
class ItemKeysetPagingTest {

    private static final Pattern NEXT = Pattern.compile("<\\?cursor=([A-Za-z0-9_-]+)&limit=(\\d+)([^>]*)>; rel=\"next\"");

    @Inject
    Pool pool;

    /**
     * 3 000 items, pages of 70, while other writers keep moving random items of the batch from status to status: each
     * item comes exactly once and in batch order, every full page names the next, the last page names none.
     */
    @Test
    void walkingABatchWithTheCursorGivesEachItemOnceInOrderWhileStatusesChange() throws Exception {
        int n = 3_000;
        String batchId = batchOf(n, "walk");
        AtomicBoolean walking = new AtomicBoolean(true);
        AtomicInteger changes = new AtomicInteger();
        List<Thread> writers = new ArrayList<>();
        for (int w = 0; w < 3; w++) {
            Thread writer = new Thread(() -> {
                String[] statuses = {"ACCOUNT_CREATED", "INVITE_SENT", "PENDING_ACTIVATION", "ERROR", "ENQUEUED"};
                while (walking.get()) {
                    int k = ThreadLocalRandom.current().nextInt(1, n + 1);
                    String status = statuses[ThreadLocalRandom.current().nextInt(statuses.length)];
                    pool.preparedQuery("UPDATE provisioning_item SET prov_status = $3, updated_at = now() "
                                    + "WHERE provisioning_batch_id = $1 AND firstname = $2")
                            .execute(Tuple.of(UUID.fromString(batchId), "p" + k, status))
                            .await().atMost(Duration.ofSeconds(10));
                    changes.incrementAndGet();
                }
            });
            writer.start();
            writers.add(writer);
        }
        List<String> seen = new ArrayList<>();
        int pages = 0;
        try {
            String cursor = null;
            do {
                var request = as(TestTokens.viewer()).queryParam("limit", 70);
                if (cursor != null) {
                    request = request.queryParam("cursor", cursor);
                }
                Response page = request.get("/provisioning/batches/{id}/items", batchId);
                page.then().statusCode(200);
                List<String> names = page.jsonPath().getList("firstname");
                seen.addAll(names);
                pages++;
                cursor = page.header("X-Next-Cursor");
                if (names.size() == 70) {
                    Matcher link = NEXT.matcher(String.valueOf(page.header("Link")));
                    assertTrue(link.matches(), "a full page names the next: " + page.header("Link"));
                    assertEquals(cursor, link.group(1));
                    assertEquals("70", link.group(2), "the next page keeps the limit");
                } else {
                    assertNull(cursor, "the last page names no next page");
                    assertNull(page.header("Link"));
                }
            } while (cursor != null);
        } finally {
            walking.set(false);
            for (Thread writer : writers) {
                writer.join();
            }
        }
        assertEquals(IntStream.rangeClosed(1, n).mapToObj(k -> "p" + k).toList(), seen);
        assertEquals(43, pages, "3 000 items in pages of 70: 42 full pages and one of 60");
        assertTrue(changes.get() > 0, "no status changed during the walk");
    }

    /** Filters go along with the cursor: the next page keeps them, and the walk gives exactly the filtered items. */
    @Test
    void aFilteredWalkKeepsItsFiltersAndEndsWithTheLastMatch() {
        String batchId = batchOf(500, "filtered");
        pool.preparedQuery("UPDATE provisioning_item SET domain = 'teacher' WHERE provisioning_batch_id = $1 "
                        + "AND substr(firstname, 2)::int % 7 = 0")
                .execute(Tuple.of(UUID.fromString(batchId))).await().atMost(Duration.ofSeconds(10));
        List<String> seen = new ArrayList<>();
        String cursor = null;
        do {
            var request = as(TestTokens.viewer()).queryParam("limit", 20).queryParam("domain", "teacher");
            if (cursor != null) {
                request = request.queryParam("cursor", cursor);
            }
            Response page = request.get("/provisioning/batches/{id}/items", batchId);
            page.then().statusCode(200);
            seen.addAll(page.jsonPath().getList("firstname"));
            if (page.header("Link") != null) {
                assertTrue(page.header("Link").contains("&domain=teacher>"), page.header("Link"));
            }
            cursor = page.header("X-Next-Cursor");
        } while (cursor != null);
        assertEquals(IntStream.rangeClosed(1, 500).filter(k -> k % 7 == 0).mapToObj(k -> "p" + k).toList(), seen);
    }

    /** Offset paging stays as the contract has it; its full pages also carry a cursor to go on by keyset. */
    @Test
    void anOffsetPageAlsoNamesTheKeysetPageAfterIt() {
        String batchId = batchOf(50, "offset");
        Response byOffset = as(TestTokens.viewer()).queryParam("skip", 10).queryParam("limit", 10)
                .get("/provisioning/batches/{id}/items", batchId);
        byOffset.then().statusCode(200).body("[0].firstname", equalTo("p11")).body("[9].firstname", equalTo("p20"));
        String cursor = byOffset.header("X-Next-Cursor");
        assertNotNull(cursor);
        as(TestTokens.viewer()).queryParam("cursor", cursor).queryParam("limit", 10)
                .get("/provisioning/batches/{id}/items", batchId)
                .then().statusCode(200).body("[0].firstname", equalTo("p21"));
        as(TestTokens.viewer()).queryParam("skip", 40).get("/provisioning/batches/{id}/items", batchId)
                .then().statusCode(200).header("Link", nullValue()).header("X-Next-Cursor", nullValue())
                .body("size()", equalTo(10));
    }

    @Test
    void aCursorThatIsNotOneOrComesWithASkipIsA422() {
        String batchId = batchOf(3, "bad-cursor");
        for (String bad : List.of("", "abc", "not base64!", "czEyYQ", "eDEy", "czk5OTk5OTk5OTk5OTk5OTk5OTk5OTk5OTk")) {
            as(TestTokens.viewer()).queryParam("cursor", bad).get("/provisioning/batches/{id}/items", batchId)
                    .then().statusCode(422)
                    .body("detail[0].type", equalTo("value_error"))
                    .body("detail[0].loc", equalTo(List.of("query", "cursor")))
                    .body("detail[0].input", equalTo(bad));
        }
        String cursor = as(TestTokens.viewer()).queryParam("limit", 1).get("/provisioning/batches/{id}/items", batchId)
                .header("X-Next-Cursor");
        as(TestTokens.viewer()).queryParam("cursor", cursor).queryParam("skip", 1)
                .get("/provisioning/batches/{id}/items", batchId)
                .then().statusCode(422)
                .body("detail[0].type", equalTo("value_error"))
                .body("detail[0].loc", equalTo(List.of("query", "skip")));
    }

    /** A batch of n items p1..pn (firstname), in that order, created through the API. */
    private static String batchOf(int n, String tag) {
        List<Map<String, Object>> people = new ArrayList<>();
        for (int k = 1; k <= n; k++) {
            Map<String, Object> person = new HashMap<>(Api.person(tag + "-" + k, "p" + k, "last", null, null));
            people.add(person);
        }
        return Api.createBatch(TestTokens.operator(), UUID.randomUUID().toString(), people);
    }
}
