package org.onboarding.mdm.enrollment;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

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
import static org.onboarding.mdm.Api.ADMIN;
import static org.onboarding.mdm.Api.as;
import static org.onboarding.mdm.Api.organization;
import static org.onboarding.mdm.Api.tokens;
import static org.onboarding.mdm.Api.user;

/** The quota holds under concurrency: the organisation row lock serialises the count-then-insert. */
@QuarkusTest
class QuotaConcurrencyTest {

    @Test
    void twentyConcurrentCreatesWithQuotaTenLeaveExactlyTen() throws Exception {
        String org = organization(true, 10).get("id");
        String employee = user(org, "frank@example.com");
        ExecutorService pool = Executors.newFixedThreadPool(20);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                Callable<Integer> create = () -> {
                    start.await();
                    return as(ADMIN).body(Map.of("mdmUserId", employee, "sendEmail", false))
                            .post(tokens(org)).then().extract().statusCode();
                };
                results.add(pool.submit(create));
            }
            start.countDown();
            int created = 0;
            int refused = 0;
            for (Future<Integer> result : results) {
                int status = result.get();
                if (status == 200) {
                    created++;
                } else if (status == 400) {
                    refused++;
                }
            }
            assertEquals(10, created);
            assertEquals(10, refused);
        } finally {
            pool.shutdownNow();
        }
        as(ADMIN).queryParam("limit", 100).get(tokens(org)).then().body("data.totalDocs", equalTo(10));
    }
}
