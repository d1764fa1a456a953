package org.onboarding.entitlement.flow;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.Test;
import org.onboarding.entitlement.Api;
import org.onboarding.entitlement.WithFakeModules;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;
import static org.onboarding.entitlement.Api.unique;

/**
 * {@code POST /entitlements/validate} resolves dependencies with the entitle flow's own tree loader, so it refuses
 * what {@code POST /entitlements} refuses, with the same error. Scenarios of upstream's
 * {@code EntitlementValidationInterfaceIntegrityIT.EntitledApplication}: app2 and app3 depend on app1.
 */
@QuarkusTest
class ValidateDependenciesTest extends WithFakeModules {

    private static final String VALIDATE = "/entitlements/validate?entitlementRequestType=entitle&validator=InterfaceIntegrityValidator";

    /** app1 1.0.0; app2 2.0.0 and app3 3.0.0 each depending on app1 with {@code range}. */
    private List<String> apps(String p, String range) {
        String app1 = app(p + "-app1", "1.0.0", p + "-module1-1.0.0");
        String app2 = Api.application(p + "-app2", "2.0.0", List.of(Map.of("name", p + "-app1", "version", range)), modules,
                p + "-module2-2.0.0");
        String app3 = Api.application(p + "-app3", "3.0.0", List.of(Map.of("name", p + "-app1", "version", range)), modules,
                p + "-module3-3.0.0");
        return List.of(app1, app2, app3);
    }

    /** Validate's answers, with the named validator and with all of them: each a one-error 400 validation error. */
    private static List<ValidatableResponse> refusedByValidate(Map<String, Object> request) {
        return List.of(VALIDATE, "/entitlements/validate?entitlementRequestType=entitle").stream()
                .map(path -> Api.admin().body(request).post(path).then().statusCode(400)
                        .body("total_records", equalTo(1))
                        .body("errors[0].type", equalTo("RequestValidationException"))
                        .body("errors[0].code", equalTo("validation_error")))
                .toList();
    }

    /** Mirrors upstream {@code validate_negative_entitledNotFound}. */
    @Test
    void validateRefusesWhenTheDependencyIsNotEntitled() {
        UUID tenantId = Api.tenant(unique("vnf"));
        String p = unique("vnf");
        List<String> apps = apps(p, "^1.0.0");
        Map<String, Object> request = body(tenantId, List.of(apps.get(1), apps.get(2)));

        for (ValidatableResponse refusal : refusedByValidate(request)) {
            refusal.body("errors[0].message", startsWith("Entitled application(s) is not found"))
                    .body("errors[0].message", equalTo(
                            "Entitled application(s) is not found or too many application(s) found by the given name(s)"))
                    .body("errors[0].parameters[0].key", equalTo("applicationName(s)"))
                    .body("errors[0].parameters[0].value", equalTo(p + "-app1"));
        }
        // entitling refuses the same request in the same stage, with the same words
        Api.admin().body(request).post("/entitlements").then().statusCode(400)
                .body("errors[0].parameters.key", hasItem("ApplicationDescriptorTreeLoader"))
                .body("errors[0].parameters.find { it.key == 'ApplicationDescriptorTreeLoader' }.value", equalTo(
                        "FAILED: [RequestValidationException] Entitled application(s) is not found or too many application(s) "
                                + "found by the given name(s), parameters: [{key: applicationName(s), value: " + p + "-app1}]"));
    }

    /** Mirrors upstream {@code validate_negative_dependencyVersionMismatch_with_entitledApp}. */
    @Test
    void validateRefusesAnEntitledDependencyOfTheWrongVersion() {
        UUID tenantId = Api.tenant(unique("vvm"));
        String p = unique("vvm");
        List<String> apps = apps(p, "~2.0");
        Api.admin().body(body(tenantId, List.of(apps.get(0)))).post("/entitlements?ignoreErrors=true").then().statusCode(201);
        Map<String, Object> request = body(tenantId, List.of(apps.get(1), apps.get(2)));

        for (ValidatableResponse refusal : refusedByValidate(request)) {
            refusal.body("errors[0].message", equalTo(
                            "Version mismatch between installed application and dependency of application with id: " + apps.get(1)))
                    .body("errors[0].parameters[0].key", equalTo("installedApplication"))
                    .body("errors[0].parameters[0].value", equalTo(p + "-app1 1.0.0"))
                    .body("errors[0].parameters[1].key", equalTo("dependency"))
                    .body("errors[0].parameters[1].value", equalTo(p + "-app1 ~2.0"));
        }
        Api.admin().body(request).post("/entitlements").then().statusCode(400)
                .body("errors[0].parameters.find { it.key == 'ApplicationDescriptorTreeLoader' }.value",
                        startsWith("FAILED: [RequestValidationException] Version mismatch between installed application"));
    }

    /** Mirrors upstream {@code validate_positive_parentEntitled}. */
    @Test
    void validatePassesOnceTheDependencyIsEntitled() {
        UUID tenantId = Api.tenant(unique("vok"));
        String p = unique("vok");
        List<String> apps = apps(p, "^1.0.0");
        Api.admin().body(body(tenantId, List.of(apps.get(0)))).post("/entitlements?ignoreErrors=true").then().statusCode(201);
        Map<String, Object> request = body(tenantId, List.of(apps.get(1), apps.get(2)));

        Api.admin().body(request).post(VALIDATE).then().statusCode(204);
        Api.admin().body(request).post("/entitlements/validate?entitlementRequestType=entitle").then().statusCode(204);
        Api.admin().body(request).post("/entitlements").then().statusCode(201);
    }
}
