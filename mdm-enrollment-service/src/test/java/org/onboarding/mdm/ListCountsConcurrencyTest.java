package org.onboarding.mdm;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import org.onboarding.testsupport.AtOnce;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.onboarding.mdm.Api.ADMIN;
import static org.onboarding.mdm.Api.as;
import static org.onboarding.mdm.Api.tokens;

/**
 * The maintained list counts (README "Lists: counts and indexes") stay exact under concurrent writes: 50 concurrent
 * creations and deletions through the API, plus multi-row SQL inserts, updates and deletes meanwhile, leave every
 * count equal to {@code count(*)} of its rows, and the lists' {@code totalDocs} says so.
 */
@QuarkusTest
class ListCountsConcurrencyTest {

    private static final String ACTUAL = "SELECT 'win_enrollment_token', organization_id, state, count(*)"
            + " FROM win_enrollment_token GROUP BY 2, 3"
            + " UNION ALL SELECT 'win_device', organization_id, state, count(*) FROM win_device GROUP BY 2, 3"
            + " UNION ALL SELECT 'mdm_user', organization_id, '', count(*) FROM mdm_user WHERE deleted_at IS NULL"
            + " GROUP BY 2"
            + " UNION ALL SELECT 'win_policy', organization_id, '', count(*) FROM win_policy WHERE deleted_at IS NULL"
            + " GROUP BY 2"
            + " UNION ALL SELECT 'organization', '', '', count(*) FROM organization HAVING count(*) > 0";
    private static final String MAINTAINED = "SELECT list, organization_id, state, sum(n) FROM mdm_list_count"
            + " GROUP BY 1, 2, 3 HAVING sum(n) <> 0";
    private static final java.util.concurrent.atomic.AtomicInteger BULK = new java.util.concurrent.atomic.AtomicInteger();

    @Test
    void fiftyConcurrentCreatesAndDeletesLeaveEveryCountEqualToCountStar() throws Exception {
        String org = Api.organization(true, 1000).get("id");
        String users = "/v1/organizations/" + org + "/mdm/users";
        String policies = "/v1/organizations/" + org + "/mdm/windows/enterprise/policies";
        String devices = "/v1/organizations/" + org + "/mdm/windows/enterprise/devices";
        String employee = Api.user(org, "counts@example.com");
        List<String> doomedTokens = new ArrayList<>();
        List<String> doomedUsers = new ArrayList<>();
        List<String> doomedPolicies = new ArrayList<>();
        List<String> enrolledTokens = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            doomedTokens.add(Api.token(org, employee));
            doomedUsers.add(Api.user(org, "doomed" + i + "@example.com"));
            enrolledTokens.add(Api.token(org, employee));
        }
        for (int i = 0; i < 5; i++) {
            doomedPolicies.add(Api.policy(org, "Doomed " + i));
        }
        List<String> deviceIds = new ArrayList<>();
        try (Connection db = ListPlansTest.connect(); Statement sql = db.createStatement()) {
            for (int i = 0; i < enrolledTokens.size(); i++) {
                String deviceId = String.format("%024x", 0xc0de0000L + System.nanoTime() % 1_000_000 * 100 + i);
                deviceIds.add(deviceId);
                sql.execute("INSERT INTO win_device (id, organization_id, win_enterprise_id, token_id, mdm_user_id,"
                        + " state, device_id, cert_serial, cert_fingerprint, cert_not_after, dev_info, created_at,"
                        + " updated_at) SELECT '" + deviceId + "', organization_id, win_enterprise_id, id, mdm_user_id,"
                        + " 'ENROLLED', 'dev-" + deviceId + "', '1', 'fp-" + deviceId + "', now() + interval '1 year',"
                        + " '{}', now(), now() FROM win_enrollment_token WHERE id = '" + enrolledTokens.get(i) + "'");
            }
        }

        List<Callable<Integer>> writes = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            int n = i;
            writes.add(() -> as(ADMIN).body(Map.of("mdmUserId", employee, "sendEmail", false)).post(tokens(org))
                    .then().extract().statusCode());
            writes.add(() -> as(ADMIN).delete(tokens(org) + "/" + doomedTokens.get(n)).then().extract().statusCode());
            writes.add(() -> as(ADMIN).body(Map.of("email", "new" + n + "@example.com")).post(users)
                    .then().extract().statusCode());
            writes.add(() -> as(ADMIN).delete(users + "/" + doomedUsers.get(n)).then().extract().statusCode());
            if (n < 3) {
                writes.add(() -> as(ADMIN).body(Map.of("name", "New " + n)).post(policies).then().extract().statusCode());
            } else if (n < 5) {
                writes.add(() -> as(ADMIN).delete(policies + "/" + doomedPolicies.get(n)).then().extract().statusCode());
            } else {
                writes.add(() -> as(ADMIN).delete(devices + "/" + deviceIds.get(n)).then().extract().statusCode());
            }
        }
        assertEquals(50, writes.size());
        // multi-row statements at the same time: 200 tokens in one INSERT, then one UPDATE and one DELETE of them
        Callable<Integer> bulkSql = () -> {
            try (Connection db = ListPlansTest.connect(); Statement sql = db.createStatement()) {
                String prefix = String.format("%08x", BULK.incrementAndGet() + (System.nanoTime() & 0xffff0000L));
                sql.execute("INSERT INTO win_enrollment_token (id, organization_id, win_enterprise_id, mdm_user_id,"
                        + " tags, state, config, type, sub_type, enrollment_link, enroll_code, send_email, created_at,"
                        + " updated_at, expire_at) SELECT '" + prefix + "' || lpad(to_hex(g), 16, '0'), u.organization_id,"
                        + " o.win_enterprise_id, u.id, '[]', 'PENDING', '{}', 'enrollment', 'standard', 'link',"
                        + " 'BULK" + prefix + "' || g, false, now(), now(), now() + interval '1 day'"
                        + " FROM mdm_user u JOIN organization o ON o.id = u.organization_id,"
                        + " generate_series(1, 200) g WHERE u.id = '" + employee + "'");
                sql.execute("UPDATE win_enrollment_token SET state = 'EXPIRED' WHERE enroll_code LIKE 'BULK" + prefix
                        + "%' AND length(enroll_code) % 2 = 0");
                sql.execute("DELETE FROM win_enrollment_token WHERE enroll_code LIKE 'BULK" + prefix + "%'"
                        + " AND right(enroll_code, 1) IN ('1', '2', '3')");
                return 200;
            }
        };
        writes.add(bulkSql);
        writes.add(bulkSql);
        // and the service's compaction of the counts, now and then
        writes.add(() -> {
            try (Connection db = ListPlansTest.connect(); Statement sql = db.createStatement()) {
                for (int i = 0; i < 20; i++) {
                    sql.execute("SELECT mdm_list_count_compact()");
                    Thread.sleep(5);
                }
                return 200;
            }
        });

        for (int status : AtOnce.run(writes)) {
            assertEquals(200, status);
        }

        try (Connection db = ListPlansTest.connect(); Statement sql = db.createStatement()) {
            assertEquals(counts(sql, ACTUAL), counts(sql, MAINTAINED));
            long liveTokens = single(sql, "SELECT count(*) FROM win_enrollment_token WHERE organization_id = '" + org
                    + "' AND state <> 'DELETED'");
            long allTokens = single(sql, "SELECT count(*) FROM win_enrollment_token WHERE organization_id = '" + org
                    + "'");
            as(ADMIN).get(tokens(org)).then().body("data.totalDocs", equalTo((int) liveTokens));
            as(ADMIN).queryParam("show-deleted", true).get(tokens(org)).then()
                    .body("data.totalDocs", equalTo((int) allTokens));
            // 1 + 10 doomed - 10 deleted + 10 new
            as(ADMIN).get(users).then().body("data.totalDocs", equalTo(11));
            // 5 + 3 new - 2 deleted
            as(ADMIN).get(policies).then().body("data.totalDocs", equalTo(6));
            as(ADMIN).queryParam("state", "UNENROLLED").get(devices).then().body("data.totalDocs", equalTo(5));
            as(ADMIN).queryParam("state", "ENROLLED").get(devices).then().body("data.totalDocs", equalTo(5));
            // 20 before, 10 created, and twice 200 inserted by SQL of which 60 deleted (codes ending in 1, 2, 3)
            assertEquals(20 + 10 + 2 * (200 - 60), allTokens);
        }
    }

    /**
     * A token INSERT covering two organisations (its rows PENDING and DONE) counts each organisation's rows and its
     * PENDING tokens; two such statements listing the organisations in opposite orders, at the same time as API
     * creations in both, neither deadlock nor lose a count; the counter updates of the organisation rows leave the
     * organisation list's count alone.
     */
    @Test
    void multiOrganisationInsertsKeepTheListCountsAndThePendingCounters() throws Exception {
        String first = Api.organization(true, 1000).get("id");
        String second = Api.organization(true, 1000).get("id");
        String firstEmployee = Api.user(first, "multi-org-a@example.com");
        String secondEmployee = Api.user(second, "multi-org-b@example.com");
        // the first creation of each organisation makes its Windows enterprise, which the SQL rows refer to
        Api.token(first, firstEmployee);
        Api.token(second, secondEmployee);
        List<Callable<Integer>> writes = new ArrayList<>();
        for (String order : List.of("ASC", "DESC")) {
            writes.add(() -> {
                try (Connection db = ListPlansTest.connect(); Statement sql = db.createStatement()) {
                    String prefix = String.format("%08x", BULK.incrementAndGet() + (System.nanoTime() & 0xffff0000L));
                    // 30 rows per organisation, every third one DONE, the organisations interleaved in this order
                    return sql.executeUpdate("INSERT INTO win_enrollment_token (id, organization_id,"
                            + " win_enterprise_id, mdm_user_id, tags, state, config, type, sub_type, enrollment_link,"
                            + " enroll_code, send_email, created_at, updated_at, expire_at)"
                            + " SELECT '" + prefix + "' || lpad(to_hex(g * 2 + (u.organization_id = '" + second
                            + "')::int), 16, '0'), u.organization_id, o.win_enterprise_id, u.id, '[]',"
                            + " CASE WHEN g % 3 = 0 THEN 'DONE' ELSE 'PENDING' END, '{}', 'enrollment', 'standard',"
                            + " 'link', 'MULTI" + prefix + "-' || g || '-' || u.id, false, now(), now(),"
                            + " now() + interval '1 day'"
                            + " FROM generate_series(1, 30) g, mdm_user u JOIN organization o ON o.id = u.organization_id"
                            + " WHERE u.id IN ('" + firstEmployee + "', '" + secondEmployee + "')"
                            + " ORDER BY g, u.organization_id " + order) == 60 ? 200 : 500;
                }
            });
        }
        for (int i = 0; i < 5; i++) {
            writes.add(() -> as(ADMIN).body(Map.of("mdmUserId", firstEmployee, "sendEmail", false))
                    .post(tokens(first)).then().extract().statusCode());
            writes.add(() -> as(ADMIN).body(Map.of("mdmUserId", secondEmployee, "sendEmail", false))
                    .post(tokens(second)).then().extract().statusCode());
        }
        for (int status : AtOnce.run(writes)) {
            assertEquals(200, status);
        }

        try (Connection db = ListPlansTest.connect(); Statement sql = db.createStatement()) {
            assertEquals(counts(sql, ACTUAL), counts(sql, MAINTAINED));
            for (String org : List.of(first, second)) {
                // 2 × 20 PENDING by SQL and 6 by the API; 2 × 10 DONE
                assertEquals(46, single(sql, "SELECT win_pending_tokens FROM organization WHERE id = '" + org + "'"));
                assertEquals(46, single(sql, "SELECT count(*) FROM win_enrollment_token WHERE organization_id = '"
                        + org + "' AND state = 'PENDING'"));
                as(ADMIN).get(tokens(org)).then().body("data.totalDocs", equalTo(66));
            }
        }
    }

    private static Map<String, Long> counts(Statement sql, String query) throws SQLException {
        Map<String, Long> counts = new TreeMap<>();
        try (ResultSet rows = sql.executeQuery(query)) {
            while (rows.next()) {
                counts.put(rows.getString(1) + "/" + rows.getString(2) + "/" + rows.getString(3), rows.getLong(4));
            }
        }
        return counts;
    }

    private static long single(Statement sql, String query) throws SQLException {
        try (ResultSet row = sql.executeQuery(query)) {
            row.next();
            return row.getLong(1);
        }
    }
}
