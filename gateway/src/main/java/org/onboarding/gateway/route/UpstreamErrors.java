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
            boolean timedOut = isTimeout(failure);
            onUpstreamError.accept(routeName, timedOut ? "timeout" : "unavailable");
            String requestId = context.request().headers().get(REQUEST_ID);
            JsonObject error = GatewayErrors.body(timedOut ? 504 : 502,
                    timedOut ? "The " + routeName + " service did not answer in time"
                            : "The " + routeName + " service is unavailable",
                    context.request().getURI(), requestId);
            ProxyResponse response = context.request().release().response()
                    .setStatusCode(timedOut ? 504 : 502)
                    .putHeader("Content-Type", "application/json")
                    .setBody(Body.body(Buffer.buffer(error.encode())));
            return Future.succeededFuture(response);
        });
    }

    @Override
    public Future<Void> handleProxyResponse(ProxyContext context) {
        // one request id, the gateway's (already on the client's response, GatewayRoutes.handle), whatever the
        // upstream echoes: HttpProxy adds the upstream's headers to the response, so a copy here would be a second
        context.response().headers().remove(REQUEST_ID);
        // here rather than in an interceptor of its own: one interceptor hop less per exchange
        UpstreamHeaders.dropHopByHop(context.response().headers());
        return context.sendResponse();
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
