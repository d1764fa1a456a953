package org.onboarding.entitlement;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.List;
import java.util.Map;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;

/** CQL over the registry and flow lists: real matches, sortBy, and every malformed or hostile query a 400. */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CqlQueryTest {

    private final String prefix = "cql" + System.nanoTime();

    private boolean registered;

    @BeforeEach
    void registerApplications() {
        if (registered) {
            return;
        }
        registered = true;
        for (String name : List.of("Café", "cafe-latte", "tea")) {
            Api.admin().body(Map.of("name", prefix + name, "version", "1.0.0")).post("/applications").then().statusCode(201);
        }
        Api.admin().body(Map.of("name", prefix + "tea", "version", "2.0.0")).post("/applications").then().statusCode(201);
    }

    private io.restassured.response.ValidatableResponse query(String path, String cql) {
        return Api.admin().queryParam("query", cql).queryParam("limit", 50).get(path).then();
    }

    @Test
    void matchingIsCaseAndAccentInsensitiveWithWildcards() {
        query("/applications", "name==\"" + prefix.toUpperCase() + "CAFE\"").statusCode(200)
                .body("totalRecords", equalTo(1)).body("applicationDescriptors[0].name", equalTo(prefix + "Café"));
        query("/applications", "name=" + prefix + "caf* sortBy name/sort.descending").statusCode(200)
                .body("applicationDescriptors.name", contains(prefix + "cafe-latte", prefix + "Café"));
        query("/applications", "id==(\"" + prefix + "tea-1.0.0\" or \"" + prefix + "tea-2.0.0\") sortBy version/sort.descending")
                .statusCode(200).body("applicationDescriptors.id", contains(prefix + "tea-2.0.0", prefix + "tea-1.0.0"));
        query("/applications", "name=" + prefix + "* not name=" + prefix + "tea").statusCode(200).body("totalRecords", equalTo(2));
        query("/applications", "name==" + prefix + "tea and version<>1.0.0").statusCode(200)
                .body("applicationDescriptors.id", contains(prefix + "tea-2.0.0"));
        query("/applications", "cql.allRecords=1 and name==" + prefix + "?ea").statusCode(200).body("totalRecords", equalTo(2));
    }

    @Test
    void likeMetacharactersInTermsAreLiteral() {
        query("/applications", "name==\"" + prefix + "%\"").statusCode(200).body("totalRecords", equalTo(0));
        query("/applications", "name==\"" + prefix + "___\"").statusCode(200).body("totalRecords", equalTo(0));
    }

    @Test
    void hostileOrMalformedQueriesAre400AndNeverExecuted() {
        for (String bad : List.of(
                "name==x'; DROP TABLE application; --",
                "tenantId==\"x' OR '1'='1\"",
                "name==(",
                "(name==a",
                "name==a) or (1=1",
                "name== and",
                "nosuchfield==x",
                "name==a sortBy nosuchfield",
                "name==a sortBy name/sort.random",
                "cql.serverChoice=x",
                "cql.allRecords=0",
                "\"unterminated",
                "name==a prox name==b",
                "1=1; DELETE FROM tenant",
                "name==a sortBy \"name; DROP TABLE application\"")) {
            query("/applications", bad).statusCode(400)
                    .body("errors[0].code", equalTo("validation_error"))
                    .body("errors[0].type", equalTo("CqlQueryValidationException"));
        }
        query("/entitlements", "tenantId==not-a-uuid").statusCode(400).body("errors[0].code", equalTo("validation_error"));
        query("/entitlement-flows", "startedAt>2020").statusCode(400);
        query("/application-flows", "applicationId==\"x' OR 1=1 --\"").statusCode(200).body("totalRecords", equalTo(0));
        // the tables are still there and untouched
        query("/applications", "name=" + prefix + "*").statusCode(200).body("totalRecords", equalTo(4));
    }

    @Test
    void enumValuesAreUppercaseInCql() {
        query("/entitlement-flows", "status==FINISHED or status==finished").statusCode(200);
        query("/entitlement-flows", "type==ENTITLE and status<>QUEUED sortBy id/sort.descending").statusCode(200);
    }
}
