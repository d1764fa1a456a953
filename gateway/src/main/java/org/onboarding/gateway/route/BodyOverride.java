package org.onboarding.gateway.route;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.httpproxy.Body;
import io.vertx.httpproxy.HttpProxy;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyInterceptor;
import io.vertx.httpproxy.ProxyResponse;

/**
 * Sends the upstream a body other than the client's stream: none at all (a request passed on only for the service
 * to refuse it) or a chunked body the gateway has already read in full to check its size. HttpProxy runs its
 * interceptors synchronously inside {@link HttpProxy#handle}, so the body is handed over on the calling thread.
 * The first interceptor: the others (read timeout) then see this body.
 */
final class BodyOverride implements ProxyInterceptor {

    private static final ThreadLocal<Buffer> PENDING = new ThreadLocal<>();

    /** Proxies {@code request} with {@code body} (sent with its Content-Length) instead of the client's body. */
    static void send(HttpProxy proxy, HttpServerRequest request, Buffer body) {
        request.headers().remove("Transfer-Encoding");
        request.headers().remove("Expect");
        PENDING.set(body);
        try {
            proxy.handle(request);
        } finally {
            PENDING.remove();
        }
    }

    @Override
    public Future<ProxyResponse> handleProxyRequest(ProxyContext context) {
        Buffer body = PENDING.get();
        if (body != null) {
            PENDING.remove();
            context.request().setBody(Body.body(body));
        }
        return context.sendRequest();
    }
}
