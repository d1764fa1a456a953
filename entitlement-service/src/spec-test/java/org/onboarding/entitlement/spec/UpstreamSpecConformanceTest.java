package org.onboarding.entitlement.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.onboarding.entitlement.Api;
import org.onboarding.entitlement.FakeModules;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every endpoint's response, driven through a realistic lifecycle, validated against the schema that the upstream
 * spec ({@code ../shared}) names for that operation and status code (JSON Schema draft 4, formats asserted).
 */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UpstreamSpecConformanceTest {

    private static final Path SPEC = Path.of("../../shared/reference/folio/mgr-tenant-entitlements/src/main/resources/"
            + "swagger.api/mgr-tenant-entitlements.yaml").toAbsolutePath().normalize();

    private final ObjectMapper json = new ObjectMapper();
    private final JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4);
    private final SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
    private JsonNode spec;
    private FakeModules modules;
    private int validated;

    @BeforeAll
    void load() throws Exception {
        assertTrue(Files.exists(SPEC), SPEC.toString());
        spec = new ObjectMapper(new YAMLFactory()).readTree(SPEC.toFile());
        modules = new FakeModules();
    }

    @AfterAll
    void stop() {
        modules.close();
    }

    /** The response's body must match the schema of {@code paths[template][method].responses[status]}. */
    private Response conforms(String template, String method, Response response) throws Exception {
        JsonNode declared = spec.path("paths").path(template).path(method).path("responses").path(String.valueOf(response.statusCode()));
        assertTrue(!declared.isMissingNode(), method + " " + template + " does not declare status " + response.statusCode());
        if (declared.has("$ref")) {
            declared = spec.at(declared.get("$ref").asText().substring(1));
        }
        JsonNode schemaRef = declared.path("content").path("application/json").path("schema").path("$ref");
        if (schemaRef.isMissingNode()) {   // e.g. 204 of /validate: no body
            assertEquals("", response.asString());
            validated++;
            return response;
        }
        String file = spec.at(schemaRef.asText().substring(1)).path("$ref").asText();
        Path schemaFile = SPEC.getParent().resolve(file);
        JsonSchema schema = factory.getSchema(SchemaLocation.of(schemaFile.toUri().toString()), config);
        Set<ValidationMessage> errors = schema.validate(json.readTree(response.asString()));
        assertTrue(errors.isEmpty(), method + " " + template + " " + response.statusCode() + ": " + errors + " in " + response.asString());
        validated++;
        return response;
    }

    @Test
    void everyEndpointAnswersAsTheSpecSays() throws Exception {
        String tenantName = "spec" + System.nanoTime();
        UUID tenantId = Api.tenant(tenantName);
        String p = "spec" + System.nanoTime();
        String a1 = Api.application(p + "-a", "1.0.0", List.of(), modules, p + "-mod-a-1.0.0");
        String a2 = Api.application(p + "-a", "1.1.0", List.of(), modules, p + "-mod-a-1.1.0");
        String b = Api.application(p + "-b", "1.0.0", List.of(Map.of("name", p + "-a", "version", "^1.0.0")), modules, p + "-mod-b-1.0.0");
        Map<String, Object> entitle = Map.of("tenantId", tenantId, "applications", List.of(a1, b));

        conforms("/entitlements/validate", "post", Api.admin().body(entitle).post("/entitlements/validate?entitlementRequestType=entitle"));
        String flowId = conforms("/entitlements", "post", Api.admin().body(entitle).post("/entitlements")).path("flowId");
        conforms("/entitlements", "post", Api.admin().body(entitle).post("/entitlements"));   // 400 flow error
        conforms("/entitlements", "get", Api.admin().queryParam("tenant", tenantName).queryParam("includeModules", true).get("/entitlements"));
        conforms("/entitlements", "get", Api.admin().queryParam("query", "applicationName==\"" + p + "*\"").get("/entitlements"));
        conforms("/entitlements/modules/{moduleId}", "get", Api.admin().get("/entitlements/modules/" + p + "-mod-a-1.0.0"));
        conforms("/entitlements/{tenantName}/applications", "get",
                Api.admin().header("x-okapi-tenant", tenantName).get("/entitlements/" + tenantName + "/applications"));
        conforms("/entitlement-flows", "get", Api.admin().queryParam("query", "tenantId==" + tenantId).get("/entitlement-flows"));
        Response flow = conforms("/entitlement-flows/{flowId}", "get", Api.admin().get("/entitlement-flows/" + flowId + "?includeStages=true"));
        String appFlowId = flow.path("applicationFlows[0].id");
        assertNotNull(appFlowId);
        conforms("/application-flows", "get", Api.admin().queryParam("query", "flowId==" + flowId).get("/application-flows"));
        conforms("/application-flows/{applicationFlowId}", "get", Api.admin().get("/application-flows/" + appFlowId + "?includeStages=true"));
        conforms("/application-flows/{applicationFlowId}/stages", "get", Api.admin().get("/application-flows/" + appFlowId + "/stages"));
        conforms("/application-flows/{applicationFlowId}/stages/{stageName}", "get",
                Api.admin().get("/application-flows/" + appFlowId + "/stages/ApplicationDiscoveryLoader"));

        conforms("/entitlements", "put", Api.admin().body(Map.of("tenantId", tenantId, "applications", List.of(a2))).put("/entitlements"));
        conforms("/reinstall/applications", "post",
                Api.admin().body(Map.of("tenantId", tenantId, "applications", List.of(a2))).post("/reinstall/applications"));
        conforms("/reinstall/modules", "post", Api.admin().body(Map.of("tenantId", tenantId, "applicationId", b,
                "modules", List.of(p + "-mod-b-1.0.0"))).post("/reinstall/modules"));
        conforms("/entitlements", "delete", Api.admin().body(Map.of("tenantId", tenantId, "applications", List.of(b)))
                .delete("/entitlements?purge=true"));
        conforms("/entitlements/state", "put", Api.admin().body(Map.of("tenantId", tenantId, "applications", List.of(a2, b)))
                .put("/entitlements/state"));
        conforms("/entitlements/state", "put", Api.admin().body(Map.of("tenantId", tenantId, "applications", List.of()))
                .put("/entitlements/state"));
        conforms("/entitlement-flows", "get", Api.admin().queryParam("query", "tenantId==" + tenantId)
                .queryParam("limit", 100).get("/entitlement-flows"));
        conforms("/entitlements", "get", Api.admin().queryParam("query", "bogus==1").get("/entitlements"));   // 400
        assertEquals(21, validated);
    }
}
