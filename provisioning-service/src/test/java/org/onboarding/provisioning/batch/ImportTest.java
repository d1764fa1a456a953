package org.onboarding.provisioning.batch;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;
import org.onboarding.testsupport.TestTokens;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.onboarding.provisioning.Api.as;
import static org.onboarding.provisioning.Api.createBatch;

/** Items from CSV or JSON: all rows or none, per-row errors, UTF-8 accents; list filters. */
@QuarkusTest
class ImportTest {

    @Test
    void csvWithAccentsImportsEveryRowAndFiltersWork() {
        String batchId = createBatch(TestTokens.operator(), UUID.randomUUID().toString(), List.of());
        String a = UUID.randomUUID().toString();
        String b = UUID.randomUUID().toString();
        String csv = "\uFEFFidentity_id;firstname;lastname;email;role_principal_code;establishment_id;domain;external_id\r\n"
                + a + ";Élodie;Dupré-Martin;elodie@ecole.sn;teacher;etab-1;teacher;INE-1\r\n"
                + b + ";\"Zoë\";\"Œuvray; fille\";;;etab-1;student;INE-2\r\n";
        as(TestTokens.operator()).contentType("text/csv; charset=utf-8").body(csv.getBytes(StandardCharsets.UTF_8))
                .post("/provisioning/batches/{id}/items/import", batchId)
                .then().statusCode(200).body("imported", equalTo(2)).body("already_present", equalTo(0));
        // the same file again adds nothing
        as(TestTokens.operator()).contentType("text/csv").body(csv.getBytes(StandardCharsets.UTF_8))
                .post("/provisioning/batches/{id}/items/import", batchId)
                .then().statusCode(200).body("imported", equalTo(0)).body("already_present", equalTo(2));

        as(TestTokens.viewer()).queryParam("domain", "student").get("/provisioning/batches/{id}/items", batchId)
                .then().statusCode(200).body("$", hasSize(1))
                .body("[0].firstname", equalTo("Zoë")).body("[0].lastname", equalTo("Œuvray; fille"))
                .body("[0].email", equalTo(null));
        as(TestTokens.viewer()).queryParam("prov_status", "ENQUEUED").get("/provisioning/batches/{id}/items", batchId)
                .then().statusCode(200).body("$", hasSize(2)).body("[0].firstname", equalTo("Élodie"));
        as(TestTokens.viewer()).queryParam("prov_status", "ERROR").get("/provisioning/batches/{id}/items", batchId)
                .then().statusCode(200).body("$", hasSize(0));
    }

    @Test
    void oneBadRowRefusesTheWholeCsvAndEveryProblemIsReported() {
        String batchId = createBatch(TestTokens.operator(), UUID.randomUUID().toString(), List.of());
        String csv = "identity_id,domain,establishment_id,external_id,email\n"
                + UUID.randomUUID() + ",student,etab,E-1,ok@ecole.sn\n"
                + "not-a-uuid,student,etab,E-2,\n"
                + UUID.randomUUID() + ",,etab,E-3,broken-email\n"
                + UUID.randomUUID() + ",student,etab\n";
        as(TestTokens.operator()).contentType("text/csv").body(csv)
                .post("/provisioning/batches/{id}/items/import", batchId)
                .then().statusCode(422)
                .body("detail.loc", equalTo(List.of(List.of("body", 3, "identity_id"), List.of("body", 4, "domain"),
                        List.of("body", 4, "email"), List.of("body", 5))))
                .body("detail.type", equalTo(List.of("uuid_parsing", "missing", "value_error", "value_error")));
        as(TestTokens.viewer()).get("/provisioning/batches/{id}/items", batchId).then().body("$", hasSize(0));

        as(TestTokens.operator()).contentType("text/csv").body("identity_id,domain,nickname\n")
                .post("/provisioning/batches/{id}/items/import", batchId)
                .then().statusCode(422)
                .body("detail.type", equalTo(List.of("extra_forbidden", "missing", "missing")));
    }

    @Test
    void jsonArrayImportIsAllOrNothingToo() {
        String batchId = createBatch(TestTokens.operator(), UUID.randomUUID().toString(), List.of());
        String id = UUID.randomUUID().toString();
        Map<String, Object> good = Map.of("identity_id", id, "domain", "parent", "establishment_id", "etab",
                "external_id", "P-1");
        as(TestTokens.operator()).contentType(ContentType.JSON).body(List.of(good, good))
                .post("/provisioning/batches/{id}/items/import", batchId)
                .then().statusCode(422).body("detail[0].loc", equalTo(List.of("body", 1, "identity_id")))
                .body("detail[0].msg", equalTo("Value error, duplicate identity_id (first at 0)"));
        as(TestTokens.operator()).contentType(ContentType.JSON).body("{\"not\": \"an array\"}")
                .post("/provisioning/batches/{id}/items/import", batchId)
                .then().statusCode(422).body("detail[0].type", equalTo("list_type"));
        as(TestTokens.operator()).contentType(ContentType.JSON).body(List.of(good))
                .post("/provisioning/batches/{id}/items/import", batchId)
                .then().statusCode(200).body("imported", equalTo(1));
        as(TestTokens.operator()).contentType("application/xml").body("<x/>")
                .post("/provisioning/batches/{id}/items/import", batchId)
                .then().statusCode(415).body("detail", equalTo("Unsupported Media Type"));
    }

    @Test
    void malformedQuotesAreRefusedWhereTheyAre() {
        String batchId = createBatch(TestTokens.operator(), UUID.randomUUID().toString(), List.of());
        String header = "identity_id,domain,establishment_id,external_id,firstname,lastname\n";
        String good = UUID.randomUUID() + ",student,etab,Q-1,\"Ann \"\"Nan\"\"\",\"Lee, Jr\"\n";
        // a quote inside an unquoted field: every one is reported, at its line and column
        as(TestTokens.operator()).contentType("text/csv")
                .body(header + good + UUID.randomUUID() + ",student,etab,Q-2,Jo\"e,Doe\n"
                        + UUID.randomUUID() + ",student,etab,Q-3,Max,O\"Neil\"\n")
                .post("/provisioning/batches/{id}/items/import", batchId)
                .then().statusCode(422)
                .body("detail.loc", equalTo(List.of(List.of("body", 3, "firstname"), List.of("body", 4, "lastname"))))
                .body("detail.type", equalTo(List.of("value_error", "value_error")))
                .body("detail[0].input", equalTo("Jo\"e"))
                .body("detail[0].msg", containsString("quote inside an unquoted field at line 3, character"));
        // a quote that is never closed swallows the rest of the file: refused at the field it opens
        as(TestTokens.operator()).contentType("text/csv")
                .body(header + good + UUID.randomUUID() + ",student,etab,Q-2,\"Jo,Doe\n"
                        + UUID.randomUUID() + ",student,etab,Q-3,Max,Power\n")
                .post("/provisioning/batches/{id}/items/import", batchId)
                .then().statusCode(422).body("detail", hasSize(1))
                .body("detail[0].loc", equalTo(List.of("body", 3, "firstname")))
                .body("detail[0].msg", containsString("has no closing quote"));
        // text after a closing quote
        as(TestTokens.operator()).contentType("text/csv")
                .body(header + UUID.randomUUID() + ",student,etab,Q-2,\"Jo\"e,Doe\n")
                .post("/provisioning/batches/{id}/items/import", batchId)
                .then().statusCode(422)
                .body("detail[0].loc", equalTo(List.of("body", 2, "firstname")))
                .body("detail[0].msg", containsString("after the closing quote"));
        as(TestTokens.viewer()).get("/provisioning/batches/{id}/items", batchId).then().body("$", hasSize(0));

        // well-formed quoting still reads: doubled quotes, separators and newlines inside quotes
        String multiLine = UUID.randomUUID() + ",student,etab,Q-4,\"Two\nLines\",Doe\n";
        as(TestTokens.operator()).contentType("text/csv")
                .body(header + good + multiLine + "not-a-uuid,student,etab,Q-5,A,B\n")
                .post("/provisioning/batches/{id}/items/import", batchId)
                .then().statusCode(422).body("detail[0].loc", equalTo(List.of("body", 5, "identity_id")));
        as(TestTokens.operator()).contentType("text/csv").body(header + good + multiLine)
                .post("/provisioning/batches/{id}/items/import", batchId)
                .then().statusCode(200).body("imported", equalTo(2));
        as(TestTokens.viewer()).get("/provisioning/batches/{id}/items", batchId).then()
                .body("firstname", equalTo(List.of("Ann \"Nan\"", "Two\nLines")))
                .body("lastname", equalTo(List.of("Lee, Jr", "Doe")));
    }

    @Test
    void itemsKeepTheirOrderAndAreNeverUpdatedBeforeTheyAreCreated() {
        List<Map<String, Object>> people = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            people.add(Map.of("identity_id", UUID.randomUUID().toString(), "domain", "student",
                    "establishment_id", "etab", "external_id", "O-" + i, "firstname", "n" + i));
        }
        String batchId = createBatch(TestTokens.operator(), UUID.randomUUID().toString(), people.subList(0, 40));
        StringBuilder csv = new StringBuilder("identity_id,domain,establishment_id,external_id,firstname\n");
        people.subList(40, 60).forEach(p -> csv.append(p.get("identity_id")).append(",student,etab,")
                .append(p.get("external_id")).append(',').append(p.get("firstname")).append('\n'));
        as(TestTokens.operator()).contentType("text/csv").body(csv.toString())
                .post("/provisioning/batches/{id}/items/import", batchId).then().statusCode(200);

        List<Map<String, Object>> items = org.onboarding.provisioning.Api.items(batchId);
        assertEquals(people.stream().map(p -> p.get("firstname")).toList(),
                items.stream().map(i -> i.get("firstname")).toList());
        for (Map<String, Object> item : items) {
            OffsetDateTime created = OffsetDateTime.parse((String) item.get("created_at"));
            OffsetDateTime updated = OffsetDateTime.parse((String) item.get("updated_at"));
            assertFalse(updated.isBefore(created), item.get("firstname") + ": updated " + updated + " < created " + created);
        }
        // pages follow the same order
        as(TestTokens.viewer()).queryParam("skip", 38).queryParam("limit", 4)
                .get("/provisioning/batches/{id}/items", batchId).then().statusCode(200)
                .body("firstname", equalTo(List.of("n38", "n39", "n40", "n41")));
    }
}
