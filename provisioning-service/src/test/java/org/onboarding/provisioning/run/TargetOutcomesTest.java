package org.onboarding.provisioning.run;

import io.quarkus.mailer.Mail;
import io.quarkus.mailer.MockMailbox;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.onboarding.provisioning.Api;
import org.onboarding.provisioning.target.TargetException;
import org.onboarding.provisioning.target.ZitiProvisioningTarget;
import org.onboarding.testsupport.TestTokens;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.onboarding.provisioning.Api.as;
import static org.onboarding.provisioning.Api.batch;
import static org.onboarding.provisioning.Api.createBatch;
import static org.onboarding.provisioning.Api.fake;
import static org.onboarding.provisioning.Api.items;

/**
 * What the target answers decides the item's outcome: an identity that exists is matched (its name kept, our fields
 * patched), a name taken in the target gives the next counter, an external id taken meanwhile is a match, a 4xx is
 * final, a timeout is retried. The fake answers conflicts the way ziti-edge-service does (400 COULD_NOT_VALIDATE,
 * cause {field, reason: "duplicate value in unique index"}).
 */
@QuarkusTest
class TargetOutcomesTest {

    private static final Duration DEADLINE = Duration.ofMinutes(3);

    @Inject
    MockMailbox mailbox;

    @Inject
    BatchRunner runner;

    @Inject
    ZitiProvisioningTarget target;

    @Test
    void anIdentityExistingUnderAnotherNameIsMatchedPatchedAndAnnouncedUnderItsName() {
        String tag = tag();
        JsonPath seeded = fake("seed", "name", "legacy.person-" + tag, "externalId", "M-" + tag + "-1");
        JsonPath second = fake("seed", "name", "legacy.second-" + tag, "externalId", "M-" + tag + "-2");
        String email = "m1." + tag + "@ecole.test";
        Map<String, Object> paul = Api.person("M-" + tag + "-2", "Paul", "Match-" + tag, null, "parent");
        String batchId = createBatch(TestTokens.operator(), UUID.randomUUID().toString(), List.of(
                Api.person("M-" + tag + "-1", "Élodie", "Match-" + tag, email, "teacher"), paul));

        run(batchId);
        awaitStatus(batchId, "COMPLETED");

        Map<String, Map<String, Object>> byExternal = byExternalId(batchId);
        Map<String, Object> first = byExternal.get("M-" + tag + "-1");
        assertEquals("legacy.person-" + tag, first.get("kc_username"));
        assertEquals(seeded.getString("id"), first.get("kc_user_id"));
        assertEquals("PENDING_ACTIVATION", first.get("prov_status"));
        assertEquals(1, first.get("attempts"));
        Map<String, Object> other = byExternal.get("M-" + tag + "-2");
        assertEquals("legacy.second-" + tag, other.get("kc_username"));
        assertEquals(second.getString("id"), other.get("kc_user_id"));
        assertEquals("KC_UPDATED", other.get("prov_status"));

        // the invitation announces the existing name and carries the identity's enrollment JWT
        List<Mail> mails = mailbox.getMailsSentTo(email);
        assertEquals(1, mails.size());
        assertTrue(mails.get(0).getText().contains("Your username is: legacy.person-" + tag), mails.get(0).getText());
        assertEquals(seeded.getString("enrollment.ott.jwt"), Api.attachedJwt(mails.get(0)));
        assertEquals("legacy.person-" + tag, mails.get(0).getHeaders().get("X-Provisioning-Username").get(0));

        // the target saw PATCHes, no POST; the identities keep others' attributes and carry ours
        JsonPath stats = fake("stats", "prefix", "M-" + tag);
        assertEquals(0, stats.getInt("posts"));
        assertEquals(2, stats.getInt("patches"));
        JsonPath patched = Api.targetIdentity(seeded.getString("id"));
        assertEquals("legacy.person-" + tag, patched.getString("data.name"));
        assertEquals(List.of("legacy-role", "teacher"), patched.getList("data.roleAttributes"));
        assertEquals("legacy", patched.getString("data.tags.source"));
        assertEquals(first.get("identity_id"), patched.getString("data.tags.identity_id"));
        assertEquals("etab-1", patched.getString("data.tags.establishment_id"));

        // no username was consumed for the matched people
        as(TestTokens.viewer()).queryParam("firstname", "Élodie").queryParam("lastname", "Match-" + tag)
                .post("/provisioning/generate-username").then().statusCode(200)
                .body("username", org.hamcrest.Matchers.equalTo("elodie.match-" + tag + "001"));

        // a second run of the same people in another batch matches again and patches nothing more
        String again = createBatch(TestTokens.operator(), UUID.randomUUID().toString(), List.of(paul));
        run(again);
        awaitStatus(again, "COMPLETED");
        assertEquals("legacy.second-" + tag, items(again).get(0).get("kc_username"));
        assertEquals(2, fake("stats", "prefix", "M-" + tag).getInt("patches"));
    }

    @Test
    void aNameTakenInTheTargetGivesTheNextCounter() {
        String tag = tag();
        fake("seed", "name", "nina.taken-" + tag + "001", "externalId", "SOMEONE-ELSE-" + tag);
        String email = "n1." + tag + "@ecole.test";
        String batchId = createBatch(TestTokens.operator(), UUID.randomUUID().toString(), List.of(
                Api.person("N-" + tag + "-1", "Nina", "Taken-" + tag, email, "student")));

        run(batchId);
        awaitStatus(batchId, "COMPLETED");

        Map<String, Object> item = items(batchId).get(0);
        assertEquals("nina.taken-" + tag + "002", item.get("kc_username"));
        assertEquals("PENDING_ACTIVATION", item.get("prov_status"));
        assertEquals(1, item.get("attempts"));
        assertNull(item.get("last_error"));
        JsonPath stats = fake("stats", "prefix", "N-" + tag);
        assertEquals(2, stats.getInt("posts"));
        assertEquals(1, stats.getInt("creates"));
        JsonPath created = Api.targetIdentity((String) item.get("kc_user_id"));
        assertEquals("nina.taken-" + tag + "002", created.getString("data.name"));
        String text = mailbox.getMailsSentTo(email).get(0).getText();
        assertTrue(text.contains("Your username is: nina.taken-" + tag + "002"), text);
        assertEquals(created.getString("data.enrollment.ott.jwt"), Api.attachedJwt(mailbox.getMailsSentTo(email).get(0)));

        // the name taken in the target stays out of circulation
        as(TestTokens.viewer()).queryParam("firstname", "Nina").queryParam("lastname", "Taken-" + tag)
                .post("/provisioning/generate-username").then().statusCode(200)
                .body("username", org.hamcrest.Matchers.equalTo("nina.taken-" + tag + "003"));
    }

    @Test
    void anExternalIdTakenMeanwhileIsAMatchNotAnError() {
        String tag = tag();
        // created by "another run" between our lookup and our create: the lookup does not see it yet
        JsonPath seeded = fake("seed", "name", "omar.elsewhere-" + tag, "externalId", "E-" + tag + "-1",
                "hideOnce", true);
        String batchId = createBatch(TestTokens.operator(), UUID.randomUUID().toString(), List.of(
                Api.person("E-" + tag + "-1", "Omar", "Meanwhile-" + tag, null, "student")));

        run(batchId);
        awaitStatus(batchId, "COMPLETED");

        Map<String, Object> item = items(batchId).get(0);
        assertEquals("KC_UPDATED", item.get("prov_status"));
        assertEquals("omar.elsewhere-" + tag, item.get("kc_username"));
        assertEquals(seeded.getString("id"), item.get("kc_user_id"));
        assertEquals(1, item.get("attempts"));
        assertNull(item.get("last_error"));
        JsonPath stats = fake("stats", "prefix", "E-" + tag);
        assertEquals(1, stats.getInt("posts"));
        assertEquals(0, stats.getInt("creates"));
        assertEquals(1, stats.getInt("patches"));
    }

    @Test
    void aTarget4xxIsFinalAndNotRetried() {
        String tag = tag();
        String batchId = createBatch(TestTokens.operator(), UUID.randomUUID().toString(), List.of(
                Api.person("V-" + tag + "-1", "Vera", "Invalid-" + tag, "v1." + tag + "@ecole.test", "student")));
        fake("reject", "prefix", "V-" + tag);
        try {
            run(batchId);
            awaitStatus(batchId, "FAILED");
        } finally {
            fake("reject");
        }
        Map<String, Object> item = items(batchId).get(0);
        assertEquals("ERROR", item.get("prov_status"));
        assertEquals(1, item.get("attempts"));
        assertEquals("ziti-edge-service answered HTTP 400 while creating identity vera.invalid-" + tag + "001: "
                + "COULD_NOT_VALIDATE The supplied request contains an invalid document or no valid accept content "
                + "were available, see cause (roleAttributes: invalid role attribute)", item.get("last_error"));
        assertEquals(1, fake("stats", "prefix", "V-" + tag).getInt("posts"));
        assertTrue(mailbox.getMailsSentTo("v1." + tag + "@ecole.test").isEmpty());
    }

    @Test
    void aTargetTimeoutIsTransientAndRetried() {
        String tag = tag();
        String email = "t1." + tag + "@ecole.test";
        String batchId = createBatch(TestTokens.operator(), UUID.randomUUID().toString(), List.of(
                Api.person("T-" + tag + "-1", "Timo", "Slow-" + tag, email, "student")));
        // the create's answer comes after the client's read timeout (4 s in tests): the identity exists, the
        // caller does not know; the retry looks it up and matches it instead of creating it twice
        fake("slow", "prefix", "T-" + tag, "ms", 6000, "times", 1);
        run(batchId);
        awaitStatus(batchId, "COMPLETED");

        Map<String, Object> item = items(batchId).get(0);
        assertEquals("PENDING_ACTIVATION", item.get("prov_status"));
        assertEquals(2, item.get("attempts"));
        assertNull(item.get("last_error"));
        assertEquals("timo.slow-" + tag + "001", item.get("kc_username"));
        JsonPath stats = fake("stats", "prefix", "T-" + tag);
        assertEquals(1, stats.getInt("posts"));
        assertEquals(1, stats.getInt("creates"));
        assertEquals(1, mailbox.getMailsSentTo(email).size());
    }

    @Test
    void enrollmentTokensAreReadInOneListAndAnIdentityTheListMissesIsReadOnItsOwn() {
        String tag = tag();
        String first = fake("seed", "name", "tok.one-" + tag, "externalId", "J-" + tag + "-1").getString("id");
        String second = fake("seed", "name", "tok.two-" + tag, "externalId", "J-" + tag + "-2").getString("id");
        JsonPath before = fake("stats");

        Map<String, Optional<String>> tokens = target.enrollmentTokens(List.of(first, second))
                .await().atMost(Duration.ofSeconds(20));

        JsonPath after = fake("stats");
        assertEquals(1, after.getInt("listReads") - before.getInt("listReads"));
        assertEquals(0, after.getInt("detailReads") - before.getInt("detailReads"));
        assertEquals(Optional.of(Api.targetIdentity(first).getString("data.enrollment.ott.jwt")), tokens.get(first));
        assertEquals(Optional.of(Api.targetIdentity(second).getString("data.enrollment.ott.jwt")), tokens.get(second));

        // an identity the list does not show (deleted meanwhile) does not fail the others: it has no entry, and read
        // on its own, as its item then does, its 404 is final, as before
        Map<String, Optional<String>> withGone = target.enrollmentTokens(List.of(first, "gone" + tag))
                .await().atMost(Duration.ofSeconds(20));
        assertEquals(tokens.get(first), withGone.get(first));
        assertFalse(withGone.containsKey("gone" + tag));
        TargetException gone = assertThrows(TargetException.class, () -> target
                .enrollmentToken("gone" + tag).await().atMost(Duration.ofSeconds(20)));
        assertFalse(gone.isTransient());
        assertTrue(gone.getMessage().contains("HTTP 404"), gone.getMessage());
    }

    @Test
    void anIdentityDeletedBeforeItsTokenIsReadFailsOnlyItsOwnItem() {
        String tag = tag();
        List<Map<String, Object>> people = new java.util.ArrayList<>();
        for (int i = 0; i < 40; i++) {
            people.add(Api.person("G-" + tag + "-" + i, "Gil" + (char) ('a' + i % 26), "Group-" + tag,
                    "g" + i + "." + tag + "@ecole.test", "student"));
        }
        String batchId = createBatch(TestTokens.operator(), UUID.randomUUID().toString(), people);
        // someone deletes the 21st identity between its creation and the read of its enrollment token, which the
        // run makes in one list call with the other items in flight: the first read (of another item, alone) is
        // slow, the 21st create a little slow, so that its token is read in the next group, with others
        fake("vanish", "externalId", "G-" + tag + "-20");
        fake("slow", "prefix", "G-" + tag + "-20", "ms", 300, "times", 1);
        fake("slow-lists", "ms", 1000, "times", 1);
        JsonPath before = fake("stats");
        run(batchId);
        awaitStatus(batchId, "PARTIAL");

        assertEquals(Map.of("PENDING_ACTIVATION", 39, "ERROR", 1), batch(batchId).get("counts"));
        Map<String, Map<String, Object>> byExternal = byExternalId(batchId);
        Map<String, Object> gone = byExternal.get("G-" + tag + "-20");
        assertEquals("ERROR", gone.get("prov_status"));
        assertEquals(1, gone.get("attempts")); // a 404 is final
        assertTrue(((String) gone.get("last_error")).contains("HTTP 404"), (String) gone.get("last_error"));
        assertTrue(mailbox.getMailsSentTo("g20." + tag + "@ecole.test").isEmpty());
        for (int i = 0; i < 40; i++) {
            if (i != 20) {
                assertEquals("PENDING_ACTIVATION", byExternal.get("G-" + tag + "-" + i).get("prov_status"));
                assertEquals(1, mailbox.getMailsSentTo("g" + i + "." + tag + "@ecole.test").size());
            }
        }
        // the deleted identity was asked for together with others: their items did not share its failure
        JsonPath after = fake("stats");
        assertTrue(after.getInt("groupedListsWithMiss") > before.getInt("groupedListsWithMiss"));
    }

    private static void run(String batchId) {
        as(TestTokens.operator()).post("/provisioning/batches/{id}/run", batchId).then().statusCode(200)
                .body("status", org.hamcrest.Matchers.equalTo("RUNNING"));
    }

    private void awaitStatus(String batchId, String status) {
        await().atMost(DEADLINE).pollInterval(Duration.ofMillis(200))
                .until(() -> status.equals(batch(batchId).get("status")) && !runner.isActive(UUID.fromString(batchId)));
    }

    private static Map<String, Map<String, Object>> byExternalId(String batchId) {
        Map<String, Map<String, Object>> byExternal = new HashMap<>();
        items(batchId).forEach(i -> byExternal.put((String) i.get("external_id"), i));
        return byExternal;
    }

    private static String tag() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

}
