package dev.vpsguard.agent.http;

import dev.vpsguard.agent.metrics.TextMetrics;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.Predicate;
import io.prometheus.client.exporter.common.TextFormat;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Serves {@code GET /metrics} (Prometheus text format 0.0.4) and {@code GET /healthz} (200 {@code
 * ok}, or 503 with the reason). Both answers are computed from in-memory state, so the event loop
 * never waits on IO.
 */
@ChannelHandler.Sharable
public final class LocalEndpointsHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    /**
     * Every sample but the {@code _created} ones simpleclient adds to counters and histograms:
     * Prometheus does not use them and they double the series. (simpleclient 0.16 drops them only
     * with the environment variable {@code PROMETHEUS_DISABLE_CREATED_SERIES}, which a unit file
     * may forget.)
     */
    private static final Predicate<String> EXPOSED = name -> !name.endsWith("_created");

    private final CollectorRegistry registry;
    private final List<TextMetrics> texts;
    private final HealthCheck health;
    // The last answer's length, to size the next one's builder once (a hint: races are harmless).
    private volatile int lastLength = 16 * 1024;

    public LocalEndpointsHandler(CollectorRegistry registry, HealthCheck health) {
        this(registry, List.of(), health);
    }

    /**
     * @param texts metrics that write their own text, served after the registry's
     */
    public LocalEndpointsHandler(
            CollectorRegistry registry, List<TextMetrics> texts, HealthCheck health) {
        this.registry = registry;
        this.texts = List.copyOf(texts);
        this.health = health;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) throws IOException {
        String path = new QueryStringDecoder(req.uri()).path();
        FullHttpResponse res;
        if (!path.equals("/metrics") && !path.equals("/healthz")) {
            res = text(ctx, HttpResponseStatus.NOT_FOUND, "not found: try /metrics or /healthz\n");
        } else if (!req.method().equals(HttpMethod.GET) && !req.method().equals(HttpMethod.HEAD)) {
            res = text(ctx, HttpResponseStatus.METHOD_NOT_ALLOWED, "only GET\n");
            res.headers().set(HttpHeaderNames.ALLOW, "GET, HEAD");
        } else if (path.equals("/metrics")) {
            res = metrics(ctx);
        } else {
            String problem = health.problem();
            res =
                    problem == null
                            ? text(ctx, HttpResponseStatus.OK, "ok\n")
                            : text(ctx, HttpResponseStatus.SERVICE_UNAVAILABLE, problem + "\n");
        }
        boolean keepAlive = HttpUtil.isKeepAlive(req);
        HttpUtil.setKeepAlive(res, keepAlive);
        if (req.method().equals(HttpMethod.HEAD)) {
            res.content().clear();
        }
        var f = ctx.writeAndFlush(res);
        if (!keepAlive) {
            f.addListener(ChannelFutureListener.CLOSE);
        }
    }

    /**
     * The registry's families (the agent's own and the JVM's, some 100 series that move between
     * scrapes) rendered into text first and encoded once, since simpleclient makes thousands of
     * small writes and an {@code OutputStreamWriter} wraps each in a new {@code CharBuffer}; then
     * the guests' series, rendered once per cycle and copied as bytes.
     */
    private FullHttpResponse metrics(ChannelHandlerContext ctx) throws IOException {
        TextBuilder text = new TextBuilder(lastLength);
        TextFormat.write004(text, registry.filteredMetricFamilySamples(EXPOSED));
        lastLength = text.length();
        byte[][] parts = new byte[texts.size()][];
        int size = ByteBufUtil.utf8MaxBytes(text.length());
        for (int i = 0; i < parts.length; i++) {
            parts[i] = texts.get(i).exposition();
            size += parts[i].length;
        }
        ByteBuf buf = ctx.alloc().buffer(size);
        ByteBufUtil.writeUtf8(buf, text.chars());
        for (byte[] part : parts) {
            buf.writeBytes(part);
        }
        FullHttpResponse res =
                new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, buf);
        res.headers().set(HttpHeaderNames.CONTENT_TYPE, TextFormat.CONTENT_TYPE_004);
        HttpUtil.setContentLength(res, buf.readableBytes());
        return res;
    }

    private static FullHttpResponse text(
            ChannelHandlerContext ctx, HttpResponseStatus status, String body) {
        FullHttpResponse res =
                new DefaultFullHttpResponse(
                        HttpVersion.HTTP_1_1,
                        status,
                        Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
        res.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
        HttpUtil.setContentLength(res, res.content().readableBytes());
        return res;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
