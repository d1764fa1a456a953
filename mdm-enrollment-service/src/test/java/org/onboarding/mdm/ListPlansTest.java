package org.onboarding.mdm;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.onboarding.testsupport.TestTokens;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.onboarding.mdm.Api.ADMIN;
import static org.onboarding.mdm.Api.as;

/**
 * The lists stay index-served on large tables (README "Lists: counts and indexes"). Each list request below is sent
 * to the running service, and the SQL Hibernate sends for it is captured from its SQL log. Then, in one transaction
 * that is rolled back, 100 000 tokens, devices, users and policy assignments (and 2 000 organisations, 20 000
 * policies) are inserted with plain SQL, the tables analysed, and the generic plan of every captured statement (the
 * plan for any parameter value) must not read a seeded table sequentially. Unfiltered lists must count through the
 * maintained counts, never with a {@code count(*)} of the listed table.
 */
@QuarkusTest
class ListPlansTest {

    private static final Logger SQL_LOG = Logger.getLogger("org.hibernate.SQL");
    private static final List<String> CAPTURED = java.util.Collections.synchronizedList(new ArrayList<>());
    private static final Handler CAPTURE = new Handler() {
        @Override
        public void publish(LogRecord record) {
            if (record.getMessage() != null) {
                CAPTURED.add(record.getMessage());
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private static final List<String> SEEDED = List.of("organization", "mdm_user", "win_policy",
            "win_enrollment_token", "win_policy_assignment", "win_device");
    /** The index each foreign-id filter is for. */
    private static final Map<String, String> FILTER_INDEXES = Map.of(
            "tokens mdm-user", "win_enrollment_token_user_idx",
            "tokens win-policy", "win_policy_assignment_policy_idx,win_enrollment_token_policy_idx",
            "devices mdm-user", "win_device_user_idx",
            "devices win-enrollment-token", "win_device_token_uq",
            "organizations of a claim", "organization_pkey,organization_slug_uq");
    private static final Pattern DOLLAR_PARAM = Pattern.compile("\\$(\\d+)");
    private static Level previousLevel;

    @BeforeAll
    static void captureSql() {
        previousLevel = SQL_LOG.getLevel();
        SQL_LOG.setLevel(Level.FINE);
        SQL_LOG.addHandler(CAPTURE);
    }

    @AfterAll
    static void stopCapturing() {
        SQL_LOG.removeHandler(CAPTURE);
        SQL_LOG.setLevel(previousLevel);
    }

    @Test
    void everyListFilterIsServedByAnIndexOnOneHundredThousandRows() throws SQLException {
        Map<String, String> org = Api.organization(true, 1000);
        String orgId = org.get("id");
        String employee = Api.user(orgId, "plans@example.com");
        String policy = Api.policy(orgId, "Plans");
        String token = Api.token(orgId, employee);
        String tokens = Api.tokens(orgId);
        String devices = "/v1/organizations/" + orgId + "/mdm/windows/enterprise/devices";

        Map<String, List<String>> requests = new LinkedHashMap<>();
        requests.put("tokens", sql(ADMIN, r -> r.get(tokens)));
        requests.put("tokens show-deleted", sql(ADMIN, r -> r.queryParam("show-deleted", true).get(tokens)));
        requests.put("tokens mdm-user", sql(ADMIN, r -> r.queryParam("mdm-user", employee).get(tokens)));
        requests.put("tokens win-policy", sql(ADMIN, r -> r.queryParam("win-policy", policy).get(tokens)));
        requests.put("tokens segmentId", sql(ADMIN, r -> r.queryParam("segmentId", 7).get(tokens)));
        requests.put("tokens sort name", sql(ADMIN, r -> r.queryParam("sort", "name:asc").get(tokens)));
        requests.put("tokens sort expireAt", sql(ADMIN, r -> r.queryParam("sort", "expireAt").get(tokens)));
        requests.put("token", sql(ADMIN, r -> r.get(tokens + "/" + token)));
        requests.put("devices", sql(ADMIN, r -> r.get(devices)));
        requests.put("devices mdm-user", sql(ADMIN, r -> r.queryParam("mdm-user", employee).get(devices)));
        requests.put("devices win-enrollment-token",
                sql(ADMIN, r -> r.queryParam("win-enrollment-token", token).get(devices)));
        requests.put("devices state", sql(ADMIN, r -> r.queryParam("state", "UNENROLLED").get(devices)));
        requests.put("users", sql(ADMIN, r -> r.get("/v1/organizations/" + orgId + "/mdm/users")));
        requests.put("users sort email", sql(ADMIN, r -> r.queryParam("sort", "email:asc")
                .get("/v1/organizations/" + orgId + "/mdm/users")));
        requests.put("policies", sql(ADMIN, r -> r.get("/v1/organizations/" + orgId
                + "/mdm/windows/enterprise/policies")));
        requests.put("policies sort name", sql(ADMIN, r -> r.queryParam("sort", "name")
                .get("/v1/organizations/" + orgId + "/mdm/windows/enterprise/policies")));
        requests.put("organizations of a claim", sql(TestTokens.token().subject("plans").groups("admin")
                .orgs(orgId, org.get("slug")).sign(), r -> r.get("/v1/organizations")));
        requests.put("organizations", sql(ADMIN, r -> r.get("/v1/organizations")));

        // unfiltered lists count through the maintained counts, not over their table
        for (String unfiltered : List.of("tokens", "tokens show-deleted", "devices", "devices state", "users",
                "policies", "organizations")) {
            List<String> statements = requests.get(unfiltered);
            assertTrue(statements.stream().anyMatch(s -> s.contains("mdm_list_count")), unfiltered + ": " + statements);
            assertFalse(statements.stream().anyMatch(s -> s.toLowerCase().contains("count(")),
                    unfiltered + " counts rows: " + statements);
        }

        try (Connection db = connect()) {
            db.setAutoCommit(false);
            try (Statement statement = db.createStatement()) {
                seed(statement);
                for (String table : SEEDED) {
                    statement.execute("ANALYZE " + table);
                }
                assertEquals(100_000, count(statement, "win_enrollment_token"));
                statement.execute("SET LOCAL plan_cache_mode = force_generic_plan");
                int n = 0;
                for (Map.Entry<String, List<String>> request : requests.entrySet()) {
                    assertFalse(request.getValue().isEmpty(), request.getKey() + " sent no SQL");
                    StringBuilder plans = new StringBuilder();
                    for (String sql : request.getValue()) {
                        String plan = genericPlan(statement, "plan_" + n++, sql);
                        plans.append(plan);
                        for (String table : SEEDED) {
                            assertFalse(plan.contains("Seq Scan on " + table + " "),
                                    request.getKey() + ": sequential scan of " + table + "\n" + sql + "\n" + plan);
                        }
                    }
                    String expected = FILTER_INDEXES.get(request.getKey());
                    if (expected != null) {
                        for (String index : expected.split(",")) {
                            assertTrue(plans.toString().contains(" " + index + " "),
                                    request.getKey() + " does not use " + index + "\n" + plans);
                        }
                    }
                    // the plans were made over the seeded tables, which an index served
                    assertTrue(SEEDED.stream().anyMatch(table -> Pattern.compile("(Index (Only )?Scan (Backward )?using \\w+|Bitmap Heap Scan) on "
                            + table + " ").matcher(plans).find()), request.getKey() + "\n" + plans);
                }
            } finally {
                db.rollback();
            }
        }
    }

    /** The SQL statements the service sends while it answers this request. */
    private static List<String> sql(String bearer, Function<RequestSpecification, io.restassured.response.Response> call) {
        CAPTURED.clear();
        call.apply(as(bearer)).then().statusCode(200);
        List<String> statements = new ArrayList<>(CAPTURED);
        CAPTURED.clear();
        return statements;
    }

    private static String genericPlan(Statement statement, String name, String sql) throws SQLException {
        String parameterised = sql;
        if (!DOLLAR_PARAM.matcher(sql).find()) {
            StringBuilder numbered = new StringBuilder();
            int index = 0;
            for (char c : sql.toCharArray()) {
                numbered.append(c == '?' ? "$" + ++index : String.valueOf(c));
            }
            parameterised = numbered.toString();
        }
        int parameters = 0;
        Matcher matcher = DOLLAR_PARAM.matcher(parameterised);
        while (matcher.find()) {
            parameters = Math.max(parameters, Integer.parseInt(matcher.group(1)));
        }
        statement.execute("PREPARE " + name + " AS " + parameterised);
        StringBuilder plan = new StringBuilder();
        try (ResultSet rows = statement.executeQuery("EXPLAIN EXECUTE " + name
                + (parameters == 0 ? "" : "(" + String.join(", ", java.util.Collections.nCopies(parameters, "NULL")) + ")"))) {
            while (rows.next()) {
                plan.append(rows.getString(1)).append('\n');
            }
        }
        statement.execute("DEALLOCATE " + name);
        return plan.toString();
    }

    /** Ids that real ObjectIds (which start with the creation time) never take. */
    private static String id(String number) {
        return "'f' || lpad(to_hex(" + number + "), 23, '0')";
    }

    private static void seed(Statement statement) throws SQLException {
        String orgOf = id("1 + g % 2000");
        statement.execute("INSERT INTO organization (id, slug, name, created_at, updated_at) SELECT " + id("g")
                + ", 'plan-org-' || g, 'Plan org ' || g, now(), now() FROM generate_series(1, 2000) g");
        statement.execute("INSERT INTO mdm_user (id, organization_id, email, name, created_at, updated_at) SELECT "
                + id("g") + ", " + orgOf + ", 'user' || g || '@plan.example', 'User ' || g,"
                + " now() - g * interval '1 second', now() FROM generate_series(1, 100000) g");
        statement.execute("INSERT INTO win_policy (id, organization_id, win_enterprise_id, name, version, config,"
                + " applications, scripts, admx_configs, assets, created_at, updated_at) SELECT " + id("g") + ", "
                + orgOf + ", " + id("0") + ", 'Policy ' || g, 1, '{}', '[]', '[]', '[]', '[]', now(), now()"
                + " FROM generate_series(1, 20000) g");
        statement.execute("INSERT INTO win_enrollment_token (id, organization_id, win_enterprise_id, mdm_user_id,"
                + " display_name, tags, state, config, type, sub_type, enrollment_link, enroll_code, win_policy_id,"
                + " send_email, segment_id, created_at, updated_at, expire_at) SELECT " + id("g") + ", " + orgOf
                + ", " + id("0") + ", " + id("g") + ", 'Token ' || g, '[]',"
                + " (ARRAY['PENDING', 'DONE', 'EXPIRED', 'DELETED'])[1 + g % 4], '{}', 'enrollment', 'standard',"
                + " 'https://mdm.example/enroll/windows/P' || g, 'P' || g,"
                + " CASE WHEN g % 10 = 0 THEN " + id("1 + g % 20000") + " END, false,"
                + " CASE WHEN g % 7 = 0 THEN g % 100 END, now() - g * interval '1 second', now(),"
                + " now() + interval '1 day' FROM generate_series(1, 100000) g");
        statement.execute("INSERT INTO win_policy_assignment (id, token_id, win_policy_id, priority, position)"
                + " SELECT " + id("g") + ", " + id("g") + ", " + id("1 + (g * 7) % 20000") + ", 1, 0"
                + " FROM generate_series(1, 100000) g");
        statement.execute("INSERT INTO win_device (id, organization_id, win_enterprise_id, token_id, mdm_user_id,"
                + " state, device_id, cert_serial, cert_fingerprint, cert_not_after, dev_info, created_at,"
                + " updated_at) SELECT " + id("g") + ", " + orgOf + ", " + id("0") + ", " + id("g") + ", " + id("g")
                + ", CASE WHEN g % 3 = 0 THEN 'UNENROLLED' ELSE 'ENROLLED' END, 'device-' || g, to_hex(g),"
                + " 'plan-' || g, now() + interval '1 year', '{}', now() - g * interval '1 second', now()"
                + " FROM generate_series(1, 100000) g");
    }

    private static long count(Statement statement, String table) throws SQLException {
        try (ResultSet row = statement.executeQuery("SELECT count(*) FROM " + table + " WHERE id LIKE 'f0000000000000000%'")) {
            row.next();
            return row.getLong(1);
        }
    }

    static Connection connect() throws SQLException {
        Config config = ConfigProvider.getConfig();
        return DriverManager.getConnection(config.getValue("quarkus.datasource.jdbc.url", String.class),
                config.getValue("quarkus.datasource.username", String.class),
                config.getValue("quarkus.datasource.password", String.class));
    }
}
