package org.onboarding.ziti.zitiql;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.onboarding.ziti.Api;
import org.onboarding.ziti.identity.Identity;
import org.onboarding.ziti.identity.IdentityRepository;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * ZitiQL over real PostgreSQL: each case names the seeded identities it must return, in order. Six identities are
 * seeded per test under a fresh run marker; every filter is scoped to that marker with {@code tags.run = "<run>" and (...)}.
 */
@QuarkusTest
class ZitiQlFilterTest {

    @Inject
    IdentityRepository identities;

    private String run;

    @BeforeEach
    void seed() throws Throwable {
        // letters a, e, p, s, t must not occur in the run marker: the contains cases count them
        run = "q" + ThreadLocalRandom.current().nextLong(10_000_000L, 99_999_999L);
        List<Identity> seeded = List.of(
                identity(0, "alpha", "User", true, "ext-a", "\"team\":\"Ops-East\",\"n\":0,\"vip\":true"),
                identity(1, "beta", "Device", false, null, "\"team\":\"dev\",\"n\":1,\"vip\":false"),
                identity(2, "gamma", "User", false, "ext-g", "\"team\":\"ops-west\",\"n\":2"),
                identity(3, "delta", "Service", true, null, "\"n\":3.5,\"vip\":true"),
                identity(4, "Epsilon", "Device", false, "ext-e", "\"team\":\"qa\""),
                identity(5, "zeta", "Default", false, "ext-z", null));
        VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> identities.persist(seeded)));
    }

    private Identity identity(int index, String name, String type, boolean admin, String externalId, String tags) {
        Identity i = new Identity();
        i.id = run + index;
        i.name = run + "-" + name;
        i.type = type;
        i.isAdmin = admin;
        i.externalId = externalId == null ? null : run + externalId;
        i.tags = "{\"run\":\"" + run + "\"" + (tags == null ? "" : "," + tags) + "}";
        i.createdAt = Instant.parse("2026-01-0" + (index + 1) + "T00:00:00Z");
        i.updatedAt = i.createdAt;
        return i;
    }

    private ValidatableResponse list(String filter) {
        return Api.admin().queryParam("filter", filter).get(Api.BASE + "/identities").then();
    }

    private List<Integer> indexes(String predicate, String clauses) {
        String filter = "tags.run = \"" + run + "\" and (" + predicate.replace("R-", run + "-").replace("X-", run)
                + ")" + (clauses.isEmpty() ? "" : " " + clauses);
        List<String> ids = list(filter).statusCode(200).extract().path("data.id");
        return ids.stream().map(id -> Integer.parseInt(id.substring(run.length()))).toList();
    }

    @ParameterizedTest(name = "[{index}] {0} {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', textBlock = """
            name = "R-alpha"                                           |                        | 0
            name != "R-alpha"                                          |                        | 1 2 3 4 5
            isAdmin = true                                             |                        | 0 3
            isAdmin = false                                            |                        | 1 2 4 5
            isAdmin                                                    |                        | 0 3
            not isAdmin                                                |                        | 1 2 4 5
            type = "Device"                                            |                        | 1 4
            type in ["User", "Service"]                                |                        | 0 2 3
            type not in ["User","Service"]                             |                        | 1 4 5
            name contains "et"                                         |                        | 1 5
            name contains "EPS"                                        |                        |
            name icontains "EPS"                                       |                        | 4
            name not contains "a"                                      |                        | 4
            name not icontains "E"                                     |                        | 0 2
            externalId = null                                          |                        | 1 3
            externalId != null                                         |                        | 0 2 4 5
            externalId != "X-ext-a"                                    |                        | 1 2 3 4 5
            not externalId = "X-ext-a"                                 |                        | 1 2 3 4 5
            externalId in ["X-ext-a", "X-ext-z"]                       |                        | 0 5
            createdAt >= datetime(2026-01-03T00:00:00Z)                |                        | 2 3 4 5
            createdAt < datetime(2026-01-03T00:00:00Z)                 |                        | 0 1
            createdAt <= datetime(2026-01-03T00:00:00.000Z)            |                        | 0 1 2
            createdAt between datetime(2026-01-02T00:00:00Z) and datetime(2026-01-04T00:00:00Z) | | 1 2
            createdAt not between datetime(2026-01-02T00:00:00Z) and datetime(2026-01-04T00:00:00Z) | | 0 3 4 5
            createdAt = datetime(2026-01-02T00:00:00+00:00)            |                        | 1
            createdAt in [datetime(2026-01-01T00:00:00Z), datetime(2026-01-06T00:00:00Z)] | | 0 5
            createdAt > datetime(2026-01-03T01:00:00+02:00)            |                        | 2 3 4 5
            tags.team = "dev"                                          |                        | 1
            tags.team icontains "ops"                                  |                        | 0 2
            tags.team contains "ops"                                   |                        | 2
            tags.team = null                                           |                        | 3 5
            tags.team != null                                          |                        | 0 1 2 4
            tags.n > 1                                                 |                        | 2 3
            tags.n between 1 and 3                                     |                        | 1 2
            tags.n in [0, 3.5]                                         |                        | 0 3
            tags.vip = true                                            |                        | 0 3
            tags.vip                                                   |                        | 0 3
            tags.vip != true                                           |                        | 1 2 4 5
            name < "R-c"                                               |                        | 0 1 4
            isAdmin = true and type = "User" or type = "Device"        |                        | 0
            isAdmin = false and type = "Device" or type = "User"       |                        | 1 2 4
            not isAdmin = true and type = "User"                       |                        | 1 2 3 4 5
            (isAdmin = true or type = "Device") and name != "R-delta"  |                        | 0 1 4
            (isAdmin = true and type = "User") or type = "Device"      |                        | 0 1 4
            true                                                       |                        | 0 1 2 3 4 5
            false                                                      |                        |
            isAdmin = TRUE AND type = "User"                           |                        | 0
            'name' = "R-alpha"                                         |                        | 0
            name="R-alpha"                                             |                        | 0
            true                                                       | sort by name desc      | 5 2 3 1 0 4
            true                                                       | sort by type asc, name desc | 5 1 4 3 2 0
            true                                                       | sort by createdAt desc limit 2 | 5 4
            true                                                       | sort by createdAt skip 1 limit 2 | 1 2
            true                                                       | skip 4                 | 4 5
            true                                                       | limit 1                | 0
            isAdmin = false                                            | sort by name skip 1 limit 2 | 1 2
            true                                                       | limit none             | 0 1 2 3 4 5
            true                                                       | sort by type, type, type, type, name | 5 4 1 3 0 2
            true                                                       | sort by type, type, type, type, type, name | 5 1 4 3 0 2
            true                                                       | limit 501              | 0 1 2 3 4 5
            """)
    void filterReturnsExactlyTheExpectedRows(String predicate, String clauses, String expected) {
        List<Integer> want = expected == null ? List.of()
                : Arrays.stream(expected.trim().split("\\s+")).map(Integer::parseInt).toList();
        assertEquals(want, indexes(predicate, clauses == null ? "" : clauses));
    }

    @Test
    void paginationReportsEffectiveLimitOffsetAndTotal() {
        String scope = "tags.run = \"" + run + "\"";
        list(scope + " limit 2").statusCode(200)
                .body("meta.pagination.limit", equalTo(2)).body("meta.pagination.offset", equalTo(0))
                .body("meta.pagination.totalCount", equalTo(6));
        list(scope + " limit none").body("meta.pagination.limit", equalTo(Long.MAX_VALUE));
        // the filter's limit/skip win over the query string's
        Api.admin().queryParam("filter", scope + " skip 1 limit 1").queryParam("limit", 4).queryParam("offset", 3)
                .get(Api.BASE + "/identities").then().statusCode(200)
                .body("meta.pagination.limit", equalTo(1)).body("meta.pagination.offset", equalTo(1))
                .body("data.id", equalTo(List.of(run + "1")));
        Api.admin().queryParam("filter", scope).queryParam("limit", 2).queryParam("offset", 3)
                .get(Api.BASE + "/identities").then().statusCode(200)
                .body("meta.pagination.limit", equalTo(2)).body("meta.pagination.offset", equalTo(3))
                .body("data.id", equalTo(List.of(run + "3", run + "4")));
        // clamping: over 500 -> 500, 0 -> 10, only offset -> 10, negative offset -> 0, -1 -> unlimited
        Api.admin().queryParam("filter", scope).queryParam("limit", 100000).get(Api.BASE + "/identities").then()
                .body("meta.pagination.limit", equalTo(500));
        Api.admin().queryParam("filter", scope).queryParam("limit", 0).get(Api.BASE + "/identities").then()
                .body("meta.pagination.limit", equalTo(10));
        Api.admin().queryParam("filter", scope).queryParam("offset", -5).get(Api.BASE + "/identities").then()
                .body("meta.pagination.limit", equalTo(10)).body("meta.pagination.offset", equalTo(0));
        Api.admin().queryParam("filter", scope).queryParam("offset", 5000000).get(Api.BASE + "/identities").then()
                .body("meta.pagination.offset", equalTo(100000));
        Api.admin().queryParam("filter", scope).queryParam("limit", -1).get(Api.BASE + "/identities").then()
                .body("meta.pagination.limit", equalTo(Long.MAX_VALUE));
        // the cap applies to the filter's own limit too (upstream clamps whatever limit wins), and skip is clamped alike
        list(scope + " limit 501").statusCode(200)
                .body("meta.pagination.limit", equalTo(500)).body("meta.pagination.totalCount", equalTo(6))
                .body("data.size()", equalTo(6));
        Api.admin().queryParam("filter", scope + " limit 100000").queryParam("limit", 3).get(Api.BASE + "/identities")
                .then().statusCode(200).body("meta.pagination.limit", equalTo(500)).body("data.size()", equalTo(6));
        list(scope + " skip 5000000 limit 2").statusCode(200)
                .body("meta.pagination.offset", equalTo(100000)).body("meta.pagination.totalCount", equalTo(6))
                .body("data.size()", equalTo(0));
    }

    /**
     * totalCount and the page are one snapshot: while identities matching the filter are created and deleted, every
     * unlimited list returns exactly totalCount rows (two statements on two connections disagree now and then).
     */
    @Test
    void totalCountAndPageAgreeUnderConcurrentWrites() throws Exception {
        String filter = "tags.run = \"" + run + "\" limit none";
        java.util.concurrent.atomic.AtomicBoolean writing = new java.util.concurrent.atomic.AtomicBoolean(true);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(3);
        try {
            java.util.concurrent.Future<Integer> writer = pool.submit(() -> {
                try {
                    for (int i = 0; i < 40; i++) {
                        String id = Api.admin().body("{\"name\":\"" + run + "-w" + i + "\",\"type\":\"User\","
                                        + "\"isAdmin\":false,\"tags\":{\"run\":\"" + run + "\"}}")
                                .post(Api.BASE + "/identities").then().statusCode(201).extract().path("data.id");
                        if (i % 2 == 0) {
                            Api.admin().delete(Api.BASE + "/identities/" + id).then().statusCode(200);
                        }
                    }
                    return 40;
                } finally {
                    writing.set(false);
                }
            });
            List<java.util.concurrent.Future<List<String>>> readers = new ArrayList<>();
            for (int r = 0; r < 2; r++) {
                readers.add(pool.submit(() -> {
                    List<String> disagreements = new ArrayList<>();
                    int reads = 0;
                    while (writing.get() || reads == 0) {
                        io.restassured.response.ExtractableResponse<?> page = list(filter).statusCode(200).extract();
                        int size = page.path("data.size()");
                        int total = page.path("meta.pagination.totalCount");
                        if (size != total) {
                            disagreements.add(size + " rows, totalCount " + total);
                        }
                        reads++;
                    }
                    return disagreements;
                }));
            }
            assertEquals(40, writer.get());
            for (java.util.concurrent.Future<List<String>> reader : readers) {
                assertEquals(List.of(), reader.get());
            }
        } finally {
            pool.shutdownNow();
        }
        list(filter).statusCode(200).body("meta.pagination.totalCount", equalTo(26)).body("data.size()", equalTo(26));
    }

    @Test
    void sortQueryParamAppliesOnlyWithoutSortByAndIsValidated() {
        String scope = "tags.run = \"" + run + "\"";
        Api.admin().queryParam("filter", scope).queryParam("sort", "createdAt desc").get(Api.BASE + "/identities")
                .then().statusCode(200).body("data.id[0]", equalTo(run + "5"));
        Api.admin().queryParam("filter", scope + " sort by createdAt").queryParam("sort", "createdAt desc")
                .get(Api.BASE + "/identities").then().statusCode(200).body("data.id[0]", equalTo(run + "0"));
        Api.admin().queryParam("sort", "nope desc").get(Api.BASE + "/identities")
                .then().statusCode(400).body("error.code", equalTo("INVALID_SORT_IDENTIFIER"));
    }

    @Test
    void filterableFieldsAreListed() {
        list("tags.run = \"" + run + "\"").statusCode(200)
                .body("meta.filterableFields", hasItems("id", "createdAt", "updatedAt", "tags", "isSystem", "name",
                        "externalId", "isAdmin", "type"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '~', textBlock = """
            name =                               | Unexpected symbol
            nosuchfield = "x"                    | unknown symbol 'nosuchfield'
            createdAt > "2020-01-01"             | operation createdAt > "2020-01-01" is not supported with operands types date, string
            name offset 5                        | Unexpected symbol: "offset"
            name = "a" limit 2.5                 | limit value must be an integer
            tags.env2 = "x"                      | Unexpected symbol: "2"
            true sort by tags.team               | unsortable symbol 'tags.team'
            anyOf(roleAttributes) = "x"          | set function
            isAdmin = "yes"                      | is not supported with operands types bool, string
            name between 1 and 2                 | is not supported
            tags.team > datetime(2026-01-01T00:00:00Z) | is not supported
            name not  in ["a"]                   | Unexpected symbol
            identity.name = "x"                  | unknown symbol 'identity.name'
            """)
    void badFiltersAreInvalidFilterWithTheParserMessage(String filter, String messagePart) {
        String message = list(filter).statusCode(400)
                .body("error.code", equalTo("INVALID_FILTER"))
                .body("error.message", equalTo("The filter query supplied is invalid"))
                .body("error.cause.code", equalTo("UNHANDLED"))
                .body("meta.apiVersion", equalTo("0.0.1"))
                .extract().path("error.cause.message");
        assertTrue(message.contains(messagePart), message);
    }

    @Test
    void twoHundredRandomGarbageFiltersGive400NeverA500() {
        Random random = new Random(4711);
        String[] pieces = {"name", "isAdmin", "tags.team", "createdAt", "=", "!=", "<", ">=", "contains", "icontains",
                "not", "in", "between", "and", "or", "(", ")", "[", "]", ",", "\"x\"", "\"", "1", "-2.5e3", "true",
                "null", "datetime(2026-01-01T00:00:00Z)", "datetime(", "sort", "by", "skip", "limit", "none", "desc",
                "'", "\\", "!", "anyOf(", "count(", "isEmpty(", "from", "where", "%", "$1", "';--", "\u0000", "\n",
                "é", "9999999999999999999999"};
        List<String> filters = new ArrayList<>();
        while (filters.size() < 200) {
            StringBuilder f = new StringBuilder();
            int n = 1 + random.nextInt(7);
            for (int i = 0; i < n; i++) {
                f.append(pieces[random.nextInt(pieces.length)]);
                if (random.nextInt(3) > 0) {
                    f.append(' ');
                }
            }
            String candidate = f.toString();
            try {
                ZitiQlParser.parse(candidate);
                // grammatical by chance: still sent, but it is not garbage, so it does not count; a type error is
                // still an INVALID_FILTER envelope
                ValidatableResponse response = list(candidate)
                        .statusCode(org.hamcrest.Matchers.anyOf(equalTo(200), equalTo(400)));
                if (response.extract().statusCode() == 400) {
                    assertInvalidFilterEnvelope(response, candidate);
                }
            } catch (FilterException expected) {
                filters.add(candidate);
            }
        }
        assertEquals(200, filters.size());
        for (String filter : filters) {
            assertInvalidFilterEnvelope(list(filter).statusCode(400), filter);
        }
    }

    /** Upstream's apiErrorEnvelope for a bad filter, exactly: nothing more, nothing less. */
    private static void assertInvalidFilterEnvelope(ValidatableResponse response, String filter) {
        response.contentType(io.restassured.http.ContentType.JSON)
                .body("keySet()", org.hamcrest.Matchers.containsInAnyOrder("error", "meta"))
                .body("error.keySet()", org.hamcrest.Matchers.containsInAnyOrder("code", "message", "cause", "requestId"))
                .body("error.code", equalTo("INVALID_FILTER"))
                .body("error.message", equalTo("The filter query supplied is invalid"))
                .body("error.requestId", org.hamcrest.Matchers.not(org.hamcrest.Matchers.emptyOrNullString()))
                .body("error.cause.keySet()", org.hamcrest.Matchers.containsInAnyOrder("code", "message"))
                .body("error.cause.code", equalTo("UNHANDLED"))
                .body("error.cause.message", org.hamcrest.Matchers.not(org.hamcrest.Matchers.emptyOrNullString()))
                .body("meta", equalTo(java.util.Map.of("apiEnrollmentVersion", "0.0.1", "apiVersion", "0.0.1")));
        assertTrue(response.extract().asString().indexOf("Exception") < 0, filter);
    }
}
