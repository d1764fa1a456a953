package org.onboarding.ziti.spec;

import org.junit.jupiter.api.Assertions;
import org.onboarding.testsupport.TestTokens;
import org.onboarding.ziti.client.ApiClient;
import java.net.URI;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.Authenticator;
import java.net.CookieHandler;
import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;

/**
 * A {@link HttpClient} for the generated client that keeps a copy of every raw response body as it streams past, so
 * that the bytes the service sent (not the client's re-serialised models) can be validated against the spec.
 */
public final class RecordingHttpClient extends HttpClient {

    /** One request and the raw response to it; {@link #body()} is complete once the caller has read the response. */
    public record Exchange(String method, String path, int status, CompletableFuture<byte[]> bytes) {
        public String body() {
            return new String(bytes.join(), StandardCharsets.UTF_8);
        }
    }

    private final HttpClient delegate = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final List<Exchange> exchanges = new CopyOnWriteArrayList<>();

    public List<Exchange> exchanges() {
        return List.copyOf(exchanges);
    }

    public Exchange last() {
        if (exchanges.isEmpty()) {
            throw new IllegalStateException("no request was sent");
        }
        return exchanges.get(exchanges.size() - 1);
    }

    public void clear() {
        exchanges.clear();
    }

    /** A generated-client {@link ApiClient} for {@code base} whose exchanges this client records. */
    public ApiClient client(URI base) {
        return new ApiClient(builder(), ApiClient.createDefaultObjectMapper(), base.toString());
    }

    /** As {@link #client}, sending an admin platform token in {@code zt-session} as OpenZiti clients do. */
    public ApiClient admin(URI base) {
        String admin = TestTokens.admin();
        ApiClient client = client(base);
        client.setRequestInterceptor(request -> request.header("zt-session", admin));
        return client;
    }

    /**
     * Fails unless a request was sent and every recorded response conforms to {@code spec}; {@code more} adds
     * violations found elsewhere (client API responses checked against another spec).
     */
    public void assertConforms(UpstreamSpec spec, List<String> more) {
        Assertions.assertFalse(exchanges().isEmpty(), "the test sent no management request");
        StringBuilder failures = new StringBuilder(spec.report(exchanges()));
        more.forEach(v -> failures.append(v).append('\n'));
        Assertions.assertTrue(failures.length() == 0, "responses that violate the upstream specs:\n" + failures);
    }

    /** The generated {@code ApiClient} asks a builder for its client on every API instance. */
    public HttpClient.Builder builder() {
        RecordingHttpClient self = this;
        return new HttpClient.Builder() {
            @Override public Builder cookieHandler(CookieHandler cookieHandler) { return this; }
            @Override public Builder connectTimeout(Duration duration) { return this; }
            @Override public Builder sslContext(SSLContext sslContext) { return this; }
            @Override public Builder sslParameters(SSLParameters sslParameters) { return this; }
            @Override public Builder executor(Executor executor) { return this; }
            @Override public Builder followRedirects(Redirect policy) { return this; }
            @Override public Builder version(Version version) { return this; }
            @Override public Builder priority(int priority) { return this; }
            @Override public Builder proxy(ProxySelector proxySelector) { return this; }
            @Override public Builder authenticator(Authenticator authenticator) { return this; }
            @Override public HttpClient build() { return self; }
        };
    }

    @Override
    public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler)
            throws IOException, InterruptedException {
        return delegate.send(request, recording(request, handler));
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        return delegate.sendAsync(request, recording(request, handler));
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, HttpResponse.BodyHandler<T> handler,
                                                            HttpResponse.PushPromiseHandler<T> pushPromiseHandler) {
        return delegate.sendAsync(request, recording(request, handler), pushPromiseHandler);
    }

    private <T> HttpResponse.BodyHandler<T> recording(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        return info -> {
            CompletableFuture<byte[]> bytes = new CompletableFuture<>();
            exchanges.add(new Exchange(request.method(), request.uri().getRawPath(), info.statusCode(), bytes));
            return new Tee<>(handler.apply(info), bytes);
        };
    }

    /** Copies each buffer before handing it on; completes the copy before the wrapped subscriber sees the end. */
    private static final class Tee<T> implements HttpResponse.BodySubscriber<T> {
        private final HttpResponse.BodySubscriber<T> inner;
        private final CompletableFuture<byte[]> bytes;
        private final ByteArrayOutputStream copy = new ByteArrayOutputStream();

        Tee(HttpResponse.BodySubscriber<T> inner, CompletableFuture<byte[]> bytes) {
            this.inner = inner;
            this.bytes = bytes;
        }

        @Override
        public CompletionStage<T> getBody() {
            return inner.getBody();
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            inner.onSubscribe(subscription);
        }

        @Override
        public void onNext(List<ByteBuffer> item) {
            synchronized (copy) {
                for (ByteBuffer buffer : item) {
                    ByteBuffer view = buffer.duplicate();
                    byte[] chunk = new byte[view.remaining()];
                    view.get(chunk);
                    copy.writeBytes(chunk);
                }
            }
            inner.onNext(item);
        }

        @Override
        public void onError(Throwable throwable) {
            bytes.completeExceptionally(throwable);
            inner.onError(throwable);
        }

        @Override
        public void onComplete() {
            synchronized (copy) {
                bytes.complete(copy.toByteArray());
            }
            inner.onComplete();
        }
    }

    // ---- the rest is the plain client's ----

    @Override public Optional<CookieHandler> cookieHandler() { return delegate.cookieHandler(); }
    @Override public Optional<Duration> connectTimeout() { return delegate.connectTimeout(); }
    @Override public Redirect followRedirects() { return delegate.followRedirects(); }
    @Override public Optional<ProxySelector> proxy() { return delegate.proxy(); }
    @Override public SSLContext sslContext() { return delegate.sslContext(); }
    @Override public SSLParameters sslParameters() { return delegate.sslParameters(); }
    @Override public Optional<Authenticator> authenticator() { return delegate.authenticator(); }
    @Override public Version version() { return delegate.version(); }
    @Override public Optional<Executor> executor() { return delegate.executor(); }
}
