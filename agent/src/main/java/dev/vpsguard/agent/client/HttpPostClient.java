package dev.vpsguard.agent.client;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpContentDecompressor;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.AttributeKey;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Deque;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;

/**
 * Posts one body to the vpsguard server and waits for the answer, over a kept-alive connection: a
 * connection that answered is kept for the next request (a report every few seconds then costs no
 * connect, no pipeline and no TLS handshake), and opened anew when the server closed it. Concurrent
 * callers each take their own connection. Blocks the calling thread, never a Netty event loop.
 * {@link #abort()} cuts the requests in flight, for shutdown.
 */
public final class HttpPostClient implements AutoCloseable {
    /** The largest answer accepted, bytes; a desired state is a few KiB. */
    static final int MAX_REPLY_BYTES = 4 * 1024 * 1024;

    /** Idle connections kept at most (the agent uses one; a simulator's senders share a client). */
    static final int MAX_IDLE = 16;

    private static final AttributeKey<Exchange> EXCHANGE =
            AttributeKey.valueOf("vpsguard.exchange");

    private final URI base;
    private final SslContext ssl;
    private final Duration connectTimeout;
    private final Duration readTimeout;
    private final EventLoopGroup group;

    /** Whether {@link #close()} shuts the group down (it is this client's own). */
    private final boolean ownsGroup;

    private final Deque<Channel> idle = new ConcurrentLinkedDeque<>();
    private final Set<Channel> inFlight = ConcurrentHashMap.newKeySet();
    private final AtomicLong connects = new AtomicLong();
    private volatile boolean closed;

    /**
     * A client with its own event loop thread.
     *
     * @param base the server's base URL (http or https), without a trailing slash
     * @param ssl the TLS context for https, or null for http
     */
    public HttpPostClient(URI base, SslContext ssl, Duration connectTimeout, Duration readTimeout) {
        this(base, ssl, connectTimeout, readTimeout, null);
    }

    /**
     * A client whose connections run on {@code group} (shared, e.g. with the {@code /metrics}
     * server; the caller shuts it down), or on its own event loop when {@code group} is null.
     */
    public HttpPostClient(
            URI base,
            SslContext ssl,
            Duration connectTimeout,
            Duration readTimeout,
            EventLoopGroup group) {
        this.ownsGroup = group == null;
        this.group =
                group != null
                        ? group
                        : new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        this.base = base;
        this.ssl = ssl;
        this.connectTimeout = connectTimeout;
        this.readTimeout = readTimeout;
        if ("https".equals(base.getScheme()) && ssl == null) {
            throw new IllegalArgumentException("https URL " + base + " needs a TLS context");
        }
    }

    /**
     * Posts {@code body} to {@code base + path}, on an idle kept-alive connection when there is
     * one. A kept connection that fails before answering (the server closed it while it was idle,
     * as the request left) is dropped and the request sent once more on a new connection: a report
     * sent twice is a duplicate the server recognises by its seq.
     *
     * @param headers extra request headers (content type, encoding, authorization)
     * @throws IOException when the server cannot be reached, the connection breaks, or it times out
     */
    public HttpReply post(String path, byte[] body, Map<String, String> headers)
            throws IOException {
        Channel kept;
        while ((kept = idle.pollFirst()) != null) {
            if (kept.isActive()) {
                Exchange ex = new Exchange();
                try {
                    return exchange(kept, kept.newSucceededFuture(), ex, path, body, headers);
                } catch (IOException e) {
                    if (!ex.resendable || closed) {
                        throw e;
                    }
                }
                break;
            }
            kept.close();
        }
        ChannelFuture connect = connect();
        connects.incrementAndGet();
        return exchange(connect.channel(), connect, new Exchange(), path, body, headers);
    }

    /** Connections opened so far (tests, and a check that connections are kept). */
    public long connectionsOpened() {
        return connects.get();
    }

    private ChannelFuture connect() {
        String host = base.getHost();
        boolean https = "https".equals(base.getScheme());
        int port = port();
        return new Bootstrap()
                .group(group)
                .channel(NioSocketChannel.class)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) connectTimeout.toMillis())
                .handler(
                        new ChannelInitializer<SocketChannel>() {
                            @Override
                            protected void initChannel(SocketChannel ch) {
                                if (https) {
                                    ch.pipeline().addLast(sslHandler(ch, host, port));
                                }
                                ch.pipeline()
                                        .addLast(new HttpClientCodec())
                                        .addLast(new HttpContentDecompressor(0))
                                        .addLast(new HttpObjectAggregator(MAX_REPLY_BYTES))
                                        .addLast(new ReplyHandler());
                            }
                        })
                .connect(host, port);
    }

    private int port() {
        return base.getPort() > 0 ? base.getPort() : "https".equals(base.getScheme()) ? 443 : 80;
    }

    /** Sends one request on {@code ch} once {@code ready}, and waits for its answer. */
    private HttpReply exchange(
            Channel ch,
            ChannelFuture ready,
            Exchange ex,
            String path,
            byte[] body,
            Map<String, String> headers)
            throws IOException {
        ch.attr(EXCHANGE).set(ex);
        inFlight.add(ch);
        if (closed) {
            ex.fail(new IOException("client closed"), false);
        }
        ready.addListener(
                f -> {
                    if (!f.isSuccess()) {
                        ex.fail(f.cause(), false);
                        return;
                    }
                    ch.writeAndFlush(request(path, body, headers))
                            .addListener(
                                    w -> {
                                        if (!w.isSuccess()) {
                                            ex.fail(w.cause(), true);
                                            return;
                                        }
                                        // The whole answer within the read timeout of the
                                        // request's last byte.
                                        ScheduledFuture<?> timer =
                                                ch.eventLoop()
                                                        .schedule(
                                                                () ->
                                                                        ex.fail(
                                                                                new IOException(
                                                                                        "read timed"
                                                                                                + " out"),
                                                                                false),
                                                                readTimeout.toMillis(),
                                                                TimeUnit.MILLISECONDS);
                                        ex.reply.whenComplete((r, t) -> timer.cancel(false));
                                    });
                });
        boolean keep = false;
        try {
            // The timer and the handlers bound the wait; this bound only guards a lost callback.
            HttpReply reply =
                    ex.reply.get(
                            connectTimeout.plus(readTimeout).plusSeconds(5).toMillis(),
                            TimeUnit.MILLISECONDS);
            keep = ex.keepAlive;
            return reply;
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            throw c instanceof IOException io ? io : new IOException(describe(c), c);
        } catch (TimeoutException e) {
            throw new IOException(
                    "no answer within " + connectTimeout.plus(readTimeout).toSeconds() + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } finally {
            inFlight.remove(ch);
            ch.attr(EXCHANGE).set(null);
            if (keep && !closed && ch.isActive() && idle.size() < MAX_IDLE) {
                idle.addFirst(ch);
                if (closed && idle.remove(ch)) {
                    ch.close();
                }
            } else {
                ch.close();
            }
        }
    }

    private FullHttpRequest request(String path, byte[] body, Map<String, String> headers) {
        FullHttpRequest req =
                new DefaultFullHttpRequest(
                        HttpVersion.HTTP_1_1,
                        HttpMethod.POST,
                        base.getRawPath() + path,
                        Unpooled.wrappedBuffer(body));
        String host = base.getHost();
        req.headers()
                .set(HttpHeaderNames.HOST, base.getPort() > 0 ? host + ":" + port() : host)
                .set(HttpHeaderNames.CONTENT_LENGTH, body.length)
                .set(HttpHeaderNames.ACCEPT_ENCODING, HttpHeaderValues.GZIP)
                .set(HttpHeaderNames.USER_AGENT, "vpsguard-agent");
        headers.forEach(req.headers()::set);
        return req;
    }

    /** Cuts the requests in flight, if any; their {@link #post} fails with an IOException. */
    public void abort() {
        for (Channel ch : inFlight) {
            Exchange ex = ch.attr(EXCHANGE).get();
            if (ex != null) {
                ex.fail(new IOException("aborted"), false);
            }
            ch.close();
        }
    }

    private SslHandler sslHandler(SocketChannel ch, String host, int port) {
        SSLEngine engine = ssl.newEngine(ch.alloc(), host, port);
        SSLParameters params = engine.getSSLParameters();
        // Verify the certificate names the host we dialled, not just that a trusted CA signed it.
        params.setEndpointIdentificationAlgorithm("HTTPS");
        engine.setSSLParameters(params);
        return new SslHandler(engine);
    }

    private static String describe(Throwable t) {
        if (t instanceof io.netty.handler.timeout.ReadTimeoutException) {
            return "read timed out";
        }
        return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
    }

    @Override
    public void close() {
        closed = true;
        abort();
        Channel ch;
        while ((ch = idle.pollFirst()) != null) {
            ch.close();
        }
        if (ownsGroup) {
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    /** One request's answer, and what became of its connection. */
    private static final class Exchange {
        final CompletableFuture<HttpReply> reply = new CompletableFuture<>();

        /** Whether the connection may carry another request (set before the reply completes). */
        volatile boolean keepAlive;

        /** Whether it failed before the server answered anything, so it may be sent again. */
        volatile boolean resendable;

        void fail(Throwable cause, boolean beforeAnswer) {
            IOException e =
                    cause instanceof IOException io ? io : new IOException(describe(cause), cause);
            if (!reply.isDone()) {
                resendable = beforeAnswer;
            }
            reply.completeExceptionally(e);
        }
    }

    /** Hands each answer to the exchange waiting on the channel. */
    private static final class ReplyHandler extends SimpleChannelInboundHandler<FullHttpResponse> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse msg) {
            Exchange ex = ctx.channel().attr(EXCHANGE).get();
            boolean keepAlive = HttpUtil.isKeepAlive(msg);
            // Without a waiting exchange the answer is unasked for: the connection is out of step.
            if (!keepAlive || ex == null) {
                ctx.close();
            }
            if (ex != null) {
                ex.keepAlive = keepAlive;
                ex.reply.complete(
                        new HttpReply(msg.status().code(), ByteBufUtil.getBytes(msg.content())));
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            Exchange ex = ctx.channel().attr(EXCHANGE).get();
            if (ex != null) {
                ex.fail(new IOException("connection closed before an answer"), true);
            }
            super.channelInactive(ctx);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            Exchange ex = ctx.channel().attr(EXCHANGE).get();
            if (ex != null) {
                // A reset or broken pipe on a kept connection is the server having closed it.
                ex.fail(cause, cause instanceof IOException && !(cause instanceof SSLException));
            }
            ctx.close();
        }
    }
}
