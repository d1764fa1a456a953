package org.onboarding.provisioning.batch;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;
import org.onboarding.testsupport.TestTokens;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.onboarding.provisioning.Api.as;
import static org.onboarding.provisioning.Api.createBatch;
import static org.onboarding.provisioning.Api.items;

/**
 * Hostile input never gives a 500: huge integers, NUL characters (which PostgreSQL refuses), unpaired surrogates,
 * strings beyond the column sizes and wrong JSON types, thrown at every endpoint. Refusals are FastAPI's 422, located
 * at the offending value, and nothing is written.
 */
@QuarkusTest
class HostileInputTest {

    private static final String HUGE = "1" + "0".repeat(30);
    private static final String NUL_MSG = "Value error, NUL characters (\\u0000) are not allowed";

    /** JSON literals: NUL, unpaired surrogates, too long, huge numbers, wrong types, empty. */
    private static final List<String> JSON_VALUES = List.of("\"a\\u0000b\"", "\"x\\ud800\"",
            "\"" + "x".repeat(5_000) + "\"", HUGE, "1e400", "true", "[]", "{}", "null", "\"\"");

    /** Query values (rest-assured URL-encodes them: NUL goes as %00). */
    private static final List<String> QUERY_VALUES = List.of("a\u0000b", "2147483648", HUGE, "-" + HUGE, "1e400",
            "", "x".repeat(2_000), "\"'; DROP TABLE provisioning_item;--");

    private static final List<String> ITEM_FIELDS = List.of("identity_id", "domain", "establishment_id",
            "external_id", "firstname", "lastname", "email", "role_principal_code");

    @Test
    void hugeSkipsGiveAnEmptyPageAndHugeLimitsA422() {
        String batchId = createBatch(TestTokens.operator(), UUID.randomUUID().toString(), List.of(item("S-1")));
        for (String skip : List.of("2147483647", "2147483648", "9223372036854775807", "9223372036854775808", HUGE,
                "1_000_000_000_000")) {
            as(TestTokens.viewer()).queryParam("skip", skip).get("/provisioning/batches")
                    .then().statusCode(200).body("$", hasSize(0));
            as(TestTokens.viewer()).queryParam("skip", skip).get("/provisioning/batches/{id}/items", batchId)
                    .then().statusCode(200).body("$", hasSize(0));
        }
        as(TestTokens.viewer()).queryParam("limit", HUGE).get("/provisioning/batches/{id}/items", batchId)
                .then().statusCode(422).body("detail[0].type", equalTo("less_than_equal"))
                .body("detail[0].loc", equalTo(List.of("query", "limit"))).body("detail[0].input", equalTo(HUGE));
        as(TestTokens.viewer()).queryParam("skip", "-" + HUGE).get("/provisioning/batches")
                .then().statusCode(422).body("detail[0].type", equalTo("greater_than_equal"))
                .body("detail[0].loc", equalTo(List.of("query", "skip")));
    }

    @Test
    void nulCharactersAreRefusedWhereTheyAreAndNothingIsWritten() {
        // create: the batch is not created either
        String source = UUID.randomUUID().toString();
        Map<String, Object> bad = item("N-1");
        bad.put("firstname", "Awa\u0000");
        as(TestTokens.operator()).contentType(ContentType.JSON)
                .body(Map.of("source_identity_batch_id", source, "items", List.of(item("N-0"), bad)))
                .post("/provisioning/batches").then().statusCode(422)
                .body("detail", hasSize(1))
                .body("detail[0].type", equalTo("value_error"))
                .body("detail[0].loc", equalTo(List.of("body", "items", 1, "firstname")))
                .body("detail[0].msg", equalTo(NUL_MSG))
                .body("detail[0].input", equalTo("Awa\u0000"));
        String batchId = createBatch(TestTokens.operator(), source, List.of());
        assertEquals(0, items(batchId).size());

        // JSON import: a per-row error like the others
        Map<String, Object> badExternal = item("N-2");
        badExternal.put("external_id", "N\u00002");
        as(TestTokens.operator()).contentType(ContentType.JSON).body(List.of(item("N-3"), badExternal))
                .post("/provisioning/batches/{id}/items/import", batchId).then().statusCode(422)
                .body("detail.loc", equalTo(List.of(List.of("body", 1, "external_id"))))
                .body("detail[0].msg", equalTo(NUL_MSG));

        // CSV import: located by line and column
        String csv = "identity_id,domain,establishment_id,external_id,lastname\n"
                + UUID.randomUUID() + ",student,etab-1,N-4,Diop\n"
                + UUID.randomUUID() + ",student,etab-1,N-5,Fa\u0000ll\n";
        as(TestTokens.operator()).contentType("text/csv").body(csv.getBytes(StandardCharsets.UTF_8))
                .post("/provisioning/batches/{id}/items/import", batchId).then().statusCode(422)
                .body("detail.loc", equalTo(List.of(List.of("body", 3, "lastname"))))
                .body("detail[0].msg", equalTo(NUL_MSG));

        // test-items
        as(TestTokens.operator()).contentType(ContentType.JSON).body(Map.of("domain", "stu\u0000dent"))
                .post("/provisioning/batches/{id}/test-items", batchId).then().statusCode(422)
                .body("detail.loc", equalTo(List.of(List.of("body", "domain"))));

        // an unpaired surrogate is no text either (JSON allows the escape)
        String surrogate = "[{\"identity_id\":\"" + UUID.randomUUID() + "\",\"domain\":\"student\","
                + "\"establishment_id\":\"etab-1\",\"external_id\":\"N-6\",\"lastname\":\"Ba\\ud800\"}]";
        as(TestTokens.operator()).contentType(ContentType.JSON).body(surrogate)
                .post("/provisioning/batches/{id}/items/import", batchId).then().statusCode(422)
                .body("detail.loc", equalTo(List.of(List.of("body", 0, "lastname"))))
                .body("detail[0].msg", equalTo("Value error, unpaired surrogate characters are not allowed"));
        assertEquals(0, items(batchId).size());

        // query parameters that would reach the database
        as(TestTokens.viewer()).queryParam("domain", "\u0000").get("/provisioning/batches/{id}/items", batchId)
                .then().statusCode(422).body("detail.loc", equalTo(List.of(List.of("query", "domain"))));
        as(TestTokens.viewer()).queryParam("firstname", "A\u0000").queryParam("lastname", "B")
                .queryParam("email", "a\u0000@b.c").post("/provisioning/generate-username").then().statusCode(422)
                .body("detail.loc", equalTo(List.of(List.of("query", "firstname"), List.of("query", "email"))));
    }

    @Test
    void noHostileInputGivesA500() throws Exception {
        String batchId = createBatch(TestTokens.operator(), UUID.randomUUID().toString(), List.of(item("H-0")));
        // runs get a batch of their own: the imports below fill batchId, and a dry run looks every item up
        String runBatchId = createBatch(TestTokens.operator(), UUID.randomUUID().toString(), List.of());
        String admin = TestTokens.admin();
        Map<String, Supplier<Response>> calls = new LinkedHashMap<>();
        for (String value : JSON_VALUES) {
            calls.put("create source=" + value, () -> as(admin).contentType(ContentType.JSON)
                    .body("{\"source_identity_batch_id\":" + value + "}").post("/provisioning/batches"));
            calls.put("create " + value, () -> as(admin).contentType(ContentType.JSON).body(value)
                    .post("/provisioning/batches"));
            calls.put("create items=" + value, () -> as(admin).contentType(ContentType.JSON)
                    .body("{\"source_identity_batch_id\":\"" + UUID.randomUUID() + "\",\"items\":" + value + "}")
                    .post("/provisioning/batches"));
            calls.put("import " + value, () -> as(admin).contentType(ContentType.JSON).body(value)
                    .post("/provisioning/batches/{id}/items/import", batchId));
            for (String field : ITEM_FIELDS) {
                String object = itemJson(field, value);
                calls.put("create " + field + "=" + value, () -> as(admin).contentType(ContentType.JSON)
                        .body("{\"source_identity_batch_id\":\"" + UUID.randomUUID() + "\",\"items\":[" + object + "]}")
                        .post("/provisioning/batches"));
                calls.put("import " + field + "=" + value, () -> as(admin).contentType(ContentType.JSON)
                        .body("[" + object + "]").post("/provisioning/batches/{id}/items/import", batchId));
                calls.put("test-items " + field + "=" + value, () -> as(admin).contentType(ContentType.JSON)
                        .body("{\"" + field + "\":" + value + "}").post("/provisioning/batches/{id}/test-items", batchId));
            }
        }
        for (String value : QUERY_VALUES) {
            for (String param : List.of("skip", "limit")) {
                calls.put("batches " + param + "=" + value,
                        () -> as(admin).queryParam(param, value).get("/provisioning/batches"));
            }
            for (String param : List.of("skip", "limit", "prov_status", "domain", "cursor")) {
                calls.put("items " + param + "=" + value, () -> as(admin).queryParam(param, value)
                        .get("/provisioning/batches/{id}/items", batchId));
            }
            calls.put("items path=" + value, () -> as(admin).get("/provisioning/batches/{id}/items", value));
            calls.put("run path=" + value, () -> as(admin).post("/provisioning/batches/{id}/run", value));
            calls.put("test-items path=" + value, () -> as(admin).contentType(ContentType.JSON).body("{}")
                    .post("/provisioning/batches/{id}/test-items", value));
            calls.put("import path=" + value, () -> as(admin).contentType(ContentType.JSON).body("[]")
                    .post("/provisioning/batches/{id}/items/import", value));
            for (String param : List.of("dry_run", "retry_failed_only")) {
                calls.put("run " + param + "=" + value, () -> as(admin).queryParam("dry_run", "true")
                        .queryParam(param, value).post("/provisioning/batches/{id}/run", runBatchId));
            }
            for (String param : List.of("firstname", "lastname", "email")) {
                Map<String, String> query = new HashMap<>(Map.of("firstname", "Awa", "lastname", "Diop"));
                query.put(param, value);
                calls.put("generate-username " + param + "=" + value,
                        () -> as(admin).queryParams(query).post("/provisioning/generate-username"));
            }
            String csvCell = "\"" + value.replace("\"", "\"\"") + "\"";
            for (String column : ITEM_FIELDS) {
                StringBuilder csv = new StringBuilder(String.join(",", ITEM_FIELDS)).append('\n');
                List<String> row = new ArrayList<>();
                for (String c : ITEM_FIELDS) {
                    row.add(c.equals(column) ? csvCell : c.equals("identity_id") ? UUID.randomUUID().toString()
                            : c.equals("email") ? "a@b.test" : "v");
                }
                csv.append(String.join(",", row)).append('\n');
                byte[] body = csv.toString().getBytes(StandardCharsets.UTF_8);
                calls.put("csv " + column + "=" + value, () -> as(admin).contentType("text/csv").body(body)
                        .post("/provisioning/batches/{id}/items/import", batchId));
            }
        }
        // a few at a time: the corpus is large and each call is independent
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> done = new ArrayList<>();
            calls.forEach((what, call) -> done.add(pool.submit(() -> check(call.get(), what))));
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertTrue(calls.size() > 400, "corpus size " + calls.size());
    }

    @Test
    void tooManyItemsIs413AndNothingIsWritten() {
        StringBuilder many = new StringBuilder("[");
        for (int i = 0; i < 10_001; i++) {
            many.append(i == 0 ? "" : ",").append("{\"identity_id\":\"").append(UUID.randomUUID())
                    .append("\",\"domain\":\"student\",\"establishment_id\":\"e\",\"external_id\":\"X-")
                    .append(i).append("\"}");
        }
        many.append(']');
        String source = UUID.randomUUID().toString();
        as(TestTokens.operator()).contentType(ContentType.JSON)
                .body("{\"source_identity_batch_id\":\"" + source + "\",\"items\":" + many + "}")
                .post("/provisioning/batches")
                .then().statusCode(413).body("detail", equalTo("Too many items: at most 10000 per request"));
        String batchId = createBatch(TestTokens.operator(), source, List.of());
        as(TestTokens.operator()).contentType(ContentType.JSON).body(many.toString())
                .post("/provisioning/batches/{id}/items/import", batchId)
                .then().statusCode(413).body("detail", equalTo("Too many items: at most 10000 per request"));
        assertEquals(0, items(batchId).size());
    }

    /** Anything but a 500; a 422 in FastAPI's shape. */
    private static void check(Response response, String what) {
        int status = response.statusCode();
        // 405: an empty batch id makes POST /batches//run a POST to GET /batches/{batch_id} (as Starlette answers)
        assertTrue(Set.of(200, 404, 405, 413, 422).contains(status), what + " -> " + status + " " + response.asString());
        assertTrue(response.contentType().startsWith("application/json"), what + " -> " + response.contentType());
        if (status == 422) {
            List<Object> detail = response.jsonPath().getList("detail");
            assertFalse(detail.isEmpty(), what);
            for (Object entry : detail) {
                Map<?, ?> error = assertInstanceOf(Map.class, entry, what);
                List<?> loc = assertInstanceOf(List.class, error.get("loc"), what);
                assertTrue(Set.of("body", "query", "path").contains(loc.get(0)), what + " " + loc);
                assertInstanceOf(String.class, error.get("msg"), what);
                assertInstanceOf(String.class, error.get("type"), what);
            }
        }
    }

    private static String itemJson(String field, String value) {
        Map<String, String> fields = new java.util.LinkedHashMap<>();
        fields.put("identity_id", "\"" + UUID.randomUUID() + "\"");
        fields.put("domain", "\"student\"");
        fields.put("establishment_id", "\"etab-1\"");
        fields.put("external_id", "\"H-" + UUID.randomUUID() + "\"");
        fields.put(field, value);
        StringBuilder json = new StringBuilder("{");
        fields.forEach((k, v) -> json.append(json.length() > 1 ? "," : "").append('"').append(k).append("\":").append(v));
        return json.append('}').toString();
    }

    private static Map<String, Object> item(String externalId) {
        Map<String, Object> item = new HashMap<>();
        item.put("identity_id", UUID.randomUUID().toString());
        item.put("domain", "student");
        item.put("establishment_id", "etab-1");
        item.put("external_id", externalId);
        return item;
    }
}
