package org.onboarding.gateway.connection;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.ReferenceCountUtil;
import io.quarkus.vertx.http.HttpServerStart;
import io.vertx.core.Vertx;
import io.vertx.core.http.impl.HttpServerImpl;
import io.vertx.core.impl.VertxInternal;
import io.vertx.core.net.impl.TCPServerBase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.ObservesAsync;
import org.jboss.logging.Logger;
import org.onboarding.gateway.GatewayConfig;
import org.onboarding.gateway.route.GatewayErrors;

import java.lang.reflect.Field;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Protects the gateway's HTTP server from slow and greedy clients at the connection level, where neither Quarkus nor
 * Vert.x offers a hook (gateway/README.md, "Slow and idle clients"):
 * <ul>
 * <li>a client has {@code gateway.clients.header-timeout} to send a request's head, from the moment its connection
 * opens and from the first byte of each later request; a slowloris that trickles its headers is cut off then;</li>
 * <li>at most {@code gateway.clients.max-connections-per-address} connections at once per client address: the next
 * one is closed at once;</li>
 * <li>a request line or header block beyond the server's HTTP limits gets its 414/431 with a JSON body (Vert.x
 * answers those with an empty body).</li>
 * </ul>
 * Installed once the server listens (Quarkus fires {@link HttpServerStart} asynchronously): a handler on the listening channel sees each accepted connection before Vert.x
 * sets up its pipeline, and puts two handlers on it, one in front of the HTTP decoder (bytes arrive) and one after it
 * (a request head was decoded). Finding the listening channel needs Vert.x internals (the bound channel of the
 * server, a private field): if they change, the gateway logs an error at start and runs without this protection,
 * and the tests that prove it fail.
 */
@ApplicationScoped
public class ClientConnectionGuard {

    private static final Logger LOG = Logger.getLogger(ClientConnectionGuard.class);
    private static final String HTTP_DECODER = "httpDecoder";
    private static final String ACCEPTOR = "gateway-client-connections";

    private final Vertx vertx;
    private final long headerTimeoutMillis;
    private final int maxPerAddress;
    private final ConcurrentHashMap<String, AtomicInteger> openPerAddress = new ConcurrentHashMap<>();

    public ClientConnectionGuard(Vertx vertx, GatewayConfig config) {
        this.vertx = vertx;
        this.headerTimeoutMillis = config.clients().headerTimeout().toMillis();
        this.maxPerAddress = config.clients().maxConnectionsPerAddress();
    }

    void install(@ObservesAsync HttpServerStart started) {
        try {
            Field bound = TCPServerBase.class.getDeclaredField("bindFuture");
            bound.setAccessible(true);
            int installed = 0;
            for (HttpServerImpl server : ((VertxInternal) vertx).sharedHttpServers().values()) {
                @SuppressWarnings("unchecked")
                io.vertx.core.Future<Channel> channel = (io.vertx.core.Future<Channel>) bound.get(server);
                if (channel != null && channel.succeeded() && channel.result() != null) {
                    if (channel.result().pipeline().get(ACCEPTOR) == null) {
                        channel.result().pipeline().addFirst(ACCEPTOR, new Acceptor());
                    }
                    installed++;
                }
            }
            if (installed == 0) {
                LOG.error("No listening HTTP server found: header timeout and per-client connection cap are OFF");
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.error("Cannot reach the HTTP server's listening channel: header timeout and per-client connection cap "
                    + "are OFF", e);
        }
    }

    /** On the listening channel: each accepted connection gets its guards before Vert.x configures it. */
    @ChannelHandler.Sharable
    private final class Acceptor extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof Channel child) {
                Connection connection = new Connection();
                child.pipeline().addFirst("gateway-bytes-in", connection.bytesIn);
            }
            ctx.fireChannelRead(msg);
        }
    }

    /** One client connection: is it reading a request head, and since when. */
    private final class Connection {
        final BytesIn bytesIn = new BytesIn();
        final HeadDecoded headDecoded = new HeadDecoded();
        String address;
        boolean awaitingHead;
        ScheduledFuture<?> headTimer;

        void startHead(ChannelHandlerContext ctx) {
            awaitingHead = true;
            if (headerTimeoutMillis > 0) {
                headTimer = ctx.executor().schedule(() -> {
                    if (awaitingHead) {
                        ctx.channel().close(); // the head did not come complete in time: a slow or stuck client
                    }
                }, headerTimeoutMillis, TimeUnit.MILLISECONDS);
            }
        }

        void headArrived() {
            awaitingHead = false;
            if (headTimer != null) {
                headTimer.cancel(false);
                headTimer = null;
            }
        }

        /** In front of the HTTP decoder: opening, closing, and the first bytes of each request. */
        private final class BytesIn extends ChannelDuplexHandler {
            boolean betweenRequests;

            @Override
            public void channelActive(ChannelHandlerContext ctx) {
                address = address(ctx.channel().remoteAddress());
                if (maxPerAddress > 0
                        && openPerAddress.computeIfAbsent(address, a -> new AtomicInteger()).incrementAndGet() > maxPerAddress) {
                    ctx.channel().close();
                    return;
                }
                if (ctx.pipeline().get(HTTP_DECODER) != null) {
                    ctx.pipeline().addAfter(HTTP_DECODER, "gateway-head-decoded", headDecoded);
                }
                startHead(ctx);
                ctx.fireChannelActive();
            }

            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                if (betweenRequests && !awaitingHead) {
                    betweenRequests = false;
                    startHead(ctx);
                }
                ctx.fireChannelRead(msg);
            }

            @Override
            public void channelInactive(ChannelHandlerContext ctx) {
                headArrived();
                if (maxPerAddress > 0 && address != null) {
                    openPerAddress.computeIfPresent(address, (a, open) -> open.decrementAndGet() <= 0 ? null : open);
                }
                ctx.fireChannelInactive();
            }
        }

        /** After the HTTP decoder: a request head is complete (or was refused by the decoder's limits). */
        private final class HeadDecoded extends ChannelInboundHandlerAdapter {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                if (msg instanceof HttpRequest request) {
                    headArrived();
                    DecoderResult result = request.decoderResult();
                    if (result.isFailure()) {
                        ReferenceCountUtil.release(msg);
                        refuse(ctx, result.cause());
                        return;
                    }
                }
                if (msg instanceof LastHttpContent) {
                    bytesIn.betweenRequests = true; // the next byte starts the next request's head
                }
                ctx.fireChannelRead(msg);
            }
        }
    }

    /** The decoder refused the head: answered here, with a body, and the connection closed. */
    private static void refuse(ChannelHandlerContext ctx, Throwable cause) {
        HttpResponseStatus status = cause instanceof TooLongHttpLineException ? HttpResponseStatus.REQUEST_URI_TOO_LONG
                : cause instanceof TooLongHttpHeaderException ? HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE
                : HttpResponseStatus.BAD_REQUEST;
        String message = switch (status.code()) {
            case 414 -> "The request line is longer than the gateway accepts";
            case 431 -> "The request headers are larger than the gateway accepts";
            default -> "The request could not be parsed";
        };
        byte[] body = GatewayErrors.body(status.code(), message, null, null).encode().getBytes(StandardCharsets.UTF_8);
        String head = "HTTP/1.1 " + status.code() + " " + status.reasonPhrase() + "\r\n"
                + "Content-Type: application/json\r\nContent-Length: " + body.length + "\r\nConnection: close\r\n\r\n";
        ByteBuf response = Unpooled.wrappedBuffer(head.getBytes(StandardCharsets.US_ASCII), body);
        // written from here, in front of Vert.x's encoder: raw bytes straight to the socket
        ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }

    private static String address(SocketAddress remote) {
        if (remote instanceof InetSocketAddress inet && inet.getAddress() != null) {
            return inet.getAddress().getHostAddress();
        }
        return String.valueOf(remote);
    }
}
