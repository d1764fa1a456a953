package org.onboarding.provisioning.run;

import io.quarkus.mailer.MockMailbox;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.onboarding.provisioning.Api;
import org.onboarding.testsupport.TestTokens;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.onboarding.provisioning.Api.as;
import static org.onboarding.provisioning.Api.batch;
import static org.onboarding.provisioning.Api.createBatch;
import static org.onboarding.provisioning.Api.fake;
import static org.onboarding.provisioning.Api.items;

/** Runs against the fake Edge Management API: completion, crash and resume, target outage and retry, dry run. */
@QuarkusTest
class RunTest {

    private static final Duration DEADLINE = Duration.ofMinutes(4);

    @Inject
    MockMailbox mailbox;

    @Inject
    BatchRunner runner;

    @Test
    void thousandItemsRunToCompletionWithRightStatusesAndCounts() {
        List<Map<String, Object>> people = people("K", 1000, i -> i % 10 != 0);
        String batchId = createBatch(TestTokens.operator(), UUID.randomUUID().toString(), people);
        var readsBefore = fake("stats");

        as(TestTokens.operator()).post("/provisioning/batches/{id}/run", batchId)
                .then().statusCode(200).body("batch_id", equalTo(batchId)).body("enqueued", equalTo(1000))
                .body("status", equalTo("RUNNING"));
        awaitStatus(batchId, "COMPLETED");
        // the 900 invitations' enrollment tokens were read in lists by id, many identities per call
        var readsAfter = fake("stats");
        assertEquals(0, readsAfter.getInt("detailReads") - readsBefore.getInt("detailReads"));
        int lists = readsAfter.getInt("listReads") - readsBefore.getInt("listReads");
        assertTrue(lists > 0 && lists <= 300, lists + " lists for 900 tokens");

        Map<String, Object> batch = batch(batchId);
        assertEquals(Map.of("PENDING_ACTIVATION", 900, "KC_CREATED", 100), batch.get("counts"));
        assertTrue(batch.get("started_at") != null && batch.get("finished_at") != null);
        List<Map<String, Object>> items = items(batchId);
        assertEquals(1000, items.size());
        assertEquals(1000, items.stream().map(i -> i.get("kc_username")).collect(Collectors.toSet()).size());
        assertEquals(1000, items.stream().map(i -> i.get("kc_user_id")).collect(Collectors.toSet()).size());
        // 25 homonyms per first name: counters 001..025, each once, handed out in batch order (deterministic,
        // whatever order the concurrent workers reach the items in); the items list is in batch order
        Map<String, List<String>> byBase = items.stream().map(i -> (String) i.get("kc_username"))
                .collect(Collectors.groupingBy(u -> u.substring(0, u.length() - 3)));
        assertEquals(40, byBase.size());
        byBase.values().forEach(names -> assertEquals(
                java.util.stream.IntStream.rangeClosed(1, 25).mapToObj(n -> String.format("%03d", n)).toList(),
                names.stream().map(u -> u.substring(u.length() - 3)).toList()));
        int mailsChecked = 0;
        for (Map<String, Object> item : items) {
            assertNull(item.get("last_error"));
            assertEquals(1, item.get("attempts"));
            if (item.get("email") != null) {
                assertEquals(1, mailbox.getMailsSentTo((String) item.get("email")).size());
                assertTrue(mailbox.getMailsSentTo((String) item.get("email")).get(0).getText()
                        .contains((String) item.get("kc_username")));
                if (mailsChecked++ < 20) { // the invitation carries the enrollment JWT the target returned
                    String jwt = Api.targetIdentity((String) item.get("kc_user_id")).getString("data.enrollment.ott.jwt");
                    assertTrue(jwt != null && jwt.split("\\.").length == 3, jwt);
                    assertEquals(jwt, Api.attachedJwt(mailbox.getMailsSentTo((String) item.get("email")).get(0)));
                }
            }
        }
        var stats = fake("stats", "prefix", "K-");
        assertEquals(1000, stats.getInt("creates"));
        assertEquals(List.of(), stats.getList("duplicates"));

        // a finished batch has nothing left to do
        as(TestTokens.operator()).post("/provisioning/batches/{id}/run", batchId)
                .then().statusCode(200).body("enqueued", equalTo(0));
        awaitStatus(batchId, "COMPLETED");
    }

    @Test
    void anInterruptedRunResumedFinishesEveryItemExactlyOnce() {
        List<Map<String, Object>> people = people("R", 300, i -> true);
        String batchId = createBatch(TestTokens.operator(), UUID.randomUUID().toString(), people);
        fake("hold", "after", 100);
        try {
            as(TestTokens.operator()).post("/provisioning/batches/{id}/run", batchId).then().statusCode(200);
            await().atMost(DEADLINE).pollInterval(Duration.ofMillis(200)).until(() ->
                    fake("stats", "prefix", "R-").getInt("held") > 0
                            && count(batchId, "PENDING_ACTIVATION") == 100);
            // the process "dies": nothing more is recorded; identities whose creation was in flight exist in the
            // target while the items never learn it
            runner.haltAll();
            // while the dead run's lease lasts (provisioning.run.lease, 5 s in tests; nothing renews it any more),
            // a second run does not start
            as(TestTokens.operator()).post("/provisioning/batches/{id}/run", batchId)
                    .then().statusCode(200).body("enqueued", equalTo(0)).body("already_running", equalTo(true))
                    .body("status", equalTo("RUNNING"));
        } finally {
            fake("drop-held");
        }
        // (no check that the batch still says RUNNING here: on a slow machine RunTakeover may already have resumed it)
        int inTargetNotRecorded = fake("stats", "prefix", "R-").getInt("creates") - 100;
        assertTrue(inTargetNotRecorded > 0);

        // once the lease lapses (no SQL help), a run started by RunTakeover, without any request, takes the batch
        // over and picks up every unfinished item
        awaitStatus(batchId, "COMPLETED");

        assertEquals(Map.of("PENDING_ACTIVATION", 300), batch(batchId).get("counts"));
        var stats = fake("stats", "prefix", "R-");
        assertEquals(300, stats.getInt("creates"));
        assertEquals(300, stats.getInt("distinct"));
        assertEquals(List.of(), stats.getList("duplicates"));
        List<Map<String, Object>> items = items(batchId);
        assertEquals(300, items.stream().map(i -> i.get("kc_username")).collect(Collectors.toSet()).size());
        for (Map<String, Object> item : items) {
            assertEquals(1, mailbox.getMailsSentTo((String) item.get("email")).size());
        }
    }

    @Test
    void itemsAlreadyInTheTargetDoNotWaitBehindCreatesItIsSlowToAnswer() {
        List<Map<String, Object>> people = people("S", 100, i -> true);
        String batchId = createBatch(TestTokens.operator(), UUID.randomUUID().toString(), people);
        int givenUpBefore = fake("stats").getInt("heldGivenUp");
        // the target answers the first five creates after 1.5 s and keeps the answers to all later ones waiting:
        // by then the run's two chunks have their 64 items' creates out
        fake("hold", "after", 5);
        fake("slow", "prefix", "S-", "ms", 1500, "times", 5);
        try {
            as(TestTokens.operator()).post("/provisioning/batches/{id}/run", batchId).then().statusCode(200);
            // the five get their enrollment tokens read and their invitations sent while the other creates still
            // wait: their reads do not queue behind those creates for a connection until the creates time out
            // (4 s in tests; before, with the REST client's 50 connections, they did now and then)
            await().atMost(DEADLINE).pollInterval(Duration.ofMillis(100)).until(() ->
                    count(batchId, "PENDING_ACTIVATION") >= 5
                            || fake("stats").getInt("heldGivenUp") > givenUpBefore);
            assertEquals(givenUpBefore, fake("stats").getInt("heldGivenUp"));
            assertEquals(5, count(batchId, "PENDING_ACTIVATION"));
            assertTrue(fake("stats", "prefix", "S-").getInt("held") > 50);
        } finally {
            fake("drop-held");
        }
        // the creates whose answers were lost are tried again and match the identities they made
        awaitStatus(batchId, "COMPLETED");
        assertEquals(Map.of("PENDING_ACTIVATION", 100), batch(batchId).get("counts"));
        var stats = fake("stats", "prefix", "S-");
        assertEquals(100, stats.getInt("creates"));
        assertEquals(List.of(), stats.getList("duplicates"));
    }

    @Test
    void targetDownLeavesReadableErrorsThenRetryFailedOnlyCompletes() {
        List<Map<String, Object>> people = people("D", 20, i -> true);
        String batchId = createBatch(TestTokens.operator(), UUID.randomUUID().toString(), people);
        fake("down", "value", true);
        try {
            as(TestTokens.operator()).post("/provisioning/batches/{id}/run", batchId).then().statusCode(200);
            awaitStatus(batchId, "FAILED");
        } finally {
            fake("down", "value", false);
        }
        for (Map<String, Object> item : items(batchId)) {
            assertEquals("ERROR", item.get("prov_status"));
            assertEquals(3, item.get("attempts"));
            assertTrue(((String) item.get("last_error")).startsWith("ziti-edge-service answered HTTP 503 while looking up"),
                    (String) item.get("last_error"));
            assertTrue(((String) item.get("last_error")).endsWith("(gave up after 3 attempts)"));
        }
        as(TestTokens.viewer()).queryParam("prov_status", "ERROR").get("/provisioning/batches/{id}/items", batchId)
                .then().statusCode(200).body("size()", equalTo(20));

        as(TestTokens.operator()).queryParam("retry_failed_only", "true").post("/provisioning/batches/{id}/run", batchId)
                .then().statusCode(200).body("enqueued", equalTo(20));
        awaitStatus(batchId, "COMPLETED");
        for (Map<String, Object> item : items(batchId)) {
            assertEquals("PENDING_ACTIVATION", item.get("prov_status"));
            assertNull(item.get("last_error"));
            assertEquals(4, item.get("attempts"));
        }
        assertEquals(20, fake("stats", "prefix", "D-").getInt("creates"));
    }

    @Test
    void homonymsWorkedOnConcurrentlyGetTheirCountersInBatchOrder() {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        List<Map<String, Object>> people = new ArrayList<>();
        for (int i = 0; i < 30; i++) { // one chunk: all 30 are in flight together
            people.add(student("H-" + tag + "-" + i, "Léa", "Homonyme-" + tag, i % 2 == 0 ? "h" + i + "." + tag + "@h.test" : null));
        }
        String batchId = createBatch(TestTokens.operator(), UUID.randomUUID().toString(), people);
        List<String> predicted = as(TestTokens.operator()).queryParam("dry_run", "true")
                .post("/provisioning/batches/{id}/run", batchId).then().statusCode(200)
                .extract().jsonPath().getList("items.kc_username", String.class);

        as(TestTokens.operator()).post("/provisioning/batches/{id}/run", batchId).then().statusCode(200);
        awaitStatus(batchId, "COMPLETED");
        List<String> given = items(batchId).stream().map(i -> (String) i.get("kc_username")).toList();
        List<String> expected = java.util.stream.IntStream.rangeClosed(1, 30)
                .mapToObj(n -> String.format("lea.homonyme-%s%03d", tag, n)).toList();
        assertEquals(expected, predicted);
        assertEquals(expected, given);
    }

    @Test
    void dryRunDecidesWithoutWritingAndPermanentFailuresAreNotRetried() {
        String batchId = createBatch(TestTokens.operator(), UUID.randomUUID().toString(), List.of(
                student("Y-1", "Inès", "Dry-Run", "ines1@dry.test"),
                student("Y-2", "Ines", "Dry Run", null),
                student("Y-3", "???", "", null)));
        as(TestTokens.operator()).queryParam("dry_run", "true").post("/provisioning/batches/{id}/run", batchId)
                .then().statusCode(200).body("dry_run", equalTo(true)).body("enqueued", equalTo(3))
                .body("status", equalTo("CREATED"))
                .body("items.kc_username", equalTo(java.util.Arrays.asList("ines.dry-run001", "ines.dry-run002", null)))
                .body("items.action", equalTo(List.of("create", "create", "error")));
        assertEquals(Map.of("ENQUEUED", 3), batch(batchId).get("counts"));
        assertEquals("CREATED", batch(batchId).get("status"));
        assertTrue(items(batchId).stream().allMatch(i -> i.get("kc_username") == null));
        assertEquals(0, fake("stats", "prefix", "Y-").getInt("creates"));

        as(TestTokens.admin()).post("/provisioning/batches/{id}/run", batchId).then().statusCode(200);
        awaitStatus(batchId, "PARTIAL");
        Map<String, Map<String, Object>> byExternal = new HashMap<>();
        items(batchId).forEach(i -> byExternal.put((String) i.get("external_id"), i));
        assertEquals("PENDING_ACTIVATION", byExternal.get("Y-1").get("prov_status"));
        assertEquals("ines.dry-run001", byExternal.get("Y-1").get("kc_username"));
        assertEquals("KC_CREATED", byExternal.get("Y-2").get("prov_status"));
        assertEquals("ines.dry-run002", byExternal.get("Y-2").get("kc_username"));
        assertEquals("ERROR", byExternal.get("Y-3").get("prov_status"));
        assertEquals(1, byExternal.get("Y-3").get("attempts"));
        assertTrue(((String) byExternal.get("Y-3").get("last_error")).startsWith("cannot derive a username"));

        // viewers may not even preview; a preview after the run shows only what is left
        as(TestTokens.viewer()).queryParam("dry_run", "true").post("/provisioning/batches/{id}/run", batchId)
                .then().statusCode(403);
        as(TestTokens.operator()).queryParam("dry_run", "true").post("/provisioning/batches/{id}/run", batchId)
                .then().statusCode(200).body("enqueued", equalTo(1)).body("items[0].action", equalTo("error"))
                .body("status", startsWith("PARTIAL"));
    }

    private void awaitStatus(String batchId, String status) {
        await().atMost(DEADLINE).pollInterval(Duration.ofMillis(250))
                .until(() -> status.equals(batch(batchId).get("status")) && !runner.isActive(UUID.fromString(batchId)));
    }

    private long count(String batchId, String status) {
        Object n = ((Map<?, ?>) batch(batchId).get("counts")).get(status);
        return n == null ? 0 : ((Number) n).longValue();
    }

    private static int maxAttempts(String batchId) {
        return items(batchId).stream().mapToInt(i -> ((Number) i.get("attempts")).intValue()).max().orElse(0);
    }

    private static List<Map<String, Object>> people(String prefix, int n, java.util.function.IntPredicate withEmail) {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        List<Map<String, Object>> people = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int j = i % 40; // 40 first names, 25 homonyms each
            String first = "Prénom" + (char) ('a' + j % 26) + (j / 26);
            people.add(student(prefix + "-" + tag + "-" + i, first, "Lefèvre-" + prefix + tag,
                    withEmail.test(i) ? prefix.toLowerCase() + i + "." + tag + "@ecole.test" : null));
        }
        return people;
    }


    private static Map<String, Object> student(String externalId, String firstname, String lastname, String email) {
        return Api.person(externalId, firstname, lastname, email, "student");
    }
}
