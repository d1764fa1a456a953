package org.onboarding.ziti;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.Map;

/**
 * The HTTPS edge API of the test instance listens on a free port chosen here, and that port is the advertised address
 * (the JWTs' {@code iss}): SDKs connect to exactly what the JWT names, so it cannot be a random port found after start.
 */
@QuarkusTestResource(EdgeTlsTestPort.class)
public class EdgeTlsTestPort implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        int port = freePort();
        // the plain port is chosen too: with one fixed and one random port the HTTP server metrics of the two
        // listeners differ in their tag keys (server.port), which Prometheus refuses
        return Map.of("quarkus.http.test-ssl-port", String.valueOf(port),
                "quarkus.http.test-port", String.valueOf(freePort()),
                "ziti.edge-api-address", "localhost:" + port);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void stop() {
    }
}
