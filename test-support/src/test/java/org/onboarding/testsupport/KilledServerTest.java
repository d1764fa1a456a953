package org.onboarding.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue #2: "killing the PostgreSQL started by the test support mid-suite fails the tests loudly, not silently".
 * Plain JUnit, no Quarkus: the resource starts its embedded server exactly as for a service's tests, the server is
 * killed with SIGKILL while a connection is open, and the next statement must fail with a connection error at once
 * (no retry, no reconnect, no hang), as must a new connection.
 */
class KilledServerTest {

    /** Upper bound for one statement: a dead server must fail it, not leave it waiting. */
    private static final Duration NO_HANG = Duration.ofSeconds(30);

    @BeforeEach
    void onlyTheEmbeddedServer() {
        // a server named by TEST_PG_* (maybe the platform's own) is not ours to kill
        Assumptions.assumeFalse(PostgresTestResource.usesGivenServer(),
                "TEST_PG_HOST is set: these tests start and kill an embedded PostgreSQL only");
    }

    @Test
    void killingTheServerMidSuiteFailsTheNextStatementAndEveryNewConnection() throws Exception {
        Map<String, String> config = start("killed");
        String url = config.get("quarkus.datasource.jdbc.url");
        assertTrue(url.endsWith("/killed_test"), url);

        // socketTimeout: even if the kernel kept the socket half-open, the driver gives up instead of waiting
        String timeouts = "?socketTimeout=10&connectTimeout=10";
        try (Connection connection = connect(config, url + timeouts); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE device (id int PRIMARY KEY)");
            statement.execute("INSERT INTO device VALUES (1)");
            assertEquals(1, count(statement));

            List<Long> killed = PostgresTestResource.killEmbeddedServer();
            assertTrue(killed.size() > 1, "the postmaster and its backends: " + killed);
            for (long pid : killed) {
                assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "pid " + pid + " alive");
            }

            SQLException broken = assertThrows(SQLException.class,
                    () -> assertTimeoutPreemptively(NO_HANG, () -> count(statement)));
            // 08006 (the socket died) or 57P01 "terminating connection due to unexpected postmaster exit" (the
            // backend said goodbye before its SIGKILL landed): either way the connection is gone, not retried
            String state = String.valueOf(broken.getSQLState());
            assertTrue(state.startsWith("08") || state.startsWith("57P"),
                    "a connection error (SQLState 08xxx or 57Pxx), not " + state + ": " + broken);
            assertFalse(connection.isValid(5), "the connection still claims to be valid");
        }
        SQLException refused = assertThrows(SQLException.class,
                () -> assertTimeoutPreemptively(NO_HANG, () -> connect(config, url + timeouts).close()));
        assertEquals("08001", refused.getSQLState(), refused.toString());
        assertTrue(PostgresTestResource.embeddedServerInstance().isEmpty(), "the dead server is forgotten");
    }

    @Test
    void testsGetTheirOwnDatabaseAndNeverTouchThePlatformsOfTheSameName() throws Exception {
        // a server that also holds the platform's database "ziti" (as ./platform pg hands out its own server)
        Map<String, String> first = start("ziti");
        String server = first.get("quarkus.datasource.jdbc.url").replaceFirst("/ziti_test$", "");
        try (Connection admin = connect(first, server + "/postgres"); Statement statement = admin.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS ziti");
            statement.execute("CREATE DATABASE ziti");
        }
        try (Connection platform = connect(first, server + "/ziti"); Statement statement = platform.createStatement()) {
            statement.execute("CREATE TABLE device (id int PRIMARY KEY)");
            statement.execute("INSERT INTO device VALUES (1)");
        }

        // the next test JVM (or Quarkus start) for the ziti service recreates its database
        Map<String, String> again = start("ziti");
        assertEquals(server + "/ziti_test", again.get("quarkus.datasource.jdbc.url"));
        assertEquals("postgresql:" + server.substring("jdbc:postgresql:".length()) + "/ziti_test",
                again.get("quarkus.datasource.reactive.url"));
        try (Connection platform = connect(again, server + "/ziti"); Statement statement = platform.createStatement()) {
            assertEquals(1, count(statement), "the platform's database lost its data");
        }
        assertEquals("ziti_test", PostgresTestResource.testDatabaseName("ziti"));
        assertEquals("ziti_test", PostgresTestResource.testDatabaseName("ziti_test"));
        assertThrows(IllegalArgumentException.class, () -> PostgresTestResource.testDatabaseName("ziti; DROP"));
    }

    private static Map<String, String> start(String database) {
        PostgresTestResource resource = new PostgresTestResource();
        resource.init(Map.of("database", database));
        return resource.start();
    }

    private static Connection connect(Map<String, String> config, String url) throws SQLException {
        return DriverManager.getConnection(url, config.get("quarkus.datasource.username"),
                config.get("quarkus.datasource.password"));
    }

    private static int count(Statement statement) throws SQLException {
        try (ResultSet rows = statement.executeQuery("SELECT count(*) FROM device")) {
            rows.next();
            return rows.getInt(1);
        }
    }
}
