package org.onboarding.ziti.api;

import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.onboarding.testsupport.AtOnce;
import org.onboarding.ziti.Api;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The maintained counts stay exact under concurrent writes through the API: 50 creates and 50 deletes (identities with
 * an inline enrollment, whose delete cascades to it, services, service policies, edge routers) run at once, then every
 * counter equals {@code count(*)} of its table and an unfiltered list reports that number.
 */
@QuarkusTest
class ListCountConcurrencyTest {

    private static final String BASE = Api.BASE;

    @Inject
    Pool pool;

    @Test
    void fiftyConcurrentCreatesAndDeletesKeepEveryCountExact() throws Exception {
        List<String> doomed = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            doomed.add(BASE + "/" + collection(i) + "/" + Api.create(collection(i), body(i)));
        }
        List<Callable<Integer>> calls = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            int n = i;
            calls.add(() -> Api.admin().body(body(n)).post(BASE + "/" + collection(n)).statusCode());
            calls.add(() -> Api.admin().delete(doomed.get(n)).statusCode());
        }
        List<Integer> statuses = AtOnce.run(calls);
        for (int i = 0; i < statuses.size(); i++) {
            assertEquals(i % 2 == 0 ? 201 : 200, statuses.get(i), "call " + i);
        }

        List<Row> counters = new ArrayList<>();
        pool.query("SELECT table_name, sum(n) AS counted FROM ziti_row_count GROUP BY table_name").execute()
                .await().indefinitely().forEach(counters::add);
        assertEquals(8, counters.size(), "one counter per listed table");
        for (Row counter : counters) {
            String table = counter.getString("table_name");
            long actual = pool.query("SELECT count(*) FROM " + table).execute().await().indefinitely()
                    .iterator().next().getLong(0);
            assertEquals(actual, counter.getLong("counted"), "counter of " + table);
        }
        for (String collection : List.of("identities", "enrollments", "services", "service-policies", "edge-routers")) {
            String table = switch (collection) {
                case "identities" -> "identity";
                case "enrollments" -> "enrollment";
                case "services" -> "service";
                case "service-policies" -> "service_policy";
                default -> "edge_router";
            };
            long actual = pool.query("SELECT count(*) FROM " + table).execute().await().indefinitely()
                    .iterator().next().getLong(0);
            assertTrue(actual > 0, table);
            Number listed = Api.admin().queryParam("limit", 1).get(BASE + "/" + collection).then().statusCode(200)
                    .extract().path("meta.pagination.totalCount");
            assertEquals(actual, listed.longValue(), collection + " totalCount");
        }
    }

    private static String collection(int i) {
        return switch (i % 4) {
            case 0 -> "identities";
            case 1 -> "services";
            case 2 -> "service-policies";
            default -> "edge-routers";
        };
    }

    private static String body(int i) {
        String name = "\"name\":\"" + Api.unique("count") + "\"";
        return switch (i % 4) {
            case 0 -> "{" + name + ",\"type\":\"User\",\"isAdmin\":false,\"enrollment\":{\"ott\":true}}";
            case 1 -> "{" + name + ",\"encryptionRequired\":true}";
            // roles no identity or service carries: these policies must not grant anything to other tests
            case 2 -> "{" + name + ",\"type\":\"Dial\",\"semantic\":\"AnyOf\",\"identityRoles\":[\"#count-test\"],"
                    + "\"serviceRoles\":[\"#count-test\"]}";
            default -> "{" + name + "}";
        };
    }
}
