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
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.timeout.ReadTimeoutHandler;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;

/**
 * Posts one body to the vpsguard server and waits for the answer: one connection per request,
 * closed afterwards (a report every few seconds does not need keep-alive). Blocks the calling
 * thread, never a Netty event loop. {@link #abort()} cuts the request in flight, for shutdown.
 */
public final class HttpPostClient implements AutoCloseable {
    /** The largest answer accepted, bytes; a desired state is a few KiB. */
    static final int MAX_REPLY_BYTES = 4 * 1024 * 1024;

    private final URI base;
    private final SslContext ssl;
    private final Duration connectTimeout;
    private final Duration readTimeout;
    private final EventLoopGroup group;

    /** Whether {@link #close()} shuts the group down (it is this client's own). */
    private final boolean ownsGroup;

    private final AtomicReference<Channel> inFlight = new AtomicReference<>();

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
     * Posts {@code body} to {@code base + path}.
     *
     * @param headers extra request headers (content type, encoding, authorization)
     * @throws IOException when the server cannot be reached, the connection breaks, or it times out
     */
    public HttpReply post(String path, byte[] body, Map<String, String> headers)
            throws IOException {
        String host = base.getHost();
        boolean https = "https".equals(base.getScheme());
        int port = base.getPort() > 0 ? base.getPort() : https ? 443 : 80;
        CompletableFuture<HttpReply> reply = new CompletableFuture<>();
        Bootstrap b =
                new Bootstrap()
                        .group(group)
                        .channel(NioSocketChannel.class)
                        .option(
                                ChannelOption.CONNECT_TIMEOUT_MILLIS,
                                (int) connectTimeout.toMillis())
                        .handler(
                                new ChannelInitializer<SocketChannel>() {
                                    @Override
                                    protected void initChannel(SocketChannel ch) {
                                        if (https) {
                                            ch.pipeline().addLast(sslHandler(ch, host, port));
                                        }
                                        ch.pipeline()
                                                .addLast(
                                                        new ReadTimeoutHandler(
                                                                readTimeout.toMillis(),
                                                                TimeUnit.MILLISECONDS))
                                                .addLast(new HttpClientCodec())
                                                .addLast(new HttpContentDecompressor(0))
                                                .addLast(new HttpObjectAggregator(MAX_REPLY_BYTES))
                                                .addLast(new ReplyHandler(reply));
                                    }
                                });
        ChannelFuture connect = b.connect(host, port);
        Channel ch = connect.channel();
        inFlight.set(ch);
        ch.closeFuture()
                .addListener(
                        f ->
                                reply.completeExceptionally(
                                        new IOException("connection closed before an answer")));
        connect.addListener(
                f -> {
                    if (!f.isSuccess()) {
                        reply.completeExceptionally(f.cause());
                        return;
                    }
                    FullHttpRequest req =
                            new DefaultFullHttpRequest(
                                    HttpVersion.HTTP_1_1,
                                    HttpMethod.POST,
                                    base.getRawPath() + path,
                                    Unpooled.wrappedBuffer(body));
                    req.headers()
                            .set(
                                    HttpHeaderNames.HOST,
                                    base.getPort() > 0 ? host + ":" + port : host)
                            .set(HttpHeaderNames.CONTENT_LENGTH, body.length)
                            .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE)
                            .set(HttpHeaderNames.ACCEPT_ENCODING, HttpHeaderValues.GZIP)
                            .set(HttpHeaderNames.USER_AGENT, "vpsguard-agent");
                    headers.forEach(req.headers()::set);
                    ch.writeAndFlush(req)
                            .addListener(
                                    w -> {
                                        if (!w.isSuccess()) {
                                            reply.completeExceptionally(w.cause());
                                        }
                                    });
                });
        try {
            // The handlers enforce both timeouts; this bound only guards against a lost callback.
            return reply.get(
                    connectTimeout.plus(readTimeout).plusSeconds(5).toMillis(),
                    TimeUnit.MILLISECONDS);
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
            inFlight.compareAndSet(ch, null);
            ch.close();
        }
    }

    /** Cuts the request in flight, if any; its {@link #post} fails with an IOException. */
    public void abort() {
        Channel ch = inFlight.get();
        if (ch != null) {
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
        abort();
        if (ownsGroup) {
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    private static final class ReplyHandler extends SimpleChannelInboundHandler<FullHttpResponse> {
        private final CompletableFuture<HttpReply> reply;

        ReplyHandler(CompletableFuture<HttpReply> reply) {
            this.reply = reply;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse msg) {
            reply.complete(new HttpReply(msg.status().code(), ByteBufUtil.getBytes(msg.content())));
            ctx.close();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            reply.completeExceptionally(
                    cause instanceof IOException ? cause : new IOException(describe(cause), cause));
            ctx.close();
        }
    }
}
