package org.onboarding.provisioning;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.onboarding.testsupport.TestTokens;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.onboarding.provisioning.Api.as;
import static org.onboarding.provisioning.Api.createBatch;

/**
 * The service's own OpenAPI document against its live answers: every status an operation really returns is declared
 * for it, and the body validates against the declared schema (JSON Schema 2020-12, as OpenAPI 3.1 uses), nulls
 * included.
 */
@QuarkusTest
class OpenApiDocumentTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private JsonNode document;

    @BeforeEach
    void readDocument() throws Exception {
        document = JSON.readTree(given().accept("application/json").get("/q/openapi")
                .then().statusCode(200).extract().asString());
    }

    @Test
    void everyLiveAnswerIsDeclaredForItsOperationAndMatchesItsSchema() {
        String operator = TestTokens.operator();
        String viewer = TestTokens.viewer();
        String noRole = TestTokens.token().groups("nobody").sign();
        String unknown = UUID.randomUUID().toString();
        String batchId = createBatch(operator, UUID.randomUUID().toString(), List.of(Map.of(
                "identity_id", UUID.randomUUID().toString(), "domain", "student", "establishment_id", "etab-1",
                "external_id", "OA-1")));
        String tooMany = tooManyItems();

        List<Call> calls = new ArrayList<>(List.of(
                call("GET", "/", 200, () -> given().get("/")),
                call("GET", "/health", 200, () -> given().get("/health")),
                call("GET", "/provisioning/batches", 200, () -> as(viewer).get("/provisioning/batches")),
                call("GET", "/provisioning/batches", 401, () -> given().get("/provisioning/batches")),
                call("GET", "/provisioning/batches", 403, () -> as(noRole).get("/provisioning/batches")),
                call("GET", "/provisioning/batches", 422, () -> as(viewer).queryParam("limit", 0).get("/provisioning/batches")),
                call("POST", "/provisioning/batches", 200, () -> as(operator).contentType(ContentType.JSON)
                        .body(Map.of("source_identity_batch_id", UUID.randomUUID().toString())).post("/provisioning/batches")),
                call("POST", "/provisioning/batches", 403, () -> as(viewer).contentType(ContentType.JSON)
                        .body(Map.of("source_identity_batch_id", UUID.randomUUID().toString())).post("/provisioning/batches")),
                call("POST", "/provisioning/batches", 413, () -> as(operator).contentType(ContentType.JSON)
                        .body("{\"source_identity_batch_id\":\"" + UUID.randomUUID() + "\",\"items\":" + tooMany + "}")
                        .post("/provisioning/batches")),
                call("POST", "/provisioning/batches", 422, () -> as(operator).contentType(ContentType.JSON).body("{}")
                        .post("/provisioning/batches")),
                call("GET", "/provisioning/batches/{batch_id}", 200, () -> as(viewer).get("/provisioning/batches/" + batchId)),
                call("GET", "/provisioning/batches/{batch_id}", 404, () -> as(viewer).get("/provisioning/batches/" + unknown)),
                call("GET", "/provisioning/batches/{batch_id}", 422, () -> as(viewer).get("/provisioning/batches/nope")),
                call("GET", "/provisioning/batches/{batch_id}/items", 200,
                        () -> as(viewer).get("/provisioning/batches/" + batchId + "/items")),
                call("GET", "/provisioning/batches/{batch_id}/items", 404,
                        () -> as(viewer).get("/provisioning/batches/" + unknown + "/items")),
                call("GET", "/provisioning/batches/{batch_id}/items", 401,
                        () -> as("not-a-jwt").get("/provisioning/batches/" + batchId + "/items")),
                call("POST", "/provisioning/batches/{batch_id}/run", 200,
                        () -> as(operator).queryParam("dry_run", true).post("/provisioning/batches/" + batchId + "/run")),
                call("POST", "/provisioning/batches/{batch_id}/run", 403,
                        () -> as(viewer).post("/provisioning/batches/" + batchId + "/run")),
                call("POST", "/provisioning/batches/{batch_id}/run", 404,
                        () -> as(operator).post("/provisioning/batches/" + unknown + "/run")),
                call("POST", "/provisioning/batches/{batch_id}/run", 422,
                        () -> as(operator).post("/provisioning/batches/1234/run")),
                call("POST", "/provisioning/generate-username", 200, () -> as(viewer)
                        .queryParam("firstname", "Zoë").queryParam("lastname", "Œuvray").post("/provisioning/generate-username")),
                call("POST", "/provisioning/generate-username", 422, () -> as(viewer).post("/provisioning/generate-username")),
                call("POST", "/provisioning/batches/{batch_id}/test-items", 200, () -> as(operator).contentType(ContentType.JSON)
                        .body(Map.of("firstname", "Awa")).post("/provisioning/batches/" + batchId + "/test-items")),
                call("POST", "/provisioning/batches/{batch_id}/test-items", 404, () -> as(operator).contentType(ContentType.JSON)
                        .body("{}").post("/provisioning/batches/" + unknown + "/test-items")),
                call("POST", "/provisioning/batches/{batch_id}/items/import", 200, () -> as(operator).contentType("text/csv")
                        .body("identity_id,domain,establishment_id,external_id\n" + UUID.randomUUID() + ",parent,e,OA-2\n")
                        .post("/provisioning/batches/" + batchId + "/items/import")),
                call("POST", "/provisioning/batches/{batch_id}/items/import", 404, () -> as(operator).contentType(ContentType.JSON)
                        .body("[]").post("/provisioning/batches/" + unknown + "/items/import")),
                call("POST", "/provisioning/batches/{batch_id}/items/import", 413, () -> as(operator).contentType(ContentType.JSON)
                        .body(tooMany).post("/provisioning/batches/" + batchId + "/items/import")),
                call("POST", "/provisioning/batches/{batch_id}/items/import", 422, () -> as(operator).contentType("text/csv")
                        .body("identity_id,domain,establishment_id,external_id\n\"open,student,e,X\n")
                        .post("/provisioning/batches/" + batchId + "/items/import"))));

        List<String> problems = new ArrayList<>();
        for (Call call : calls) {
            Response response = call.request.get();
            String what = call.method + " " + call.path + " -> " + response.statusCode();
            if (response.statusCode() != call.status) {
                problems.add(what + ": expected " + call.status + " " + response.asString());
                continue;
            }
            JsonNode declared = document.path("paths").path(call.path).path(call.method.toLowerCase())
                    .path("responses").path(Integer.toString(call.status));
            if (declared.isMissingNode()) {
                problems.add(what + ": not declared in the document");
                continue;
            }
            declared = resolve(declared);
            JsonNode schema = declared.path("content").path("application/json").path("schema");
            if (schema.isMissingNode()) {
                problems.add(what + ": declared without a JSON schema");
                continue;
            }
            Set<ValidationMessage> errors = validator(schema).validate(readJson(response.asString()));
            if (!errors.isEmpty()) {
                problems.add(what + ": " + errors + " in " + response.asString());
            }
            if (call.status == 401 && declared.path("headers").path("WWW-Authenticate").isMissingNode()) {
                problems.add(what + ": WWW-Authenticate not declared");
            }
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    @Test
    void nullableFieldsAreMarkedNullableAndNoOperationClaimsA400() {
        JsonNode item = document.path("components").path("schemas").path("ProvisioningItem").path("properties");
        for (String field : List.of("firstname", "lastname", "email", "kc_username", "kc_user_id", "role_principal_code",
                "last_error")) {
            assertTrue(item.path(field).path("type").toString().contains("\"null\""), field + ": " + item.path(field));
        }
        assertFalse(item.path("external_id").path("type").toString().contains("null"));
        JsonNode batch = document.path("components").path("schemas").path("ProvisioningBatch").path("properties");
        for (String field : List.of("started_at", "finished_at")) {
            assertTrue(batch.path(field).toString().contains("\"null\""), field + ": " + batch.path(field));
        }
        document.path("paths").forEach(path -> path.forEach(operation ->
                assertTrue(operation.path("responses").path("400").isMissingNode(), operation.toString())));
    }

    @Test
    void theExtraRoutesAreDocumented() {
        JsonNode paths = document.path("paths");
        JsonNode importing = paths.path("/provisioning/batches/{batch_id}/items/import").path("post");
        assertNotNull(importing.path("requestBody").path("content").get("text/csv"), importing.toString());
        assertNotNull(importing.path("requestBody").path("content").get("application/json"), importing.toString());
        assertEquals("#/components/schemas/ProvisioningBatch", paths.path("/provisioning/batches/{batch_id}").path("get")
                .path("responses").path("200").path("content").path("application/json").path("schema").path("$ref").asText());
    }

    @Test
    void parametersAreDeclaredWithTheirTypes() {
        JsonNode items = document.path("paths").path("/provisioning/batches/{batch_id}/items").path("get");
        Map<String, JsonNode> byName = new java.util.HashMap<>();
        items.path("parameters").forEach(p -> byName.put(p.path("name").asText(), resolve(p).path("schema")));
        assertEquals("uuid", byName.get("batch_id").path("format").asText());
        assertEquals("integer", byName.get("limit").path("type").asText());
        assertEquals(1000, byName.get("limit").path("maximum").asInt());
        assertEquals(100, byName.get("limit").path("default").asInt());
        JsonNode status = resolve(byName.get("prov_status"));
        assertTrue(status.path("enum").toString().contains("\"KC_UPDATED\""), status.toString());
    }

    /** What is declared by reference ({@code #/components/...}) is looked up in the document. */
    private JsonNode resolve(JsonNode node) {
        String ref = node.path("$ref").asText("");
        return ref.isEmpty() ? node : document.at(ref.substring(1));
    }

    /** The schema with the document's components beside it, so that its {@code #/components/...} references resolve. */
    private JsonSchema validator(JsonNode schema) {
        ObjectNode root = schema.deepCopy();
        root.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        root.set("components", document.path("components"));
        return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(root);
    }

    private static JsonNode readJson(String body) {
        try {
            return JSON.readTree(body);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + body, e);
        }
    }

    /** 10 001 valid items: one more than a request may carry. */
    private static String tooManyItems() {
        StringBuilder many = new StringBuilder("[");
        for (int i = 0; i < 10_001; i++) {
            many.append(i == 0 ? "" : ",").append("{\"identity_id\":\"").append(UUID.randomUUID())
                    .append("\",\"domain\":\"student\",\"establishment_id\":\"e\",\"external_id\":\"X-")
                    .append(i).append("\"}");
        }
        return many.append(']').toString();
    }

    private record Call(String method, String path, int status, Supplier<Response> request) {
    }

    private static Call call(String method, String path, int status, Supplier<Response> request) {
        return new Call(method, path, status, request);
    }
}
