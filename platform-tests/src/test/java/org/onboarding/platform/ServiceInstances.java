package org.onboarding.platform;

import org.onboarding.testsupport.PostgresTestResource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Several instances of one packaged service ({@code <module>/target/quarkus-app}), each on its own free port, all on
 * one database ({@code <database>_test}, created afresh on the TEST_PG_* server or the embedded one), as replicas of a
 * Deployment run. Logs go to {@code platform-tests/target/platform/<database>-<n>.log}.
 */
final class ServiceInstances implements AutoCloseable {

    private final String service;
    private final String name;
    private final Map<String, String> db;
    private final Path root = Path.of(System.getProperty("platform.root", "..")).toAbsolutePath().normalize();
    private final Path logs = root.resolve("platform-tests/target/platform");
    private final List<Process> processes = new ArrayList<>();
    private final List<Integer> ports = new ArrayList<>();

    /**
     * Starts {@code count} instances of {@code service} on the fresh database {@code <database>_test} (the gateway:
     * none, {@code database} only names its logs), with
     * {@code env} on top of what {@link Platform#serviceEnv} gives, and waits until each is ready.
     */
    static ServiceInstances start(String service, String database, int count, Map<String, String> env) throws Exception {
        Map<String, String> db = Map.of();
        if (!service.equals("gateway")) {
            PostgresTestResource resource = new PostgresTestResource();
            resource.init(Map.of("database", database));
            db = resource.start();
        }
        ServiceInstances instances = new ServiceInstances(service, database, db);
        try {
            for (int i = 0; i < count; i++) {
                instances.launch(env);
            }
            for (int i = 0; i < count; i++) {
                Platform.awaitReady(instances.label(i), instances.port(i), instances.logs);
            }
        } catch (Exception | Error e) {
            instances.close();
            throw e;
        }
        return instances;
    }

    private ServiceInstances(String service, String name, Map<String, String> db) throws Exception {
        this.service = service;
        this.name = name;
        this.db = db;
        Files.createDirectories(logs);
    }

    private void launch(Map<String, String> extra) throws Exception {
        int port = Platform.freePort();
        Map<String, String> env = new LinkedHashMap<>(Platform.serviceEnv(root, service, port, db));
        env.values().removeIf(java.util.Objects::isNull);   // the gateway has no database
        env.putAll(extra);
        processes.add(Platform.launch(root, service, logs.resolve(label(processes.size()) + ".log"), env));
        ports.add(port);
    }

    private String label(int instance) {
        return name + "-" + instance;
    }

    int port(int instance) {
        return ports.get(instance);
    }

    String url(int instance) {
        return "http://127.0.0.1:" + port(instance);
    }

    int size() {
        return processes.size();
    }

    /** What instance {@code instance} logged so far. */
    String log(int instance) throws Exception {
        return Files.readString(logs.resolve(label(instance) + ".log"));
    }

    /**
     * kill -9: SIGKILL to the instance's JVM (the process started is the {@code java} command itself, no wrapper), no
     * shutdown hook runs. Returns once it is gone.
     */
    void kill(int instance) throws Exception {
        Process process = processes.get(instance);
        String command = process.info().command().orElse("");
        if (!command.endsWith("java")) {
            throw new IllegalStateException("pid " + process.pid() + " is not a JVM: " + command);
        }
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("instance " + label(instance) + " survived SIGKILL");
        }
        // 128 + SIGKILL (9): it was killed, not stopped
        if (process.exitValue() != 137) {
            throw new IllegalStateException("instance " + label(instance) + " exited with " + process.exitValue());
        }
    }

    /** A JDBC connection to the instances' database, to check what they stored. */
    Connection database() throws SQLException {
        return DriverManager.getConnection(db.get("quarkus.datasource.jdbc.url"), db.get("quarkus.datasource.username"),
                db.get("quarkus.datasource.password"));
    }

    @Override
    public void close() {
        Platform.stopAll(processes);
    }

    /** A condition the tests poll. */
    interface Check {
        boolean holds() throws Exception;
    }

    /** Polls {@code check} every 100 ms until it holds; fails after {@code atMost}. */
    static void awaitUntil(java.time.Duration atMost, Check check) throws Exception {
        long deadline = System.nanoTime() + atMost.toNanos();
        while (!check.holds()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + atMost);
            }
            Thread.sleep(100);
        }
    }
}
