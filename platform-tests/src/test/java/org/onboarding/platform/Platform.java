package org.onboarding.platform;

import org.onboarding.testsupport.PostgresTestResource;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The packaged apps ({@code <module>/target/quarkus-app/quarkus-run.jar}) started the way {@code ./platform up}
 * starts them: the prod profile, the DEV-ONLY keys handed in through the environment, each service on its own
 * database (here {@code <name>_platform_test}, created afresh by test-support on the TEST_PG_* server or an embedded
 * one), the gateway in front. Logs go to {@code platform-tests/target/platform/<app>.log}.
 */
final class Platform implements AutoCloseable {

    static final List<String> SERVICES = List.of("ziti-edge-service", "mdm-enrollment-service", "provisioning-service",
            "entitlement-service");
    private static final Map<String, String> DATABASES = Map.of("ziti-edge-service", "ziti_platform",
            "mdm-enrollment-service", "mdm_platform", "provisioning-service", "provisioning_platform",
            "entitlement-service", "entitlement_platform");

    final Path root = Path.of(System.getProperty("platform.root", "..")).toAbsolutePath().normalize();
    final Map<String, Integer> ports = new LinkedHashMap<>();
    private final List<Process> processes = new ArrayList<>();
    private final Map<String, Process> running = new LinkedHashMap<>();
    private final Map<String, Map<String, String>> environments = new LinkedHashMap<>();
    private Path logDir;

    /** Starts the four services and the gateway and waits until each is ready. */
    Platform start(Map<String, String> gatewayEnv) throws Exception {
        return start(gatewayEnv, Map.of());
    }

    /** The same, with more environment for some services (by module name). */
    Platform start(Map<String, String> gatewayEnv, Map<String, Map<String, String>> serviceEnv) throws Exception {
        for (String app : SERVICES) {
            ports.put(app, freePort());
        }
        ports.put("gateway", freePort());
        Path logs = root.resolve("platform-tests/target/platform");
        Files.createDirectories(logs);
        logDir = logs;
        String publicKey = root.resolve("dev-keys/DEV-ONLY-jwt-public.pem").toString();
        for (String service : SERVICES) {
            PostgresTestResource database = new PostgresTestResource();
            database.init(Map.of("database", DATABASES.get(service)));
            Map<String, String> db = database.start();
            Map<String, String> env = serviceEnv(root, service, ports.get(service), db);
            if (service.equals("mdm-enrollment-service")) {
                env.put("MDM_ENROLLMENT_PUBLIC_BASE_URL", "http://localhost:" + ports.get("gateway"));
            }
            if (service.equals("provisioning-service")) {
                env.put("ZITI_MANAGEMENT_URL", "http://127.0.0.1:" + ports.get("ziti-edge-service") + "/edge/management/v1");
                env.put("MDM_URL", "http://127.0.0.1:" + ports.get("mdm-enrollment-service"));
                // service tokens from the gateway's /auth/token (DEV-ONLY secret; issued under its "local" profile)
                env.put("PROVISIONING_TOKEN_URL", "http://127.0.0.1:" + ports.get("gateway"));
                env.put("PROVISIONING_ZITI_CLIENT_SECRET", "DEV-ONLY-provisioning-secret");
                env.put("PROVISIONING_MDM_CLIENT_SECRET", "DEV-ONLY-provisioning-secret");
            }
            env.putAll(serviceEnv.getOrDefault(service, Map.of()));
            launch(service, env, logs);
        }
        Map<String, String> env = new LinkedHashMap<>();
        env.put("QUARKUS_HTTP_PORT", Integer.toString(ports.get("gateway")));
        env.put("QUARKUS_PROFILE", "prod");
        env.put("QUARKUS_LOG_CONSOLE_JSON_ENABLED", "false");
        env.put("MP_JWT_VERIFY_PUBLICKEY_LOCATION", publicKey);
        env.put("GATEWAY_ROUTES_ZITI_URL", "http://127.0.0.1:" + ports.get("ziti-edge-service"));
        env.put("GATEWAY_ROUTES_MDM_URL", "http://127.0.0.1:" + ports.get("mdm-enrollment-service"));
        env.put("GATEWAY_ROUTES_PROVISIONING_URL", "http://127.0.0.1:" + ports.get("provisioning-service"));
        env.put("GATEWAY_ROUTES_ENTITLEMENT_URL", "http://127.0.0.1:" + ports.get("entitlement-service"));
        env.put("GATEWAY_TRUST_FORWARDED_HEADERS", "false");
        env.putAll(gatewayEnv);
        launch("gateway", env, logs);
        for (Map.Entry<String, Integer> app : ports.entrySet()) {
            awaitReady(app.getKey(), app.getValue(), logs);
        }
        return this;
    }

    int port(String app) {
        return ports.get(app);
    }

    /**
     * What a service needs in its environment to run here: its port, the DEV-ONLY keys, its database ({@code db} as
     * {@link PostgresTestResource#start()} gives it), mails kept in memory; ziti's TLS edge API on a free port.
     */
    static Map<String, String> serviceEnv(Path root, String service, int port, Map<String, String> db) throws IOException {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        env.put("QUARKUS_LOG_CONSOLE_JSON_ENABLED", "false");
        env.put("MP_JWT_VERIFY_PUBLICKEY_LOCATION", root.resolve("dev-keys/DEV-ONLY-jwt-public.pem").toString());
        env.put("QUARKUS_DATASOURCE_REACTIVE_URL", db.get("quarkus.datasource.reactive.url"));
        env.put("QUARKUS_DATASOURCE_JDBC_URL", db.get("quarkus.datasource.jdbc.url"));
        env.put("QUARKUS_DATASOURCE_USERNAME", db.get("quarkus.datasource.username"));
        env.put("QUARKUS_DATASOURCE_PASSWORD", db.get("quarkus.datasource.password"));
        env.put("QUARKUS_MAILER_MOCK", "true");
        if (service.equals("ziti-edge-service")) {
            Path keys = root.resolve("ziti-edge-service/src/main/resources/ziti-dev-keys");
            // its TLS edge API on a free port too (not the default 1280, which a running platform may hold)
            int edgeTlsPort = freePort();
            env.put("QUARKUS_HTTP_SSL_PORT", Integer.toString(edgeTlsPort));
            env.put("ZITI_EDGE_API_ADDRESS", "localhost:" + edgeTlsPort);
            env.put("ZITI_SIGNER_KEY_LOCATION", keys.resolve("DEV-ONLY-ziti-signer-key.pem").toString());
            env.put("ZITI_SIGNER_CERT_LOCATION", keys.resolve("DEV-ONLY-ziti-signer-cert.pem").toString());
            env.put("ZITI_EDGE_CA_KEY_LOCATION", keys.resolve("DEV-ONLY-ziti-edge-ca-key.pem").toString());
            env.put("ZITI_EDGE_CA_CERT_LOCATION", keys.resolve("DEV-ONLY-ziti-edge-ca-cert.pem").toString());
        }
        return env;
    }

    /** kill -9: the app's JVM dies at once, as in a crash (nothing of its shutdown runs). */
    void kill(String app) throws InterruptedException {
        Process process = running.get(app);
        process.destroyForcibly();
        process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS);
    }

    /** Starts an app again on the same port and environment (its log continues) and waits until it is ready. */
    void restart(String app) throws Exception {
        launch(app, environments.get(app), logDir);
        awaitReady(app, ports.get(app), logDir);
    }

    private void launch(String app, Map<String, String> env, Path logs) throws IOException {
        Process process = launch(root, app, logs.resolve(app + ".log"), env, environments.containsKey(app));
        processes.add(process);
        running.put(app, process);
        environments.put(app, env);
    }

    /** Starts {@code app}'s packaged jar with {@code env}, its output in {@code log}; does not wait for it. */
    static Process launch(Path root, String app, Path log, Map<String, String> env) throws IOException {
        return launch(root, app, log, env, false);
    }

    /** The same; with {@code append}, a restarted app's output continues its log. */
    static Process launch(Path root, String app, Path log, Map<String, String> env, boolean append) throws IOException {
        Path dir = root.resolve(app).resolve("target/quarkus-app");
        if (!Files.exists(dir.resolve("quarkus-run.jar"))) {
            throw new IllegalStateException(dir + "/quarkus-run.jar is missing: package the apps first (./mvnw verify does)");
        }
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder builder = new ProcessBuilder(java, "-XX:+UseSerialGC", "-Xmx192m", "-XX:TieredStopAtLevel=1",
                "-jar", "quarkus-run.jar")
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(append ? ProcessBuilder.Redirect.appendTo(log.toFile())
                        : ProcessBuilder.Redirect.to(log.toFile()));
        builder.environment().putAll(env);
        return builder.start();
    }

    static void awaitReady(String app, int port, Path logs) throws Exception {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> ready = client.send(HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + port + "/q/health/ready"))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                if (ready.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException(app + " not ready on port " + port + " within 180 s; see "
                + logs.resolve(app + ".log"));
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() {
        stopAll(processes);
    }

    /** Stops every process (SIGTERM), giving each 20 s before a SIGKILL. */
    static void stopAll(List<Process> processes) {
        for (Process process : processes) {
            process.destroy();
        }
        for (Process process : processes) {
            try {
                if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }
}
