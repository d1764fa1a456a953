package org.onboarding.provisioning.service;

import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Serves the API under a base path as well as at the root, the way the origin is deployed behind its API gateway
 * (one base URL per service, the UI calling {@code <base>/}, {@code <base>/health} and
 * {@code <base>/provisioning/...}). {@code GET /} and {@code GET /health} are ambiguous behind a gateway that fronts
 * several services; under the base path they are not, and the gateway routes them here unchanged. A request under
 * the base path whose remainder is one of the API's own paths is rerouted to that remainder; anything else goes on
 * as it came (so with the base {@code /provisioning}, {@code /provisioning/batches} stays the API's own route). See
 * the README, "Root, health and the base path".
 */
@ApplicationScoped
public class ApiBasePath {

    private static final String REROUTED = ApiBasePath.class.getName();

    private final String base;

    public ApiBasePath(@ConfigProperty(name = "provisioning.http.base-path") String base) {
        this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }

    void install(@Observes Router router) {
        if (!base.isEmpty()) {
            // before the REST endpoints; a reroute starts the router over, with security and all, on the new path
            router.route().order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 1).handler(this::reroute);
        }
    }

    /** The API path a request under the base path stands for, or null when it is not one. */
    String apiPath(String path) {
        if (path == null || !(path.equals(base) || path.startsWith(base + "/"))) {
            return null;
        }
        String rest = path.substring(base.length());
        if (rest.isEmpty() || rest.equals("/") || rest.equals("/health") || rest.startsWith("/provisioning/")) {
            return rest.isEmpty() ? "/" : rest;
        }
        return null;
    }

    private void reroute(RoutingContext ctx) {
        String target = ctx.get(REROUTED) == null ? apiPath(ctx.request().path()) : null;
        if (target == null) {
            ctx.next();
            return;
        }
        ctx.put(REROUTED, Boolean.TRUE);
        String query = ctx.request().query();
        ctx.reroute(query == null ? target : target + "?" + query);
    }
}
