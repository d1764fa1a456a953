package org.onboarding.gateway.route;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.httpproxy.HttpProxy;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyInterceptor;
import io.vertx.httpproxy.ProxyResponse;
import io.vertx.core.Future;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.onboarding.gateway.GatewayConfig;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.onboarding.gateway.auth.PlatformTokenVerifier;
import org.onboarding.gateway.cors.RouteCors;
import org.onboarding.gateway.auth.PlatformTokenVerifier.Verification;
import org.onboarding.gateway.route.ApiStyle.Credentials;
import org.onboarding.gateway.ratelimit.ClientRateLimiter;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The front door: routes by path prefix to the four services with Vert.x {@link HttpProxy} on the Quarkus router,
 * on the event loop, streaming bodies both ways. Before proxying it checks the request's size against the route's
 * limits, verifies the platform JWT found where the route's API reads it, applies the client's rate limit and passes
 * the token on as {@code Authorization: Bearer}; a request the service would refuse is passed on for it to refuse.
 */
@ApplicationScoped
public class GatewayRoutes {

    private static final String REQUEST_ID = UpstreamErrors.REQUEST_ID;
    /** The OpenZiti login is answered by the gateway itself (see ZitiAuthenticateResource). */
    private static final String ZITI_AUTHENTICATE = "/edge/management/v1/authenticate";
    /** Route name in logs and metrics for what the gateway answers itself (token endpoints, /docs, /q/*, 404). */
    private static final String OWN = "gateway";
    static final int PROXY_ROUTE_ORDER = -250;
    /** Just before Quarkus' CORS filter (priority 300, route order -300). */
    private static final int CORS_ROUTE_ORDER = -301;
    static final int CLIENT_CLOSED_REQUEST = 499;

    private final GatewayConfig config;
    private final Vertx vertx;
    private final PlatformTokenVerifier verifier;
    private final ClientRateLimiter rateLimiter;
    private final MeterRegistry registry;
    private final List<UpstreamRoute> routes = new ArrayList<>();
    private final Map<String, Counter> upstreamErrors = new ConcurrentHashMap<>();
    private final Map<String, Timer> requestTimers = new ConcurrentHashMap<>();
    private final boolean trustForwardedHeaders;
    private final boolean trustClientCert;
    private final String clientCertHeader;

    public GatewayRoutes(GatewayConfig config, Vertx vertx, PlatformTokenVerifier verifier,
                         ClientRateLimiter rateLimiter, MeterRegistry registry) {
        this.config = config;
        this.vertx = vertx;
        this.verifier = verifier;
        this.rateLimiter = rateLimiter;
        this.registry = registry;
        this.trustForwardedHeaders = config.trustForwardedHeaders();
        this.trustClientCert = config.clientCertHeader().trusted();
        this.clientCertHeader = config.clientCertHeader().name();
    }

    void install(@Observes Router router) {
        config.routes().forEach((name, route) -> routes.add(upstream(name, route)));
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
            ctx.addEndHandler(done -> record(OWN, ctx, started, requestId, null));
            reply(ctx, 400, GatewayErrors.body(400,
                    "The path is not in normal form (dot segments, encoded dots or slashes, empty segments)",
                    path, requestId), null, null);
            return;
        }
        UpstreamRoute route = path == null ? null : find(path);
        if (route == null || path.equals(ZITI_AUTHENTICATE)) {
            // answered by the gateway itself (REST endpoints, /docs, /q/*, the 404 fallback): same id, same log line
            ctx.addEndHandler(done -> record(OWN, ctx, started, requestId, null));
            ctx.next();
            return;
        }

        if (tooLong(ctx, route, requestId, started)) {
            return;
        }
        if (route.isPublic(request.method(), path)) {
            forward(ctx, route, null, started, requestId);
            return;
        }
        Credentials credentials = route.api().credentials(request.headers());
        if (credentials.token() == null) {
            // no token, or two that disagree: the service's refusal, answered by the service itself
            forward(ctx, route, Verification.INVALID, started, requestId);
            return;
        }
        Verification known = verifier.known(credentials.token());
        if (known != null) {
            forward(ctx, route, known, started, requestId);
        } else if (verifier.mayBlock()) {
            // keys from a JWKS URL: verify on a worker, holding the body until the request goes on
            request.pause();
            vertx.executeBlocking(() -> verifier.verify(credentials.token()), false)
                    .onComplete(verified -> forward(ctx, route,
                            verified.succeeded() ? verified.result() : Verification.INVALID, started, requestId));
        } else {
            forward(ctx, route, verifier.verify(credentials.token()), started, requestId);
        }
    }

    /**
     * A request line or a declared body longer than the route's service accepts: answered 414/413 in the API's
     * envelope, before anything reaches the service (and not counted against it). The connection is closed after a
     * 413, as the body it announced is not read.
     */
    private boolean tooLong(RoutingContext ctx, UpstreamRoute route, String requestId, long started) {
        HttpServerRequest request = ctx.request();
        // the request line as the service's HTTP decoder measures it: METHOD SP URI SP HTTP/1.x
        int line = request.method().name().length() + request.uri().length() + 10;
        if (line > route.maxInitialLineLength()) {
            ctx.addEndHandler(done -> record(route.name(), ctx, started, requestId, null));
            reply(ctx, 414, route.api().error(414, "The request line is longer than the "
                    + route.maxInitialLineLength() + " bytes this API accepts", requestId), null, null);
            return true;
        }
        long declared = contentLength(request);
        if (declared > route.maxBodySize()) {
            ctx.addEndHandler(done -> record(route.name(), ctx, started, requestId, null));
            payloadTooLarge(ctx, route, requestId);
            return true;
        }
        return false;
    }

    /** The request's body stays unread: the connection cannot carry another request after this answer. */
    private static void closeAfterResponse(RoutingContext ctx) {
        ctx.response().putHeader("Connection", "close")
                .endHandler(done -> ctx.request().connection().close());
    }

    private static void payloadTooLarge(RoutingContext ctx, UpstreamRoute route, String requestId) {
        closeAfterResponse(ctx);
        reply(ctx, 413, route.api().error(413, "The request body is larger than the " + route.maxBodySize()
                + " bytes this API accepts", requestId), null, null);
    }

    /** The declared Content-Length; -1 without one (chunked or no body), Long.MAX_VALUE when unreadable. */
    private static long contentLength(HttpServerRequest request) {
        String length = request.getHeader("Content-Length");
        if (length == null) {
            return -1;
        }
        try {
            return Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }

    /**
     * Rate limit, then proxy. {@code verification} is null on public paths. A request the service will refuse (no
     * token, an invalid one, two that disagree) goes on without its body and with its own headers, so that the client
     * gets the service's own answer: status, body, {@code WWW-Authenticate}, and nothing of the gateway's to keep in
     * step with it.
     */
    private void forward(RoutingContext ctx, UpstreamRoute route, Verification verification, long started,
                         String requestId) {
        HttpServerRequest request = ctx.request();
        String subject = verification == null ? null : verification.subject();
        ctx.addEndHandler(done -> record(route.name(), ctx, started, requestId, subject));

        long retryAfter = rateLimiter.acquire(subject != null ? "sub:" + subject : "ip:" + clientIp(request));
        if (retryAfter > 0) {
            reply(ctx, 429, route.api().error(429, "Too many requests", requestId), "Retry-After", Long.toString(retryAfter));
            return;
        }

        MultiMap headers = request.headers();
        // first: headers the client's Connection header names are for this hop only (before we add ours)
        UpstreamHeaders.dropConnectionNamed(headers);
        headers.set(REQUEST_ID, requestId);
        // identity headers are the gateway's to set, never the client's
        headers.remove("X-User-Id");
        headers.remove("X-User-Roles");
        if (!trustClientCert) {
            headers.remove(clientCertHeader);
        }
        UpstreamHeaders.forwarded(headers, clientIp(request), request.scheme(), request.authority(), trustForwardedHeaders);
        if (verification != null && !verification.valid()) {
            if (hasBody(request)) {
                closeAfterResponse(ctx);
            }
            BodyOverride.send(route.proxy(), request, Buffer.buffer());
            return;
        }
        if (verification != null) {
            headers.set("Authorization", "Bearer " + verification.token());
            // one token upstream, the verified one: a second token in another header could be read by the service
            // (ziti prefers zt-session) as a different user than the one checked and rate-limited here
            headers.remove(ApiStyle.ZT_SESSION);
            headers.remove(ApiStyle.OKAPI_TOKEN);
            headers.set("X-User-Id", subject);
            headers.set("X-User-Roles", verification.groups());
        }
        if (contentLength(request) < 0 && hasBody(request)) {
            readChunkedBody(ctx, route, requestId);
        } else {
            route.proxy().handle(request);
        }
    }

    /**
     * A chunked body has no length to check up front: it is read (up to the route's limit, so at most that much is
     * held) and sent on with its Content-Length, or answered 413 once it passes the limit, before any of it is
     * forwarded.
     */
    private void readChunkedBody(RoutingContext ctx, UpstreamRoute route, String requestId) {
        HttpServerRequest request = ctx.request();
        long limit = route.maxBodySize();
        Buffer body = Buffer.buffer();
        request.handler(chunk -> {
            if (body.length() + (long) chunk.length() > limit) {
                request.handler(null);
                request.endHandler(null);
                if (!ctx.response().ended()) {
                    payloadTooLarge(ctx, route, requestId);
                }
                return;
            }
            body.appendBuffer(chunk);
        });
        request.endHandler(end -> {
            request.handler(null);
            if (!ctx.response().ended()) {
                BodyOverride.send(route.proxy(), request, body);
            }
        });
        request.resume();
    }

    private static boolean hasBody(HttpServerRequest request) {
        long length = contentLength(request);
        return length > 0 || length < 0 && request.headers().contains("Transfer-Encoding");
    }

    private void notFound(RoutingContext ctx) {
        String requestId = ctx.response().headers().get(REQUEST_ID); // set by handle()
        reply(ctx, 404, GatewayErrors.body(404, "No service is routed at this path", ctx.request().path(), requestId),
                null, null);
    }

    private UpstreamRoute find(String path) {
        for (UpstreamRoute route : routes) {
            if (route.matches(path)) {
                return route;
            }
        }
        return null;
    }

    private UpstreamRoute upstream(String name, GatewayConfig.Route route) {
        URI url = route.url();
        boolean tls = "https".equalsIgnoreCase(url.getScheme());
        int port = url.getPort() > 0 ? url.getPort() : tls ? 443 : 80;
        SocketAddress origin = SocketAddress.inetSocketAddress(port, url.getHost());
        long connectMillis = route.connectTimeout().toMillis();
        long readMillis = route.readTimeout().toMillis();

        HttpClientOptions clientOptions = new HttpClientOptions()
                .setSsl(tls)
                .setKeepAlive(true)
                .setConnectTimeout((int) connectMillis)
                .setKeepAliveTimeout(60)
                .setName("gateway-" + name);
        PoolOptions poolOptions = new PoolOptions()
                .setHttp1MaxSize(route.maxConnections())
                .setMaxWaitQueueSize(route.maxWaitQueue());

        // HttpProxy 4.5 has no per-request timeout: connect timeout on the origin request, read timeout armed
        // once the body is sent (ReadTimeout)
        ReadTimeout readTimeout = new ReadTimeout(readMillis);
        UpstreamErrors errors = new UpstreamErrors(name, this::countUpstreamError);
        ResponseRelay relay = new ResponseRelay(name, kind -> countUpstreamError(name, kind));
        // One client (own pool) per event loop: Vert.x opens a connection on the loop that asked for it but hands
        // pooled connections to any loop, and a request whose upstream connection lives on another loop costs two
        // thread hand-offs per exchange (profiled: bench/NOTES.md). Per loop, every exchange stays on one thread.
        ThreadLocal<HttpProxy> proxy = ThreadLocal.withInitial(() -> HttpProxy
                .reverseProxy(vertx.createHttpClient(clientOptions, poolOptions))
                .origin(context -> context.client()
                        .request(new RequestOptions().setServer(origin).setConnectTimeout(connectMillis))
                        .map(request -> {
                            readTimeout.created(context, request);
                            return request;
                        }))
                .addInterceptor(new BodyOverride())
                .addInterceptor(relay)
                .addInterceptor(errors)
                .addInterceptor(readTimeout));
        HttpProxy docsProxy = HttpProxy.reverseProxy(vertx.createHttpClient(clientOptions, new PoolOptions().setHttp1MaxSize(4)))
                .origin(context -> context.client()
                        .request(new RequestOptions().setServer(origin).setConnectTimeout(connectMillis))
                        .map(request -> {
                            readTimeout.created(context, request);
                            return request;
                        }))
                .addInterceptor(relay)
                .addInterceptor(errors)
                .addInterceptor(readTimeout)
                .addInterceptor(new OpenApiRewrite());

        Set<String> publicPaths = new HashSet<>(route.publicPaths().orElse(List.of()));
        List<String> prefixes = route.prefixes().stream().map(GatewayRoutes::normalisePrefix).toList();
        List<String> publicPrefixes = route.publicPrefixes().orElse(List.of()).stream()
                .map(GatewayRoutes::normalisePrefix).toList();
        return new UpstreamRoute(name, prefixes, route.api(), publicPaths, publicPrefixes, proxy, docsProxy,
                route.maxBodySize().asLongValue(), route.maxInitialLineLength());
    }

    private void record(String route, RoutingContext ctx, long started, String requestId, String subject) {
        long nanos = System.nanoTime() - started;
        HttpServerRequest request = ctx.request();
        // not ended: the upstream broke off after the head was sent, or else the client went away (nginx's 499)
        int status = ctx.response().ended() ? ctx.response().getStatusCode() : unfinished(request);
        String method = request.method().name();
        // one Timer per route/method/status, built once: the hot path only looks it up
        requestTimers.computeIfAbsent(route + ' ' + method + ' ' + status, key -> Timer.builder("gateway.requests")
                        .description("Requests through the gateway, by route and status")
                        .tag("route", route)
                        .tag("method", method)
                        .tag("status", Integer.toString(status))
                        .publishPercentileHistogram()
                        .register(registry))
                .record(nanos, TimeUnit.NANOSECONDS);
        if (AccessLog.enabled()) {
            // built by hand: String.format was a visible share of the gateway's CPU per request (bench/NOTES.md)
            long tenths = (nanos + 50_000) / 100_000;
            AccessLog.log(new StringBuilder(160).append(method).append(' ').append(request.path()).append(' ')
                    .append(status).append(' ').append(tenths / 10).append('.').append(tenths % 10)
                    .append("ms request_id=").append(requestId)
                    .append(" sub=").append(subject == null ? "-" : subject)
                    .append(" route=").append(route).toString());
        }
    }

    private static int unfinished(HttpServerRequest request) {
        String failed = ResponseRelay.failedAfterHead(request);
        return failed != null ? Integer.parseInt(failed) : CLIENT_CLOSED_REQUEST;
    }

    private void countUpstreamError(String route, String kind) {
        upstreamErrors.computeIfAbsent(route + "/" + kind, k -> Counter.builder("gateway.upstream.errors")
                .description("Upstream failures answered with 502/504")
                .tag("route", route).tag("kind", kind).register(registry)).increment();
    }

    private static void reply(RoutingContext ctx, int status, JsonObject body, String header, String value) {
        var response = ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json");
        if (value != null) {
            response.putHeader(header, value);
        }
        response.end(body.encode());
    }

    static String requestId(HttpServerRequest request) {
        String given = request.getHeader(REQUEST_ID);
        // keep a client's id if it is sane; never let it inject into logs or headers
        if (given != null && given.length() <= 128 && given.chars().allMatch(c -> c > 32 && c < 127)) {
            return given;
        }
        return RequestIds.next();
    }

    private static String clientIp(HttpServerRequest request) {
        return request.remoteAddress() == null ? "unknown" : request.remoteAddress().hostAddress();
    }

    private static String normalisePrefix(String prefix) {
        String p = prefix.startsWith("/") ? prefix : "/" + prefix;
        return p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
    }

    /** {@code /docs/{route}/openapi} → the service's {@code /q/openapi}, keeping the query (e.g. ?format=json). */
    private static final class OpenApiRewrite implements ProxyInterceptor {
        @Override
        public Future<ProxyResponse> handleProxyRequest(ProxyContext context) {
            String uri = context.request().getURI();
            int query = uri.indexOf('?');
            context.request().setURI("/q/openapi" + (query >= 0 ? uri.substring(query) : ""));
            context.request().headers().remove("Authorization");
            return context.sendRequest();
        }
    }
}
