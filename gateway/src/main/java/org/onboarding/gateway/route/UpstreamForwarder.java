package org.onboarding.gateway.route;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import org.onboarding.gateway.GatewayConfig;
import org.onboarding.gateway.auth.PlatformTokenVerifier.Verification;
import org.onboarding.gateway.ratelimit.ClientRateLimiter;

/**
 * The last step before the service: the client's rate limit, the headers the gateway owns, then the proxy. A request
 * the service will refuse is handed off to it without its body, so that the refusal is the service's own.
 */
@ApplicationScoped
class UpstreamForwarder {

    private final ClientRateLimiter rateLimiter;
    private final RequestLimits limits;
    private final RequestMetrics metrics;
    private final boolean trustForwardedHeaders;
    private final boolean trustClientCert;
    private final String clientCertHeader;

    UpstreamForwarder(GatewayConfig config, ClientRateLimiter rateLimiter, RequestLimits limits,
                      RequestMetrics metrics) {
        this.rateLimiter = rateLimiter;
        this.limits = limits;
        this.metrics = metrics;
        this.trustForwardedHeaders = config.trustForwardedHeaders();
        this.trustClientCert = config.clientCertHeader().trusted();
        this.clientCertHeader = config.clientCertHeader().name();
    }

    /**
     * Rate limit, then proxy. {@code verification} is null on public paths. A request the service will refuse (no
     * token, an invalid one, two that disagree) goes on without its body and with its own headers, so that the client
     * gets the service's own answer: status, body, {@code WWW-Authenticate}, and nothing of the gateway's to keep in
     * step with it.
     */
    void forward(RoutingContext ctx, UpstreamRoute route, Verification verification, long started,
                 String requestId) {
        HttpServerRequest request = ctx.request();
        String subject = verification == null ? null : verification.subject();
        metrics.recordOnEnd(ctx, route.name(), started, requestId, subject);

        long retryAfter = rateLimiter.acquire(subject != null ? "sub:" + subject : "ip:" + clientIp(request));
        if (retryAfter > 0) {
            GatewayErrors.reply(ctx, 429, route.api().error(429, "Too many requests", requestId),
                    "Retry-After", Long.toString(retryAfter));
            return;
        }

        MultiMap headers = request.headers();
        // first: headers the client's Connection header names are for this hop only (before we add ours)
        UpstreamHeaders.dropConnectionNamed(headers);
        headers.set(UpstreamErrors.REQUEST_ID, requestId);
        // identity headers are the gateway's to set, never the client's
        headers.remove("X-User-Id");
        headers.remove("X-User-Roles");
        if (!trustClientCert) {
            headers.remove(clientCertHeader);
        }
        UpstreamHeaders.forwarded(headers, clientIp(request), request.scheme(), request.authority(), trustForwardedHeaders);
        if (verification != null && !verification.valid()) {
            handOffRefusal(ctx, route);
            return;
        }
        if (verification != null) {
            headers.set("Authorization", verification.authorization());
            // one token upstream, the verified one: a second token in another header could be read by the service
            // (ziti prefers zt-session) as a different user than the one checked and rate-limited here
            headers.remove(ApiStyle.ZT_SESSION);
            headers.remove(ApiStyle.OKAPI_TOKEN);
            headers.set("X-User-Id", subject);
            headers.set("X-User-Roles", verification.groups());
        }
        if (RequestLimits.contentLength(request) < 0 && RequestLimits.hasBody(request)) {
            limits.readChunkedBody(ctx, route, requestId);
        } else {
            route.proxy().handle(request);
        }
    }

    /** The service refuses the request from its headers alone: its body is not read, nor sent on. */
    private static void handOffRefusal(RoutingContext ctx, UpstreamRoute route) {
        HttpServerRequest request = ctx.request();
        if (RequestLimits.hasBody(request)) {
            RequestLimits.closeAfterResponse(ctx);
        }
        BodyOverride.send(route.proxy(), request, Buffer.buffer());
    }

    private static String clientIp(HttpServerRequest request) {
        return request.remoteAddress() == null ? "unknown" : request.remoteAddress().hostAddress();
    }
}
