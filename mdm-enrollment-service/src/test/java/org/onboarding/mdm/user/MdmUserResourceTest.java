package org.onboarding.mdm.user;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.onboarding.testsupport.AtOnce;
import org.onboarding.testsupport.TestTokens;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.hamcrest.Matchers.aMapWithSize;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.onboarding.mdm.Api.ADMIN;
import static org.onboarding.mdm.Api.as;
import static org.onboarding.mdm.Api.organization;
import static org.onboarding.mdm.Api.tokens;

/** MDM users in the shape of Applivery's UEM users API: fields, update, delete, unique e-mail. */
@QuarkusTest
class MdmUserResourceTest {

    String org;
    String users;

    @BeforeEach
    void setUp() {
        org = organization(true, 100).get("id");
        users = "/v1/organizations/" + org + "/mdm/users";
    }

    @Test
    void aUserCarriesNameTagsLanguageAndMetadata() {
        String id = as(ADMIN).body(Map.of("email", "ines@example.com", "name", "Inés", "tags", List.of("sales", "emea"),
                        "language", "es", "metadata", Map.of("desk", 12, "badge", Map.of("color", "blue"))))
                .post(users).then().statusCode(200)
                .body("data.email", equalTo("ines@example.com"))
                .body("data.name", equalTo("Inés"))
                .body("data.tags", contains("sales", "emea"))
                .body("data.language", equalTo("es"))
                .body("data.metadata.desk", equalTo(12))
                .body("data.metadata.badge.color", equalTo("blue"))
                .body("data", not(hasKey("displayName")))
                .extract().path("data.id");
        as(TestTokens.viewer()).get(users + "/" + id).then().statusCode(200)
                .body("data.name", equalTo("Inés")).body("data.tags", contains("sales", "emea"))
                .body("data.language", equalTo("es")).body("data.metadata.badge.color", equalTo("blue"));
        // the old field name is not part of the API any more; an unknown language is refused
        as(ADMIN).body(Map.of("email", "old@example.com", "displayName", "Old")).post(users).then().statusCode(400)
                .body("error.code", equalTo(3000)).body("error.data.field", hasItem("displayName"));
        as(ADMIN).body(Map.of("email", "fr@example.com", "language", "fr")).post(users).then().statusCode(400)
                .body("error.data.field", hasItem("language"));
        // without them: empty tags and metadata, no name and no language
        as(ADMIN).body(Map.of("email", "bare@example.com")).post(users).then().statusCode(200)
                .body("data.tags", empty()).body("data.metadata", aMapWithSize(0))
                .body("data", not(hasKey("name"))).body("data", not(hasKey("language")));
    }

    @Test
    void putUpdatesTheGivenFieldsAndKeepsTheEmail() {
        String id = as(ADMIN).body(Map.of("email", "joe@example.com", "name", "Joe", "tags", List.of("a"),
                "metadata", Map.of("k", "v"))).post(users).then().statusCode(200).extract().path("data.id");
        as(TestTokens.operator()).body(Map.of("name", "Joseph", "tags", List.of("b", "c"), "language", "en"))
                .put(users + "/" + id).then().statusCode(200)
                .body("data.name", equalTo("Joseph")).body("data.tags", contains("b", "c"))
                .body("data.language", equalTo("en"))
                .body("data.metadata.k", equalTo("v"))
                .body("data.email", equalTo("joe@example.com"));
        as(ADMIN).body(Map.of("metadata", Map.of("k2", 2))).put(users + "/" + id).then().statusCode(200)
                .body("data.metadata", aMapWithSize(1)).body("data.metadata.k2", equalTo(2))
                .body("data.name", equalTo("Joseph"));
        as(ADMIN).get(users + "/" + id).then().body("data.name", equalTo("Joseph")).body("data.metadata.k2", equalTo(2));
        // the e-mail cannot be changed; viewers cannot update; unknown users are not found
        as(ADMIN).body(Map.of("email", "other@example.com")).put(users + "/" + id).then().statusCode(400)
                .body("error.data.field", hasItem("email"));
        as(TestTokens.viewer()).body(Map.of("name", "x")).put(users + "/" + id).then().statusCode(403)
                .body("error.code", equalTo(4003));
        as(ADMIN).body(Map.of("name", "x")).put(users + "/aaaaaaaaaaaaaaaaaaaaaaaa").then().statusCode(404)
                .body("error.code", equalTo(3001));
    }

    @Test
    void aSecondUserWithTheSameEmailIs5048EvenUnderConcurrency() throws Exception {
        as(ADMIN).body(Map.of("email", "Kim@Example.com")).post(users).then().statusCode(200);
        as(ADMIN).body(Map.of("email", "kim@example.COM", "name", "Twin")).post(users).then().statusCode(400)
                .body("error.code", equalTo(5048)).body("error.message", equalTo("Mdm user already exists"));

        List<Integer> statuses = AtOnce.run(10,
                () -> as(ADMIN).body(Map.of("email", "race@example.com")).post(users).then().extract().statusCode());
        assertEquals(1, Collections.frequency(statuses, 200), statuses.toString());
        assertEquals(9, Collections.frequency(statuses, 400), statuses.toString());
        as(ADMIN).get(users).then().body("data.totalDocs", equalTo(2));
    }

    @Test
    void deleteRemovesTheUserAndFreesTheEmail() {
        String id = as(ADMIN).body(Map.of("email", "lea@example.com", "name", "Lea")).post(users).then()
                .statusCode(200).extract().path("data.id");
        as(TestTokens.operator()).delete(users + "/" + id).then().statusCode(403).body("error.code", equalTo(4003));
        as(ADMIN).delete(users + "/" + id).then().statusCode(200)
                .body("status", equalTo(true)).body("data.delete", equalTo(true));
        as(ADMIN).get(users + "/" + id).then().statusCode(404).body("error.code", equalTo(3001));
        as(ADMIN).delete(users + "/" + id).then().statusCode(404).body("error.code", equalTo(3001));
        as(ADMIN).body(Map.of("name", "x")).put(users + "/" + id).then().statusCode(404);
        as(ADMIN).get(users).then().body("data.items.id", not(hasItem(id))).body("data.totalDocs", equalTo(0));
        // the e-mail can be used again, by a new user; no token can be issued to the deleted one
        String again = as(ADMIN).body(Map.of("email", "LEA@example.com")).post(users).then().statusCode(200)
                .extract().path("data.id");
        assertNotEquals(id, again);
        as(ADMIN).body(Map.of("mdmUserId", id, "sendEmail", false)).post(tokens(org)).then().statusCode(404)
                .body("error.code", equalTo(3001));
    }

    @Test
    void deleteIsRefusedWhileAPendingTokenIsIssuedToTheUser() {
        String id = as(ADMIN).body(Map.of("email", "max@example.com", "name", "Max")).post(users).then()
                .statusCode(200).extract().path("data.id");
        String token = as(ADMIN).body(Map.of("mdmUserId", id, "sendEmail", false)).post(tokens(org)).then()
                .statusCode(200).extract().path("data.id");
        as(ADMIN).delete(users + "/" + id).then().statusCode(400).body("error.code", equalTo(5055))
                .body("error.message", equalTo("MdmUser Can not be deleted because has pending winEnrollmentTokens"));
        as(ADMIN).get(users + "/" + id).then().statusCode(200);

        as(ADMIN).delete(tokens(org) + "/" + token).then().statusCode(200);
        as(ADMIN).delete(users + "/" + id).then().statusCode(200);
        // the dead token still shows whom it was for
        as(ADMIN).get(tokens(org) + "/" + token).then().statusCode(200)
                .body("data.mdmUser.email", equalTo("max@example.com"))
                .body("data.mdmUser.displayName", equalTo("Max"));
    }

    @Test
    void aTokenIssuedWhileTheUserIsDeletedNeverOutlivesTheUser() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 8; round++) {
                String id = as(ADMIN).body(Map.of("email", "race" + round + "@example.com")).post(users).then()
                        .statusCode(200).extract().path("data.id");
                CountDownLatch start = new CountDownLatch(1);
                Future<Integer> issue = pool.submit(() -> {
                    start.await();
                    return as(ADMIN).body(Map.of("mdmUserId", id, "sendEmail", false)).post(tokens(org)).then()
                            .extract().statusCode();
                });
                Future<Integer> remove = pool.submit(() -> {
                    start.await();
                    return as(ADMIN).delete(users + "/" + id).then().extract().statusCode();
                });
                start.countDown();
                int issued = issue.get();
                int removed = remove.get();
                // either the token came first (and the delete is refused) or the delete did (and the user is gone)
                if (issued == 200) {
                    assertEquals(400, removed, "round " + round);
                    as(ADMIN).get(users + "/" + id).then().statusCode(200);
                } else {
                    assertEquals(404, issued, "round " + round);
                    assertEquals(200, removed, "round " + round);
                    as(ADMIN).queryParam("mdm-user", id).get(tokens(org)).then().body("data.totalDocs", equalTo(0));
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void listSortsByName() {
        // e-mail order and name order differ on purpose
        for (String[] user : List.of(new String[] {"c", "zed"}, new String[] {"a", "yan"}, new String[] {"b", "xia"})) {
            as(ADMIN).body(Map.of("email", user[0] + "@example.com", "name", user[1])).post(users).then()
                    .statusCode(200);
        }
        as(ADMIN).queryParam("sort", "email:asc").get(users).then().statusCode(200)
                .body("data.items.name", contains("yan", "xia", "zed"));
        as(ADMIN).queryParam("sort", "name").get(users).then().statusCode(200)
                .body("data.items.name", contains("xia", "yan", "zed"));
        as(ADMIN).queryParam("sort", "name:desc").get(users).then().statusCode(200)
                .body("data.items.name", contains("zed", "yan", "xia"));
        as(ADMIN).queryParam("sort", "displayName:asc").get(users).then().statusCode(400)
                .body("error.data.field", hasItem("sort"));
    }
}
