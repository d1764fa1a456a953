package org.onboarding.provisioning;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;

import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A fake upstream: a real HTTP server on a free port, started before the application, its URL given as config. */
public abstract class FakeServer implements QuarkusTestResourceLifecycleManager {

    protected Vertx vertx;

    @Override
    public Map<String, String> start() {
        vertx = Vertx.vertx();
        HttpServer server = vertx.createHttpServer().requestHandler(this::handle);
        try {
            server.listen(0, "localhost").toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(getClass().getSimpleName() + " did not start", e);
        }
        return config("http://localhost:" + server.actualPort());
    }

    @Override
    public void stop() {
        if (vertx != null) {
            vertx.close();
        }
    }

    /** The application's configuration pointing at this server. */
    protected abstract Map<String, String> config(String baseUrl);

    protected abstract void handle(HttpServerRequest request);
}
