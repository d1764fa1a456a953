package org.onboarding.gateway.route;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.httpproxy.Body;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyInterceptor;
import io.vertx.httpproxy.ProxyResponse;

import java.net.ConnectException;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;

/**
 * Turns a failed upstream exchange into the gateway's small JSON error: 504 when the upstream did not answer in
 * time (connect or read timeout), 502 when it could not be reached or broke the exchange. HttpProxy alone answers
 * an empty 502 for both.
 */
final class UpstreamErrors implements ProxyInterceptor {

    static final String REQUEST_ID = "X-Request-Id";

    private final String routeName;
    private final BiConsumer<String, String> onUpstreamError;

    UpstreamErrors(String routeName, BiConsumer<String, String> onUpstreamError) {
        this.routeName = routeName;
        this.onUpstreamError = onUpstreamError;
    }

    @Override
    public Future<ProxyResponse> handleProxyRequest(ProxyContext context) {
        return context.sendRequest().recover(failure -> {
            if (context.request().proxiedRequest().response().closed()) {
                // the client left first (HttpProxy then resets the exchange): the upstream did nothing wrong, and
                // nobody is there to answer; RequestMetrics records it as 499
                return Future.succeededFuture(context.request().release().response().setStatusCode(RequestMetrics.CLIENT_CLOSED_REQUEST));
            }
            boolean timedOut = isTimeout(failure);
            onUpstreamError.accept(routeName, timedOut ? "timeout" : "unavailable");
            JsonObject error = error(routeName, timedOut, "is unavailable", context.request().getURI(),
                    context.request().headers().get(REQUEST_ID));
            ProxyResponse response = context.request().release().response()
                    .setStatusCode(status(timedOut))
                    .putHeader("Content-Type", "application/json")
                    .setBody(Body.body(Buffer.buffer(error.encode())));
            return Future.succeededFuture(response);
        });
    }

    /** 504 when the upstream did not answer in time, 502 otherwise. */
    static int status(boolean timedOut) {
        return timedOut ? 504 : 502;
    }

    /**
     * The gateway's JSON error for an upstream that failed before the client had any of its answer;
     * {@code otherwise} says what went wrong when it was not a timeout ("is unavailable", "broke off its answer").
     */
    static JsonObject error(String routeName, boolean timedOut, String otherwise, String uri, String requestId) {
        return GatewayErrors.body(status(timedOut),
                "The " + routeName + " service " + (timedOut ? "did not answer in time" : otherwise), uri, requestId);
    }

    static boolean isTimeout(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof TimeoutException || t instanceof io.netty.channel.ConnectTimeoutException) {
                return true;
            }
            if (t instanceof ConnectException) {
                return false;
            }
        }
        return false;
    }
}
