package org.onboarding.platform;

import com.sun.net.httpserver.HttpServer;
import org.onboarding.testsupport.TestTokens;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

/**
 * The platform's token endpoint for tests that run provisioning without a gateway: {@code POST /auth/token} answers
 * every client-credentials request with a DEV-ONLY admin token, as the gateway's issuer does for the
 * {@code provisioning-service-ziti} account.
 */
final class TokenEndpointStub implements AutoCloseable {

    private final HttpServer server;

    private TokenEndpointStub(HttpServer server) {
        this.server = server;
    }

    static TokenEndpointStub start() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/auth/token", exchange -> {
            String form = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            boolean clientCredentials = exchange.getRequestMethod().equals("POST")
                    && form.contains("grant_type=client_credentials");
            String token = TestTokens.token().subject("provisioning-service-ziti").groups("admin")
                    .expiresAt(Instant.now().plus(Duration.ofHours(1))).sign();
            byte[] body = (clientCredentials
                    ? "{\"access_token\":\"" + token + "\",\"token_type\":\"Bearer\",\"expires_in\":3600}"
                    : "{\"error\":\"unsupported_grant_type\"}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(clientCredentials ? 200 : 400, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        return new TokenEndpointStub(server);
    }

    /** The base URL provisioning's PROVISIONING_TOKEN_URL takes. */
    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
