package dev.vpsguard.agent.enforce;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.AttributeKey;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Admits a connection only under the global connection cap and its source's rate limit; otherwise
 * answers {@code 421} and closes, without passing the connection on. Shared by all channels.
 */
@ChannelHandler.Sharable
final class ConnectionGate extends ChannelInboundHandlerAdapter {
    private static final AttributeKey<Boolean> COUNTED = AttributeKey.valueOf("vpsguard.counted");

    /**
     * Only blocked guests' port-25 traffic reaches the responder, so even the busy reply can say
     * why: a client that is throttled still learns that its mail is blocked, not just "busy".
     */
    static final String BUSY_TEXT =
            "421 4.7.1 Outbound mail (port 25) from this server is blocked by its hosting"
                    + " provider; too many attempts, try again later";

    private static final byte[] BUSY = (BUSY_TEXT + "\r\n").getBytes(StandardCharsets.US_ASCII);

    private final int maxConnections;
    private final SourceRateLimiter perSource;
    private final AtomicInteger open = new AtomicInteger();

    ConnectionGate(int maxConnections, SourceRateLimiter perSource) {
        this.maxConnections = maxConnections;
        this.perSource = perSource;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        boolean underCap = open.incrementAndGet() <= maxConnections;
        ctx.channel().attr(COUNTED).set(Boolean.TRUE);
        boolean sourceOk =
                !(ctx.channel().remoteAddress() instanceof InetSocketAddress remote)
                        || perSource.tryAcquire(remote.getAddress());
        if (underCap && sourceOk) {
            ctx.fireChannelActive();
        } else {
            ctx.writeAndFlush(Unpooled.wrappedBuffer(BUSY))
                    .addListener(ChannelFutureListener.CLOSE);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (ctx.channel().attr(COUNTED).getAndSet(null) != null) {
            open.decrementAndGet();
        }
        ctx.fireChannelInactive();
    }

    /** Connections open now, admitted or being refused. */
    int open() {
        return open.get();
    }
}
