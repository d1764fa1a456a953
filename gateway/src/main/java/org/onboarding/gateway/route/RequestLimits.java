package org.onboarding.gateway.route;

import lombok.RequiredArgsConstructor;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The route's size limits, applied by the gateway so that nothing over them reaches the service: the request line
 * and a declared body are checked up front, a chunked body while it is read.
 */
@ApplicationScoped
@RequiredArgsConstructor
class RequestLimits {

    private final RequestMetrics metrics;

    /**
     * A request line or a declared body longer than the route's service accepts: answered 414/413 in the API's
     * envelope, before anything reaches the service (and not counted against it). The connection is closed after a
     * 413, as the body it announced is not read. True if the request was answered.
     */
    boolean refused(RoutingContext ctx, UpstreamRoute route, String requestId, long started) {
        HttpServerRequest request = ctx.request();
        // the request line as the service's HTTP decoder measures it: METHOD SP URI SP HTTP/1.x
        int line = request.method().name().length() + request.uri().length() + 10;
        if (line > route.maxInitialLineLength()) {
            metrics.recordOnEnd(ctx, route.name(), started, requestId, null);
            GatewayErrors.reply(ctx, 414, route.api().error(414, "The request line is longer than the "
                    + route.maxInitialLineLength() + " bytes this API accepts", requestId), null, null);
            return true;
        }
        long declared = contentLength(request);
        if (declared > route.maxBodySize()) {
            metrics.recordOnEnd(ctx, route.name(), started, requestId, null);
            payloadTooLarge(ctx, route, requestId);
            return true;
        }
        return false;
    }

    /**
     * A chunked body has no length to check up front: it is read (up to the route's limit, so at most that much is
     * held) and sent on with its Content-Length, or answered 413 once it passes the limit, before any of it is
     * forwarded.
     */
    void readChunkedBody(RoutingContext ctx, UpstreamRoute route, String requestId) {
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

    /** The request's body stays unread: the connection cannot carry another request after this answer. */
    static void closeAfterResponse(RoutingContext ctx) {
        ctx.response().putHeader("Connection", "close")
                .endHandler(done -> ctx.request().connection().close());
    }

    /** The declared Content-Length; -1 without one (chunked or no body), Long.MAX_VALUE when unreadable. */
    static long contentLength(HttpServerRequest request) {
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

    static boolean hasBody(HttpServerRequest request) {
        long length = contentLength(request);
        return length > 0 || length < 0 && request.headers().contains("Transfer-Encoding");
    }

    private static void payloadTooLarge(RoutingContext ctx, UpstreamRoute route, String requestId) {
        closeAfterResponse(ctx);
        GatewayErrors.reply(ctx, 413, route.api().error(413, "The request body is larger than the "
                + route.maxBodySize() + " bytes this API accepts", requestId), null, null);
    }
}
