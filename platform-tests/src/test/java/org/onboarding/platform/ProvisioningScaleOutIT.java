package org.onboarding.platform;

import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.onboarding.testsupport.TestTokens;

import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two instances of provisioning-service on one database, provisioning into ziti-edge-service (two instances on one
 * database too): a run survives the kill -9 of the instance running it, and either instance answers the same.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ProvisioningScaleOutIT {

    private static final Duration LEASE = Duration.ofSeconds(3);
    private static final Duration HEARTBEAT = Duration.ofMillis(500);
    private static final int CONCURRENCY = 2;
    /** Chunks of a run in work at once: up to CONCURRENCY items of each are in flight. */
    private static final int CHUNKS_IN_WORK = 2;

    private static ServiceInstances ziti;
    private static ServiceInstances provisioning;
    private static TokenEndpointStub tokens;

    @BeforeAll
    static void start() throws Exception {
        ziti = ServiceInstances.start("ziti-edge-service", "ziti_scale", 2, Map.of());
        tokens = TokenEndpointStub.start();
        provisioning = ServiceInstances.start("provisioning-service", "provisioning_scale", 2, Map.of(
                "ZITI_MANAGEMENT_URL", ziti.url(0) + "/edge/management/v1",
                // its service token by client credentials (the test's stand-in for the gateway's issuer)
                "PROVISIONING_TOKEN_URL", tokens.url(),
                "PROVISIONING_ZITI_CLIENT_SECRET", "DEV-ONLY-provisioning-secret",
                "PROVISIONING_RUN_LEASE", LEASE.toString(),
                "PROVISIONING_RUN_HEARTBEAT", HEARTBEAT.toString(),
                // few items in flight, so that the run is still going when its instance is killed
                "PROVISIONING_RUN_CONCURRENCY", Integer.toString(CONCURRENCY),
                "PROVISIONING_RUN_CHUNKS_IN_WORK", Integer.toString(CHUNKS_IN_WORK),
                "PROVISIONING_RUN_CHUNK_SIZE", "4"));
    }

    @AfterAll
    static void stop() {
        if (provisioning != null) {
            provisioning.close();
        }
        if (ziti != null) {
            ziti.close();
        }
        if (tokens != null) {
            tokens.close();
        }
    }

    private static RequestSpecification on(ServiceInstances instances, int instance, String token) {
        return RestAssured.given().baseUri(instances.url(instance)).header("Authorization", "Bearer " + token)
                .contentType(ContentType.JSON);
    }

    @Test
    @Order(2)   // kills instance 0: last
    void aRunWhoseInstanceIsKilledIsFinishedByTheOtherWithinTheLeaseEachItemOnce() throws Exception {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        int n = 120;
        List<Map<String, Object>> people = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Map<String, Object> person = new HashMap<>();
            person.put("identity_id", UUID.randomUUID().toString());
            person.put("external_id", "scale-" + tag + "-" + i);
            // 8 homonyms per name: the username counters are shared by both instances
            person.put("firstname", "Zoé" + (char) ('a' + i % 15));
            person.put("lastname", "Kill-" + tag);
            person.put("domain", "student");
            person.put("establishment_id", "etab-1");
            person.put("role_principal_code", "student");
            people.add(person);
        }
        String batchId = on(provisioning, 0, TestTokens.operator())
                .body(Map.of("source_identity_batch_id", UUID.randomUUID().toString(), "items", people))
                .post("/provisioning/batches").then().statusCode(200).extract().path("id");

        // instance 0 takes the run
        String runId = on(provisioning, 0, TestTokens.operator()).post("/provisioning/batches/{id}/run", batchId)
                .then().statusCode(200).body("enqueued", equalTo(n)).extract().path("run_id");
        ServiceInstances.awaitUntil(Duration.ofSeconds(60), () -> completed(batchId) >= 20);
        provisioning.kill(0);
        long killedAt = System.nanoTime();
        int doneAtKill = completed(batchId);
        assertTrue(doneAtKill < n, "the run had already finished before the kill: make it slower");

        // instance 1, asked nothing, takes the batch over once the dead run's lease lapses, and finishes it
        ServiceInstances.awaitUntil(Duration.ofSeconds(30), () -> !runId.equals(runOf(batchId)));
        Duration takeover = Duration.ofNanos(System.nanoTime() - killedAt);
        assertTrue(takeover.compareTo(LEASE.plus(HEARTBEAT).plus(Duration.ofSeconds(3))) <= 0,
                "taken over after " + takeover + ", lease " + LEASE);
        ServiceInstances.awaitUntil(Duration.ofSeconds(90), () -> "COMPLETED".equals(on(provisioning, 1, TestTokens.viewer())
                .get("/provisioning/batches/{id}", batchId).then().statusCode(200).extract().path("status")));
        assertTrue(provisioning.log(1).contains("took it over"), "instance 1 should log the takeover");

        // an identity whose creation was in flight when the instance died exists in ziti while its item never
        // learnt it: the resumed run finds it by external id and matches it (KC_UPDATED) instead of creating another
        Map<String, Integer> counts = on(provisioning, 1, TestTokens.viewer()).get("/provisioning/batches/{id}", batchId)
                .then().extract().path("counts");
        int matched = counts.getOrDefault("KC_UPDATED", 0);
        assertEquals(n, counts.getOrDefault("KC_CREATED", 0) + matched, counts.toString());
        assertTrue(matched <= CONCURRENCY * CHUNKS_IN_WORK, "more items matched than were in flight: " + counts);
        // every item once: one username each, all different, one ziti identity each, all different
        List<Map<String, Object>> items = on(provisioning, 1, TestTokens.viewer()).queryParam("limit", 1000)
                .get("/provisioning/batches/{id}/items", batchId).then().statusCode(200).extract().jsonPath().getList("$");
        assertEquals(n, items.size());
        Set<Object> usernames = new HashSet<>();
        Set<Object> accounts = new HashSet<>();
        for (Map<String, Object> item : items) {
            assertTrue(Set.of("KC_CREATED", "KC_UPDATED").contains(item.get("prov_status")), item.toString());
            usernames.add(item.get("kc_username"));
            accounts.add(item.get("kc_user_id"));
        }
        assertEquals(n, usernames.size(), "duplicate usernames");
        assertEquals(n, accounts.size(), "duplicate ziti identities");

        // in ziti: exactly one identity per person, the one each item names, with the item's username
        Map<String, String> identities = new LinkedHashMap<>();
        try (Connection db = ziti.database();
             var sql = db.prepareStatement("SELECT id, name FROM identity WHERE external_id LIKE ?")) {
            sql.setString(1, "scale-" + tag + "-%");
            try (ResultSet rows = sql.executeQuery()) {
                while (rows.next()) {
                    identities.put(rows.getString(1), rows.getString(2));
                }
            }
        }
        assertEquals(n, identities.size(), "ziti holds identities no item records (or misses some)");
        for (Map<String, Object> item : items) {
            assertEquals(item.get("kc_username"), identities.get((String) item.get("kc_user_id")), item.toString());
        }
    }

    @Test
    @Order(1)
    void batchesWrittenOnOneInstanceReadTheSameOnTheOther() {
        String source = UUID.randomUUID().toString();
        Map<String, Object> person = new HashMap<>(Map.of("identity_id", UUID.randomUUID().toString(),
                "external_id", "spread-" + source, "firstname", "Ada", "lastname", "Spread", "domain", "staff",
                "establishment_id", "etab-2", "role_principal_code", "teacher"));
        String batchId = on(provisioning, 1, TestTokens.operator())
                .body(Map.of("source_identity_batch_id", source, "items", List.of(person)))
                .post("/provisioning/batches").then().statusCode(200).extract().path("id");
        // the same create on the other instance is the same batch (idempotent across instances: a unique index)
        on(provisioning, 0, TestTokens.operator())
                .body(Map.of("source_identity_batch_id", source, "items", List.of(person)))
                .post("/provisioning/batches").then().statusCode(200).body("id", equalTo(batchId));
        for (int i = 0; i < provisioning.size(); i++) {
            on(provisioning, i, TestTokens.viewer()).get("/provisioning/batches/{id}", batchId).then().statusCode(200)
                    .body("source_identity_batch_id", equalTo(source)).body("counts", equalTo(Map.of("ENQUEUED", 1)));
            on(provisioning, i, TestTokens.viewer()).get("/provisioning/batches/{id}/items", batchId).then()
                    .statusCode(200).body("size()", equalTo(1)).body("[0].external_id", equalTo("spread-" + source));
        }
    }

    @Test
    @Order(1)
    void identitiesWrittenOnOneZitiInstanceReadTheSameOnTheOther() {
        String name = "spread-" + UUID.randomUUID();
        String admin = TestTokens.admin();
        String id = RestAssured.given().baseUri(ziti.url(0)).header("zt-session", admin).contentType(ContentType.JSON)
                .body(Map.of("name", name, "type", "User", "isAdmin", false, "roleAttributes", List.of("a")))
                .post("/edge/management/v1/identities").then().statusCode(201).extract().path("data.id");
        RestAssured.given().baseUri(ziti.url(1)).header("zt-session", admin)
                .get("/edge/management/v1/identities/{id}", id).then().statusCode(200).body("data.name", equalTo(name));
        // the same name on the other instance: refused by the database's unique index, whichever instance answers
        RestAssured.given().baseUri(ziti.url(1)).header("zt-session", admin).contentType(ContentType.JSON)
                .body(Map.of("name", name, "type", "User", "isAdmin", false))
                .post("/edge/management/v1/identities").then().statusCode(400)
                .body("error.cause.reason", equalTo("duplicate value in unique index"));
        RestAssured.given().baseUri(ziti.url(1)).header("zt-session", admin)
                .delete("/edge/management/v1/identities/{id}", id).then().statusCode(200);
        RestAssured.given().baseUri(ziti.url(0)).header("zt-session", admin)
                .get("/edge/management/v1/identities/{id}", id).then().statusCode(404);
        int count0 = RestAssured.given().baseUri(ziti.url(0)).header("zt-session", admin)
                .get("/edge/management/v1/identities").then().statusCode(200).extract().path("meta.pagination.totalCount");
        int count1 = RestAssured.given().baseUri(ziti.url(1)).header("zt-session", admin)
                .get("/edge/management/v1/identities").then().statusCode(200).extract().path("meta.pagination.totalCount");
        assertEquals(count0, count1);
    }

    @Test
    @Order(1)
    void anApiSessionOpenedOnOneZitiInstanceIsUsedAndEndedOnTheOther() {
        String username = "scale-" + UUID.randomUUID();
        String admin = TestTokens.admin();
        String identityId = RestAssured.given().baseUri(ziti.url(0)).header("zt-session", admin).contentType(ContentType.JSON)
                .body(Map.of("name", username, "type", "User", "isAdmin", false, "enrollment", Map.of("updb", username)))
                .post("/edge/management/v1/identities").then().statusCode(201).extract().path("data.id");
        String enrollment = RestAssured.given().baseUri(ziti.url(1)).header("zt-session", admin)
                .get("/edge/management/v1/identities/{id}", identityId).then().statusCode(200)
                .extract().path("data.enrollment.updb.token");
        RestAssured.given().baseUri(ziti.url(1)).contentType(ContentType.JSON).body(Map.of("password", "s3cret-pass"))
                .post("/edge/client/v1/enroll/updb?token=" + enrollment).then().statusCode(200);
        // API sessions live in the database (a token's hash), not in the instance that opened them
        String session = RestAssured.given().baseUri(ziti.url(0)).contentType(ContentType.JSON)
                .body(Map.of("username", username, "password", "s3cret-pass"))
                .post("/edge/client/v1/authenticate?method=password").then().statusCode(200).extract().header("zt-session");
        RestAssured.given().baseUri(ziti.url(1)).header("zt-session", session).get("/edge/client/v1/current-identity")
                .then().statusCode(200).body("data.id", equalTo(identityId));
        RestAssured.given().baseUri(ziti.url(1)).header("zt-session", session).delete("/edge/client/v1/current-api-session")
                .then().statusCode(200);
        RestAssured.given().baseUri(ziti.url(0)).header("zt-session", session).get("/edge/client/v1/current-identity")
                .then().statusCode(401);
    }

    private static int completed(String batchId) throws Exception {
        return Integer.parseInt(queryOne("SELECT count(*) FROM provisioning_item WHERE provisioning_batch_id = ?::uuid "
                + "AND completed_at IS NOT NULL", batchId));
    }

    private static String runOf(String batchId) throws Exception {
        return queryOne("SELECT run_id FROM provisioning_batch WHERE id = ?::uuid", batchId);
    }

    private static String queryOne(String query, String parameter) throws Exception {
        try (Connection db = provisioning.database(); var sql = db.prepareStatement(query)) {
            sql.setString(1, parameter);
            try (ResultSet rows = sql.executeQuery()) {
                rows.next();
                return rows.getString(1);
            }
        }
    }
}
