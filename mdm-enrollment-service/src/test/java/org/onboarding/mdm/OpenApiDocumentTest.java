package org.onboarding.mdm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import com.networknt.schema.oas.OpenApi31;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.http.Method;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.onboarding.mdm.api.ErrorCode;
import org.onboarding.mdm.enrollment.WinEnrollmentTokenResource;
import org.onboarding.mdm.user.MdmUserResource;
import org.onboarding.mdm.organization.OrganizationResource;
import org.onboarding.mdm.policy.WinPolicyResource;
import org.onboarding.mdm.windows.WindowsDevice;
import org.onboarding.mdm.windows.device.WinDeviceResource;
import org.onboarding.testsupport.TestTokens;

import java.lang.annotation.Annotation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.onboarding.mdm.Api.ADMIN;
import static org.onboarding.mdm.Api.as;
import static org.onboarding.mdm.Api.uniqueSlug;

/**
 * The served OpenAPI document against the service itself: every resource method is documented with the error codes
 * it really produces, the contract's schemas and the seed example are there, and real responses of every operation
 * validate against the schema the document declares for that operation and status.
 */
@QuarkusTest
class OpenApiDocumentTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonSchemaFactory SCHEMAS = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012,
            builder -> builder.metaSchema(OpenApi31.getInstance())
                    .defaultMetaSchemaIri(OpenApi31.getInstance().getIri()));
    private static final List<Class<?>> RESOURCES = List.of(OrganizationResource.class, MdmUserResource.class,
            WinEnrollmentTokenResource.class, WinPolicyResource.class, WinDeviceResource.class);
    private static final Set<String> HTTP_METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");

    private static final String ORGS = "/v1/organizations";
    private static final String ORG = ORGS + "/{organizationId}";
    private static final String USERS = ORG + "/mdm/users";
    private static final String USER = USERS + "/{mdmUserId}";
    private static final String TOKENS = ORG + "/mdm/windows/enterprise/enrollment-tokens";
    private static final String BULK = TOKENS + "/bulk";
    private static final String TOKEN = TOKENS + "/{winEnrollmentTokenId}";
    private static final String POLICIES = ORG + "/mdm/windows/enterprise/policies";
    private static final String POLICY = POLICIES + "/{winPolicyId}";
    private static final String DEVICES = ORG + "/mdm/windows/enterprise/devices";
    private static final String DEVICE = DEVICES + "/{winDeviceId}";

    JsonNode document;

    @BeforeEach
    void loadDocument() throws JsonProcessingException {
        String body = given().queryParam("format", "json").get("/q/openapi")
                .then().statusCode(200).extract().asString();
        document = JSON.readTree(body);
    }

    // ---- what the document lists ------------------------------------------------------------------------------

    @Test
    void documentsExactlyTheOperationsTheResourcesServe() {
        Set<String> served = new TreeSet<>();
        for (Class<?> resource : RESOURCES) {
            String base = resource.getAnnotation(Path.class).value();
            for (java.lang.reflect.Method method : resource.getDeclaredMethods()) {
                String verb = httpMethod(method);
                if (verb != null) {
                    Path sub = method.getAnnotation(Path.class);
                    served.add(verb + " " + base + (sub == null ? "" : sub.value()));
                }
            }
        }
        Set<String> documented = new TreeSet<>();
        document.get("paths").fields().forEachRemaining(path -> path.getValue().fieldNames().forEachRemaining(key -> {
            if (HTTP_METHODS.contains(key)) {
                documented.add(key.toUpperCase() + " " + path.getKey());
            }
        }));
        assertEquals(22, served.size(), served.toString());
        assertEquals(served, documented);
        assertEquals("3.1.0", document.get("openapi").asText());
    }

    @Test
    void everyOperationIsBearerSecuredAndDocumentsItsErrorsWithTheRealCodes() {
        JsonNode scheme = document.at("/components/securitySchemes/bearer");
        assertEquals("http", scheme.path("type").asText());
        assertEquals("bearer", scheme.path("scheme").asText());
        forEachOperation((key, operation) -> {
            assertTrue(operation.path("security").toString().contains("\"bearer\""), key + " lacks bearer security");
            JsonNode responses = operation.get("responses");
            assertEquals(Set.of(4002, 4004), exampleCodes(responses, "401"), key);
            assertEquals(Set.of(4003), exampleCodes(responses, "403"), key);
            assertTrue(exampleCodes(responses, "400").contains(3000), key + " lacks 3000 examples");
            boolean organizationsRoot = key.endsWith(" " + ORGS);
            assertEquals(organizationsRoot ? Set.of() : Set.of(3001), exampleCodes(responses, "404"), key);
            assertFalse(resolve(responses.path("200")).isMissingNode(), key + " lacks 200");
            // every error example is one the service really emits: the code's own status and message
            responses.fields().forEachRemaining(status -> examples(status.getValue()).forEach((name, value) -> {
                if (status.getKey().startsWith("2")) {
                    return;
                }
                ErrorCode code = errorCode(value.at("/error/code").asInt());
                assertEquals(String.valueOf(code.httpStatus), status.getKey(), key + " example " + name);
                if (code != ErrorCode.CONFLICT) { // conflicts say what conflicted
                    assertEquals(code.message, value.at("/error/message").asText(), key + " example " + name);
                }
                assertEquals(code == ErrorCode.VALIDATION, value.at("/error/data").isArray(), key + " " + name);
            }));
        });
        assertEquals(Set.of(3000, 5050, 5017), exampleCodes(operation("POST", TOKENS).get("responses"), "400"));
        assertEquals(Set.of(3000, 5050), exampleCodes(operation("POST", BULK).get("responses"), "400"));
        assertEquals(Set.of(3000, 5050, 3010), exampleCodes(operation("PUT", TOKEN).get("responses"), "400"));
        for (String key : List.of("POST " + POLICIES, "PUT " + POLICY, "DELETE " + POLICY)) {
            String[] parts = key.split(" ");
            assertTrue(exampleCodes(operation(parts[0], parts[1]).get("responses"), "400").contains(5050), key);
        }
        assertEquals(Set.of(5001), exampleCodes(operation("DELETE", POLICY).get("responses"), "409"));
        assertEquals(Set.of(3000, 5054, 5055), exampleCodes(operation("DELETE", USER).get("responses"), "400"));
        // the documented code list is exactly the codes the service emits
        Set<Integer> emitted = new TreeSet<>();
        for (ErrorCode code : ErrorCode.values()) {
            emitted.add(code.code);
        }
        Set<Integer> documented = new TreeSet<>();
        schema("Error").at("/properties/code/enum").forEach(code -> documented.add(code.asInt()));
        assertEquals(emitted, documented);
        JsonNode featureNotAllowed = resolve(document.at("/components/examples/featureNotAllowed")).get("value");
        assertEquals("Feature not allowed for you billing plan", featureNotAllowed.at("/error/message").asText());
    }

    @Test
    void everyExampleIsValidAgainstTheSchemaItIllustrates() {
        forEachOperation((key, operation) -> {
            JsonNode body = resolve(operation.path("requestBody")).path("content").path("application/json");
            examples(body).forEach((name, value) -> assertValid(body.get("schema"), value, key + " request " + name));
            operation.get("responses").fields().forEachRemaining(status -> {
                JsonNode content = resolve(status.getValue()).path("content").path("application/json");
                examples(content).forEach((name, value) ->
                        assertValid(content.get("schema"), value, key + " " + status.getKey() + " " + name));
            });
        });
    }

    @Test
    void thePutOperationCarriesTheSeedExample() {
        JsonNode put = operation("PUT", TOKEN);
        assertEquals("Update winEnrollmentToken", put.get("summary").asText());
        JsonNode request = examples(resolve(put.get("requestBody")).at("/content/application~1json")).get("seed");
        assertNotNull(request, "PUT has no seed request example");
        assertEquals(Set.of("displayName", "winPolicyId", "winPolicyAssignments", "tags"), fieldNames(request));
        assertEquals(Set.of("winPolicyId", "priority"), fieldNames(request.at("/winPolicyAssignments/0")));
        JsonNode response = examples(resolve(put.at("/responses/200")).at("/content/application~1json")).get("seed");
        assertNotNull(response, "PUT has no seed response example");
        assertEquals(request.get("displayName"), response.at("/data/displayName"));
        assertEquals(request.get("tags"), response.at("/data/tags"));
        JsonNode firstPolicy = response.at("/data/winPolicyAssignments/0/winPolicy");
        assertEquals(fieldNames(resolve(schema("WinPolicy")).get("properties")), fieldNames(firstPolicy),
                "the seed response expands assignments to full policies");
    }

    @Test
    void schemasCarryTheContractsFieldsAndConstraints() {
        Set<String> tokenFields = Set.of("id", "organizationId", "winEnterpriseId", "winDeviceId", "mdmUser",
                "displayName", "tags", "state", "config", "type", "subType", "createdAt", "updatedAt", "expireAt",
                "enrollmentLink", "enrollCode", "winPolicyId", "winPolicyAssignments", "summary", "sendEmail",
                "emailText", "segmentId");
        // optional fields are left out when they have no value, so they are not required
        Set<String> optional = Set.of("winDeviceId", "displayName", "winPolicyId", "emailText", "segmentId");
        for (String name : List.of("WinEnrollmentToken", "WinEnrollmentTokenListItem")) {
            Set<String> expected = new TreeSet<>(tokenFields);
            if (name.equals("WinEnrollmentToken")) {
                expected.add("winDevice"); // the details show the enrolled device (extension), absent until enrolled
            }
            assertEquals(expected, new TreeSet<>(properties(schema(name)).keySet()), name);
            Set<String> mandatory = new TreeSet<>(tokenFields);
            mandatory.removeAll(optional);
            assertEquals(mandatory, required(schema(name)), name);
        }
        JsonNode token = schema("WinEnrollmentTokenFields").get("properties");
        assertEquals(Set.of("expirationTimestamp"), fieldNames(token.at("/summary/properties")));
        assertEquals(List.of("PENDING", "DONE", "EXPIRED", "DELETED"), texts(token.at("/state/enum")));
        assertEquals(Set.of("id", "email", "displayName"), fieldNames(token.at("/mdmUser/properties")));
        assertEquals(Set.of("id", "organizationId", "winEnterpriseId", "name", "version", "config", "applications",
                "scripts", "admxConfigs", "assets", "agentConfiguration", "applicationsInfo", "scriptsInfo",
                "admxConfigsInfo", "assetsInfo", "createdAt", "updatedAt"),
                properties(schema("WinPolicy")).keySet());
        assertEquals(Set.of("id", "organizationId", "email", "name", "tags", "language", "metadata", "createdAt",
                "updatedAt"), properties(schema("MdmUser")).keySet());
        assertEquals(Set.of("enabled", "buildTag", "allowLocation", "allowNetworkStatus", "allowPackageTime",
                "allowPackageTransfer"), properties(schema("WinAgentConfiguration")).keySet());

        JsonNode create = schema("CreateWinEnrollmentToken");
        assertEquals(Set.of("mdmUserId", "sendEmail"), required(create));
        JsonNode duration = create.at("/properties/duration");
        assertEquals(60, duration.get("minimum").asInt());
        assertEquals(2_592_000, duration.get("maximum").asInt());
        assertEquals(86_400, duration.get("default").asInt());
        assertFalse(create.get("additionalProperties").asBoolean(true), "unknown fields are rejected");
        JsonNode assignment = schema("WinPolicyAssignmentRequest");
        assertEquals(Set.of("priority"), required(assignment), "an assignment may name no policy");
        assertEquals(0, assignment.at("/properties/priority/minimum").asInt());
        assertEquals(10_000, assignment.at("/properties/priority/maximum").asInt());
        assertEquals(Set.of("userEmails", "sendEmail"), required(schema("BulkCreateWinEnrollmentTokens")));
        assertEquals(Set.of("total", "success", "fail"), required(schema("BulkResult")));
        assertEquals(Set.of(), required(schema("UpdateWinEnrollmentToken")));
        assertEquals(Set.of("name"), required(schema("CreateWinPolicy")));
        assertEquals(Set.of("items", "totalDocs", "limit", "hasPrevPage", "hasNextPage", "page", "totalPages",
                "prevPage", "nextPage", "lean"), properties(resolve(schema("WinEnrollmentTokenPageEnvelope")
                .at("/properties/data"))).keySet());
    }

    // ---- the document against the running service -------------------------------------------------------------

    @Test
    void realResponsesOfEveryOperationMatchTheDocumentedSchemas() {
        String slug = uniqueSlug("doc");
        String org = exchange(as(ADMIN).body(Map.of("name", "Doc org", "slug", slug,
                "plan", Map.of("windowsMdm", true, "enrollmentTokenQuota", 5))), "POST", ORGS, 200)
                .at("/data/id").asText();
        exchange(as(ADMIN), "GET", ORG, 200, slug);
        exchange(as(ADMIN).queryParam("limit", 2).queryParam("sort", "slug:asc"), "GET", ORGS, 200);

        String email = "doc-" + org + "@example.com";
        String user = exchange(as(ADMIN).body(Map.of("email", email, "name", "Doc", "tags", List.of("doc"),
                        "language", "es", "metadata", Map.of("desk", 12))), "POST", USERS, 200, org)
                .at("/data/id").asText();
        String bare = exchange(as(ADMIN).body(Map.of("email", "nodisplay-" + org + "@example.com")),
                "POST", USERS, 200, org).at("/data/id").asText();
        exchange(as(ADMIN), "GET", USER, 200, org, user);
        exchange(as(ADMIN).body(Map.of("name", "Doc Two", "tags", List.of())), "PUT", USER, 200, org, user);
        exchange(as(ADMIN).queryParam("limit", 1).queryParam("sort", "name:asc"), "GET", USERS, 200, org);
        assertExample("mdmUserDeleted", exchange(as(ADMIN), "DELETE", USER, 200, org, bare));

        Map<String, Object> fullPolicy = new LinkedHashMap<>();
        fullPolicy.put("name", "Baseline");
        fullPolicy.put("config", Map.of("Browser/AllowCookies", 0));
        fullPolicy.put("applications", List.of(Map.of("winApplicationId", "65c7a1f2e4b0a1b2c3d4e5f8",
                "action", "forceInstall", "configuration", Map.of("silent", true))));
        fullPolicy.put("scripts", List.of(Map.of("type", "loop", "id", "s1", "loopTime", 3600,
                "resetDate", "2026-03-01T00:00:00.000Z", "name", "Cleanup", "runner", "powershell")));
        fullPolicy.put("admxConfigs", List.of(Map.of("winAdmxConfigId", "65c7a1f2e4b0a1b2c3d4e5f9")));
        fullPolicy.put("assets", List.of(Map.of("mdmAssetId", "65c7a1f2e4b0a1b2c3d4e5fa", "location", "C:\\Acme",
                "assetName", "logo.png", "scope", "all-users")));
        fullPolicy.put("agentConfiguration", Map.of("enabled", true, "buildTag", "stable"));
        String baseline = exchange(as(ADMIN).body(fullPolicy), "POST", POLICIES, 200, org).at("/data/id").asText();
        String kiosk = exchange(as(ADMIN).body(Map.of("name", "Kiosk")), "POST", POLICIES, 200, org)
                .at("/data/id").asText();
        exchange(as(ADMIN), "GET", POLICY, 200, org, baseline);
        exchange(as(ADMIN).body(Map.of("name", "Kiosk v2")), "PUT", POLICY, 200, org, kiosk);
        exchange(as(ADMIN).queryParam("sort", "name:asc"), "GET", POLICIES, 200, org);

        String token = exchange(as(ADMIN).body(Map.of("mdmUserId", user, "sendEmail", false, "duration", 600,
                        "tags", List.of("doc"), "winPolicyAssignments",
                        List.of(Map.of("winPolicyId", baseline, "priority", 1)))), "POST", TOKENS, 200, org)
                .at("/data/id").asText();
        JsonNode bulk = exchange(as(ADMIN).body(Map.of("userEmails", List.of("b1-" + org + "@example.com",
                "not-an-email"), "sendEmail", false)), "POST", BULK, 200, org);
        assertEquals(1, bulk.at("/data/fail").asInt());
        JsonNode page = exchange(as(ADMIN).queryParam("limit", 1).queryParam("sort", "createdAt:asc"),
                "GET", TOKENS, 200, org);
        assertTrue(page.at("/data/hasNextPage").asBoolean());
        assertEquals(1, page.at("/data/items/0/winPolicyAssignments").size(), "the list item shows its assignment");
        exchange(as(ADMIN), "GET", TOKEN, 200, org, token);

        // a device enrolls with a second token (OnPremise is not this organisation's policy, so Federated: sign in)
        String deviceToken = exchange(as(ADMIN).body(Map.of("mdmUserId", user, "sendEmail", false)), "POST", TOKENS,
                200, org).at("/data/enrollCode").asText();
        String wresult = given().contentType("application/x-www-form-urlencoded")
                .formParam("appru", WindowsDevice.APPRU).formParam("email", email).formParam("code", deviceToken)
                .post("/EnrollmentServer/Authenticate").then().statusCode(200).extract().asString()
                .replaceAll("(?s).*name=\"wresult\" value=\"([^\"]+)\".*", "$1");
        given().contentType(WindowsDevice.SOAP_TYPE).body(new WindowsDevice().requestSecurityToken("urn:uuid:doc",
                WindowsDevice.federatedToken(wresult))).post("/EnrollmentServer/Enrollment.svc").then().statusCode(200);
        String device = exchange(as(ADMIN).queryParam("state", "ENROLLED").queryParam("sort", "name:asc"),
                "GET", DEVICES, 200, org).at("/data/items/0/id").asText();
        exchange(as(ADMIN), "GET", DEVICE, 200, org, device);
        exchange(as(ADMIN), "DELETE", DEVICE, 200, org, device);
        assertExample("malformedDeviceId", exchange(as(ADMIN), "GET", DEVICE, 400, org, "not-an-id"));
        assertExample("notFound", exchange(as(ADMIN), "GET", DEVICE, 404, org, "aaaaaaaaaaaaaaaaaaaaaaaa"));
        assertExample("forbidden", exchange(as(TestTokens.operator()), "DELETE", DEVICE, 403, org, device));
        assertExample("queryValidationError", exchange(as(ADMIN).queryParam("page", 0), "GET", DEVICES, 400, org));

        // the seed request, with the ids of real policies
        ObjectNode seed = (ObjectNode) examples(resolve(operation("PUT", TOKEN).get("requestBody"))
                .at("/content/application~1json")).get("seed").deepCopy();
        seed.put("winPolicyId", baseline);
        ((ObjectNode) seed.at("/winPolicyAssignments/0")).put("winPolicyId", baseline);
        ((ObjectNode) seed.at("/winPolicyAssignments/1")).put("winPolicyId", kiosk);
        JsonNode updated = exchange(as(ADMIN).body(seed.toString()), "PUT", TOKEN, 200, org, token);
        assertEquals("Kiosk v2", updated.at("/data/winPolicyAssignments/1/winPolicy/name").asText());
        exchange(as(ADMIN), "DELETE", TOKEN, 200, org, token);

        // errors: each validated against the operation's error schema, its code among the documented examples,
        // and the body exactly the example the document shows for it
        assertExample("tokenNotPending",
                exchange(as(ADMIN).body(Map.of("displayName", "late")), "PUT", TOKEN, 400, org, token));
        assertExample("malformedTokenId", exchange(as(ADMIN), "GET", TOKEN, 400, org, "not-an-id"));
        assertExample("malformedTokenId", exchange(as(ADMIN), "DELETE", TOKEN, 400, org, "not-an-id"));
        assertExample("malformedPolicyId", exchange(as(ADMIN), "GET", POLICY, 400, org, "not-an-id"));
        assertExample("malformedMdmUserId", exchange(as(ADMIN), "GET", USER, 400, org, "not-an-id"));
        assertExample("malformedOrganizationId", exchange(as(ADMIN), "GET", ORG, 400, "a!b"));
        assertExample("malformedOrganizationId", exchange(as(ADMIN), "GET", TOKEN, 400, "a!b", token));
        assertExample("validationError", exchange(as(ADMIN).body(Map.of("mdmUserId", user, "duration", 59)),
                "POST", TOKENS, 400, org));
        assertExample("bulkValidationError",
                exchange(as(ADMIN).body(Map.of("sendEmail", false)), "POST", BULK, 400, org));
        assertExample("updateValidationError", exchange(as(ADMIN).body(Map.of("winPolicyAssignments",
                List.of(Map.of("winPolicyId", baseline, "priority", 10_001)))), "PUT", TOKEN, 400, org, token));
        assertExample("queryValidationError", exchange(as(ADMIN).queryParam("page", 0), "GET", TOKENS, 400, org));
        assertExample("policyValidationError", exchange(as(ADMIN).body(Map.of("applications",
                List.of(Map.of("winApplicationId", "x")))), "PUT", POLICY, 400, org, baseline));
        assertExample("bodyValidationError", exchange(as(ADMIN).body(Map.of("name", "x", "slug", uniqueSlug("s"),
                "surprise", 1)), "POST", ORGS, 400));
        assertExample("notFound", exchange(as(ADMIN), "GET", TOKEN, 404, org, "aaaaaaaaaaaaaaaaaaaaaaaa"));
        assertExample("notFound", exchange(as(ADMIN), "GET", POLICY, 404, org, "aaaaaaaaaaaaaaaaaaaaaaaa"));
        assertExample("notFound", exchange(as(ADMIN), "GET", USER, 404, org, "aaaaaaaaaaaaaaaaaaaaaaaa"));
        assertExample("notFound", exchange(as(ADMIN), "GET", ORG, 404, "no-such-organization"));
        assertExample("noAuthToken", exchange(given().contentType(ContentType.JSON), "GET", TOKENS, 401, org));
        assertExample("invalidToken", exchange(as(TestTokens.token().groups("admin").signWithUnknownKey()),
                "GET", POLICIES, 401, org));
        assertExample("forbidden", exchange(as(TestTokens.viewer()).body(Map.of("mdmUserId", user,
                "sendEmail", false)), "POST", TOKENS, 403, org));
        assertExample("forbidden", exchange(as(TestTokens.operator()).body(Map.of("name", "x",
                "slug", uniqueSlug("op"))), "POST", ORGS, 403));
        assertExample("slugConflict",
                exchange(as(ADMIN).body(Map.of("name", "Again", "slug", slug)), "POST", ORGS, 409));
        assertExample("mdmUserExists", exchange(as(ADMIN).body(Map.of("email", email)), "POST", USERS, 400, org));
        assertExample("nulCharacterError", exchange(as(ADMIN).body(Map.of("email", "nul-" + org + "@example.com",
                "name", "A\u0000B")), "POST", USERS, 400, org));
        assertExample("malformedMdmUserId", exchange(as(ADMIN).body(Map.of()), "PUT", USER, 400, org, "x"));
        exchange(as(ADMIN).body(Map.of("mdmUserId", user, "sendEmail", false, "winPolicyId", kiosk)),
                "POST", TOKENS, 200, org);
        assertExample("mdmUserHasPendingTokens", exchange(as(ADMIN), "DELETE", USER, 400, org, user));
        assertExample("policyInUse", exchange(as(ADMIN), "DELETE", POLICY, 409, org, kiosk));
        exchange(as(ADMIN), "DELETE", POLICY, 200, org, baseline);

        String noMdm = Api.organization(false, 5).get("id");
        String noMdmUser = Api.user(noMdm, "nomdm-" + noMdm + "@example.com");
        assertExample("featureNotAllowed", exchange(as(ADMIN).body(Map.of("mdmUserId", noMdmUser,
                "sendEmail", false)), "POST", TOKENS, 400, noMdm));
        assertExample("featureNotAllowed", exchange(as(ADMIN).body(Map.of("userEmails", List.of("x@example.com"),
                "sendEmail", false)), "POST", BULK, 400, noMdm));
        assertExample("featureNotAllowed",
                exchange(as(ADMIN).body(Map.of("name", "P")), "POST", POLICIES, 400, noMdm));
        String full = Api.organization(true, 0).get("id");
        String fullUser = Api.user(full, "full-" + full + "@example.com");
        assertExample("limitExceeded", exchange(as(ADMIN).body(Map.of("mdmUserId", fullUser, "sendEmail", false)),
                "POST", TOKENS, 400, full));
    }

    @Test
    void theValidatorRejectsResponsesTheDocumentDoesNotDescribe() {
        JsonNode putSchema = resolve(operation("PUT", TOKEN).at("/responses/200"))
                .at("/content/application~1json/schema");
        JsonNode seed = examples(resolve(operation("PUT", TOKEN).at("/responses/200"))
                .at("/content/application~1json")).get("seed");
        assertTrue(validate(putSchema, seed).isEmpty());

        ObjectNode renamed = seed.deepCopy();
        ObjectNode data = (ObjectNode) renamed.get("data");
        data.set("enrollmentCode", data.remove("enrollCode"));
        assertFalse(validate(putSchema, renamed).isEmpty(), "a renamed field must not validate");

        ObjectNode wrongState = seed.deepCopy();
        ((ObjectNode) wrongState.get("data")).put("state", "ACTIVE");
        assertFalse(validate(putSchema, wrongState).isEmpty(), "an unknown state must not validate");

        ObjectNode bare = seed.deepCopy();
        bare.set("data", JSON.createObjectNode().put("id", "65c7a2a0e4b0a1b2c3d4e600"));
        assertFalse(validate(putSchema, bare).isEmpty(), "a token without its fields must not validate");

        JsonNode listSchema = resolve(operation("GET", TOKENS).at("/responses/200"))
                .at("/content/application~1json/schema");
        ObjectNode page = JSON.createObjectNode().put("status", true);
        ObjectNode pageData = page.putObject("data");
        pageData.putArray("items").add(seed.get("data")); // a full policy where the list has {id, name}
        pageData.put("totalDocs", 1).put("limit", 10).put("hasPrevPage", false).put("hasNextPage", false)
                .put("page", 1).put("totalPages", 1).putNull("prevPage").putNull("nextPage");
        assertFalse(validate(listSchema, page).isEmpty(), "a list item with a full policy must not validate");

        JsonNode errorSchema = resolve(operation("PUT", TOKEN).at("/responses/400"))
                .at("/content/application~1json/schema");
        JsonNode success = JSON.createObjectNode().put("status", true).set("data", JSON.createObjectNode());
        assertFalse(validate(errorSchema, success).isEmpty(), "a success is not an error envelope");
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    /**
     * Sends the request, asserts the status, then asserts that the operation documents that status, that the body
     * validates against the documented schema and, for errors, that the code is one of the documented examples.
     */
    private JsonNode exchange(RequestSpecification request, String method, String path, int status,
                              Object... pathParams) {
        Response response = request.request(Method.valueOf(method), path, pathParams);
        String key = method + " " + path;
        assertEquals(status, response.statusCode(), key + " answered " + response.asString());
        JsonNode body;
        try {
            body = JSON.readTree(response.asString());
        } catch (JsonProcessingException e) {
            throw new AssertionError(key + " did not answer JSON", e);
        }
        JsonNode documented = resolve(operation(method, path).path("responses").path(String.valueOf(status)));
        assertFalse(documented.isMissingNode(), key + " does not document status " + status);
        assertValid(documented.at("/content/application~1json/schema"), body, key + " " + status);
        if (status >= 400) {
            int code = body.at("/error/code").asInt();
            assertTrue(exampleCodes(operation(method, path).get("responses"), String.valueOf(status)).contains(code),
                    key + " " + status + " returned code " + code + " which has no documented example");
        }
        return body;
    }

    /** The service's answer is, byte for byte, the named example of the document. */
    private void assertExample(String name, JsonNode actual) {
        JsonNode example = document.at("/components/examples/" + name + "/value");
        assertFalse(example.isMissingNode(), "no example " + name);
        assertEquals(example, actual, "example " + name + " differs from the real answer");
    }

    private void assertValid(JsonNode schema, JsonNode instance, String what) {
        assertFalse(schema == null || schema.isMissingNode(), what + ": no schema");
        Set<ValidationMessage> errors = validate(schema, instance);
        assertTrue(errors.isEmpty(), what + " does not match its schema: " + errors + "\n" + instance);
    }

    /** Validates against a schema of the document, its {@code #/components/...} references resolved in place. */
    private Set<ValidationMessage> validate(JsonNode schema, JsonNode instance) {
        ObjectNode root = schema.deepCopy();
        root.set("components", document.get("components"));
        return SCHEMAS.getSchema(root).validate(instance);
    }

    private JsonNode operation(String method, String path) {
        JsonNode operation = document.path("paths").path(path).path(method.toLowerCase());
        assertFalse(operation.isMissingNode(), method + " " + path + " is not documented");
        return operation;
    }

    private void forEachOperation(java.util.function.BiConsumer<String, JsonNode> action) {
        document.get("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(op -> {
            if (HTTP_METHODS.contains(op.getKey())) {
                action.accept(op.getKey().toUpperCase() + " " + path.getKey(), op.getValue());
            }
        }));
    }

    private JsonNode schema(String name) {
        JsonNode schema = document.path("components").path("schemas").path(name);
        assertFalse(schema.isMissingNode(), "no schema " + name);
        return schema;
    }

    /** Follows {@code $ref}s within the document. */
    private JsonNode resolve(JsonNode node) {
        while (node != null && node.has("$ref")) {
            String ref = node.get("$ref").asText();
            assertTrue(ref.startsWith("#/"), ref);
            node = document.at(ref.substring(1));
            assertFalse(node.isMissingNode(), "dangling " + ref);
        }
        return node;
    }

    /** The example values of a media type (or of a response's JSON content), references resolved. */
    private Map<String, JsonNode> examples(JsonNode mediaTypeOrResponse) {
        JsonNode node = resolve(mediaTypeOrResponse);
        JsonNode examples = node.has("content") ? node.at("/content/application~1json/examples")
                : node.path("examples");
        Map<String, JsonNode> values = new LinkedHashMap<>();
        examples.fields().forEachRemaining(e -> values.put(e.getKey(), resolve(e.getValue()).get("value")));
        return values;
    }

    private Set<Integer> exampleCodes(JsonNode responses, String status) {
        Set<Integer> codes = new TreeSet<>();
        examples(responses.path(status)).values().forEach(value -> codes.add(value.at("/error/code").asInt()));
        return codes;
    }

    /** Own properties plus those of {@code allOf} parts. */
    private Map<String, JsonNode> properties(JsonNode schema) {
        Map<String, JsonNode> properties = new LinkedHashMap<>();
        schema = resolve(schema);
        for (JsonNode part : schema.path("allOf")) {
            properties.putAll(properties(part));
        }
        schema.path("properties").fields().forEachRemaining(p -> properties.put(p.getKey(), p.getValue()));
        return properties;
    }

    private Set<String> required(JsonNode schema) {
        Set<String> required = new TreeSet<>();
        schema = resolve(schema);
        for (JsonNode part : schema.path("allOf")) {
            required.addAll(required(part));
        }
        schema.path("required").forEach(name -> required.add(name.asText()));
        return required;
    }

    private static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new TreeSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(n -> texts.add(n.asText()));
        return texts;
    }

    private static ErrorCode errorCode(int code) {
        for (ErrorCode candidate : ErrorCode.values()) {
            if (candidate.code == code) {
                return candidate;
            }
        }
        throw new AssertionError("documented error code " + code + " is not one the service emits");
    }

    private static String httpMethod(java.lang.reflect.Method method) {
        for (Annotation annotation : method.getAnnotations()) {
            HttpMethod verb = annotation.annotationType().getAnnotation(HttpMethod.class);
            if (verb != null) {
                return verb.value();
            }
        }
        return null;
    }
}
