package org.onboarding.gateway.route;

import lombok.RequiredArgsConstructor;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.httpproxy.HttpProxy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.onboarding.gateway.GatewayConfig;
import org.onboarding.gateway.cors.RouteCors;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The front door: routes by path prefix to the four services with Vert.x {@link HttpProxy} on the Quarkus router,
 * on the event loop, streaming bodies both ways. Before proxying it checks the request's size against the route's
 * limits ({@link RequestLimits}), verifies the platform JWT found where the route's API reads it
 * ({@link RouteTokens}), then applies the client's rate limit and passes the token on as
 * {@code Authorization: Bearer} ({@link UpstreamForwarder}); a request the service would refuse is passed on for it
 * to refuse.
 */
@ApplicationScoped
@RequiredArgsConstructor
public class GatewayRoutes {

    private static final String REQUEST_ID = UpstreamErrors.REQUEST_ID;
    /** The OpenZiti login is answered by the gateway itself (see ZitiAuthenticateResource). */
    private static final String ZITI_AUTHENTICATE = "/edge/management/v1/authenticate";
    /** Route name in logs and metrics for what the gateway answers itself (token endpoints, /docs, /q/*, 404). */
    private static final String OWN = "gateway";
    static final int PROXY_ROUTE_ORDER = -250;
    /** Just before Quarkus' CORS filter (priority 300, route order -300). */
    private static final int CORS_ROUTE_ORDER = -301;

    private final GatewayConfig config;
    private final UpstreamRouteFactory routeFactory;
    private final RequestLimits limits;
    private final RouteTokens tokens;
    private final UpstreamForwarder forwarder;
    private final RequestMetrics metrics;
    private final List<UpstreamRoute> routes = new ArrayList<>();

    void install(@Observes Router router) {
        config.routes().forEach((name, route) -> routes.add(routeFactory.create(name, route)));
        // Order -250: after the CORS filter (priority 300, route order -300) and before Quarkus' HTTP-security
        // handlers (authentication at -200, then the REST auth-failure and template-path hook). A proxied request
        // needs none of those, as the gateway checks the token itself, and together they were ~10 % of its CPU
        // per proxied request (bench/NOTES.md). The gateway's own endpoints go on through them (ctx.next()).
        router.route().order(PROXY_ROUTE_ORDER).handler(this::handle);
        installRouteCors(router);
        router.get("/docs/:route/openapi").order(-99).handler(ctx -> {
            if (!proxyOpenApi(ctx.pathParam("route"), ctx)) {
                notFound(ctx);
            }
        });
        // after Quarkus' own routes (/q/*, REST endpoints): whatever is still unmatched is an unknown path
        router.route().order(Integer.MAX_VALUE - 1).handler(this::notFound);
    }

    /**
     * Preflights on the paths of a route with {@code cors-headers} are answered with those headers allowed too; just
     * before Quarkus' global CORS filter (route order -300), which handles everything else.
     */
    private void installRouteCors(Router router) {
        Map<UpstreamRoute, Handler<RoutingContext>> preflights = new HashMap<>();
        Config settings = ConfigProvider.getConfig();
        for (UpstreamRoute route : routes) {
            config.routes().get(route.name()).corsHeaders()
                    .ifPresent(headers -> preflights.put(route, RouteCors.preflight(settings, headers)));
        }
        if (preflights.isEmpty()) {
            return;
        }
        router.route().order(CORS_ROUTE_ORDER).handler(ctx -> {
            String path = ctx.request().path();
            UpstreamRoute route = RouteCors.isPreflight(ctx) && path != null ? find(path) : null;
            Handler<RoutingContext> preflight = route == null ? null : preflights.get(route);
            if (preflight != null) {
                preflight.handle(ctx);
            } else {
                ctx.next();
            }
        });
    }

    /** The routes, for /docs. */
    public List<String> routeNames() {
        return routes.stream().map(UpstreamRoute::name).toList();
    }

    /** Proxies {@code GET /docs/{name}/openapi} to that service's {@code /q/openapi}; false if no such route. */
    private boolean proxyOpenApi(String name, RoutingContext ctx) {
        for (UpstreamRoute route : routes) {
            if (route.name().equals(name)) {
                // handle() has put the request id on the response; the service sees the same one
                ctx.request().headers().set(REQUEST_ID, ctx.response().headers().get(REQUEST_ID));
                route.docsProxy().handle(ctx.request());
                return true;
            }
        }
        return false;
    }

    /** The request flow: normal form, route, size limits, public path or token, then on to the service. */
    private void handle(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        long started = System.nanoTime();
        String requestId = requestId(request);
        ctx.response().putHeader(REQUEST_ID, requestId);
        String path = request.path();
        // Routes and public paths are decided on the path the upstream will receive. The router normalises
        // (RFC 3986 dot segments, %2e, //) and matches on that, but HttpProxy forwards the raw path: a raw path that
        // is not in normal form (/edge/client/v1/../../management/...) would be checked as one path and served as
        // another, so it is refused. For an ordinary path Vert.x returns the very same String (no copy, no compare).
        String normalized = ctx.normalizedPath();
        if (path != null && path != normalized && !path.equals(normalized)) {
            metrics.recordOnEnd(ctx, OWN, started, requestId, null);
            GatewayErrors.reply(ctx, 400, GatewayErrors.body(400,
                    "The path is not in normal form (dot segments, encoded dots or slashes, empty segments)",
                    path, requestId), null, null);
            return;
        }
        UpstreamRoute route = path == null ? null : find(path);
        if (route == null || path.equals(ZITI_AUTHENTICATE)) {
            // answered by the gateway itself (REST endpoints, /docs, /q/*, the 404 fallback): same id, same log line
            metrics.recordOnEnd(ctx, OWN, started, requestId, null);
            ctx.next();
            return;
        }

        if (limits.refused(ctx, route, requestId, started)) {
            return;
        }
        if (route.isPublic(request.method(), path)) {
            forwarder.forward(ctx, route, null, started, requestId);
            return;
        }
        tokens.verify(request, route,
                verification -> forwarder.forward(ctx, route, verification, started, requestId));
    }

    private void notFound(RoutingContext ctx) {
        String requestId = ctx.response().headers().get(REQUEST_ID); // set by handle()
        GatewayErrors.reply(ctx, 404, GatewayErrors.body(404, "No service is routed at this path",
                ctx.request().path(), requestId), null, null);
    }

    private UpstreamRoute find(String path) {
        for (UpstreamRoute route : routes) {
            if (route.matches(path)) {
                return route;
            }
        }
        return null;
    }

    static String requestId(HttpServerRequest request) {
        String given = request.getHeader(REQUEST_ID);
        // keep a client's id if it is sane; never let it inject into logs or headers
        if (given != null && given.length() <= 128 && given.chars().allMatch(c -> c > 32 && c < 127)) {
            return given;
        }
        return RequestIds.next();
    }
}
