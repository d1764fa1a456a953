package org.onboarding.gateway;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Real HTTP servers standing in for the four services (one per route, so routing is observable), plus a route to a
 * closed port. Each answers with what it received: method, path, query, headers and the byte count of the body,
 * which it counts as it streams in. Paths containing {@code /slow} are never answered; {@code ?status=N} sets the
 * status; {@code /download?bytes=N} streams N bytes back.
 */
public class UpstreamServers implements QuarkusTestResourceLifecycleManager {

    private static final List<String> ROUTES = List.of("ziti", "mdm", "provisioning", "entitlement");
    private Vertx vertx;

    @Override
    public Map<String, String> start() {
        vertx = Vertx.vertx();
        Map<String, String> config = new HashMap<>();
        for (String route : ROUTES) {
            HttpServer server = vertx.createHttpServer().requestHandler(request -> answer(route, request));
            int port = await(server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture()).actualPort();
            config.put("gateway.routes." + route + ".url", "http://127.0.0.1:" + port);
        }
        config.put("gateway.routes.dead.url", "http://127.0.0.1:" + closedPort());
        config.put("gateway.routes.dead.prefixes", "/dead");
        config.put("gateway.routes.dead.api", "fastapi");
        config.put("gateway.routes.provisioning.read-timeout", "1s");
        config.put("gateway.rate-limit.requests-per-second", "1");
        config.put("gateway.rate-limit.burst", "100");
        return config;
    }

    private static void answer(String route, HttpServerRequest request) {
        String path = request.path();
        if (path.contains("/slow")) {
            return; // hold the request: the gateway's read timeout must answer for us
        }
        if (path.endsWith("/download")) {
            long bytes = Long.parseLong(request.getParam("bytes"));
            var response = request.response().setChunked(true).putHeader("Content-Type", "application/octet-stream");
            Buffer chunk = Buffer.buffer(new byte[64 * 1024]);
            writeChunks(response, chunk, bytes);
            return;
        }
        long[] received = {0};
        request.handler(buffer -> received[0] += buffer.length());
        request.endHandler(done -> {
            JsonObject headers = new JsonObject();
            request.headers().forEach(h -> headers.put(h.getKey().toLowerCase(), h.getValue()));
            JsonObject echo = new JsonObject()
                    .put("upstream", route)
                    .put("method", request.method().name())
                    .put("path", path)
                    .put("query", request.query())
                    .put("headers", headers)
                    .put("bodyBytes", received[0]);
            String status = request.getParam("status");
            request.response()
                    .setStatusCode(status == null ? 200 : Integer.parseInt(status))
                    .putHeader("Content-Type", "application/json")
                    .putHeader("X-Upstream", route)
                    .putHeader("X-Request-Id", "upstream-made-this-up")
                    .end(echo.encode());
        });
    }

    private static void writeChunks(io.vertx.core.http.HttpServerResponse response, Buffer chunk, long remaining) {
        if (remaining <= 0) {
            response.end();
            return;
        }
        Buffer next = remaining >= chunk.length() ? chunk : chunk.getBuffer(0, (int) remaining);
        response.write(next).onSuccess(v -> writeChunks(response, chunk, remaining - next.length()));
    }

    private static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static <T> T await(java.util.concurrent.CompletableFuture<T> future) {
        try {
            return future.get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void stop() {
        if (vertx != null) {
            vertx.close();
        }
    }
}
