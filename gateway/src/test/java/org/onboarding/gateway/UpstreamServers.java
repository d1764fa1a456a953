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
 * status and {@code ?date=D} the {@code Date} header; {@code /download?bytes=N} streams N bytes back;
 * {@code /broken} breaks off mid-body, {@code /broken-before-body} right after its head; paths ending in
 * {@code /hop-by-hop} answer with hop-by-hop headers (and a private header their {@code Connection} names).
 * <p>
 * Streaming proofs use a signal port (a loopback {@link java.net.ServerSocket} the test listens on):
 * {@code ?signal=P} on an upload connects to P as soon as the first body bytes arrive; on a download it sends the
 * first chunk, connects to P, and sends the rest only once the test writes a byte there (it gives up after 20 s).
 */
public class UpstreamServers implements QuarkusTestResourceLifecycleManager {

    private static final List<String> ROUTES = List.of("ziti", "mdm", "provisioning", "entitlement");
    private Vertx vertx;

    @Override
    public Map<String, String> start() {
        vertx = Vertx.vertx();
        Map<String, String> config = new HashMap<>();
        for (String route : ROUTES) {
            // request lines as long as the FOLIO service takes (CQL queries up to 32 KiB)
            HttpServer server = vertx.createHttpServer(new io.vertx.core.http.HttpServerOptions().setMaxInitialLineLength(32768))
                    .requestHandler(request -> answer(vertx, route, request));
            int port = await(server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture()).actualPort();
            config.put("gateway.routes." + route + ".url", "http://127.0.0.1:" + port);
        }
        config.put("gateway.routes.dead.url", "http://127.0.0.1:" + closedPort());
        config.put("gateway.routes.dead.prefixes", "/dead");
        config.put("gateway.routes.dead.api", "fastapi");
        config.put("gateway.routes.provisioning.read-timeout", "1s");
        config.put("gateway.rate-limit.requests-per-second", "1");
        config.put("gateway.rate-limit.burst", "100");
        // the 50 MB upload streams through this route; the others keep their services' limits
        config.put("gateway.routes.provisioning.max-body-size", "64M");
        // RestAssured leaves its connections open: no per-address cap here (ClientConnectionsTest has one)
        config.put("gateway.clients.max-connections-per-address", "0");
        return config;
    }

    private static void answer(Vertx vertx, String route, HttpServerRequest request) {
        String path = request.path();
        if (path.contains("/slow")) {
            return; // hold the request: the gateway's read timeout must answer for us
        }
        if (path.endsWith("/broken-before-body")) {
            // the head, then the connection goes before any of the body
            request.response().setChunked(true).putHeader("Content-Type", "text/plain")
                    .putHeader("X-Upstream-Head", "sent").writeHead().onSuccess(v -> request.connection().close());
            return;
        }
        if (path.endsWith("/broken")) {
            // the head and a first piece of a chunked body, then the connection goes: a service dying mid-answer
            request.response().setChunked(true).putHeader("Content-Type", "text/plain")
                    .write("the beginning of an answer").onSuccess(v -> request.connection().close());
            return;
        }
        if (path.endsWith("/download")) {
            long bytes = Long.parseLong(request.getParam("bytes"));
            var response = request.response().setChunked(true).putHeader("Content-Type", "application/octet-stream");
            Buffer chunk = Buffer.buffer(new byte[64 * 1024]);
            String signal = request.getParam("signal");
            if (signal == null) {
                writeChunks(response, chunk, bytes);
                return;
            }
            // the first chunk, then wait for the client to say it has it: a gateway that buffers the response
            // never lets it get there
            response.write(chunk).onSuccess(v -> vertx.createNetClient()
                    .connect(Integer.parseInt(signal), "127.0.0.1")
                    .onFailure(e -> request.connection().close())
                    .onSuccess(socket -> {
                        boolean[] going = {false};
                        long timer = vertx.setTimer(20_000, t -> {
                            socket.close();
                            request.connection().close();
                        });
                        socket.handler(go -> {
                            if (!going[0]) {
                                going[0] = true;
                                vertx.cancelTimer(timer);
                                socket.close();
                                writeChunks(response, chunk, bytes - chunk.length());
                            }
                        });
                    }));
            return;
        }
        long[] received = {0};
        String signal = request.getParam("signal");
        request.handler(buffer -> {
            if (received[0] == 0 && signal != null) {
                // first bytes of the body are here: tell the client, which holds the rest until then
                vertx.createNetClient().connect(Integer.parseInt(signal), "127.0.0.1")
                        .onSuccess(socket -> socket.close());
            }
            received[0] += buffer.length();
        });
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
            if (path.endsWith("/hop-by-hop")) {
                request.response()
                        .putHeader("Connection", "keep-alive, X-Upstream-Private")
                        .putHeader("X-Upstream-Private", "for the gateway only")
                        .putHeader("Keep-Alive", "timeout=5")
                        .putHeader("Proxy-Authenticate", "Basic realm=\"upstream\"")
                        .putHeader("Proxy-Authorization", "Basic dXA6c3RyZWFt")
                        .putHeader("TE", "trailers")
                        .putHeader("Trailer", "X-Checksum")
                        .putHeader("Upgrade", "websocket");
            }
            String date = request.getParam("date");
            if (date != null) {
                request.response().putHeader("Date", date);
            }
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
