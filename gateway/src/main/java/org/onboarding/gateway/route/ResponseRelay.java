package org.onboarding.gateway.route;

import lombok.RequiredArgsConstructor;
import io.netty.handler.codec.DateFormatter;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.streams.ReadStream;
import io.vertx.httpproxy.Body;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyInterceptor;
import io.vertx.httpproxy.ProxyResponse;

import java.util.Date;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Sends the upstream's response to the client. The first interceptor, so the last to see the response: it does what
 * HttpProxy's own sender does, with two differences.
 * <ul>
 * <li>A client that went away is not an error. HttpProxy answers a write to a closed client with a 502 (logged and
 * counted as one) and resets the closed connection (Netty logs a warning with a stack trace). Here the upstream
 * exchange is reset, so its connection is not pooled with a body half read, and the request is logged as 499
 * (RequestMetrics), as nginx does.</li>
 * <li>The {@code Date} header is formatted once a second, not once per response (3 % of the gateway's CPU per
 * proxied request, bench/NOTES.md), and as the IMF-fixdate of RFC 9110 (HttpProxy writes the day without its
 * leading zero). An upstream's own {@code Date} is passed on as it is.</li>
 * </ul>
 * Also here, on the way out: hop-by-hop headers, and the upstream's request id (the client has the gateway's), are
 * not copied to the client's response.
 */
@RequiredArgsConstructor
final class ResponseRelay implements ProxyInterceptor {

    private static final String FAILED_AFTER_HEAD = "X-Gateway-Failed-After-Head";
    private static volatile CachedDate date = new CachedDate(-1, null);

    private final String routeName;
    private final Consumer<String> onUpstreamError;

    /** @param onUpstreamError told the kind ({@code timeout}, {@code broken}) when the upstream fails mid-body */

    @Override
    public Future<Void> handleProxyResponse(ProxyContext context) {
        ProxyResponse response = context.response();
        HttpServerResponse client = context.request().proxiedRequest().response();
        if (client.closed()) {
            resetUpstream(context);
            return Future.succeededFuture();
        }
        MultiMap upstream = response.headers();
        Body body = response.getBody();
        if (body == null || body.length() < 0 && context.request().proxiedRequest().version() == HttpVersion.HTTP_1_0
                || upstream.contains("warning")) {
            // shapes our services do not produce (an HTTP/1.0 client of a chunked body, RFC 7234 warnings): HttpProxy
            // one request id, the gateway's (already on the client's response, GatewayRoutes.handle)
            upstream.remove(UpstreamErrors.REQUEST_ID);
            UpstreamHeaders.dropHopByHop(upstream);
            return context.sendResponse();
        }
        // what the upstream's Connection header names is for that hop only; the fixed hop-by-hop names, the framing
        // and the upstream's request id are skipped while copying (a lookup per header instead of a removal per name)
        UpstreamHeaders.dropConnectionNamed(upstream);

        client.setStatusCode(response.getStatusCode());
        if (response.getStatusMessage() != null) {
            client.setStatusMessage(response.getStatusMessage());
        }
        MultiMap headers = client.headers();
        String upstreamDate = null;
        for (Map.Entry<String, String> header : upstream) {
            String name = header.getKey();
            if (name.equalsIgnoreCase("date")) {
                upstreamDate = header.getValue();
            } else if (!UpstreamHeaders.isNotRelayed(name)) {
                headers.add(name, header.getValue());
            }
        }
        headers.set(HttpHeaders.DATE, upstreamDate != null ? upstreamDate : now());
        long length = body.length();
        if (length >= 0) {
            headers.set(HttpHeaders.CONTENT_LENGTH, Long.toString(length));
        } else {
            client.setChunked(true);
        }

        // the body, by hand rather than with a Pipe, to tell which side failed
        ReadStream<Buffer> source = body.stream();
        Promise<Void> sent = Promise.promise();
        client.exceptionHandler(gone -> {
            // the client left (or its connection broke): the upstream exchange still has a body in flight
            source.handler(null);
            sent.tryComplete(); // first: the reset below fails the upstream response, which is no upstream error
            resetUpstream(context);
        });
        source.exceptionHandler(failure -> {
            if (sent.future().isComplete()) {
                return;
            }
            source.handler(null);
            resetUpstream(context);
            boolean timedOut = UpstreamErrors.isTimeout(failure);
            onUpstreamError.accept(timedOut ? "timeout" : "broken");
            if (!client.headWritten()) {
                // nothing sent yet: the gateway's own error (framed by its length) instead of the upstream's head
                for (String name : upstream.names()) {
                    headers.remove(name);
                }
                headers.remove(HttpHeaders.CONTENT_LENGTH);
                int status = UpstreamErrors.status(timedOut);
                client.setChunked(false).setStatusCode(status)
                        .setStatusMessage(HttpResponseStatus.valueOf(status).reasonPhrase())
                        .putHeader(HttpHeaders.DATE, now())
                        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                        .end(UpstreamErrors.error(routeName, timedOut, "broke off its answer",
                                context.request().getURI(), headers.get(UpstreamErrors.REQUEST_ID)).encode())
                        .onComplete(done -> sent.tryComplete());
                return;
            }
            // the head is out: cutting the connection is the only way to tell the client the body is incomplete
            context.request().proxiedRequest().headers()
                    .set(FAILED_AFTER_HEAD, Integer.toString(UpstreamErrors.status(timedOut)));
            context.request().proxiedRequest().connection().close();
            sent.tryComplete();
        });
        source.endHandler(end -> client.end().onComplete(done -> sent.tryComplete()));
        source.handler(buffer -> {
            client.write(buffer);
            if (client.writeQueueFull()) {
                source.pause();
                client.drainHandler(drained -> source.resume());
            }
        });
        source.resume();
        return sent.future();
    }

    /**
     * The status the access log and metrics record when the upstream failed after the client had the response head
     * (200, say): set on the client's request headers, which only the gateway reads by then.
     */
    static String failedAfterHead(HttpServerRequest request) {
        return request.headers().get(FAILED_AFTER_HEAD);
    }

    private static void resetUpstream(ProxyContext context) {
        HttpClientRequest request = context.get(ReadTimeout.ORIGIN_REQUEST, HttpClientRequest.class);
        if (request != null) {
            request.reset();
        }
    }

    /** The current time as an HTTP date, formatted at most once a second. */
    static String now() {
        long second = System.currentTimeMillis() / 1000;
        CachedDate cached = date;
        if (cached.second != second) {
            cached = new CachedDate(second, DateFormatter.format(new Date(second * 1000)));
            date = cached;
        }
        return cached.text;
    }

    private record CachedDate(long second, String text) {
    }
}
