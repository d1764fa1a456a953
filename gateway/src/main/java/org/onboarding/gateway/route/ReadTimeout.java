package org.onboarding.gateway.route;

import lombok.RequiredArgsConstructor;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.streams.ReadStream;
import io.vertx.httpproxy.Body;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyInterceptor;
import io.vertx.httpproxy.ProxyResponse;

/**
 * The upstream read timeout, started once the request body has been sent (like nginx's proxy_read_timeout): an
 * idle timeout armed at request creation would also tick while a large upload is still streaming, and time it out
 * although the upstream is doing nothing wrong. Once armed, it fires after that long without response data.
 */
@RequiredArgsConstructor
final class ReadTimeout implements ProxyInterceptor {

    static final String ORIGIN_REQUEST = "origin-request";

    private final long readMillis;

    @Override
    public Future<ProxyResponse> handleProxyRequest(ProxyContext context) {
        Body body = context.request().getBody();
        if (body != null) {
            context.request().setBody(Body.body(new EndNotifyingStream(body.stream(), () -> arm(context)), body.length()));
        }
        return context.sendRequest();
    }

    /** Called by the origin provider with the request it created. */
    void created(ProxyContext context, HttpClientRequest request) {
        context.set(ORIGIN_REQUEST, request);
        if (context.request().getBody() == null) {
            request.idleTimeout(readMillis);
        }
    }

    private void arm(ProxyContext context) {
        HttpClientRequest request = context.get(ORIGIN_REQUEST, HttpClientRequest.class);
        if (request != null) {
            request.idleTimeout(readMillis);
        }
    }

    /** Passes a body through and says when it has ended. */
    private static final class EndNotifyingStream implements ReadStream<Buffer> {
        private final ReadStream<Buffer> delegate;
        private final Runnable onEnd;

        EndNotifyingStream(ReadStream<Buffer> delegate, Runnable onEnd) {
            this.delegate = delegate;
            this.onEnd = onEnd;
        }

        @Override
        public ReadStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
            delegate.exceptionHandler(handler);
            return this;
        }

        @Override
        public ReadStream<Buffer> handler(Handler<Buffer> handler) {
            delegate.handler(handler);
            return this;
        }

        @Override
        public ReadStream<Buffer> pause() {
            delegate.pause();
            return this;
        }

        @Override
        public ReadStream<Buffer> resume() {
            delegate.resume();
            return this;
        }

        @Override
        public ReadStream<Buffer> fetch(long amount) {
            delegate.fetch(amount);
            return this;
        }

        @Override
        public ReadStream<Buffer> endHandler(Handler<Void> endHandler) {
            delegate.endHandler(endHandler == null ? null : done -> {
                onEnd.run();
                endHandler.handle(done);
            });
            return this;
        }
    }
}
