package org.onboarding.provisioning.batch;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.Test;
import org.onboarding.testsupport.TestTokens;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.onboarding.provisioning.Api.as;
import static org.onboarding.provisioning.Api.createBatch;

/** The routes, schemas and error envelopes of the Provisioning Service contract (README, "Endpoints"). */
@QuarkusTest
class ContractTest {

    private static final String BATCH_KEYS = "[id, source_identity_batch_id, created_by, created_at, status, counts, "
            + "started_at, finished_at, targets, mdm_organization, establishment]";

    @Test
    void createIsIdempotentPerSourceIdentityBatchAndRecordsTheCaller() {
        String source = UUID.randomUUID().toString();
        String token = TestTokens.token().subject("ops-42").groups("operator").sign();
        Map<String, Object> created = as(token).contentType(ContentType.JSON)
                .body(Map.of("source_identity_batch_id", source)).post("/provisioning/batches")
                .then().statusCode(200)
                .body("source_identity_batch_id", equalTo(source))
                .body("created_by", equalTo("ops-42"))
                .body("created_at", notNullValue())
                .body("status", equalTo("CREATED"))
                .extract().jsonPath().getMap("$");
        assertEquals(BATCH_KEYS, created.keySet().toString());

        as(TestTokens.admin()).contentType(ContentType.JSON).body(Map.of("source_identity_batch_id", source))
                .post("/provisioning/batches")
                .then().statusCode(200).body("id", equalTo(created.get("id"))).body("created_by", equalTo("ops-42"));
    }

    @Test
    void concurrentCreationsOfOneSourceGiveOneBatch() throws Exception {
        String source = UUID.randomUUID().toString();
        String token = TestTokens.operator();
        ExecutorService pool = Executors.newFixedThreadPool(10);
        try {
            List<CompletableFuture<String>> calls = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                calls.add(CompletableFuture.supplyAsync(() -> as(token).contentType(ContentType.JSON)
                        .body(Map.of("source_identity_batch_id", source)).post("/provisioning/batches")
                        .then().statusCode(200).extract().<String>path("id"), pool));
            }
            Set<String> ids = new HashSet<>();
            for (CompletableFuture<String> call : calls) {
                ids.add(call.get());
            }
            assertEquals(1, ids.size());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void listsAreBareArraysAndItemsHaveEveryContractKey() {
        String batchId = createBatch(TestTokens.operator(), UUID.randomUUID().toString(), List.of(Map.of(
                "identity_id", UUID.randomUUID().toString(), "domain", "teacher", "establishment_id", "etab-1",
                "external_id", "T-1", "firstname", "Awa")));
        as(TestTokens.viewer()).get("/provisioning/batches").then().statusCode(200).body("$", notNullValue())
                .body("[0].id", notNullValue());
        List<Map<String, Object>> items = as(TestTokens.viewer()).get("/provisioning/batches/{id}/items", batchId)
                .then().statusCode(200).body("$", hasSize(1))
                .body("[0].provisioning_batch_id", equalTo(batchId))
                .body("[0].prov_status", equalTo("ENQUEUED"))
                .body("[0].lastname", nullValue())
                .body("[0].email", nullValue())
                .body("[0].kc_username", nullValue())
                .body("[0].role_principal_code", nullValue())
                .extract().jsonPath().getList("$");
        assertEquals("[id, provisioning_batch_id, identity_id, domain, establishment_id, external_id, firstname, "
                + "lastname, email, kc_username, kc_user_id, role_principal_code, prov_status, last_error, created_at, "
                + "updated_at, attempts, language, targets]", items.get(0).keySet().toString());
        Map<String, Object> batch = org.onboarding.provisioning.Api.batch(batchId);
        assertEquals(Map.of("ENQUEUED", 1), batch.get("counts"));
    }

    @Test
    void testItemsAddsOneItemFromAFreeObject() {
        String batchId = createBatch(TestTokens.operator(), UUID.randomUUID().toString(), List.of());
        String identity = UUID.randomUUID().toString();
        as(TestTokens.operator()).contentType(ContentType.JSON)
                .body(Map.of("identity_id", identity, "firstname", "Moussa", "lastname", "Sow",
                        "email", "moussa.sow@ecole.sn", "role_principal_code", "teacher"))
                .post("/provisioning/batches/{id}/test-items", batchId)
                .then().statusCode(200).body("identity_id", equalTo(identity)).body("external_id", equalTo(identity))
                .body("prov_status", equalTo("ENQUEUED")).body("role_principal_code", equalTo("teacher"));
    }

    @Test
    void authentication401HasFastApisBodyAndBearerChallenge() {
        for (ValidatableResponse response : List.of(
                given().get("/provisioning/batches").then(),
                as(TestTokens.token().groups("admin").signWithUnknownKey()).get("/provisioning/batches").then(),
                given().header("Authorization", "Bearer not-a-jwt").post("/provisioning/batches/" + UUID.randomUUID() + "/run").then())) {
            response.statusCode(401).header("WWW-Authenticate", "Bearer")
                    .contentType(ContentType.JSON).body("detail", equalTo("Not authenticated"));
        }
    }

    @Test
    void viewersReadButDoNotCreateOrRun() {
        as(TestTokens.viewer()).contentType(ContentType.JSON)
                .body(Map.of("source_identity_batch_id", UUID.randomUUID().toString()))
                .post("/provisioning/batches").then().statusCode(403).body("detail", equalTo("Not enough permissions"));
        as(TestTokens.viewer()).post("/provisioning/batches/{id}/run", UUID.randomUUID().toString())
                .then().statusCode(403);
    }

    @Test
    void unknownBatchIs404BatchNotFound() {
        String unknown = UUID.randomUUID().toString();
        as(TestTokens.viewer()).get("/provisioning/batches/{id}/items", unknown)
                .then().statusCode(404).body("detail", equalTo("Batch not found"));
        as(TestTokens.operator()).post("/provisioning/batches/{id}/run", unknown)
                .then().statusCode(404).body("detail", equalTo("Batch not found"));
        as(TestTokens.operator()).contentType(ContentType.JSON).body("{}")
                .post("/provisioning/batches/{id}/test-items", unknown)
                .then().statusCode(404).body("detail", equalTo("Batch not found"));
        as(TestTokens.operator()).contentType("text/csv").body("identity_id,domain,establishment_id,external_id\n")
                .post("/provisioning/batches/{id}/items/import", unknown)
                .then().statusCode(404).body("detail", equalTo("Batch not found"));
    }

    @Test
    void everyValidationFailureIsFastApis422() {
        String operator = TestTokens.operator();
        String viewer = TestTokens.viewer();
        // bad UUID in the path
        error(as(viewer).get("/provisioning/batches/not-a-uuid/items"), "uuid_parsing", List.of("path", "batch_id"))
                .body("detail[0].msg", containsString("Input should be a valid UUID"))
                .body("detail[0].input", equalTo("not-a-uuid"));
        error(as(operator).post("/provisioning/batches/1234/run"), "uuid_parsing", List.of("path", "batch_id"));
        // missing query parameters: both reported at once
        as(viewer).post("/provisioning/generate-username").then().statusCode(422)
                .body("detail", hasSize(2))
                .body("detail[0].type", equalTo("missing")).body("detail[0].msg", equalTo("Field required"))
                .body("detail[0].loc", equalTo(List.of("query", "firstname")))
                .body("detail[1].loc", equalTo(List.of("query", "lastname")));
        // wrong types and ranges
        error(as(viewer).queryParam("limit", "abc").get("/provisioning/batches"), "int_parsing", List.of("query", "limit"))
                .body("detail[0].msg", equalTo("Input should be a valid integer, unable to parse string as an integer"));
        error(as(viewer).queryParam("limit", "1001").get("/provisioning/batches"), "less_than_equal", List.of("query", "limit"))
                .body("detail[0].ctx.le", equalTo(1000));
        error(as(viewer).queryParam("limit", "0").get("/provisioning/batches"), "greater_than_equal", List.of("query", "limit"));
        error(as(viewer).queryParam("skip", "-1").get("/provisioning/batches"), "greater_than_equal", List.of("query", "skip"));
        error(as(viewer).queryParam("skip", "1.5").get("/provisioning/batches/{id}/items", UUID.randomUUID().toString()),
                "int_parsing", List.of("query", "skip"));
        error(as(viewer).queryParam("prov_status", "DONE").get("/provisioning/batches/{id}/items", UUID.randomUUID().toString()),
                "enum", List.of("query", "prov_status"));
        error(as(operator).queryParam("dry_run", "maybe").post("/provisioning/batches/{id}/run", UUID.randomUUID().toString()),
                "bool_parsing", List.of("query", "dry_run"));
        // bodies: malformed JSON, missing body, not an object, missing/ill-typed/invalid field
        error(as(operator).contentType(ContentType.JSON).body("{\"source_identity_batch_id\": ").post("/provisioning/batches"),
                "json_invalid", null).body("detail[0].loc[0]", equalTo("body")).body("detail[0].msg", equalTo("JSON decode error"));
        error(as(operator).contentType(ContentType.JSON).post("/provisioning/batches"), "missing", List.of("body"));
        error(as(operator).contentType(ContentType.JSON).body("[1,2]").post("/provisioning/batches"),
                "model_attributes_type", List.of("body"));
        error(as(operator).contentType(ContentType.JSON).body("{}").post("/provisioning/batches"),
                "missing", List.of("body", "source_identity_batch_id"));
        error(as(operator).contentType(ContentType.JSON).body("{\"source_identity_batch_id\": 12}").post("/provisioning/batches"),
                "uuid_type", List.of("body", "source_identity_batch_id"));
        error(as(operator).contentType(ContentType.JSON).body("{\"source_identity_batch_id\": \"abc\"}").post("/provisioning/batches"),
                "uuid_parsing", List.of("body", "source_identity_batch_id"));
        error(as(operator).contentType(ContentType.JSON)
                        .body(Map.of("source_identity_batch_id", UUID.randomUUID().toString(), "items", "nope"))
                        .post("/provisioning/batches"), "list_type", List.of("body", "items"));
        as(operator).contentType(ContentType.JSON)
                .body(Map.of("source_identity_batch_id", UUID.randomUUID().toString(),
                        "items", List.of(Map.of("identity_id", "x", "domain", 3, "establishment_id", "", "email", "nope"))))
                .post("/provisioning/batches").then().statusCode(422)
                .body("detail.loc", equalTo(List.of(
                        List.of("body", "items", 0, "identity_id"), List.of("body", "items", 0, "domain"),
                        List.of("body", "items", 0, "establishment_id"), List.of("body", "items", 0, "external_id"),
                        List.of("body", "items", 0, "email"))))
                .body("detail.type", equalTo(List.of("uuid_parsing", "string_type", "string_too_short", "missing",
                        "value_error")));
        error(as(operator).contentType(ContentType.JSON).body("\"text\"")
                .post("/provisioning/batches/{id}/test-items", UUID.randomUUID().toString()), "model_attributes_type", List.of("body"));
    }

    @Test
    void unknownRoutesAndMethodsKeepTheDetailEnvelope() {
        as(TestTokens.viewer()).get("/provisioning/nothing-here").then().statusCode(404).body("detail", equalTo("Not Found"));
        as(TestTokens.viewer()).delete("/provisioning/batches").then().statusCode(405)
                .body("detail", equalTo("Method Not Allowed"));
    }

    private static ValidatableResponse error(io.restassured.response.Response response, String type, List<Object> loc) {
        ValidatableResponse then = response.then().statusCode(422).contentType(ContentType.JSON)
                .body("detail", hasSize(1)).body("detail[0].type", equalTo(type)).body("detail[0].msg", notNullValue());
        return loc == null ? then : then.body("detail[0].loc", equalTo(loc));
    }
}
