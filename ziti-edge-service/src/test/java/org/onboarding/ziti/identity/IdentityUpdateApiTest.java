package org.onboarding.ziti.identity;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.Test;
import org.onboarding.testsupport.AtOnce;
import org.onboarding.testsupport.TestTokens;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.aMapWithSize;
import static org.hamcrest.Matchers.anEmptyMap;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.onboarding.ziti.Api.BASE;
import static org.onboarding.ziti.Api.admin;

/** {@code PUT} (updateIdentity) and {@code PATCH} (patchIdentity) of identities, read back through GET, on real PostgreSQL. */
@QuarkusTest
class IdentityUpdateApiTest {

    private static final String COULD_NOT_VALIDATE_MESSAGE =
            "The supplied request contains an invalid document or no valid accept content were available, see cause";

    @Test
    void patchChangesOnlyTheFieldsTheBodyNames() {
        String name = "patch-" + UUID.randomUUID();
        String externalId = "ext-" + UUID.randomUUID();
        String id = create(Map.of("name", name, "type", "Device", "isAdmin", false, "roleAttributes", List.of("sales"),
                "externalId", externalId, "tags", Map.of("team", "sales"), "appData", Map.of("os", "linux"),
                "defaultHostingCost", 12, "enrollment", Map.of("ott", true)));
        Map<String, Object> before = detail(id);

        admin().body(Map.of("roleAttributes", List.of("support", "emea"))).patch(BASE + "/identities/" + id)
                .then().statusCode(200).body("data", anEmptyMap()).body("meta", anEmptyMap());

        Map<String, Object> after = detail(id);
        assertEquals(List.of("support", "emea"), after.get("roleAttributes"));
        for (String unchanged : List.of("id", "name", "typeId", "isAdmin", "externalId", "tags", "appData",
                "authPolicyId", "defaultHostingCost", "defaultHostingPrecedence", "createdAt", "enrollment")) {
            assertEquals(before.get(unchanged), after.get(unchanged), unchanged);
        }
        assertEquals(12, after.get("defaultHostingCost"));
        assertTrue(Instant.parse((String) after.get("updatedAt")).isAfter(Instant.parse((String) before.get("updatedAt"))),
                before.get("updatedAt") + " -> " + after.get("updatedAt"));

        // the other fields, one at a time, each leaving the rest alone
        admin().body(Map.of("name", name + "-renamed")).patch(BASE + "/identities/" + id).then().statusCode(200);
        admin().body(Map.of("type", "Service", "isAdmin", true)).patch(BASE + "/identities/" + id).then().statusCode(200);
        admin().body(Map.of("defaultHostingPrecedence", "required", "serviceHostingCosts", Map.of("svc1", 65535),
                "serviceHostingPrecedences", Map.of("svc1", "failed"), "permissions", List.of("identity.read", "ops")))
                .patch(BASE + "/identities/" + id).then().statusCode(200);
        admin().get(BASE + "/identities/" + id).then().statusCode(200)
                .body("data.name", equalTo(name + "-renamed"))
                .body("data.typeId", equalTo("Service"))
                .body("data.type.name", equalTo("Service"))
                .body("data.isAdmin", equalTo(true))
                .body("data.roleAttributes", equalTo(List.of("support", "emea")))
                .body("data.externalId", equalTo(externalId))
                .body("data.tags", equalTo(Map.of("team", "sales")))
                .body("data.appData", equalTo(Map.of("os", "linux")))
                .body("data.defaultHostingCost", equalTo(12))
                .body("data.defaultHostingPrecedence", equalTo("required"))
                .body("data.serviceHostingCosts", equalTo(Map.of("svc1", 65535)))
                .body("data.serviceHostingPrecedences", equalTo(Map.of("svc1", "failed")))
                .body("data.permissions", equalTo(List.of("identity.read", "ops")))
                .body("data.enrollment.ott.jwt", equalTo(jwt(before)));

        // an explicit null resets a field that may be empty: externalId is cleared, tags emptied
        Map<String, Object> clear = new HashMap<>();
        clear.put("externalId", null);
        clear.put("tags", null);
        admin().body(clear).patch(BASE + "/identities/" + id).then().statusCode(200);
        admin().get(BASE + "/identities/" + id).then()
                .body("data.externalId", nullValue())
                .body("data.tags", anEmptyMap())
                .body("data.name", equalTo(name + "-renamed"));
        admin().queryParam("filter", "externalId = \"" + externalId + "\"").get(BASE + "/identities")
                .then().body("meta.pagination.totalCount", equalTo(0));

        // an empty patch changes nothing but updatedAt
        String updatedAt = (String) detail(id).get("updatedAt");
        admin().body("{}").patch(BASE + "/identities/" + id).then().statusCode(200);
        Map<String, Object> untouched = detail(id);
        assertEquals(name + "-renamed", untouched.get("name"));
        assertTrue(Instant.parse((String) untouched.get("updatedAt")).isAfter(Instant.parse(updatedAt)));
    }

    /** The exact call the provisioning-service makes to merge its fields into an existing identity. */
    @Test
    void provisioningMergePatchWorks() {
        String name = "provisioned-" + UUID.randomUUID();
        String id = create(Map.of("name", name, "type", "User", "isAdmin", false, "roleAttributes", List.of("manual"),
                "tags", Map.of("owner", "it"), "enrollment", Map.of("ott", true)));
        String jwt = jwt(detail(id));

        String externalId = "person-" + UUID.randomUUID();
        Map<String, Object> tags = new LinkedHashMap<>();
        tags.put("owner", "it");
        tags.put("source", "hr-feed");
        tags.put("retired", null);
        tags.put("contractor", true);
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("externalId", externalId);
        fields.put("roleAttributes", List.of("manual", "employees"));
        fields.put("tags", tags);
        admin().header("Authorization", "Bearer " + TestTokens.admin()).body(fields).patch(BASE + "/identities/" + id)
                .then().statusCode(200).body("data", anEmptyMap()).body("meta", anEmptyMap());

        admin().queryParam("filter", "externalId = \"" + externalId + "\"").get(BASE + "/identities").then()
                .statusCode(200)
                .body("data.size()", equalTo(1))
                .body("data[0].id", equalTo(id))
                .body("data[0].name", equalTo(name))
                .body("data[0].typeId", equalTo("User"))
                .body("data[0].roleAttributes", equalTo(List.of("manual", "employees")))
                .body("data[0].tags", equalTo(tags))
                // the invitation JWT the provisioning-service reads afterwards is still the same enrollment
                .body("data[0].enrollment.ott.jwt", equalTo(jwt));
    }

    @Test
    void putReplacesEveryUpdatableField() {
        String name = "put-" + UUID.randomUUID();
        String id = create(Map.of("name", name, "type", "Device", "isAdmin", false, "roleAttributes", List.of("a", "b"),
                "externalId", "ext-" + UUID.randomUUID(), "tags", Map.of("team", "sales"), "appData", Map.of("k", "v"),
                "defaultHostingPrecedence", "required", "serviceHostingCosts", Map.of("svc", 3),
                "enrollment", Map.of("ott", true)));
        Map<String, Object> before = detail(id);
        assertEquals("required", before.get("defaultHostingPrecedence"));
        assertEquals(Map.of("svc", 3), before.get("serviceHostingCosts"));

        // only the required fields: everything else goes back to its default
        admin().body(Map.of("name", name + "-v2", "type", "Service", "isAdmin", true))
                .put(BASE + "/identities/" + id).then().statusCode(200)
                .body("data", anEmptyMap()).body("meta", anEmptyMap());
        Map<String, Object> replaced = detail(id);
        assertEquals(name + "-v2", replaced.get("name"));
        assertEquals("Service", replaced.get("typeId"));
        assertEquals(true, replaced.get("isAdmin"));
        assertEquals(List.of(), replaced.get("roleAttributes"));
        assertEquals(null, replaced.get("externalId"));
        assertEquals(Map.of(), replaced.get("tags"));
        assertEquals(Map.of(), replaced.get("appData"));
        assertEquals("default", replaced.get("defaultHostingPrecedence"));
        assertEquals(0, replaced.get("defaultHostingCost"));
        assertEquals(Map.of(), replaced.get("serviceHostingCosts"));
        assertEquals("default", replaced.get("authPolicyId"));
        // not updatable: identity, creation time, enrollments
        assertEquals(before.get("createdAt"), replaced.get("createdAt"));
        assertEquals(jwt(before), jwt(replaced));
        assertTrue(Instant.parse((String) replaced.get("updatedAt")).isAfter(Instant.parse((String) before.get("updatedAt"))));

        // every field of identityUpdate
        String externalId = "ext-" + UUID.randomUUID();
        Map<String, Object> whole = new LinkedHashMap<>();
        whole.put("name", name + "-v3");
        whole.put("type", "User");
        whole.put("isAdmin", false);
        whole.put("roleAttributes", List.of("c"));
        whole.put("externalId", externalId);
        whole.put("tags", Map.of("n", 1, "b", false));
        whole.put("appData", Map.of("app", "x"));
        whole.put("authPolicyId", "default");
        whole.put("defaultHostingPrecedence", "failed");
        whole.put("defaultHostingCost", 65535);
        whole.put("serviceHostingPrecedences", Map.of("s1", "required"));
        whole.put("serviceHostingCosts", Map.of("s1", 0));
        whole.put("permissions", List.of("admin_readonly"));
        whole.put("unknownField", "ignored");
        admin().body(whole).put(BASE + "/identities/" + id).then().statusCode(200);
        admin().get(BASE + "/identities/" + id).then().statusCode(200)
                .body("data.name", equalTo(name + "-v3"))
                .body("data.typeId", equalTo("User"))
                .body("data.isAdmin", equalTo(false))
                .body("data.roleAttributes", equalTo(List.of("c")))
                .body("data.externalId", equalTo(externalId))
                .body("data.tags", equalTo(Map.of("n", 1, "b", false)))
                .body("data.appData", equalTo(Map.of("app", "x")))
                .body("data.defaultHostingPrecedence", equalTo("failed"))
                .body("data.defaultHostingCost", equalTo(65535))
                .body("data.serviceHostingPrecedences", equalTo(Map.of("s1", "required")))
                .body("data.serviceHostingCosts", equalTo(Map.of("s1", 0)))
                .body("data.permissions", equalTo(List.of("admin_readonly")))
                .body("data.enrollment", aMapWithSize(1));
    }

    @Test
    void unknownIdIsNotFound() {
        String missing = "no-such-identity-" + UUID.randomUUID();
        for (ValidatableResponse response : List.of(
                admin().body(Map.of("name", "x", "type", "User", "isAdmin", false)).put(BASE + "/identities/" + missing).then(),
                admin().body(Map.of("name", "x")).patch(BASE + "/identities/" + missing).then(),
                admin().body("{}").patch(BASE + "/identities/" + missing).then())) {
            response.statusCode(404)
                    .body("error.code", equalTo("NOT_FOUND"))
                    .body("error.message", equalTo("The resource requested was not found or is no longer available"))
                    .body("error.requestId", notNullValue())
                    .body("meta.apiVersion", equalTo("0.0.1"));
        }
        // the body is validated before the identity is looked up, as go-swagger does
        admin().body(Map.of("type", "User")).put(BASE + "/identities/" + missing).then().statusCode(400)
                .body("error.code", equalTo("COULD_NOT_VALIDATE"));
        // and a deleted identity stays gone
        String id = create(Map.of("name", "deleted-" + UUID.randomUUID(), "type", "User", "isAdmin", false));
        admin().delete(BASE + "/identities/" + id).then().statusCode(200);
        admin().body(Map.of("roleAttributes", List.of("x"))).patch(BASE + "/identities/" + id).then().statusCode(404);
    }

    @Test
    void duplicateNameOrExternalIdIsRefusedAsCreateRefusesIt() {
        String nameA = "dup-a-" + UUID.randomUUID();
        String extA = "ext-a-" + UUID.randomUUID();
        String nameB = "dup-b-" + UUID.randomUUID();
        String extB = "ext-b-" + UUID.randomUUID();
        create(Map.of("name", nameA, "type", "User", "isAdmin", false, "externalId", extA));
        String b = create(Map.of("name", nameB, "type", "User", "isAdmin", false, "externalId", extB,
                "roleAttributes", List.of("keep")));

        expectDuplicate(admin().body(Map.of("name", nameA, "roleAttributes", List.of("lost")))
                .patch(BASE + "/identities/" + b).then(), "name", nameA);
        expectDuplicate(admin().body(Map.of("externalId", extA)).patch(BASE + "/identities/" + b).then(),
                "externalId", extA);
        expectDuplicate(admin().body(Map.of("name", nameA, "type", "User", "isAdmin", false))
                .put(BASE + "/identities/" + b).then(), "name", nameA);
        expectDuplicate(admin().body(Map.of("name", nameB, "type", "User", "isAdmin", false, "externalId", extA))
                .put(BASE + "/identities/" + b).then(), "externalId", extA);
        // the same cause create gives
        expectDuplicate(admin().body(Map.of("name", nameA, "type", "User", "isAdmin", false))
                .post(BASE + "/identities").then(), "name", nameA);

        // nothing of the refused updates was written
        admin().get(BASE + "/identities/" + b).then().statusCode(200)
                .body("data.name", equalTo(nameB))
                .body("data.externalId", equalTo(extB))
                .body("data.roleAttributes", equalTo(List.of("keep")));
        // re-sending its own values is no conflict
        admin().body(Map.of("name", nameB, "externalId", extB)).patch(BASE + "/identities/" + b).then().statusCode(200);
    }

    /** Many identities renamed to one free name at once: the unique index lets exactly one through. */
    @Test
    void concurrentRenamesToOneNameHaveExactlyOneWinner() throws Exception {
        String target = "contested-" + UUID.randomUUID();
        int contenders = 20;
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < contenders; i++) {
            ids.add(create(Map.of("name", "contender-" + UUID.randomUUID(), "type", "User", "isAdmin", false)));
        }
        List<Callable<ValidatableResponse>> renames = new ArrayList<>();
        for (String id : ids) {
            renames.add(() -> admin().body(Map.of("name", target)).patch(BASE + "/identities/" + id).then());
        }
        int ok = 0;
        for (ValidatableResponse response : AtOnce.run(renames)) {
            int status = response.extract().statusCode();
            if (status == 200) {
                ok++;
            } else {
                expectDuplicate(response, "name", target);
            }
        }
        assertEquals(1, ok);
        admin().queryParam("filter", "name = \"" + target + "\"").get(BASE + "/identities").then()
                .body("meta.pagination.totalCount", equalTo(1));
    }

    @Test
    void invalidBodiesAreRefusedWithTheFailingField() {
        String name = "invalid-" + UUID.randomUUID();
        String id = create(Map.of("name", name, "type", "Device", "isAdmin", false, "roleAttributes", List.of("keep")));
        String path = BASE + "/identities/" + id;

        // PUT: the required fields, checked alphabetically (isAdmin, name, type)
        invalid(admin().body("{}").put(path).then(), "isAdmin", "isAdmin in body is required", "<nil>");
        invalid(admin().body(Map.of("type", "User", "isAdmin", true)).put(path).then(),
                "name", "name in body is required", "<nil>");
        invalid(admin().body(Map.of("name", "x", "isAdmin", true)).put(path).then(),
                "type", "type in body is required", "<nil>");
        invalid(admin().body(Map.of("name", "x", "type", "Robot", "isAdmin", true)).put(path).then(),
                "type", "type in body should be one of [User Device Service Router Default]", "Robot");
        // PATCH: what is named must be valid
        invalid(admin().body(Map.of("type", "Robot")).patch(path).then(),
                "type", "type in body should be one of [User Device Service Router Default]", "Robot");
        Map<String, Object> nullName = new HashMap<>();
        nullName.put("name", null);
        invalid(admin().body(nullName).patch(path).then(), "name", "name in body is required", "<nil>");
        invalid(admin().body(Map.of("defaultHostingCost", 65536)).patch(path).then(),
                "defaultHostingCost", "defaultHostingCost in body should be less than or equal to 65535", "65536");
        invalid(admin().body(Map.of("defaultHostingCost", -1)).patch(path).then(),
                "defaultHostingCost", "defaultHostingCost in body should be greater than or equal to 0", "-1");
        invalid(admin().body(Map.of("defaultHostingPrecedence", "sometimes")).patch(path).then(),
                "defaultHostingPrecedence", "defaultHostingPrecedence in body should be one of [default required failed]",
                "sometimes");
        invalid(admin().body(Map.of("serviceHostingCosts", Map.of("svc", 70000))).patch(path).then(),
                "serviceHostingCosts.svc", "serviceHostingCosts.svc in body should be less than or equal to 65535", "70000");
        invalid(admin().body(Map.of("serviceHostingPrecedences", Map.of("svc", "never"))).patch(path).then(),
                "serviceHostingPrecedences.svc",
                "serviceHostingPrecedences.svc in body should be one of [default required failed]", "never");
        admin().body(Map.of("permissions", List.of("identity.read", "root"))).patch(path).then().statusCode(400)
                .body("error.code", equalTo("COULD_NOT_VALIDATE"))
                .body("error.cause.field", equalTo("permissions.1"))
                .body("error.cause.value", equalTo("root"));

        // unmarshalling failures: upstream's COULD_NOT_PARSE_BODY
        for (String body : List.of("{\"name\":", "[1]", "{\"roleAttributes\":\"admins\"}", "{\"isAdmin\":\"yes\"}",
                "{\"tags\":{\"nested\":{\"a\":1}}}", "{\"defaultHostingCost\":1.5}", "{\"serviceHostingCosts\":{\"s\":\"1\"}}")) {
            admin().body(body).patch(path).then().statusCode(400)
                    .body("error.code", equalTo("COULD_NOT_PARSE_BODY"))
                    .body("error.cause.code", equalTo("UNHANDLED"));
        }
        // no body at all
        for (ValidatableResponse response : List.of(admin().patch(path).then(), admin().put(path).then())) {
            invalid(response, "identity", "identity in body is required", "<nil>");
        }
        given().header("zt-session", TestTokens.admin()).contentType(ContentType.TEXT).body("name=x").patch(path)
                .then().statusCode(400).body("error.code", equalTo("INVALID_CONTENT_TYPE"));

        // none of it changed the identity
        admin().get(path).then().statusCode(200)
                .body("data.name", equalTo(name))
                .body("data.typeId", equalTo("Device"))
                .body("data.roleAttributes", equalTo(List.of("keep")))
                .body("data.defaultHostingCost", equalTo(0));
    }

    @Test
    void onlyAdminsMayUpdate() {
        String name = "guarded-" + UUID.randomUUID();
        String id = create(Map.of("name", name, "type", "User", "isAdmin", false));
        String path = BASE + "/identities/" + id;
        Map<String, Object> patch = Map.of("name", name + "-hijacked", "isAdmin", true);
        Map<String, Object> put = Map.of("name", name + "-hijacked", "type", "User", "isAdmin", true);

        for (String token : List.of(TestTokens.viewer(), TestTokens.operator())) {
            given().header("zt-session", token).contentType(ContentType.JSON).body(patch).patch(path)
                    .then().statusCode(401).body("error.code", equalTo("UNAUTHORIZED"));
            given().header("Authorization", "Bearer " + token).contentType(ContentType.JSON).body(put).put(path)
                    .then().statusCode(401).body("error.code", equalTo("UNAUTHORIZED"));
        }
        given().contentType(ContentType.JSON).body(patch).patch(path).then().statusCode(401)
                .header("WWW-Authenticate", startsWith("zt-session realm=\"zt-session\""))
                .body("error.code", equalTo("UNAUTHORIZED"));
        given().header("zt-session", TestTokens.token().groups("admin").signWithUnknownKey())
                .contentType(ContentType.JSON).body(put).put(path).then().statusCode(401);

        admin().get(path).then().body("data.name", equalTo(name)).body("data.isAdmin", equalTo(false));
    }

    private static String create(Map<String, Object> body) {
        return admin().body(body).post(BASE + "/identities").then().statusCode(201).extract().path("data.id");
    }

    private static Map<String, Object> detail(String id) {
        return admin().get(BASE + "/identities/" + id).then().statusCode(200).extract().path("data");
    }

    @SuppressWarnings("unchecked")
    private static String jwt(Map<String, Object> detail) {
        Map<String, Object> enrollment = (Map<String, Object>) detail.get("enrollment");
        return (String) ((Map<String, Object>) enrollment.get("ott")).get("jwt");
    }

    private static void expectDuplicate(ValidatableResponse response, String field, String value) {
        response.statusCode(400)
                .body("error.code", equalTo("COULD_NOT_VALIDATE"))
                .body("error.message", equalTo(COULD_NOT_VALIDATE_MESSAGE))
                .body("error.cause.field", equalTo(field))
                .body("error.cause.reason", equalTo("duplicate value in unique index"))
                .body("error.cause.value", equalTo(value));
    }

    private static void invalid(ValidatableResponse response, String field, String reason, String value) {
        response.statusCode(400)
                .body("error.code", equalTo("COULD_NOT_VALIDATE"))
                .body("error.message", equalTo(COULD_NOT_VALIDATE_MESSAGE))
                .body("error.cause.field", equalTo(field))
                .body("error.cause.reason", equalTo(reason))
                .body("error.cause.value", equalTo(value));
    }
}
