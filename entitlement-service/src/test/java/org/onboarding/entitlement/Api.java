package org.onboarding.entitlement;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.onboarding.testsupport.TestTokens;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;

/** Test helpers: authenticated requests and registry set-up through the public API. */
public final class Api {

    private Api() {
    }

    /** A name no other test has used in this database. */
    public static String unique(String name) {
        return name + System.nanoTime();
    }

    public static RequestSpecification admin() {
        return given().header("x-okapi-token", TestTokens.admin()).contentType(ContentType.JSON);
    }

    public static UUID tenant(String name) {
        String id = admin().body(Map.of("name", name, "description", "test tenant"))
                .post("/tenants").then().statusCode(201).extract().path("id");
        return UUID.fromString(id);
    }

    /** Registers application {@code name-version} whose backend modules provide {@code _tenant}, and their discovery. */
    public static String application(String name, String version, List<Map<String, String>> dependencies,
                                     FakeModules modules, String... moduleIds) {
        List<Map<String, Object>> refs = new java.util.ArrayList<>();
        List<Map<String, Object>> descriptors = new java.util.ArrayList<>();
        List<Map<String, String>> discovery = new java.util.ArrayList<>();
        for (String moduleId : moduleIds) {
            int dash = moduleId.lastIndexOf('-');
            refs.add(Map.of("id", moduleId, "name", moduleId.substring(0, dash), "version", moduleId.substring(dash + 1)));
            descriptors.add(Map.of("id", moduleId, "provides", List.of(Map.of("id", "_tenant", "version", "2.0",
                    "interfaceType", "system"))));
            discovery.add(Map.of("id", moduleId, "location", modules.location(moduleId)));
        }
        admin().body(Map.of("name", name, "version", version, "description", name, "modules", refs,
                        "moduleDescriptors", descriptors, "dependencies", dependencies))
                .post("/applications").then().statusCode(201);
        if (!discovery.isEmpty()) {
            admin().body(Map.of("discovery", discovery)).post("/modules/discovery").then().statusCode(201);
        }
        return name + "-" + version;
    }
}
