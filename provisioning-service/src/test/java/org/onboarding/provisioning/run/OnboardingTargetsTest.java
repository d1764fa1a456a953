package org.onboarding.provisioning.run;

import io.quarkus.mailer.Mail;
import io.quarkus.mailer.MockMailbox;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
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

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.onboarding.provisioning.Api.as;
import static org.onboarding.provisioning.Api.batch;
import static org.onboarding.provisioning.Api.fakeMdm;
import static org.onboarding.provisioning.Api.items;
import static org.onboarding.provisioning.Api.person;

/** Batches with the ziti and mdm targets against the fake ziti and MDM APIs (README "Targets"). */
@QuarkusTest
class OnboardingTargetsTest {

    @Inject
    MockMailbox mailbox;

    @Inject
    BatchRunner runner;

    private static String create(Map<String, Object> body, String etab) {
        var request = as(TestTokens.operator()).contentType(ContentType.JSON).body(body);
        if (etab != null) {
            request.header("X-Etab", etab);
        }
        return request.post("/provisioning/batches").then().statusCode(200).extract().path("id");
    }

    private static Map<String, Object> body(List<Map<String, Object>> people, Object targets, Object organization) {
        Map<String, Object> body = new HashMap<>();
        body.put("source_identity_batch_id", UUID.randomUUID().toString());
        body.put("items", people);
        if (targets != null) {
            body.put("targets", targets);
        }
        if (organization != null) {
            body.put("mdm_organization", organization);
        }
        return body;
    }

    private void runToEnd(String batchId) {
        as(TestTokens.operator()).post("/provisioning/batches/{id}/run", batchId).then().statusCode(200);
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200))
                .until(() -> !"RUNNING".equals(batch(batchId).get("status"))
                        && !runner.isActive(UUID.fromString(batchId)));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> target(Map<String, Object> item, String target) {
        return (Map<String, Object>) ((Map<String, Object>) item.get("targets")).get(target);
    }

    @Test
    void bothTargetsGiveEachPersonAnIdentityAnMdmUserATokenAndOneMail() {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        String slug = "college-" + tag;
        String org = fakeMdm("org", "slug", slug).getString("id");
        String policy = fakeMdm("policy", "org", org, "name", "Default").getString("id");
        String existing = fakeMdm("user", "org", org, "email", "known." + tag + "@ecole.test").getString("id");
        List<Map<String, Object>> people = new ArrayList<>();
        people.add(person("T1-" + tag, "Known", "Person", "Known." + tag + "@ecole.test", "ELEVE"));
        people.add(person("T2-" + tag, "Élodie", "Dupré", "elodie." + tag + "@ecole.test", "ELEVE"));
        people.get(1).put("language", "fr");
        people.add(person("T3-" + tag, "No", "Mail", null, "ELEVE"));
        String batchId = create(body(people, List.of("mdm", "ziti"), slug), null);
        as(TestTokens.viewer()).get("/provisioning/batches/{id}", batchId).then()
                .body("targets", equalTo(List.of("ziti", "mdm"))).body("mdm_organization", equalTo(slug));

        // the dry run predicts both targets
        JsonPath preview = as(TestTokens.operator()).queryParam("dry_run", true)
                .post("/provisioning/batches/{id}/run", batchId).then().statusCode(200).extract().jsonPath();
        assertEquals("matched", preview.getString("items[0].mdm['mdm_user']"));
        assertEquals("create", preview.getString("items[0].mdm.token"));
        assertEquals("new", preview.getString("items[1].mdm['mdm_user']"));
        assertEquals("skip", preview.getString("items[2].mdm.action"));
        assertEquals("create", preview.getString("items[1].action"));

        runToEnd(batchId);
        assertEquals("COMPLETED", batch(batchId).get("status"));
        List<Map<String, Object>> items = items(batchId);
        for (Map<String, Object> item : items) {
            assertEquals("SUCCEEDED", target(item, "ziti").get("status"), item.toString());
            assertEquals(item.get("kc_user_id"), target(item, "ziti").get("external_id"));
        }
        Map<String, Object> known = items.get(0);
        assertEquals("PENDING_ACTIVATION", known.get("prov_status"));
        assertEquals("SUCCEEDED", target(known, "mdm").get("status"));
        assertEquals("matched", target(known, "mdm").get("mdm_user"));
        assertEquals(existing, target(known, "mdm").get("mdm_user_id"));
        assertEquals("created", target(items.get(1), "mdm").get("mdm_user"));
        assertEquals("SKIPPED", target(items.get(2), "mdm").get("status"));
        assertEquals("KC_CREATED", items.get(2).get("prov_status"));

        JsonPath stats = fakeMdm("stats", "org", org);
        assertEquals(2, stats.getInt("users"), "the known person is matched, not duplicated");
        assertEquals(2, stats.getInt("tokens"));
        assertTrue(stats.getInt("serviceTokens") >= 1, "the calls carried service tokens");
        Map<String, String> codes = new HashMap<>();
        for (Map<String, Object> token : stats.<Map<String, Object>>getList("tokenList")) {
            assertEquals(policy, token.get("winPolicyId"), "the organisation's default policy");
            assertEquals(7 * 86400, ((Number) token.get("duration")).intValue());
            codes.put((String) token.get("id"), (String) token.get("enrollCode"));
        }
        for (int i = 0; i < 2; i++) {
            Map<String, Object> item = items.get(i);
            List<Mail> mails = mailbox.getMailsSentTo((String) item.get("email"));
            assertEquals(1, mails.size(), "one invitation per person");
            String code = codes.get((String) target(item, "mdm").get("external_id"));
            assertNotNull(code);
            assertTrue(mails.get(0).getText().contains(code), mails.get(0).getText());
            assertTrue(mails.get(0).getText().contains("https://mdm.test/enroll/windows/" + code));
            assertEquals(Api.targetIdentity((String) item.get("kc_user_id")).getString("data.enrollment.ott.jwt"),
                    Api.attachedJwt(mails.get(0)));
        }
        assertTrue(mailbox.getMailsSentTo((String) items.get(1).get("email")).get(0).getText().startsWith("Bonjour"));
    }

    @Test
    void theEstablishmentHeaderNamesTheOrganisationElseTheMdmTargetIsSkipped() {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        String org = fakeMdm("org", "slug", "etab-" + tag).getString("id");
        String byHeader = create(body(List.of(person("E1-" + tag, "Ann", "Etab", "ann." + tag + "@ecole.test", "ELEVE")),
                List.of("ziti", "mdm"), null), "etab-" + tag);
        String unknown = create(body(List.of(person("E2-" + tag, "Bob", "Etab", "bob." + tag + "@ecole.test", "ELEVE")),
                List.of("ziti", "mdm"), null), "nowhere-" + tag);
        String none = create(body(List.of(person("E3-" + tag, "Cy", "Etab", "cy." + tag + "@ecole.test", "ELEVE")),
                List.of("ziti", "mdm"), null), null);
        runToEnd(byHeader);
        runToEnd(unknown);
        runToEnd(none);
        assertEquals("SUCCEEDED", target(items(byHeader).get(0), "mdm").get("status"));
        assertEquals(1, fakeMdm("stats", "org", org).getInt("tokens"));
        for (String batchId : List.of(unknown, none)) {
            Map<String, Object> item = items(batchId).get(0);
            assertEquals("SKIPPED", target(item, "mdm").get("status"));
            assertNotNull(target(item, "mdm").get("last_error"));
            assertEquals("PENDING_ACTIVATION", item.get("prov_status"), "a skipped target fails nothing");
            assertNull(item.get("last_error"));
        }
    }

    @Test
    void aTokenWhoseAnswerWasLostIsNotCreatedTwice() {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        String org = fakeMdm("org", "slug", "lost-" + tag).getString("id");
        String batchId = create(body(List.of(person("L1-" + tag, "Lou", "Lost", "lou." + tag + "@ecole.test", "ELEVE")),
                List.of("ziti", "mdm"), "lost-" + tag), null);
        // the token is created, but the answer is lost twice (the client's own retry, then the item's)
        fakeMdm("lose-token-answers", "times", 2);
        runToEnd(batchId);
        Map<String, Object> item = items(batchId).get(0);
        assertEquals("PENDING_ACTIVATION", item.get("prov_status"), String.valueOf(item));
        JsonPath stats = fakeMdm("stats", "org", org);
        assertEquals(1, stats.getInt("tokens"));
        assertTrue(stats.getInt("tokenPosts") >= 3, "retried with the same key");
        assertEquals(1, mailbox.getMailsSentTo("lou." + tag + "@ecole.test").size());
    }

    @Test
    void anUnknownExplicitOrganisationFailsTheItemOnItsMdmTarget() {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        String batchId = create(body(List.of(person("U1-" + tag, "Una", "Known", "una." + tag + "@ecole.test", "ELEVE")),
                List.of("ziti", "mdm"), "missing-" + tag), null);
        runToEnd(batchId);
        Map<String, Object> item = items(batchId).get(0);
        assertEquals("ERROR", item.get("prov_status"));
        assertEquals("SUCCEEDED", target(item, "ziti").get("status"));
        assertEquals("FAILED", target(item, "mdm").get("status"));
        assertTrue(String.valueOf(item.get("last_error")).contains("missing-" + tag), String.valueOf(item));
    }

    @Test
    void badTargetsAreTheApisOwn422() {
        Map<String, Object> body = body(List.of(), List.of("ziti", "ldap"), null);
        as(TestTokens.operator()).contentType(ContentType.JSON).body(body).post("/provisioning/batches").then()
                .statusCode(422).body("detail[0].type", equalTo("enum"))
                .body("detail[0].loc", equalTo(List.of("body", "targets", 1)))
                .body("detail[0].msg", equalTo("Input should be 'ziti' or 'mdm'"));
        as(TestTokens.operator()).contentType(ContentType.JSON).body(body(List.of(), "mdm", null))
                .post("/provisioning/batches").then().statusCode(422).body("detail[0].type", equalTo("list_type"));
        as(TestTokens.operator()).contentType(ContentType.JSON).body(body(List.of(), List.of(), 7))
                .post("/provisioning/batches").then().statusCode(422).body("detail.size()", equalTo(2));
        // the default is ziti alone
        String id = create(body(List.of(), null, null), null);
        as(TestTokens.viewer()).get("/provisioning/batches/{id}", id).then().body("targets", equalTo(List.of("ziti")));
    }
}
