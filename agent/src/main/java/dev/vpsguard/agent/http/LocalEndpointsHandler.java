package dev.vpsguard.agent.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufOutputStream;
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
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

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
    private final HealthCheck health;

    public LocalEndpointsHandler(CollectorRegistry registry, HealthCheck health) {
        this.registry = registry;
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

    private FullHttpResponse metrics(ChannelHandlerContext ctx) throws IOException {
        ByteBuf buf = ctx.alloc().buffer(16 * 1024);
        try (Writer w =
                new OutputStreamWriter(new ByteBufOutputStream(buf), StandardCharsets.UTF_8)) {
            TextFormat.write004(w, registry.filteredMetricFamilySamples(EXPOSED));
        } catch (IOException | RuntimeException e) {
            buf.release();
            throw e;
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
