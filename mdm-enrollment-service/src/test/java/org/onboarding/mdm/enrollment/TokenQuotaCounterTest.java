package org.onboarding.mdm.enrollment;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.onboarding.mdm.TestClock;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.onboarding.mdm.Api.ADMIN;
import static org.onboarding.mdm.Api.as;
import static org.onboarding.mdm.Api.organization;
import static org.onboarding.mdm.Api.tokens;
import static org.onboarding.mdm.Api.user;

/**
 * The quota reads the organisation's counter of PENDING tokens (README "Quota"): whatever takes a token out of PENDING
 * (delete, the clock passing its expiry, the sweep storing EXPIRED) frees its slot, and under concurrent creations and
 * deletions the counter stays equal to the tokens it counts.
 */
@QuarkusTest
class TokenQuotaCounterTest {

    @Inject
    TestClock clock;

    @Inject
    ExpirySweep sweep;

    @Inject
    Pool pool;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void deletedExpiredAndSweptTokensFreeTheirSlots() throws Throwable {
        String org = organization(true, 2).get("id");
        String employee = user(org, "quota-counter@example.com");
        String shortLived = create(org, employee, 60).then().statusCode(200).extract().path("data.id");
        String kept = create(org, employee, 86400).then().statusCode(200).extract().path("data.id");
        create(org, employee, 86400).then().statusCode(400).body("error.code", equalTo(5017));
        assertCounted(org, 2);

        as(ADMIN).delete(tokens(org) + "/" + kept).then().statusCode(200);
        assertCounted(org, 1);
        create(org, employee, 86400).then().statusCode(200);
        create(org, employee, 86400).then().statusCode(400).body("error.code", equalTo(5017));

        // past its expiry but still stored PENDING: it no longer counts
        clock.advance(Duration.ofSeconds(61));
        create(org, employee, 86400).then().statusCode(200);
        create(org, employee, 86400).then().statusCode(400).body("error.code", equalTo(5017));
        assertCounted(org, 3);

        int swept = VertxContextSupport.subscribeAndAwait(() -> sweep.sweep());
        assertTrue(swept >= 1);
        assertCounted(org, 2);
        create(org, employee, 86400).then().statusCode(400).body("error.code", equalTo(5017));
        as(ADMIN).get(tokens(org) + "/" + shortLived).then().body("data.state", equalTo("EXPIRED"));
    }

    @Test
    void concurrentCreatesAndDeletesKeepTheCountAndTheQuota() throws Throwable {
        String org = organization(true, 10).get("id");
        String employee = user(org, "quota-race@example.com");
        List<String> first = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            first.add(create(org, employee, 86400).then().statusCode(200).extract().path("data.id"));
        }
        ExecutorService threads = Executors.newFixedThreadPool(16);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Integer>> creations = new ArrayList<>();
            List<Future<Integer>> deletions = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                Callable<Integer> creation = () -> {
                    start.await();
                    return create(org, employee, 86400).then().extract().statusCode();
                };
                creations.add(threads.submit(creation));
            }
            for (String id : first.subList(0, 5)) {
                Callable<Integer> deletion = () -> {
                    start.await();
                    return as(ADMIN).delete(tokens(org) + "/" + id).then().extract().statusCode();
                };
                deletions.add(threads.submit(deletion));
            }
            start.countDown();
            int created = 0;
            for (Future<Integer> creation : creations) {
                int status = creation.get();
                assertTrue(status == 200 || status == 400, "status " + status);
                created += status == 200 ? 1 : 0;
            }
            for (Future<Integer> deletion : deletions) {
                assertEquals(200, deletion.get());
            }
            // never more than the quota, and the counter is exact: the free slots fill up to the quota and no further
            assertTrue(created <= 5, "created " + created);
            assertCounted(org, 5 + created);
            for (int i = created; i < 5; i++) {
                create(org, employee, 86400).then().statusCode(200);
            }
            create(org, employee, 86400).then().statusCode(400).body("error.code", equalTo(5017));
            assertCounted(org, 10);
        } finally {
            threads.shutdownNow();
        }
    }

    private static io.restassured.response.Response create(String org, String employee, int duration) {
        return as(ADMIN).body(Map.of("mdmUserId", employee, "sendEmail", false, "duration", duration))
                .post(tokens(org));
    }

    /** The organisation's counter equals its stored PENDING tokens, and that is {@code expected}. */
    private void assertCounted(String org, long expected) throws Throwable {
        Row row = VertxContextSupport.subscribeAndAwait(() -> pool.preparedQuery(
                        "select o.win_pending_tokens, (select count(*) from win_enrollment_token t"
                                + " where t.organization_id = o.id and t.state = 'PENDING') from organization o"
                                + " where o.id = $1")
                .execute(Tuple.of(org)).map(rows -> rows.iterator().next()));
        assertEquals(row.getLong(1), row.getLong(0), "counter against count(*)");
        assertEquals(expected, row.getLong(0));
    }
}
