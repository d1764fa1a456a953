package org.onboarding.gateway.route;

import lombok.RequiredArgsConstructor;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/** What the gateway records per request (timer by route/method/status, access log line) and per upstream failure. */
@ApplicationScoped
@RequiredArgsConstructor
class RequestMetrics {

    static final int CLIENT_CLOSED_REQUEST = 499;

    private final MeterRegistry registry;
    private final Map<String, Counter> upstreamErrors = new ConcurrentHashMap<>();
    private final Map<String, Timer> requestTimers = new ConcurrentHashMap<>();

    /** Records the request under {@code route} once its response has ended (or the exchange broke off). */
    void recordOnEnd(RoutingContext ctx, String route, long started, String requestId, String subject) {
        ctx.addEndHandler(done -> record(route, ctx, started, requestId, subject));
    }

    void countUpstreamError(String route, String kind) {
        upstreamErrors.computeIfAbsent(route + "/" + kind, k -> Counter.builder("gateway.upstream.errors")
                .description("Upstream failures answered with 502/504")
                .tag("route", route).tag("kind", kind).register(registry)).increment();
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
}
