package org.onboarding.gateway.route;

import lombok.RequiredArgsConstructor;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.httpproxy.HttpProxy;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyInterceptor;
import io.vertx.httpproxy.ProxyResponse;
import jakarta.enterprise.context.ApplicationScoped;
import org.onboarding.gateway.GatewayConfig;

import java.net.URI;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Builds an {@link UpstreamRoute} from its configuration: its proxies, their connection pools and timeouts. */
@ApplicationScoped
@RequiredArgsConstructor
class UpstreamRouteFactory {

    /** Netty reads at most 64 KiB at a time. */
    static final int UPSTREAM_MAX_CHUNK_SIZE = 64 * 1024;

    private final Vertx vertx;
    private final RequestMetrics metrics;

    UpstreamRoute create(String name, GatewayConfig.Route route) {
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
                // the decoder hands the body on in pieces of at most this size, and each piece is one write (and one
                // send(2)) to the client: at Vert.x' default 8 KiB a 44 KiB list page went out in six sends
                // (profiled: bench/NOTES.md). A piece is what one read brought in, so nothing more is held.
                .setMaxChunkSize(UPSTREAM_MAX_CHUNK_SIZE)
                .setName("gateway-" + name);
        PoolOptions poolOptions = new PoolOptions()
                .setHttp1MaxSize(route.maxConnections())
                .setMaxWaitQueueSize(route.maxWaitQueue());

        // HttpProxy 4.5 has no per-request timeout: connect timeout on the origin request, read timeout armed
        // once the body is sent (ReadTimeout)
        ReadTimeout readTimeout = new ReadTimeout(readMillis);
        UpstreamErrors errors = new UpstreamErrors(name, metrics::countUpstreamError);
        ResponseRelay relay = new ResponseRelay(name, kind -> metrics.countUpstreamError(name, kind));
        // One client (own pool) per event loop: Vert.x opens a connection on the loop that asked for it but hands
        // pooled connections to any loop, and a request whose upstream connection lives on another loop costs two
        // thread hand-offs per exchange (profiled: bench/NOTES.md). Per loop, every exchange stays on one thread.
        ThreadLocal<HttpProxy> proxy = ThreadLocal.withInitial(() -> proxy(
                vertx.createHttpClient(clientOptions, poolOptions), origin, connectMillis, readTimeout)
                .addInterceptor(new BodyOverride())
                .addInterceptor(relay)
                .addInterceptor(errors)
                .addInterceptor(readTimeout));
        HttpProxy docsProxy = proxy(vertx.createHttpClient(clientOptions, new PoolOptions().setHttp1MaxSize(4)),
                origin, connectMillis, readTimeout)
                .addInterceptor(relay)
                .addInterceptor(errors)
                .addInterceptor(readTimeout)
                .addInterceptor(new OpenApiRewrite());

        Set<String> publicPaths = new HashSet<>(route.publicPaths().orElse(List.of()));
        List<String> prefixes = route.prefixes().stream().map(UpstreamRouteFactory::normalisePrefix).toList();
        List<String> publicPrefixes = route.publicPrefixes().orElse(List.of()).stream()
                .map(UpstreamRouteFactory::normalisePrefix).toList();
        return new UpstreamRoute(name, prefixes, route.api(), publicPaths, publicPrefixes, proxy, docsProxy,
                route.maxBodySize().asLongValue(), route.maxInitialLineLength());
    }

    /** A proxy to {@code origin} whose requests carry the connect timeout and arm the read timeout. */
    private static HttpProxy proxy(HttpClient client, SocketAddress origin, long connectMillis,
                                   ReadTimeout readTimeout) {
        return HttpProxy.reverseProxy(client)
                .origin(context -> context.client()
                        .request(new RequestOptions().setServer(origin).setConnectTimeout(connectMillis))
                        .map(request -> {
                            readTimeout.created(context, request);
                            return request;
                        }));
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
