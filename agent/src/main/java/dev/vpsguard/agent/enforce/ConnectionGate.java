package dev.vpsguard.agent.enforce;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.AttributeKey;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Admits a connection only under the global connection cap and its source's rate limit (per notice:
 * see {@link SourceRateLimiter}); otherwise answers {@code 421} and closes, without passing the
 * connection on. Looks the notice up once and leaves it in {@link #NOTICE} for the session, so the
 * limit and the answer use the same text. Shared by all channels.
 */
@ChannelHandler.Sharable
final class ConnectionGate extends ChannelInboundHandlerAdapter {
    private static final AttributeKey<Boolean> COUNTED = AttributeKey.valueOf("vpsguard.counted");

    /** The notice the gate looked up for an admitted connection (absent: not looked up). */
    static final AttributeKey<String> NOTICE = AttributeKey.valueOf("vpsguard.notice");

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
    private final Function<InetAddress, String> notices;
    private final AtomicInteger open = new AtomicInteger();

    ConnectionGate(
            int maxConnections,
            SourceRateLimiter perSource,
            Function<InetAddress, String> notices) {
        this.maxConnections = maxConnections;
        this.perSource = perSource;
        this.notices = notices;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        boolean underCap = open.incrementAndGet() <= maxConnections;
        ctx.channel().attr(COUNTED).set(Boolean.TRUE);
        boolean sourceOk = true;
        if (underCap && ctx.channel().remoteAddress() instanceof InetSocketAddress remote) {
            String notice = NoticeSession.lookup(notices, remote.getAddress());
            ctx.channel().attr(NOTICE).set(notice);
            sourceOk = perSource.tryAcquire(remote.getAddress(), notice);
        }
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
